/**
 * Shares one in-flight promise per key: environments of the same region and role that are
 * read at the same time share one sweep of the region instead of repeating it. Nothing is
 * kept once the promise settles, so a later read always sees fresh state.
 *
 * @example
 * const flight = createSingleFlight();
 * const [a, b] = await Promise.all([flight.run('k', load), flight.run('k', load)]); // load ran once
 */
export interface SingleFlight {
  run<T>(key: string, load: () => Promise<T>): Promise<T>;
}

export function createSingleFlight(): SingleFlight {
  const inFlight = new Map<string, Promise<unknown>>();
  return {
    run<T>(key: string, load: () => Promise<T>): Promise<T> {
      const existing = inFlight.get(key);
      if (existing) return existing as Promise<T>;
      const p = load().finally(() => inFlight.delete(key));
      inFlight.set(key, p);
      return p;
    },
  };
}
