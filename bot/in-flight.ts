/**
 * The work the bot has accepted and not finished (a command being planned, waited on or
 * applied; an expiry pass), so a shutdown can let it finish within a bound instead of cutting
 * an apply in half.
 */
export interface InFlight {
  /** Runs `work`, tracked under `label` until it settles; answers its promise (its rejection is the caller's). */
  run<T>(label: string, work: () => Promise<T>): Promise<T>;
  /** Labels of the work in flight, oldest first. */
  labels(): string[];
  readonly size: number;
  /** Resolves once nothing is in flight, or after `timeoutMs` with what is left. */
  drain(timeoutMs: number): Promise<{ done: boolean; left: string[] }>;
}

/** @example const inFlight = createInFlight(); void inFlight.run('github acme/fleet#7', () => answer(comment)); await inFlight.drain(25_000); */
export function createInFlight(): InFlight {
  const running = new Map<number, string>();
  let next = 0;
  let waiters: (() => void)[] = [];
  const settle = (id: number): void => {
    running.delete(id);
    if (running.size > 0) return;
    const ws = waiters;
    waiters = [];
    for (const w of ws) w();
  };
  return {
    run(label, work) {
      const id = next++;
      running.set(id, label);
      // Async, so a `work` that throws before its first await is tracked and settled too.
      const p = (async () => work())();
      p.then(
        () => settle(id),
        () => settle(id),
      );
      return p;
    },
    labels: () => [...running.values()],
    get size() {
      return running.size;
    },
    drain(timeoutMs) {
      if (running.size === 0) return Promise.resolve({ done: true, left: [] });
      return new Promise((resolve) => {
        const timer = setTimeout(() => resolve({ done: false, left: [...running.values()] }), timeoutMs);
        timer.unref();
        waiters.push(() => {
          clearTimeout(timer);
          resolve({ done: true, left: [] });
        });
      });
    },
  };
}
