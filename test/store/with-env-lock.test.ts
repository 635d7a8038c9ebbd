import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createManualClock, type ManualClock } from '../../src/clock.js';
import type { Store } from '../../src/store/store.js';
import { withEnvLock } from '../../src/store/with-env-lock.js';
import { sqliteHarness, type StoreLocation } from './harness.js';

describe('withEnvLock', () => {
  let loc: StoreLocation;
  let clock: ManualClock;
  let store: Store;
  const opts = { holder: 'bot-1', purpose: 'apply req-1', ttlMs: 60_000 };

  beforeEach(async () => {
    loc = await sqliteHarness.fresh();
    clock = createManualClock('2026-03-01T10:00:00Z');
    store = await loc.open(clock);
  });
  afterEach(async () => {
    await store.close();
    await loc.dispose();
  });

  it('holds every environment lock during the work and releases them after', async () => {
    const r = await withEnvLock(store, ['prod', 'dev', 'prod'], opts, async (lease) => {
      expect(lease.locks.map((l) => l.env)).toEqual(['dev', 'prod']);
      expect((await store.listLocks()).map((l) => l.holder)).toEqual(['bot-1', 'bot-1']);
      return 42;
    });
    expect(r).toEqual({ acquired: true, value: 42, released: true });
    expect(await store.listLocks()).toEqual([]);
  });

  it('releases the locks when the work throws, and rethrows', async () => {
    await expect(
      withEnvLock(store, 'prod', opts, async () => {
        throw new Error('apply failed half-way');
      }),
    ).rejects.toThrow('apply failed half-way');
    expect(await store.getLock('prod')).toBeUndefined();
    const lockEntries = (await store.queryAudit({ kind: 'lock' })).map((e) => e.message);
    expect(lockEntries).toHaveLength(2);
    expect(lockEntries[1]).toMatch(/^released prod/);
  });

  it('answers who holds a lock, takes none of the others and does not run the work', async () => {
    await store.acquireLock('prod', { holder: 'bot-2', purpose: 'apply req-9', ttlMs: 60_000 });
    let ran = false;
    const r = await withEnvLock(store, ['dev', 'prod'], opts, async () => {
      ran = true;
    });
    expect(r).toEqual({ acquired: false, env: 'prod', heldBy: 'bot-2', since: '2026-03-01T10:00:00.000Z', purpose: 'apply req-9', expiresAt: '2026-03-01T10:01:00.000Z' });
    expect(ran).toBe(false);
    expect(await store.getLock('dev')).toBeUndefined();
  });

  it('renews on demand and raises the signal when the lock was lost to a force-unlock', async () => {
    const r = await withEnvLock(store, 'prod', opts, async (lease) => {
      clock.advance(50_000);
      expect(await lease.renew()).toBe(true);
      expect(lease.locks[0]?.expiresAt).toBe('2026-03-01T10:01:50.000Z');
      await store.forceUnlock('prod', 'slack:U0SRE', 'stuck');
      expect(await lease.renew()).toBe(false);
      return lease.signal.aborted;
    });
    expect(r).toMatchObject({ acquired: true, value: true });
  });

  it('renews on its heartbeat timer while the work runs and stops the timer after', async () => {
    const ticks: (() => void)[] = [];
    let cleared = 0;
    const timers = {
      setInterval: ((fn: () => void) => {
        ticks.push(fn);
        return 1 as unknown as NodeJS.Timeout;
      }) as unknown as typeof setInterval,
      clearInterval: (() => {
        cleared++;
      }) as typeof clearInterval,
    };
    await withEnvLock(store, 'prod', { ...opts, heartbeatMs: 20_000, timers }, async () => {
      clock.advance(40_000);
      ticks[0]?.();
      // The renewal is asynchronous; wait for it through the store's own queue.
      await store.getLock('prod');
      clock.advance(40_000);
      expect((await store.getLock('prod'))?.expired).toBe(false);
    });
    expect(ticks).toHaveLength(1);
    expect(cleared).toBe(1);
  });
});
