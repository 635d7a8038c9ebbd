import type { Clock } from '../clock.js';
import { ConfigInvalidError } from '../errors.js';
import { migrate } from './migrations.js';
import { openPostgresDriver } from './postgres-driver.js';
import { createSqlStore } from './sql-store.js';
import { openSqliteDriver } from './sqlite-driver.js';
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
 * PostgreSQL for a `postgres://` / `postgresql://` URL (several bot replicas), otherwise the
 * embedded SQLite file at `sqlitePath`.
 *
 * @example
 * const store = await openStore(env.QM_DATABASE_URL, { sqlitePath: '.qm/state.db', clock: systemClock });
 * @throws StoreSchemaTooNewError when the store was written by a newer qm; StoreUnavailableError when it cannot be reached.
 */
export async function openStore(url: string | undefined, opts: OpenStoreOptions): Promise<Store> {
  const trimmed = url?.trim();
  let driver;
  if (!trimmed) {
    driver = openSqliteDriver(opts.sqlitePath);
  } else if (/^postgres(ql)?:\/\//i.test(trimmed)) {
    driver = openPostgresDriver(trimmed, { schema: opts.pgSchema, max: opts.pgPoolSize });
  } else if (/^(sqlite|file):/i.test(trimmed)) {
    driver = openSqliteDriver(trimmed.replace(/^(sqlite|file):(\/\/)?/i, ''));
  } else {
    throw new ConfigInvalidError(`QM_DATABASE_URL "${trimmed.replace(/\/\/[^@/]*@/, '//***@')}" is neither a postgres:// URL nor a sqlite: path`, {
      fix: 'Set it to postgres://user:password@host:5432/db, or unset it to use the embedded file',
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
