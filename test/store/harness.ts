import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import type { Clock } from '../../src/clock.js';
import { openStore } from '../../src/store/open-store.js';
import { openPostgresDriver } from '../../src/store/postgres-driver.js';
import type { SqlDriver } from '../../src/store/sql-driver.js';
import { openSqliteDriver } from '../../src/store/sqlite-driver.js';
import { openSqljsDriver } from '../../src/store/sqljs-driver.js';
import type { Store } from '../../src/store/store.js';

/** One fresh, empty store location (a temp file, or a PostgreSQL schema) that can be opened several times. */
export interface StoreLocation {
  open(clock: Clock): Promise<Store>;
  /** Raw SQL on the same database, bypassing the Store (to prove what the database itself refuses). */
  exec(sql: string): Promise<void>;
  /** A driver on the same database without migrating it (to build a store of an older schema); the caller closes it. */
  driver(): Promise<SqlDriver>;
  /** The URL (PostgreSQL, or `memory:<name>`, which only this process can open) or file (SQLite) child processes should open. */
  url: string | undefined;
  sqlitePath: string;
  pgSchema?: string;
  dispose(): Promise<void>;
}

export interface StoreHarness {
  name: string;
  fresh(): Promise<StoreLocation>;
}

export const sqliteHarness: StoreHarness = {
  name: 'sqlite',
  async fresh() {
    const dir = mkdtempSync(path.join(tmpdir(), 'qm-store-'));
    const file = path.join(dir, 'state.db');
    return {
      url: undefined,
      sqlitePath: file,
      open: (clock) => openStore(undefined, { sqlitePath: file, clock }),
      driver: () => openSqliteDriver(file),
      async exec(sql) {
        const db = new Database(file);
        try {
          db.exec(sql);
        } finally {
          db.close();
        }
      },
      async dispose() {
        rmSync(dir, { recursive: true, force: true });
      },
    };
  },
};

let memoryCount = 0;

/**
 * The ephemeral store (`memory:<name>`, sql.js), one name per location. The location holds a
 * driver of its own on the database until it is disposed: it runs `exec`, and it keeps the data
 * while a test closes and reopens its stores, as a file outlives them.
 */
export const memoryHarness: StoreHarness = {
  name: 'memory (sql.js)',
  async fresh() {
    const name = `qm-test-${process.pid}-${++memoryCount}`;
    const url = `memory:${name}`;
    const holder = await openSqljsDriver(name);
    return {
      url,
      sqlitePath: '/nonexistent/unused.db',
      open: (clock) => openStore(url, { sqlitePath: '/nonexistent/unused.db', clock }),
      driver: () => openSqljsDriver(name),
      async exec(sql) {
        await holder.transaction((tx) => tx.run(sql));
      },
      dispose: () => holder.close(),
    };
  },
};

export const DEFAULT_TEST_POSTGRES_URL = 'postgres://qm:qm@127.0.0.1:5432/qm_test';

/** The URL of the test server, or undefined (with the reason) when none answers. */
export async function reachablePostgres(url: string): Promise<{ ok: true } | { ok: false; reason: string }> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return { ok: true };
  } catch (e) {
    return { ok: false, reason: (e as Error).message };
  } finally {
    await client.end().catch(() => undefined);
  }
}

export function postgresHarness(url: string): StoreHarness {
  return {
    name: 'postgres',
    async fresh() {
      const schema = `qm_t_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
      const admin = async (sql: string, search = true): Promise<void> => {
        const client = new pg.Client({ connectionString: url, ...(search ? { options: `-c search_path=${schema}` } : {}) });
        await client.connect();
        try {
          await client.query(sql);
        } finally {
          await client.end();
        }
      };
      return {
        url,
        sqlitePath: '/nonexistent/unused.db',
        pgSchema: schema,
        open: (clock) => openStore(url, { sqlitePath: '/nonexistent/unused.db', clock, pgSchema: schema }),
        exec: (sql) => admin(sql),
        driver: async () => openPostgresDriver(url, { schema }),
        dispose: () => admin(`DROP SCHEMA IF EXISTS ${schema} CASCADE`, false),
      };
    },
  };
}
