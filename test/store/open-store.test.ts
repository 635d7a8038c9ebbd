import { mkdtempSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createManualClock } from '../../src/clock.js';
import { ErrorCode, isQmError } from '../../src/errors.js';
import { openStore } from '../../src/store/open-store.js';

const clock = createManualClock();

describe('openStore', () => {
  it('uses the embedded file when no URL is set (and for sqlite: URLs), creating its directory', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'qm-open-'));
    try {
      for (const [url, file] of [
        [undefined, path.join(dir, '.qm', 'state.db')],
        ['  ', path.join(dir, '.qm', 'state.db')],
        [`sqlite:${path.join(dir, 'other.db')}`, path.join(dir, 'other.db')],
      ] as const) {
        const store = await openStore(url, { sqlitePath: path.join(dir, '.qm', 'state.db'), clock });
        expect([store.kind, store.location]).toEqual(['sqlite', file]);
        await store.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('opens an ephemeral store in this process for memory:, writing no file', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'qm-open-'));
    try {
      const store = await openStore('memory:', { sqlitePath: path.join(dir, '.qm', 'state.db'), clock });
      expect([store.kind, store.location]).toEqual(['sqlite', 'memory:']);
      await store.appendAudit({ actor: 'cli:test', kind: 'plan', message: 'kept in memory' });
      expect((await store.queryAudit()).map((e) => e.message)).toEqual(['kept in memory']);
      await store.close();
      expect(readdirSync(dir)).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses a URL it does not understand, without echoing its password', async () => {
    const err = await openStore('mysql://root:hunter2@db/qm', { sqlitePath: 'x.db', clock }).catch((e: unknown) => e);
    expect(isQmError(err, ErrorCode.ConfigInvalid)).toBe(true);
    expect((err as Error).message).toBe('QM_DATABASE_URL "mysql://***@db/qm" is not a postgres://, sqlite: or memory: URL. Set it to postgres://user:password@host:5432/db, to sqlite:<path>, or to memory: (an ephemeral store in this process), or unset it to use the embedded file');
  });

  it('says how to fix an unreachable PostgreSQL, without its password', async () => {
    const err = await openStore('postgres://qm:hunter2@127.0.0.1:1/qm', { sqlitePath: 'x.db', clock }).catch((e: unknown) => e);
    expect(isQmError(err, ErrorCode.StoreUnavailable)).toBe(true);
    expect((err as Error).message).toMatch(/^Cannot reach PostgreSQL at postgres:\/\/qm:\*\*\*@127\.0\.0\.1:1\/qm: .*ECONNREFUSED.*Check QM_DATABASE_URL/);
    expect((err as Error).message).not.toContain('hunter2');
  });

  it('says a corrupt state file is not a database, and to move it aside', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'qm-open-'));
    try {
      const file = path.join(dir, 'state.db');
      writeFileSync(file, Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 131 + 17) % 256)));
      const err = await openStore(undefined, { sqlitePath: file, clock }).catch((e: unknown) => e);
      expect(isQmError(err, ErrorCode.StoreUnavailable)).toBe(true);
      expect((err as Error).message).toBe(
        `Cannot open the state file ${file}: it is not a SQLite database (corrupt, or another kind of file). Move it aside (mv ${file} ${file}.corrupt); a new one is created, without the requests and audit log the old one held`,
      );
      // Moved aside, a new one is created.
      renameSync(file, `${file}.corrupt`);
      const store = await openStore(undefined, { sqlitePath: file, clock });
      expect(await store.listLocks()).toEqual([]);
      await store.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('says how to fix a state file it cannot create', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'qm-open-'));
    try {
      // A file where the directory should be.
      const blocker = path.join(dir, 'not-a-dir');
      writeFileSync(blocker, 'x');
      const err = await openStore(undefined, { sqlitePath: path.join(blocker, 'state.db'), clock }).catch((e: unknown) => e);
      expect(isQmError(err, ErrorCode.StoreUnavailable)).toBe(true);
      expect((err as Error).message).toMatch(/^Cannot create the state directory .*not-a-dir for the state file .*not-a-dir\/state.db: a file is where the directory should be\. Move aside what is in the way, or set QM_STATE_DIR/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
