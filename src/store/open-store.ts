import type { Clock } from '../clock.js';
import { ConfigInvalidError } from '../errors.js';
import { migrate } from './migrations.js';
import type { SqlDriver } from './sql-driver.js';
import { createSqlStore } from './sql-store.js';
import type { Store } from './store.js';

export interface OpenStoreOptions {
  /** The embedded file used when no database URL is given, e.g. `.qm/state.db`. */
  sqlitePath: string;
  clock: Clock;
  /** PostgreSQL only: keep the tables in this schema (created when missing). Tests use one per file. */
  pgSchema?: string;
  /** PostgreSQL only: pool size (default 10). */
  pgPoolSize?: number;
}

/**
 * Opens the store the configuration names and brings its schema up to date:
 * - a `postgres://` / `postgresql://` URL: PostgreSQL (several bot replicas);
 * - `sqlite:<path>` (or `file:<path>`): that SQLite file;
 * - `memory:`: an ephemeral store in this process (sql.js, in memory), for a single job such as
 *   a GitHub Action run without a database; `memory:<name>` keeps separate ones apart. Stores
 *   opened on one name in one process share it; it is gone when the last of them closes;
 * - nothing: the embedded SQLite file at `sqlitePath`.
 *
 * Each driver is imported only when chosen, so a bundle that never opens SQLite on disk or
 * PostgreSQL never loads better-sqlite3 (a native addon) or pg.
 *
 * @example
 * const store = await openStore(env.QM_DATABASE_URL, { sqlitePath: '.qm/state.db', clock: systemClock });
 * const scratch = await openStore('memory:', { sqlitePath: '.qm/state.db', clock: systemClock });
 * @throws StoreSchemaTooNewError when the store was written by a newer qm; StoreUnavailableError when it cannot be reached.
 */
export async function openStore(url: string | undefined, opts: OpenStoreOptions): Promise<Store> {
  const trimmed = url?.trim();
  let driver: SqlDriver;
  if (!trimmed) {
    driver = await (await import('./sqlite-driver.js')).openSqliteDriver(opts.sqlitePath);
  } else if (/^postgres(ql)?:\/\//i.test(trimmed)) {
    // Not echoed: an unparseable URL cannot be redacted reliably, and it holds the password.
    if (!URL.canParse(trimmed)) {
      throw new ConfigInvalidError('QM_DATABASE_URL is not a valid postgres:// URL (not shown: it may hold a password)', {
        fix: 'Write it as postgres://user:password@host:5432/db, with a numeric port and special characters of the password percent-encoded (%40 for @)',
      });
    }
    driver = (await import('./postgres-driver.js')).openPostgresDriver(trimmed, { schema: opts.pgSchema, max: opts.pgPoolSize });
  } else if (/^(sqlite|file):/i.test(trimmed)) {
    const file = trimmed.replace(/^(sqlite|file):(\/\/)?/i, '');
    // SQLite takes "" as a private temporary database: locks and approvals would vanish with the process.
    if (!file) throw new ConfigInvalidError(`QM_DATABASE_URL "${trimmed}" names no file`, { fix: 'Write the path after it, e.g. sqlite:.qm/state.db, or unset it to use the embedded file' });
    driver = await (await import('./sqlite-driver.js')).openSqliteDriver(file);
  } else if (/^memory:/i.test(trimmed)) {
    driver = await (await import('./sqljs-driver.js')).openSqljsDriver(trimmed.slice('memory:'.length));
  } else {
    throw new ConfigInvalidError(`QM_DATABASE_URL "${trimmed.replace(/\/\/[^@/]*@/, '//***@')}" is not a postgres://, sqlite: or memory: URL`, {
      fix: 'Set it to postgres://user:password@host:5432/db, to sqlite:<path>, or to memory: (an ephemeral store in this process), or unset it to use the embedded file',
    });
  }
  try {
    await migrate(driver, opts.clock.now(), undefined, driver.dialect === 'postgres' ? opts.pgSchema : undefined);
  } catch (e) {
    await driver.close().catch(() => undefined);
    throw e;
  }
  return createSqlStore(driver, opts.clock);
}
