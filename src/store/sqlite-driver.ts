import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type Database from 'better-sqlite3';
import { StoreUnavailableError } from '../errors.js';
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
  let db: Database.Database;
  try {
    if (key !== undefined) mkdirSync(path.dirname(key), { recursive: true });
    db = new BetterSqlite3(file, { timeout: BUSY_TIMEOUT_MS });
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
  } catch (cause) {
    throw new StoreUnavailableError(`Cannot open the state file ${file}: ${(cause as Error).message}`, {
      fix: 'Check that its directory is writable, or set QM_DATABASE_URL to a PostgreSQL database',
      cause,
    });
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
        throw e;
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
      return all(sql, params);
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
    throw cause;
  }
}
