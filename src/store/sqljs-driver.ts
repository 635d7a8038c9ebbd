import initSqlJs, { type SqlJsDatabase, type SqlJsStatement } from 'sql.js/dist/sql-wasm-inline.js';
import { StoreUnavailableError } from '../errors.js';
import type { SqlDriver, SqlRow, SqlTx, SqlValue } from './sql-driver.js';

interface MemoryDatabase {
  /** Settles once sql.js is loaded and the database exists. */
  ready: Promise<SqlJsDatabase>;
  /** Open drivers on it; the database is dropped when the last one closes. */
  refs: number;
  /** Transactions and reads of every driver on this database, one after the other. */
  queue: Promise<unknown>;
  statements: Map<string, SqlJsStatement>;
}

/** In-memory databases of this process by name, so stores opened on one name share their data. */
const databases = new Map<string, MemoryDatabase>();

function attach(name: string): MemoryDatabase {
  const existing = databases.get(name);
  if (existing) {
    existing.refs += 1;
    return existing;
  }
  const mem: MemoryDatabase = { ready: create(name), refs: 1, queue: Promise.resolve(), statements: new Map() };
  // A failed load must not stay cached under the name: the next open tries again.
  mem.ready.catch(() => {
    if (databases.get(name) === mem) databases.delete(name);
  });
  databases.set(name, mem);
  return mem;
}

async function create(name: string): Promise<SqlJsDatabase> {
  try {
    // sql.js loads (and compiles its WebAssembly) once per process; later databases reuse it.
    const SQL = await initSqlJs({ useOldExtensionFunctions: false });
    const db = new SQL.Database();
    db.exec('PRAGMA foreign_keys = ON');
    return db;
  } catch (cause) {
    throw new StoreUnavailableError(`Cannot create the in-memory store ${location(name)}: ${(cause as Error).message}`, {
      fix: 'Unset QM_DATABASE_URL to use the embedded file, or set it to a PostgreSQL database',
      cause,
    });
  }
}

function location(name: string): string {
  return `memory:${name}`;
}

/**
 * An ephemeral store's connection: SQLite compiled to WebAssembly (sql.js, the single-file build
 * with the binary inlined), in memory, in this process. Nothing is written to disk and nothing
 * native is loaded, so it runs from a bundled GitHub Action with no node_modules; the data lives
 * as long as a driver on `name` is open, and dies with the process. For one job at a time: other
 * processes cannot see it (in Actions, `concurrency:` provides the mutual exclusion).
 *
 * Drivers opened on one name in one process share the database (like SQLite drivers on one
 * file). sql.js is synchronous and has one connection per database, so transactions and reads
 * are queued in process: an async transaction never interleaves with another, and a read never
 * sees a transaction's uncommitted rows.
 *
 * @example const driver = await openSqljsDriver(''); // location "memory:"
 */
export async function openSqljsDriver(name: string): Promise<SqlDriver> {
  const mem = attach(name);
  let db: SqlJsDatabase;
  try {
    db = await mem.ready;
  } catch (e) {
    mem.refs -= 1;
    throw e;
  }
  let closed = false;

  const prepare = (sql: string): SqlJsStatement => {
    let st = mem.statements.get(sql);
    if (!st) {
      st = db.prepare(sql);
      mem.statements.set(sql, st);
    }
    return st;
  };
  const all = (sql: string, params: readonly SqlValue[] = []): SqlRow[] => {
    const st = prepare(sql);
    try {
      st.bind(params);
      const rows: SqlRow[] = [];
      while (st.step()) rows.push(st.getAsObject());
      return rows;
    } finally {
      st.reset();
    }
  };
  const tx: SqlTx = {
    all: async (sql, params) => all(sql, params),
    run: async (sql, params) => {
      all(sql, params);
      return { changes: db.getRowsModified() };
    },
    // Everything on this database is already serialised by the queue.
    serialize: async () => {},
  };

  const enqueue = <T>(op: () => Promise<T>): Promise<T> => {
    if (closed) return Promise.reject(new StoreUnavailableError(`The in-memory store ${location(name)} is closed`, { fix: 'Open it again with openStore' }));
    const next = mem.queue.then(op, op);
    mem.queue = next.catch(() => undefined);
    return next;
  };

  return {
    dialect: 'sqlite',
    location: location(name),
    transaction: (fn) =>
      enqueue(async () => {
        db.exec('BEGIN IMMEDIATE');
        try {
          const result = await fn(tx);
          db.exec('COMMIT');
          return result;
        } catch (e) {
          try {
            db.exec('ROLLBACK');
          } catch {
            // SQLite already rolled back (it does on some errors): nothing left to undo.
          }
          throw e;
        }
      }),
    all: (sql, params) => enqueue(async () => all(sql, params)),
    close: async () => {
      if (closed) return;
      closed = true;
      await mem.queue;
      mem.refs -= 1;
      if (mem.refs > 0) return;
      if (databases.get(name) === mem) databases.delete(name);
      // Closing frees the cached statements too.
      db.close();
    },
  };
}
