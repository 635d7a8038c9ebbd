import { mkdirSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { StoreUnavailableError } from '../errors.js';
import type { SqlDriver, SqlRow, SqlTx, SqlValue } from './sql-driver.js';

/** How long a writer waits for another process's transaction before giving up. */
const BUSY_TIMEOUT_MS = 10_000;

/**
 * The embedded store's connection: one SQLite file in WAL mode with `synchronous = FULL`, so a
 * committed write survives the process being killed (and the machine losing power), and the
 * CLI and the bot can use the same file at once (SQLite's file locks; see docs/store.md).
 *
 * better-sqlite3 is synchronous; transactions are `BEGIN IMMEDIATE` (the write lock is taken
 * up front, so two processes never deadlock upgrading a read) and are queued inside the
 * process, because an async `fn` could otherwise interleave two transactions on one connection.
 *
 * @example const driver = openSqliteDriver('.qm/state.db');
 */
export function openSqliteDriver(file: string): SqlDriver {
  let db: Database.Database;
  try {
    if (file !== ':memory:') mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
    db = new Database(file, { timeout: BUSY_TIMEOUT_MS });
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
  const prepare = (sql: string): Database.Statement => {
    let st = statements.get(sql);
    if (!st) {
      st = db.prepare(sql);
      statements.set(sql, st);
    }
    return st;
  };
  const all = (sql: string, params: readonly SqlValue[] = []): SqlRow[] => {
    const st = prepare(sql);
    return st.reader ? (st.all(...params) as SqlRow[]) : (st.run(...params), []);
  };
  const tx: SqlTx = {
    all: async (sql, params) => all(sql, params),
    run: async (sql, params = []) => ({ changes: prepare(sql).run(...params).changes }),
    serialize: async () => {},
  };

  let queue: Promise<unknown> = Promise.resolve();
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
    const next = queue.then(run, run);
    queue = next.catch(() => undefined);
    return next;
  };

  return {
    dialect: 'sqlite',
    location: file,
    transaction,
    all: async (sql, params) => {
      // Reads wait for queued transactions of this process, so a caller reads its own writes.
      await queue;
      return all(sql, params);
    },
    close: async () => {
      await queue;
      if (db.open) db.close();
    },
  };
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
