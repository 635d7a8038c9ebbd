import pg from 'pg';
import { StoreUnavailableError } from '../errors.js';
import type { SqlDriver, SqlRow, SqlTx, SqlValue } from './sql-driver.js';

const INT8_OID = 20;
/** How long a connection (TCP and the server's first answer) may take: a firewall that drops packets must not hang qm. */
const CONNECT_TIMEOUT_MS = 10_000;

export interface PostgresDriverOptions {
  /** A schema to keep the tables in (created when missing); default `public`. Tests give each file its own. */
  schema?: string;
  /** Pool size; default 10. */
  max?: number;
}

/**
 * The shared store's connection: a `pg` pool. Each transaction runs on one pooled client
 * (READ COMMITTED); rows are changed under `SELECT ... FOR UPDATE` and per-key advisory
 * transaction locks (`serialize`), so replicas never lose an update.
 *
 * @example const driver = openPostgresDriver('postgres://qm:secret@db:5432/qm');
 */
export function openPostgresDriver(url: string, opts: PostgresDriverOptions = {}): SqlDriver {
  const schema = opts.schema;
  if (schema !== undefined && !/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) {
    throw new StoreUnavailableError(`Invalid PostgreSQL schema name "${schema}"`, { fix: 'Use lower-case letters, digits and underscores' });
  }
  const location = redactUrl(url);
  const pool = new pg.Pool({
    connectionString: url,
    max: opts.max ?? 10,
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
    // bigint columns hold epoch milliseconds and sequence numbers, all far below 2^53.
    types: { getTypeParser: ((oid: number, format?: string) => (oid === INT8_OID ? Number : pg.types.getTypeParser(oid, format as 'text'))) as typeof pg.types.getTypeParser },
    ...(schema ? { options: `-c search_path=${schema}` } : {}),
  });
  // An idle client losing its connection must not crash the process; the next query reports it.
  pool.on('error', () => undefined);

  const connect = async (): Promise<pg.PoolClient> => {
    try {
      return await pool.connect();
    } catch (cause) {
      const why = /timeout/i.test((cause as Error).message) ? `no answer within ${CONNECT_TIMEOUT_MS / 1000} s` : (cause as Error).message;
      throw new StoreUnavailableError(`Cannot reach PostgreSQL at ${location}: ${why}`, {
        fix: 'Check QM_DATABASE_URL and that the server is running (for tests: scripts/ensure-postgres.sh)',
        cause,
      });
    }
  };

  const txOf = (client: pg.PoolClient): SqlTx => ({
    all: async (sql, params) => (await client.query(numbered(sql), params as SqlValue[] | undefined)).rows as SqlRow[],
    run: async (sql, params) => ({ changes: (await client.query(numbered(sql), params as SqlValue[] | undefined)).rowCount ?? 0 }),
    serialize: async (key) => {
      await client.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [key]);
    },
  });

  return {
    dialect: 'postgres',
    location,
    transaction: async (fn) => {
      const client = await connect();
      let broken = false;
      try {
        await client.query('BEGIN');
        const result = await fn(txOf(client));
        await client.query('COMMIT');
        return result;
      } catch (e) {
        try {
          await client.query('ROLLBACK');
        } catch {
          broken = true;
        }
        throw e;
      } finally {
        client.release(broken);
      }
    },
    all: async (sql, params) => {
      const client = await connect();
      try {
        return (await client.query(numbered(sql), params as SqlValue[] | undefined)).rows as SqlRow[];
      } finally {
        client.release();
      }
    },
    close: () => pool.end(),
  };
}

/** `?` placeholders to `$1, $2...` (the store's SQL never has `?` inside a literal). */
function numbered(sql: string): string {
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
}

/** The URL without its password, for messages and `Store.location`. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return 'postgres://(unparseable URL)';
  }
}
