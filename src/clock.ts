/** Time, passed in, so waits and expiries are testable without real sleeping (STYLE.md 5). */
export interface Clock {
  now(): Date;
  /** Resolves after `ms`, or as soon as `signal` aborts (a sleeper woken early: nothing is left pending). */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export const systemClock: Clock = {
  now: () => new Date(),
  sleep: (ms, signal) =>
    new Promise((resolve) => {
      if (signal?.aborted) {
        resolve();
        return;
      }
      // Cleared when woken: a pending timer would keep the process alive after its work is done.
      const timer = setTimeout(done, ms);
      function done(): void {
        clearTimeout(timer);
        signal?.removeEventListener('abort', done);
        resolve();
      }
      signal?.addEventListener('abort', done, { once: true });
    }),
};

/**
 * A clock that only moves when slept on or advanced: `sleep` returns at once after moving
 * time forward, so a 5-minute wait costs nothing in a test.
 *
 * @example
 * const clock = createManualClock('2026-01-01T00:00:00Z');
 * await clock.sleep(60_000); // clock.now() is now 00:01
 */
export interface ManualClock extends Clock {
  advance(ms: number): void;
}

export function createManualClock(start: string | Date = '2026-01-01T00:00:00Z'): ManualClock {
  let t = new Date(start).getTime();
  return {
    now: () => new Date(t),
    sleep: async (ms) => {
      t += Math.max(0, ms);
    },
    advance: (ms) => {
      t += ms;
    },
  };
}
