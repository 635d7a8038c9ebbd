import { afterEach, describe, expect, it } from 'vitest';
import { createManualClock } from '../../src/clock.js';
import { ErrorCode, isQmError } from '../../src/errors.js';
import { openStore } from '../../src/store/open-store.js';
import type { SqlDriver } from '../../src/store/sql-driver.js';
import { openSqljsDriver } from '../../src/store/sqljs-driver.js';
import type { Store } from '../../src/store/store.js';
import { memoryHarness } from './harness.js';
import { storedPlanContract } from './stored-plan-contract.js';
import { newRequest, storeContract } from './store-contract.js';

storeContract(memoryHarness);
storedPlanContract(memoryHarness);

describe('memory: store (sql.js)', () => {
  const clock = createManualClock('2026-03-01T10:00:00Z');
  const opened: (Store | SqlDriver)[] = [];
  const track = <T extends Store | SqlDriver>(s: T): T => {
    opened.push(s);
    return s;
  };
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((s) => s.close()));
  });

  it('is SQLite with everything the store uses: RETURNING, upserts, partial indexes, triggers, json', async () => {
    const d = track(await openSqljsDriver('features'));
    const [version] = await d.all("SELECT sqlite_version() AS v, json_extract('{\"a\":[1,2]}', '$.a[1]') AS j");
    expect(Number(String(version?.v).split('.')[1])).toBeGreaterThanOrEqual(35); // RETURNING needs 3.35
    expect(version?.j).toBe(2);
    const rows = await d.transaction(async (tx) => {
      await tx.run('CREATE TABLE t (k TEXT PRIMARY KEY, n INTEGER NOT NULL)');
      await tx.run("INSERT INTO t VALUES ('a', 1) ON CONFLICT (k) DO UPDATE SET n = n + 1");
      return tx.all("INSERT INTO t VALUES ('a', 1) ON CONFLICT (k) DO UPDATE SET n = n + 1 RETURNING *");
    });
    expect(rows).toEqual([{ k: 'a', n: 2 }]);
  });

  it('answers changes, rolls back a failed transaction and keeps going', async () => {
    const d = track(await openSqljsDriver('rollback'));
    await d.transaction((tx) => tx.run('CREATE TABLE t (n INTEGER)'));
    expect(await d.transaction((tx) => tx.run('INSERT INTO t VALUES (1), (2), (3)'))).toEqual({ changes: 3 });
    await expect(
      d.transaction(async (tx) => {
        await tx.run('DELETE FROM t');
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    await expect(d.transaction((tx) => tx.run('INSERT INTO nope VALUES (1)'))).rejects.toThrow(/no such table: nope/);
    expect(await d.all('SELECT COUNT(*) AS n FROM t')).toEqual([{ n: 3 }]);
  });

  it('makes a read wait for the transaction in progress, so it never sees rows that are then rolled back', async () => {
    const d = track(await openSqljsDriver('isolation'));
    await d.transaction((tx) => tx.run('CREATE TABLE t (n INTEGER)'));
    let inserted: () => void = () => undefined;
    const didInsert = new Promise<void>((r) => (inserted = r));
    let release: () => void = () => undefined;
    const gate = new Promise<void>((r) => (release = r));
    const writing = d.transaction(async (tx) => {
      await tx.run('INSERT INTO t VALUES (1)');
      inserted();
      await gate;
      throw new Error('changed my mind');
    });
    await didInsert;
    // Issued while the row is written but not committed, on the same (only) connection.
    const reading = d.all('SELECT COUNT(*) AS n FROM t');
    release();
    await expect(writing).rejects.toThrow('changed my mind');
    expect(await reading).toEqual([{ n: 0 }]);
  });

  it('shares one database between the stores opened on one name, keeps names apart, and drops it when the last closes', async () => {
    const a = await openStore('memory:shared', { sqlitePath: 'unused.db', clock });
    const b = await openStore('  MEMORY:shared ', { sqlitePath: 'unused.db', clock });
    const other = track(await openStore('memory:', { sqlitePath: 'unused.db', clock }));
    expect([a.kind, a.location, other.location]).toEqual(['sqlite', 'memory:shared', 'memory:']);
    await a.createRequest(newRequest());
    expect(await b.listRequests()).toHaveLength(1);
    expect(await other.listRequests()).toEqual([]);
    await a.close();
    expect(await b.listRequests()).toHaveLength(1);
    await b.close();
    const again = track(await openStore('memory:shared', { sqlitePath: 'unused.db', clock }));
    expect(await again.listRequests()).toEqual([]);
  });

  it('refuses work after close, saying how to fix it', async () => {
    const d = await openSqljsDriver('closed');
    await d.close();
    const err = await d.all('SELECT 1').catch((e: unknown) => e);
    expect(isQmError(err, ErrorCode.StoreUnavailable)).toBe(true);
    expect((err as Error).message).toBe('The in-memory store memory:closed is closed. Open it again with openStore');
  });
});
