import { mkdirSync, statSync, type Stats } from 'node:fs';
import path from 'node:path';
import type Database from 'better-sqlite3';
import { describeFsError, StoreUnavailableError } from '../errors.js';
import { fileKindOf } from '../file-kind.js';
import type { SqlDriver, SqlRow, SqlTx, SqlValue } from './sql-driver.js';

/** How long a writer waits for another process's transaction before giving up. */
const BUSY_TIMEOUT_MS = 10_000;

interface Connection {
  db: Database.Database;
  refs: number;
  prepare(sql: string): Database.Statement;
  /** Transactions of this process, one after the other. */
  queue: Promise<unknown>;
}

/**
 * One connection per file per process. SQLite's busy wait blocks the thread: two connections
 * of one process to one file would wait on each other with the event loop stopped, so every
 * store of a process shares the connection and queues its transactions instead.
 */
const connections = new Map<string, Connection>();

function connect(BetterSqlite3: typeof Database, file: string): Connection {
  const key = file === ':memory:' ? undefined : path.resolve(file);
  const shared = key === undefined ? undefined : connections.get(key);
  if (shared) {
    shared.refs += 1;
    return shared;
  }
  if (key !== undefined) {
    const dir = path.dirname(key);
    try {
      mkdirSync(dir, { recursive: true });
    } catch (cause) {
      throw new StoreUnavailableError(`Cannot create the state directory ${dir} for the state file ${file}: ${describeFsError(cause) ?? (cause as Error).message}`, {
        fix: `Move aside what is in the way, or set QM_STATE_DIR to a writable directory (or QM_DATABASE_URL to a database)`,
        cause,
      });
    }
  }
  if (key !== undefined) refuseNonFile(file);
  let db: Database.Database | undefined;
  try {
    db = new BetterSqlite3(file, { timeout: BUSY_TIMEOUT_MS });
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
  } catch (cause) {
    if (db?.open) db.close();
    throw storeFault(file, cause, 'open');
  }
  const statements = new Map<string, Database.Statement>();
  const conn: Connection = {
    db,
    refs: 1,
    queue: Promise.resolve(),
    prepare: (sql) => {
      let st = statements.get(sql);
      if (!st) {
        st = db.prepare(sql);
        statements.set(sql, st);
      }
      return st;
    },
  };
  if (key !== undefined) connections.set(key, conn);
  return conn;
}

/**
 * The embedded store's connection: one SQLite file in WAL mode with `synchronous = FULL`, so a
 * committed write survives the process being killed (and the machine losing power), and the
 * CLI and the bot can use the same file at once (SQLite's file locks; see docs/store.md).
 *
 * better-sqlite3 is synchronous; transactions are `BEGIN IMMEDIATE` (the write lock is taken
 * up front, so two processes never deadlock upgrading a read) and are queued inside the
 * process, because an async `fn` could otherwise interleave two transactions on one connection.
 *
 * better-sqlite3 is imported when the first driver opens, not with this module: bundlers hoist a
 * static import of an external package to the bundle's start, and a bundled GitHub Action that
 * uses `memory:` or PostgreSQL must start without the native addon.
 *
 * @example const driver = await openSqliteDriver('.qm/state.db');
 */
export async function openSqliteDriver(file: string): Promise<SqlDriver> {
  const conn = connect(await loadBetterSqlite3(file), file);
  const { db } = conn;
  let closed = false;
  const all = (sql: string, params: readonly SqlValue[] = []): SqlRow[] => {
    const st = conn.prepare(sql);
    return st.reader ? (st.all(...params) as SqlRow[]) : (st.run(...params), []);
  };
  const tx: SqlTx = {
    all: async (sql, params) => all(sql, params),
    run: async (sql, params = []) => ({ changes: conn.prepare(sql).run(...params).changes }),
    serialize: async () => {},
  };

  const transaction = <T>(fn: (t: SqlTx) => Promise<T>): Promise<T> => {
    const run = async (): Promise<T> => {
      begin(db, file);
      try {
        const result = await fn(tx);
        db.exec('COMMIT');
        return result;
      } catch (e) {
        if (db.inTransaction) db.exec('ROLLBACK');
        throw storeFault(file, e, 'use');
      }
    };
    const next = conn.queue.then(run, run);
    conn.queue = next.catch(() => undefined);
    return next;
  };

  return {
    dialect: 'sqlite',
    location: file,
    transaction,
    all: async (sql, params) => {
      // Reads wait for queued transactions of this process, so a caller reads its own writes.
      await conn.queue;
      try {
        return all(sql, params);
      } catch (e) {
        throw storeFault(file, e, 'use');
      }
    },
    close: async () => {
      if (closed) return;
      closed = true;
      await conn.queue;
      conn.refs -= 1;
      if (conn.refs > 0) return;
      for (const [k, c] of connections) if (c === conn) connections.delete(k);
      if (db.open) db.close();
    },
  };
}

async function loadBetterSqlite3(file: string): Promise<typeof Database> {
  try {
    return (await import('better-sqlite3')).default;
  } catch (cause) {
    throw new StoreUnavailableError(`Cannot open the state file ${file}: better-sqlite3 cannot be loaded (${(cause as Error).message})`, {
      fix: 'Install qm with its dependencies (npm ci), or set QM_DATABASE_URL to memory: (an ephemeral store in this process) or to a PostgreSQL database',
      cause,
    });
  }
}

function begin(db: Database.Database, file: string): void {
  try {
    db.exec('BEGIN IMMEDIATE');
  } catch (cause) {
    if ((cause as { code?: string }).code === 'SQLITE_BUSY') {
      throw new StoreUnavailableError(`The state file ${file} stayed locked by another process for ${BUSY_TIMEOUT_MS / 1000} s`, {
        fix: 'Retry; if it persists, look for a stuck qm process using the file, or use PostgreSQL (QM_DATABASE_URL) for heavy concurrent use',
        cause,
      });
    }
    throw storeFault(file, cause, 'use');
  }
}

/** SQLite's answers that mean the file itself is unusable, with what to do about each. */
const MOVE_ASIDE = 'Move it aside (mv FILE FILE.corrupt); a new one is created, without the requests and audit log the old one held';
const FILE_FAULTS: Record<string, { why: string; fix: string }> = {
  SQLITE_NOTADB: { why: 'it is not a SQLite database (corrupt, or another kind of file)', fix: MOVE_ASIDE },
  SQLITE_CORRUPT: { why: 'the database is corrupt', fix: MOVE_ASIDE },
  SQLITE_CANTOPEN: { why: 'it cannot be opened (a directory, or its directory is missing or not writable)', fix: 'Make it a file in a writable directory, or set QM_STATE_DIR to one (or QM_DATABASE_URL to a database)' },
  SQLITE_READONLY: { why: 'it is read-only', fix: 'Make it and its directory writable, or set QM_STATE_DIR to a writable directory' },
  SQLITE_FULL: { why: 'the disk is full', fix: 'Free some space and retry' },
  SQLITE_PERM: { why: 'permission denied', fix: 'Make it and its directory writable, or set QM_STATE_DIR to a writable directory' },
};

/**
 * A SQLite or file-system error as a StoreUnavailableError naming the file and the fix; an
 * error that is not about the file (a constraint, a bug) is returned as it is.
 */
/**
 * A state file that is there but is no regular file, said as what it is: SQLite would block on a
 * FIFO, and answers a directory or a link loop with a guess ("cannot be opened", "disk I/O").
 */
function refuseNonFile(file: string): void {
  const fix = 'Move it aside (a new state file is created), or set QM_STATE_DIR to another directory (or QM_DATABASE_URL to a database)';
  let s: Stats | undefined;
  try {
    s = statSync(file, { throwIfNoEntry: false });
  } catch (cause) {
    throw new StoreUnavailableError(`Cannot open the state file ${file}: ${describeFsError(cause) ?? (cause as Error).message}`, { fix, cause });
  }
  if (s && !s.isFile()) throw new StoreUnavailableError(`Cannot open the state file ${file}: it is ${fileKindOf(s)}, not a regular file`, { fix });
}

function storeFault(file: string, cause: unknown, when: 'open' | 'use'): unknown {
  if (cause instanceof StoreUnavailableError) return cause;
  const code = (cause as { code?: unknown } | undefined)?.code;
  const known = typeof code === 'string' ? (FILE_FAULTS[code] ?? (code.startsWith('SQLITE_IOERR') ? { why: 'the disk could not be read or written', fix: 'Check the disk, then retry' } : undefined)) : undefined;
  if (known) return new StoreUnavailableError(`Cannot ${when} the state file ${file}: ${known.why}`, { fix: known.fix.replaceAll('FILE', file), cause, details: { sqliteCode: code } });
  if (when === 'use') return cause;
  return new StoreUnavailableError(`Cannot open the state file ${file}: ${describeFsError(cause) ?? (cause as Error).message}`, {
    fix: 'Check that it is a file in a writable directory, or set QM_STATE_DIR to another directory (or QM_DATABASE_URL to a database)',
    cause,
  });
}
