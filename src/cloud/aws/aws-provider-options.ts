import type { AutoScalingClient, AutoScalingClientConfig } from '@aws-sdk/client-auto-scaling';
import type { CloudWatchClient, CloudWatchClientConfig } from '@aws-sdk/client-cloudwatch';
import type { EC2Client, EC2ClientConfig } from '@aws-sdk/client-ec2';
import type { STSClient, STSClientConfig } from '@aws-sdk/client-sts';
import type { Clock } from '../../clock.js';

/**
 * Endpoint overrides (LocalStack-style). The door maps `AWS_ENDPOINT_URL` to `default` and
 * `AWS_ENDPOINT_URL_EC2`, `..._AUTO_SCALING`, `..._CLOUDWATCH`, `..._STS` to the others.
 * When none is given the SDK resolves the endpoint itself, and SDK 3.1169 already honours
 * those same variables on its own (see docs/aws.md).
 */
export interface AwsEndpoints {
  default?: string;
  ec2?: string;
  autoScaling?: string;
  cloudWatch?: string;
  sts?: string;
}

/** Builds the SDK clients; tests replace one to tune retries or the HTTP handler. */
export interface AwsClientFactory {
  ec2?: (config: EC2ClientConfig) => EC2Client;
  autoScaling?: (config: AutoScalingClientConfig) => AutoScalingClient;
  cloudWatch?: (config: CloudWatchClientConfig) => CloudWatchClient;
  sts?: (config: STSClientConfig) => STSClient;
}

/** Static credentials or a provider, as every SDK client accepts them. */
export type AwsCredentials = NonNullable<EC2ClientConfig['credentials']>;

export interface AwsProviderOptions {
  endpoints?: AwsEndpoints;
  /** SDK attempts per call (retry mode `adaptive`). Default 10: fewer let throttling through (PLATFORM-NOTES.md). */
  maxAttempts?: number;
  /** Default: the SDK's default credential chain (env, SSO, shared files, container, instance role). */
  credentials?: AwsCredentials;
  /**
   * `report` (default): read every instance, group and alarm of the region in one paginated
   * sweep each and keep this environment's managed resources plus the unmanaged ones, which
   * are only reported. `ignore`: read only this environment's resources through tag filters
   * (cheaper in a region crowded with resources Quartermaster does not manage).
   */
  unmanaged?: 'report' | 'ignore';
  /** Session name for STS AssumeRole (`role_arn`). Default `quartermaster`. */
  roleSessionName?: string;
  /**
   * How often instance waits poll, in seconds: `min` is the interval of the shared poller (one
   * describe a round for every instance waited for; `max` is kept for callers that set both).
   * Default 15 s, the SDK waiters' first delay.
   */
  waiterDelaySeconds?: { min: number; max: number };
  /** How often an instance refresh is polled. Default 15 s. */
  refreshPollMs?: number;
  /** Used for instance and refresh polling and assumed-role expiry. Default: the system clock. */
  clock?: Clock;
  clientFactory?: AwsClientFactory;
}

export const DEFAULT_MAX_ATTEMPTS = 10;
export const DEFAULT_INSTANCE_POLL_SECONDS = 15;
export const DEFAULT_REFRESH_POLL_MS = 15_000;
export const DEFAULT_ROLE_SESSION_NAME = 'quartermaster';
