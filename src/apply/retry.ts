import type { Clock } from '../clock.js';
import { CloudError, ErrorCode } from '../errors.js';

export interface RetryPolicy {
  clock: Clock;
  random: () => number;
  maxAttempts: number;
  maxCapacityAttempts: number;
  baseMs: number;
  capMs: number;
}

export interface RetryNotice {
  attempt: number;
  delayMs: number;
  error: CloudError;
}

/**
 * The "full jitter" back-off: a uniform delay in [0, min(cap, base * 2^(attempt-1))).
 * Spreads retries of many callers so they do not throttle again in step.
 *
 * @example backoffDelay(3, { baseMs: 1000, capMs: 20_000, random: () => 0.5 }) // 2000
 */
export function backoffDelay(attempt: number, p: Pick<RetryPolicy, 'baseMs' | 'capMs' | 'random'>): number {
  const ceiling = Math.min(p.capMs, p.baseMs * 2 ** (attempt - 1));
  return Math.floor(p.random() * ceiling);
}

/** How many attempts an error allows in total; 1 means do not retry. */
function attemptsAllowed(e: unknown, p: Pick<RetryPolicy, 'maxAttempts' | 'maxCapacityAttempts'>): number {
  if (!(e instanceof CloudError) || !e.retryable) return 1;
  return e.code === ErrorCode.CloudInsufficientCapacity ? Math.min(p.maxAttempts, p.maxCapacityAttempts) : p.maxAttempts;
}

/**
 * Calls `fn` until it succeeds, retrying only retryable CloudErrors (throttling that escaped
 * the provider's own retries, insufficient capacity a few times), sleeping on the clock between.
 *
 * @example
 * const id = await withRetry(() => provider.runInstance(t, req), policy, (n) => log(n.attempt));
 */
export async function withRetry<T>(fn: () => Promise<T>, p: RetryPolicy, onRetry?: (n: RetryNotice) => void): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (e) {
      if (attempt >= attemptsAllowed(e, p)) throw e;
      const delayMs = backoffDelay(attempt, p);
      onRetry?.({ attempt, delayMs, error: e as CloudError });
      await p.clock.sleep(delayMs);
    }
  }
}
