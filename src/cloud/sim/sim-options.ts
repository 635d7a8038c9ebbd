import type { Clock } from '../../clock.js';
import type { SimImage } from './sim-state.js';

/** How long the sim's transitions take, in simulated (clock) milliseconds. */
export interface SimTimings {
  /** pending -> running. */
  pendingMs: number;
  /** stopping -> stopped. */
  stoppingMs: number;
  /** shutting-down -> terminated. */
  shuttingDownMs: number;
  /** How long a terminated instance stays visible before it disappears (AWS: about an hour). */
  terminatedVisibleMs: number;
  /** An instance refresh stays Pending this long before it starts replacing instances. */
  refreshStartMs: number;
  /** One instance refresh step: replace one batch and let it warm up. */
  refreshStepMs: number;
  /** Interval between polls of waitForInstances / waitForInstanceRefresh (the SDK waiters use 15 s). */
  pollIntervalMs: number;
}

export const DEFAULT_SIM_TIMINGS: SimTimings = {
  pendingMs: 3_000,
  stoppingMs: 4_000,
  shuttingDownMs: 3_000,
  terminatedVisibleMs: 60 * 60_000,
  refreshStartMs: 1_000,
  refreshStepMs: 5_000,
  pollIntervalMs: 1_000,
};

/** A failure the sim answers the next `times` calls of `operation` with. */
export interface ScriptedFailure {
  /** AWS operation name: `RunInstances`, `StartInstances`, `DescribeInstances`... */
  operation: string;
  /** AWS error code: `InsufficientInstanceCapacity`, `RequestLimitExceeded`, `UnauthorizedOperation`... */
  errorCode: string;
  /** Default 1. */
  times?: number;
  /** Overrides the AWS-like message the sim would use. */
  message?: string;
}

export interface SimFaults {
  /** Probability in [0, 1] that any one API call is throttled (RequestLimitExceeded / Throttling). */
  throttleRate?: number;
  /** Attempts per call, the first included, before a throttling error surfaces (the SDK's maxAttempts). Default 10. */
  maxAttempts?: number;
  /** Back-off base in ms: attempt n waits random() * min(maxBackoffMs, baseBackoffMs * 2^(n-1)). Default 100. */
  baseBackoffMs?: number;
  /** Default 20,000 (the SDK's cap). */
  maxBackoffMs?: number;
  /** One-shot failures scripted up front (the same as calling failNext). */
  script?: ScriptedFailure[];
}

export interface SimProviderOptions {
  /** JSON file holding the fleet; absent: the fleet lives in memory only. */
  statePath?: string;
  clock: Clock;
  timings?: Partial<SimTimings>;
  faults?: SimFaults;
  /** Real delay added to every API call (attempt), through `sleep`. Default 0. */
  latencyMs?: number;
  /** How latency and back-off wait. Default: clock.sleep. */
  sleep?: (ms: number) => Promise<void>;
  /**
   * The account the sim's "credentials" act in (callerAccountId) for environments without a role;
   * with a role_arn, the role's account. Unset: the environment's own account, so the account check passes.
   */
  accountId?: string;
  /** Random source for throttling and jitter, in [0, 1). Default: createSeededRandom(seed). */
  random?: () => number;
  /** Seed for the default random source. Default 1. */
  seed?: number;
  /** AMIs known to the sim besides DEFAULT_SIM_IMAGES (and those registered in the state file). */
  images?: SimImage[];
  /**
   * Where the sim's notices go (a torn last line of the journal, ignored). Default:
   * process.emitWarning, which a host can route with process.on('warning').
   */
  onNotice?: (message: string) => void;
}

export const DEFAULT_SIM_ACCOUNT_ID = '123456789012';
