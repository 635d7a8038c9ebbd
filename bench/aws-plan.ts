/**
 * Benchmark (issue 3): read a fleet of 10,000 instances (+ groups and alarms) through the real
 * SDK v3 clients (createAwsProvider) from the fake AWS endpoint on 127.0.0.1, the way a plan
 * reads it: every environment at once. Prints one JSON line of figures.
 * Run alone: npx tsx bench/aws-plan.ts
 */
import { pathToFileURL } from 'node:url';
import { createAwsProvider } from '../src/cloud/aws/index.js';
import type { EnvTarget } from '../src/cloud/provider.js';
import type { ObservedFleet } from '../src/model/observed.js';
import { seedSyntheticFleet, startFakeAws } from '../test/support/fake-aws/index.js';
import { startLatencyProxy } from './support/latency-proxy.js';
import { perResourceRefresh, type RefreshState } from './support/per-resource-refresh.js';

/** What one round trip to a real AWS endpoint costs, roughly; the local endpoint answers in microseconds. */
const LATENCY_MS = 20;

export interface AwsReadOptions {
  instances?: number;
  envs?: number;
  groups?: number;
  instancesPerGroup?: number;
  alarms?: number;
  unmanagedInstances?: number;
}

export interface AwsReadFigures {
  name: 'aws-plan';
  instances: number;
  groupMembers: number;
  unmanagedInstances: number;
  groups: number;
  alarms: number;
  envs: number;
  /** HTTP requests the SDK sent for the read (retries included), both modes below. */
  sdkCalls: number;
  callsByOperation: Record<string, number>;
  wallMs: number;
  /** The same read with `unmanaged: 'ignore'` (tag filters per environment, no region sweep). */
  sdkCallsTagFiltered: number;
  wallMsTagFiltered: number;
  /**
   * What reading one resource per call would cost: DescribeInstances per instance, and per
   * group its group, template version and policies, and per alarm the alarm and its tags.
   */
  perResourceCalls: number;
  resourcesRead: number;
  /** Ours and the per-resource peer, each reading the same fleet through a proxy adding LATENCY_MS per call. */
  versusPeer: { latencyMs: number; oursCalls: number; oursMs: number; peerCalls: number; peerMs: number; callRatio: number; timeRatio: number };
}

const CREDENTIALS = { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' };

export async function benchAwsRead(opts: AwsReadOptions = {}): Promise<AwsReadFigures> {
  const envs = opts.envs ?? 4;
  const instances = opts.instances ?? 10_000;
  const groups = opts.groups ?? 200;
  const instancesPerGroup = opts.instancesPerGroup ?? 2;
  const alarms = opts.alarms ?? 400;
  const unmanagedInstances = opts.unmanagedInstances ?? 100;
  const fake = await startFakeAws();
  try {
    const region = 'eu-west-1';
    const targets: EnvTarget[] = [];
    for (let e = 0; e < envs; e++) {
      const env = `env${e}`;
      const share = (n: number) => Math.floor(n / envs) + (e < n % envs ? 1 : 0);
      seedSyntheticFleet(fake, { region, env, instances: share(instances), groups: share(groups), instancesPerGroup, alarms: share(alarms), unmanagedInstances: share(unmanagedInstances) });
      targets.push({ env, region, accountId: '123456789012' });
    }

    const read = async (unmanaged: 'report' | 'ignore', endpoint = fake.url) => {
      const provider = createAwsProvider({ endpoints: { default: endpoint }, credentials: CREDENTIALS, unmanaged });
      const started = performance.now();
      const fleets = await Promise.all(targets.map((t) => provider.readEnvironment(t)));
      const wallMs = Math.round(performance.now() - started);
      const stats = provider.callStats();
      const managed = fleets.reduce((n, f) => n + f.instances.filter((i) => i.tags['qm:uuid']).length, 0);
      if (managed !== instances) throw new Error(`read ${managed} managed instances, expected ${instances}`);
      return { stats, wallMs, fleets };
    };

    const report = await read('report');
    const filtered = await read('ignore');
    const versusPeer = await againstPeer(fake.url, region, report.fleets, (endpoint) => read('report', endpoint));
    const resourcesRead = report.fleets.reduce((n, f) => n + f.groups.length + f.alarms.length, 0) + instances + groups * instancesPerGroup + unmanagedInstances;
    return {
      name: 'aws-plan',
      instances,
      groupMembers: groups * instancesPerGroup,
      unmanagedInstances,
      groups,
      alarms,
      envs,
      sdkCalls: report.stats.total,
      callsByOperation: report.stats.byOperation,
      wallMs: report.wallMs,
      sdkCallsTagFiltered: filtered.stats.total,
      wallMsTagFiltered: filtered.wallMs,
      perResourceCalls: instances + groups * 3 + alarms * 2,
      resourcesRead,
      versusPeer,
    };
  } finally {
    await fake.close();
  }
}

/** Ours and the peer through the same latency proxy, one after the other (not competing for the CPU). */
async function againstPeer(
  endpoint: string,
  region: string,
  fleets: ObservedFleet[],
  ours: (endpoint: string) => Promise<{ stats: { total: number }; wallMs: number }>,
): Promise<AwsReadFigures['versusPeer']> {
  const proxy = await startLatencyProxy(endpoint, LATENCY_MS);
  try {
    const state: RefreshState = {
      instanceIds: fleets.flatMap((f) => f.instances.filter((i) => i.tags['qm:uuid']).map((i) => i.id)),
      groups: fleets.flatMap((f) => f.groups.map((g) => ({ name: g.name, launchTemplateId: g.launchTemplate.id }))),
      alarms: fleets.flatMap((f) => f.alarms.map((a) => ({ name: a.name, arn: `arn:aws:cloudwatch:${region}:123456789012:alarm:${a.name}` }))),
    };
    const mine = await ours(proxy.url);
    const peer = await perResourceRefresh(proxy.url, region, CREDENTIALS, state);
    return {
      latencyMs: LATENCY_MS,
      oursCalls: mine.stats.total,
      oursMs: mine.wallMs,
      peerCalls: peer.calls,
      peerMs: peer.wallMs,
      callRatio: Math.round((peer.calls / mine.stats.total) * 10) / 10,
      timeRatio: Math.round((peer.wallMs / mine.wallMs) * 10) / 10,
    };
  } finally {
    await proxy.close();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  process.stdout.write(`${JSON.stringify(await benchAwsRead())}\n`);
}
