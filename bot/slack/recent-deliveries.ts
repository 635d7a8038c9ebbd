/**
 * Keys of deliveries seen recently (a slash command's trigger_id, a click, an event id), so a
 * repeat is ignored: Slack's retries (`x-slack-retry-num`), double clicks and double
 * submissions. In memory, per process: the engine's single-use claims are what make a second
 * apply impossible across replicas; this only spares the repeat its work and its messages.
 */
export interface RecentDeliveries {
  /** True the first time `key` is seen within the window (handle it); false for a repeat (ignore it). */
  claim(key: string): boolean;
  /** Forgets `key`: its handling failed, so a retry may try again. */
  release(key: string): void;
  readonly size: number;
}

export interface RecentDeliveriesOptions {
  ttlMs: number;
  /** Keys kept at most; the oldest go first. Default 50,000 (a few MB). */
  max?: number;
  now?: () => number;
}

/** @example const seen = createRecentDeliveries({ ttlMs: 5 * 60_000 }); if (!seen.claim(`command:${trigger_id}`)) return; */
export function createRecentDeliveries(opts: RecentDeliveriesOptions): RecentDeliveries {
  const max = opts.max ?? 50_000;
  const now = opts.now ?? Date.now;
  // Insertion order is expiry order (one TTL for all), so the stale keys are always at the front.
  const seen = new Map<string, number>();

  function sweep(t: number): void {
    for (const [key, expires] of seen) {
      if (expires > t && seen.size <= max) break;
      seen.delete(key);
    }
  }

  return {
    claim(key) {
      const t = now();
      sweep(t);
      const expires = seen.get(key);
      if (expires !== undefined && expires > t) return false;
      seen.delete(key);
      seen.set(key, t + opts.ttlMs);
      return true;
    },
    release(key) {
      seen.delete(key);
    },
    get size() {
      return seen.size;
    },
  };
}
