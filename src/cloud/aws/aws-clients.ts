import { AutoScalingClient } from '@aws-sdk/client-auto-scaling';
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { EC2Client } from '@aws-sdk/client-ec2';
import { STSClient } from '@aws-sdk/client-sts';
import type { Clock } from '../../clock.js';
import type { EnvTarget } from '../provider.js';
import { assumeRoleCredentials } from './assume-role-credentials.js';
import type { AwsClientFactory, AwsCredentials, AwsEndpoints } from './aws-provider-options.js';
import type { CallCounter } from './call-counter.js';

/** Per attempt (retried up to maxAttempts): AWS answers describes in well under a second. */
const CONNECTION_TIMEOUT_MS = 5_000;
const REQUEST_TIMEOUT_MS = 20_000;

/** The SDK clients of one (region, role): what every read and write of an environment uses. */
export interface AwsClients {
  region: string;
  ec2: EC2Client;
  autoScaling: AutoScalingClient;
  cloudWatch: CloudWatchClient;
  /** Signed with the environment's credentials (the assumed role when `roleArn` is set). */
  sts: STSClient;
}

export interface ClientPoolOptions {
  endpoints: AwsEndpoints;
  maxAttempts: number;
  credentials?: AwsCredentials;
  roleSessionName: string;
  clock: Clock;
  factory: AwsClientFactory;
  counter: CallCounter;
}

export interface ClientPool {
  forTarget(target: Pick<EnvTarget, 'region' | 'roleArn'>): AwsClients;
}

/**
 * Builds and caches the clients per (region, roleArn): environments sharing both share
 * clients, their connection pools and their adaptive-retry rate limiter. A `roleArn` is
 * assumed through STS with the base credentials, once, and refreshed before it expires.
 *
 * @example
 * const pool = createClientPool({ endpoints: {}, maxAttempts: 10, roleSessionName: 'qm', clock, factory: {}, counter });
 * const { ec2 } = pool.forTarget({ region: 'eu-west-1' });
 */
export function createClientPool(opts: ClientPoolOptions): ClientPool {
  const cache = new Map<string, AwsClients>();
  const baseSts = new Map<string, STSClient>();

  const common = (region: string, endpoint: string | undefined, credentials: AwsCredentials | undefined) => ({
    region,
    maxAttempts: opts.maxAttempts,
    retryMode: 'adaptive' as const,
    // The SDK waits for ever by default: an endpoint that accepts and never answers would hang qm.
    requestHandler: { connectionTimeout: CONNECTION_TIMEOUT_MS, requestTimeout: REQUEST_TIMEOUT_MS, throwOnRequestTimeout: true },
    // Only set what is given: an explicit `endpoint: undefined` would hide the SDK's own resolution.
    ...(endpoint ? { endpoint } : {}),
    ...(credentials ? { credentials } : {}),
  });

  const makeSts = (region: string, credentials: AwsCredentials | undefined): STSClient => {
    const config = common(region, opts.endpoints.sts ?? opts.endpoints.default, credentials);
    const client = opts.factory.sts ? opts.factory.sts(config) : new STSClient(config);
    opts.counter.attach(client.middlewareStack, 'sts');
    return client;
  };

  const stsWithBaseCredentials = (region: string): STSClient => {
    let client = baseSts.get(region);
    if (!client) {
      client = makeSts(region, opts.credentials);
      baseSts.set(region, client);
    }
    return client;
  };

  return {
    forTarget({ region, roleArn }) {
      const key = `${region}|${roleArn ?? ''}`;
      const cached = cache.get(key);
      if (cached) return cached;
      const credentials = roleArn
        ? assumeRoleCredentials(stsWithBaseCredentials(region), roleArn, opts.roleSessionName, opts.clock)
        : opts.credentials;
      const ec2Config = common(region, opts.endpoints.ec2 ?? opts.endpoints.default, credentials);
      const asgConfig = common(region, opts.endpoints.autoScaling ?? opts.endpoints.default, credentials);
      const cwConfig = common(region, opts.endpoints.cloudWatch ?? opts.endpoints.default, credentials);
      const clients: AwsClients = {
        region,
        ec2: opts.factory.ec2 ? opts.factory.ec2(ec2Config) : new EC2Client(ec2Config),
        autoScaling: opts.factory.autoScaling ? opts.factory.autoScaling(asgConfig) : new AutoScalingClient(asgConfig),
        cloudWatch: opts.factory.cloudWatch ? opts.factory.cloudWatch(cwConfig) : new CloudWatchClient(cwConfig),
        sts: roleArn ? makeSts(region, credentials) : stsWithBaseCredentials(region),
      };
      opts.counter.attach(clients.ec2.middlewareStack, 'ec2');
      opts.counter.attach(clients.autoScaling.middlewareStack, 'autoscaling');
      opts.counter.attach(clients.cloudWatch.middlewareStack, 'cloudwatch');
      cache.set(key, clients);
      return clients;
    },
  };
}
