import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../src/clock.js';
import { openStore } from '../../src/store/open-store.js';
import { spawnChild } from './children/spawn-child.js';

/**
 * Why the embedded store is SQLite (better-sqlite3) and not PGlite: see docs/store.md.
 * A writer acknowledges each write only after it committed; it is killed with SIGKILL
 * mid-stream; every acknowledged write must be there when the file is reopened, and the file
 * must open cleanly. The CLI and the bot may use one file at once: concurrent writer
 * processes must all succeed and lose nothing.
 */
const dir = mkdtempSync(path.join(tmpdir(), 'qm-durability-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function killMidStream(engine: string, location: string, prefix: string, afterAcks: number): Promise<string[]> {
  const writer = spawnChild('durability-writer.ts', [engine, location, prefix]);
  await writer.waitFor((lines) => lines.length >= afterAcks);
  writer.child.kill('SIGKILL');
  const { signal } = await writer.exited;
  expect(signal).toBe('SIGKILL');
  return writer.lines.filter(Boolean).map((n) => `${prefix}-${n}`);
}

describe('embedded store durability (SQLite, the chosen default)', () => {
  it('keeps every acknowledged write across kill -9, three times over, and the file checks clean', async () => {
    const file = path.join(dir, 'kill.db');
    const acked: string[] = [];
    for (const [round, acks] of [[1, 150], [2, 400], [3, 50]] as const) {
      acked.push(...(await killMidStream('qm-sqlite', file, `r${round}`, acks)));
      const store = await openStore(undefined, { sqlitePath: file, clock: systemClock });
      const stored = new Set((await store.queryAudit({ limit: 1_000_000 })).map((e) => e.message));
      await store.close();
      const missing = acked.filter((m) => !stored.has(m));
      expect(missing).toEqual([]);
      // At most the one write in flight when the kill landed is there without its acknowledgement.
      expect(stored.size - acked.length).toBeLessThanOrEqual(round);
    }
    const db = new Database(file, { readonly: true });
    expect(db.pragma('integrity_check')).toEqual([{ integrity_check: 'ok' }]);
    db.close();
  });

  it('lets several processes write the same file at once without losing or refusing a write', async () => {
    const file = path.join(dir, 'shared.db');
    // Create the schema first so the writers race on writes, not on the first migration.
    await (await openStore(undefined, { sqlitePath: file, clock: systemClock })).close();
    const writers = ['cli', 'bot', 'bot2'].map((p) => ({ prefix: p, run: spawnChild('durability-writer.ts', ['qm-sqlite', file, p, '300']) }));
    const exits = await Promise.all(writers.map((w) => w.run.exited));
    expect(exits.map((e) => e.code), writers.map((w) => w.run.stderr()).join('\n')).toEqual([0, 0, 0]);
    const store = await openStore(undefined, { sqlitePath: file, clock: systemClock });
    const stored = await store.queryAudit({ limit: 1_000_000 });
    await store.close();
    expect(stored).toHaveLength(900);
    for (const w of writers) expect(stored.filter((e) => e.actor === `writer:${w.prefix}`).map((e) => e.data?.n)).toEqual(Array.from({ length: 300 }, (_, i) => i));
  });
});

describe('PGlite, the other candidate', () => {
  it('also keeps acknowledged writes across kill -9', async () => {
    const data = path.join(dir, 'pglite');
    const acked = await killMidStream('pglite', data, 'p', 100);
    const { PGlite } = await import('@electric-sql/pglite');
    const db = await PGlite.create(data);
    const rows = (await db.query<{ message: string }>('SELECT message FROM records')).rows.map((r) => r.message);
    await db.close();
    const stored = new Set(rows);
    expect(acked.filter((m) => !stored.has(m))).toEqual([]);
  }, 60_000);

  it('does not stop a second process from opening a data directory in use (the reason it is not the default)', async () => {
    // Two processes on one PGlite directory each run their own in-memory Postgres over the same
    // files: measured, it silently lost about a third of the acknowledged writes (docs/store.md).
    // If a PGlite release starts refusing the second opener, this test fails: time to reconsider.
    const data = path.join(dir, 'pglite-shared');
    const first = spawnChild('durability-writer.ts', ['pglite', data, 'a']);
    await first.waitFor((lines) => lines.length >= 5);
    const second = spawnChild('durability-writer.ts', ['pglite', data, 'b', '5']);
    const exit = await second.exited;
    first.child.kill('SIGKILL');
    await first.exited;
    expect(exit.code).toBe(0);
    expect(second.lines.filter(Boolean)).toHaveLength(5);
  }, 180_000);
});
