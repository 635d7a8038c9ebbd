import { describe, expect, it } from 'vitest';
import { backoffDelay, withRetry, type RetryPolicy } from '../../src/apply/retry.js';
import { createManualClock } from '../../src/clock.js';
import { CloudError, ErrorCode, TimeoutError } from '../../src/errors.js';
import { insufficientCapacity, throttled } from './support/fake-provider.js';

function policy(over: Partial<RetryPolicy> = {}): RetryPolicy & { clock: ReturnType<typeof createManualClock> } {
  return { clock: createManualClock(), random: () => 1 - Number.EPSILON, maxAttempts: 5, maxCapacityAttempts: 3, baseMs: 1000, capMs: 20_000, ...over } as never;
}

/** A function failing with `error` the first `failures` times. */
function flaky(failures: number, error: () => Error) {
  let calls = 0;
  const fn = async () => {
    calls++;
    if (calls <= failures) throw error();
    return 'ok';
  };
  return { fn, calls: () => calls };
}

describe('backoffDelay (full jitter)', () => {
  it.each([
    [1, 1, 999],
    [2, 1, 1999],
    [3, 1, 3999],
    [6, 1, 19_999], // 32 s capped at 20 s
    [3, 0, 0],
    [3, 0.5, 2000],
  ])('attempt %i, random %d -> %i ms', (attempt, r, expected) => {
    const random = () => (r === 1 ? 1 - 1e-9 : r);
    expect(backoffDelay(attempt, { baseMs: 1000, capMs: 20_000, random })).toBe(expected);
  });
});

describe('withRetry', () => {
  it('retries a throttled call until it succeeds, sleeping the growing back-offs on the clock', async () => {
    const p = policy({ random: () => 0.5 });
    const f = flaky(3, throttled);
    const before = p.clock.now().getTime();
    const seen: number[] = [];
    await expect(withRetry(f.fn, p, (n) => seen.push(n.delayMs))).resolves.toBe('ok');
    expect(f.calls()).toBe(4);
    expect(seen).toEqual([500, 1000, 2000]);
    expect(p.clock.now().getTime() - before).toBe(3500);
  });

  it('gives up after maxAttempts and throws the last error', async () => {
    const f = flaky(99, throttled);
    await expect(withRetry(f.fn, policy({ maxAttempts: 4 }))).rejects.toMatchObject({ code: ErrorCode.CloudThrottled });
    expect(f.calls()).toBe(4);
  });

  it('tries insufficient capacity only maxCapacityAttempts times', async () => {
    const f = flaky(99, () => insufficientCapacity());
    await expect(withRetry(f.fn, policy({ maxAttempts: 10, maxCapacityAttempts: 3 }))).rejects.toMatchObject({
      code: ErrorCode.CloudInsufficientCapacity,
    });
    expect(f.calls()).toBe(3);
  });

  it.each([
    ['a non-retryable cloud error', () => new CloudError(ErrorCode.CloudUnauthorized, 'no')],
    ['a timeout', () => new TimeoutError('too slow')],
    ['a plain error', () => new Error('bug')],
  ])('fails at once on %s', async (_, error) => {
    const f = flaky(99, error);
    await expect(withRetry(f.fn, policy())).rejects.toThrow();
    expect(f.calls()).toBe(1);
  });
});
