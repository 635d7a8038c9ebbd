import type { AcquireLockOptions, Lock, Store } from './store.js';

export interface EnvLockOptions extends AcquireLockOptions {
  /**
   * Renew every `heartbeatMs` on a real timer while the work runs (a long apply outlives its
   * TTL only while its process is alive). Off by default: the work can call `lease.renew()`.
   */
  heartbeatMs?: number;
  /** Injected timers for the heartbeat; default the global ones. */
  timers?: { setInterval: typeof setInterval; clearInterval: typeof clearInterval };
}

/** What the work gets: the locks it holds, a way to renew them, and a signal raised if one is lost. */
export interface EnvLease {
  locks: Lock[];
  /** Renews every lock; false (and `signal` aborted) when one was lost (expired and taken over, or force-unlocked). */
  renew(): Promise<boolean>;
  /** Aborted when a heartbeat or `renew()` finds a lock lost: stop writing, someone else may be applying. */
  signal: AbortSignal;
}

export type WithEnvLockResult<T> =
  | { acquired: true; value: T; /** False when releasing failed (the locks then expire after their TTL). */ released: boolean }
  | { acquired: false; env: string; heldBy: string; since: string; purpose: string; expiresAt: string };

/**
 * Runs `work` while holding the lock of every environment in `envs` (taken in sorted order,
 * all or none), and always releases them when the work ends, successfully or not.
 * A held lock is an answer, not an error; an error thrown by `work` is rethrown after release.
 *
 * @example
 * const r = await withEnvLock(store, plan.envs, { holder: 'bot-1', purpose: `apply ${req.id}`, ttlMs: 300_000 }, (lease) => apply(plan, lease));
 * if (!r.acquired) say(`${r.env} is locked by ${r.heldBy} since ${r.since} for ${r.purpose}`);
 */
export async function withEnvLock<T>(
  store: Store,
  envs: string | readonly string[],
  opts: EnvLockOptions,
  work: (lease: EnvLease) => Promise<T>,
): Promise<WithEnvLockResult<T>> {
  const wanted = [...new Set(typeof envs === 'string' ? [envs] : envs)].sort();
  const { heartbeatMs, timers = { setInterval, clearInterval }, ...acquireOpts } = opts;
  const locks: Lock[] = [];
  for (const env of wanted) {
    const got = await store.acquireLock(env, acquireOpts);
    if (!got.acquired) {
      await releaseAll(store, locks);
      return { acquired: false, env, heldBy: got.heldBy, since: got.since, purpose: got.purpose, expiresAt: got.expiresAt };
    }
    locks.push(got.lock);
  }

  const controller = new AbortController();
  const renew = async (): Promise<boolean> => {
    for (const [i, lock] of locks.entries()) {
      const r = await store.renewLock(lock, opts.ttlMs);
      if (!r.renewed) {
        controller.abort(new Error(`lost the lock on ${lock.env}${r.heldBy ? ` (now held by ${r.heldBy})` : ''}`));
        return false;
      }
      locks[i] = r.lock;
    }
    return true;
  };
  const timer = heartbeatMs ? timers.setInterval(() => void renew().catch(() => undefined), heartbeatMs) : undefined;

  try {
    const value = await work({ locks, renew, signal: controller.signal });
    return { acquired: true, value, released: await releaseAll(store, locks) };
  } catch (e) {
    await releaseAll(store, locks);
    throw e;
  } finally {
    if (timer !== undefined) timers.clearInterval(timer);
  }
}

/** Releases each lock, carrying on past failures; true when all were released or already gone. */
async function releaseAll(store: Store, locks: readonly Lock[]): Promise<boolean> {
  let ok = true;
  for (const lock of [...locks].reverse()) {
    try {
      await store.releaseLock(lock);
    } catch {
      ok = false;
    }
  }
  return ok;
}
