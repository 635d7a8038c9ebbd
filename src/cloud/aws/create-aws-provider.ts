import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { systemClock } from '../../clock.js';
import { ConfigInvalidError } from '../../errors.js';
import type { CloudProvider, EnvTarget } from '../provider.js';
import { awsCall } from './aws-call.js';
import { createClientPool } from './aws-clients.js';
import {
  DEFAULT_INSTANCE_POLL_SECONDS,
  DEFAULT_MAX_ATTEMPTS,
  DEFAULT_REFRESH_POLL_MS,
  DEFAULT_ROLE_SESSION_NAME,
  type AwsProviderOptions,
} from './aws-provider-options.js';
import { deleteAlarms, putAlarm } from './alarm-writes.js';
import { createCallCounter, type AwsCallStats } from './call-counter.js';
import { createGroup, deleteGroup, deleteScalingPolicy, putScalingPolicy, updateGroup } from './group-writes.js';
import { startInstanceRefresh, waitForInstanceRefresh } from './instance-refresh.js';
import { changeInstanceStates, modifyInstance, runInstance, type RootDeviceCache } from './instance-writes.js';
import { putLaunchTemplate } from './launch-template-writes.js';
import { readEnvironment } from './read-environment.js';
import { createSingleFlight } from './single-flight.js';
import { updateTags } from './tag-writes.js';
import type { AwsClients } from './aws-clients.js';
import { describeInstanceStates } from './describe-instance-states.js';
import { createInstanceStatePoller, type InstanceStatePoller } from '../instance-state-poller.js';

/** The AWS CloudProvider, with AWS-specific call statistics. */
export interface AwsProvider extends CloudProvider {
  callStats(): AwsCallStats;
}

/**
 * The CloudProvider over AWS with the SDK v3 clients: one set of clients per (region,
 * roleArn), adaptive retries, every call counted, every failure a CloudError that says what
 * to do. Options come parsed from the door; nothing here reads the process environment.
 *
 * @example
 * const aws = createAwsProvider({ endpoints: { default: process.env.AWS_ENDPOINT_URL } }); // in the CLI
 * const fleet = await aws.readEnvironment({ env: 'prod', region: 'eu-west-1', accountId: '123456789012' });
 * aws.callStats(); // { total: 6, byOperation: { 'ec2:DescribeInstances': 1, ... }, calls: 6, retries: 0, ... }
 */
export function createAwsProvider(opts: AwsProviderOptions = {}): AwsProvider {
  const clock = opts.clock ?? systemClock;
  const maxAttempts = opts.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
  if (!Number.isInteger(maxAttempts) || maxAttempts < 1) {
    throw new ConfigInvalidError(`maxAttempts must be a whole number of at least 1, not ${maxAttempts}`, { fix: 'Pass 10 (the default) or more' });
  }
  const counter = createCallCounter();
  const pool = createClientPool({
    endpoints: opts.endpoints ?? {},
    maxAttempts,
    credentials: opts.credentials,
    roleSessionName: opts.roleSessionName ?? DEFAULT_ROLE_SESSION_NAME,
    clock,
    factory: opts.clientFactory ?? {},
    counter,
  });
  const flight = createSingleFlight();
  const rootDevices: RootDeviceCache = new Map();
  const refreshPollMs = opts.refreshPollMs ?? DEFAULT_REFRESH_POLL_MS;
  const on = (t: EnvTarget) => pool.forTarget(t);
  // One poller per set of clients (region and role): every wait there shares its describes.
  const pollers = new Map<AwsClients, InstanceStatePoller>();
  const pollIntervalMs = (opts.waiterDelaySeconds?.min ?? DEFAULT_INSTANCE_POLL_SECONDS) * 1000;
  const pollerOf = (c: AwsClients): InstanceStatePoller => {
    let p = pollers.get(c);
    if (!p) {
      p = createInstanceStatePoller((ids) => describeInstanceStates(c, ids), clock, pollIntervalMs, c.region);
      pollers.set(c, p);
    }
    return p;
  };

  return {
    name: 'aws',
    readEnvironment: (t) => readEnvironment(t, { clients: on(t), unmanaged: opts.unmanaged ?? 'report', flight, clock }),
    async callerAccountId(t) {
      const c = on(t);
      const out = await awsCall('sts:GetCallerIdentity', () => c.sts.send(new GetCallerIdentityCommand({})), { region: c.region });
      return out.Account ?? '';
    },
    runInstance: async (t, req) => ({ instanceId: await runInstance(on(t), req, rootDevices) }),
    startInstances: (t, ids) => changeInstanceStates(on(t), 'ec2:StartInstances', ids),
    stopInstances: (t, ids) => changeInstanceStates(on(t), 'ec2:StopInstances', ids),
    terminateInstances: (t, ids) => changeInstanceStates(on(t), 'ec2:TerminateInstances', ids),
    modifyInstance: (t, id, req) => modifyInstance(on(t), id, req),
    waitForInstances: (t, ids, state, o) => pollerOf(on(t)).wait(ids, state, o),
    updateTags: (t, kind, ids, set, remove) => updateTags(on(t), kind, ids, set, remove),
    putLaunchTemplate: (t, req) => putLaunchTemplate(on(t), req, rootDevices),
    createGroup: (t, req) => createGroup(on(t), req),
    updateGroup: (t, name, req) => updateGroup(on(t), name, req),
    deleteGroup: (t, name) => deleteGroup(on(t), name),
    startInstanceRefresh: (t, name, o) => startInstanceRefresh(on(t), name, o),
    waitForInstanceRefresh: (t, name, id, o) => waitForInstanceRefresh(on(t), name, id, o, clock, refreshPollMs),
    putScalingPolicy: (t, name, p) => putScalingPolicy(on(t), name, p),
    deleteScalingPolicy: (t, name, p) => deleteScalingPolicy(on(t), name, p),
    putAlarm: (t, req) => putAlarm(on(t), req),
    deleteAlarms: (t, names) => deleteAlarms(on(t), names),
    callStats: () => counter.stats(),
  };
}
