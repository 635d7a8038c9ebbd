import { StoreSchemaTooNewError } from '../errors.js';
import type { SqlDialect, SqlDriver, SqlTx } from './sql-driver.js';

/**
 * Versioned schema changes, applied in order at start-up. Never edit a released migration:
 * add the next one. A store whose schema is newer than the last migration this code knows
 * refuses to open (an older qm must not write into a newer layout).
 */
export interface Migration {
  version: number;
  name: string;
  /** Statements for the dialect, run in one transaction. */
  up(dialect: SqlDialect): string[];
}

/** Times are epoch milliseconds (BIGINT) and JSON is TEXT in both dialects, so both stores read back the same values. */
export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'requests, votes, locks, audit log',
    up: (d) => {
      const seq = d === 'sqlite' ? 'INTEGER PRIMARY KEY AUTOINCREMENT' : 'BIGSERIAL PRIMARY KEY';
      return [
        `CREATE TABLE qm_requests (
          id TEXT PRIMARY KEY,
          actor TEXT NOT NULL,
          door TEXT NOT NULL,
          command TEXT NOT NULL,
          envs TEXT NOT NULL,
          env_keys TEXT NOT NULL,
          scope TEXT NOT NULL,
          fingerprint TEXT NOT NULL,
          plan TEXT,
          plan_ref TEXT,
          reason TEXT NOT NULL,
          requirements TEXT NOT NULL,
          state TEXT NOT NULL,
          state_reason TEXT,
          created_at BIGINT NOT NULL,
          updated_at BIGINT NOT NULL,
          expires_at BIGINT NOT NULL,
          claim TEXT,
          version INTEGER NOT NULL
        )`,
        // At most one open request per scope: the database itself backs up supersession.
        `CREATE UNIQUE INDEX qm_requests_open_scope ON qm_requests (scope) WHERE state IN ('requested', 'approved')`,
        `CREATE INDEX qm_requests_created ON qm_requests (created_at)`,
        `CREATE TABLE qm_votes (
          request_id TEXT NOT NULL REFERENCES qm_requests (id),
          approver TEXT NOT NULL,
          position INTEGER NOT NULL,
          door TEXT NOT NULL,
          at BIGINT NOT NULL,
          fingerprint TEXT NOT NULL,
          groups TEXT NOT NULL,
          comment TEXT,
          PRIMARY KEY (request_id, approver)
        )`,
        `CREATE TABLE qm_locks (
          env TEXT PRIMARY KEY,
          holder TEXT NOT NULL,
          purpose TEXT NOT NULL,
          token TEXT NOT NULL,
          acquired_at BIGINT NOT NULL,
          renewed_at BIGINT NOT NULL,
          expires_at BIGINT NOT NULL
        )`,
        `CREATE TABLE qm_audit (
          seq ${seq},
          at BIGINT NOT NULL,
          actor TEXT NOT NULL,
          door TEXT,
          kind TEXT NOT NULL,
          env_keys TEXT NOT NULL,
          fingerprint TEXT,
          request_id TEXT,
          message TEXT NOT NULL,
          data TEXT
        )`,
        `CREATE INDEX qm_audit_at ON qm_audit (at)`,
        ...appendOnly(d, 'qm_audit'),
      ];
    },
  },
  {
    version: 2,
    name: 'overrides (temporary changes from chat)',
    up: () => [
      // `seq` orders overrides created in the same millisecond (the later one wins when applied).
      `CREATE TABLE qm_overrides (
        id TEXT PRIMARY KEY,
        seq INTEGER NOT NULL UNIQUE,
        env TEXT NOT NULL,
        target TEXT,
        change TEXT NOT NULL,
        owner TEXT NOT NULL,
        reason TEXT NOT NULL,
        request_id TEXT,
        thread TEXT,
        created_at BIGINT NOT NULL,
        expires_at BIGINT,
        state TEXT NOT NULL CHECK (state IN ('active', 'ended', 'expired')),
        ended_at BIGINT,
        ended_by TEXT,
        ended_reason TEXT,
        CHECK ((state = 'active') = (ended_at IS NULL))
      )`,
      `CREATE INDEX qm_overrides_env ON qm_overrides (env, state)`,
      `CREATE INDEX qm_overrides_due ON qm_overrides (expires_at) WHERE state = 'active'`,
    ],
  },
  {
    version: 3,
    name: 'request plans apart from requests',
    // Written once when the request is made. In qm_requests every state change rewrote it
    // (SQLite rewrites the whole row): one apply grew the file by twice the plan. Requests made
    // before keep theirs in qm_requests.plan, read as they are (see rows.ts).
    up: () => [
      `CREATE TABLE qm_request_plans (
        request_id TEXT PRIMARY KEY REFERENCES qm_requests (id),
        plan TEXT NOT NULL
      )`,
    ],
  },
];

/** The newest schema version this code understands. */
export const LATEST_SCHEMA_VERSION = MIGRATIONS.reduce((v, m) => Math.max(v, m.version), 0);

/** Triggers that refuse UPDATE and DELETE (and TRUNCATE in PostgreSQL) on the audit table. */
function appendOnly(d: SqlDialect, table: string): string[] {
  const message = `${table} is append-only`;
  if (d === 'sqlite') {
    return ['UPDATE', 'DELETE'].map(
      (op) => `CREATE TRIGGER ${table}_no_${op.toLowerCase()} BEFORE ${op} ON ${table} BEGIN SELECT RAISE(ABORT, '${message}'); END`,
    );
  }
  return [
    `CREATE FUNCTION ${table}_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION '${message}'; END $$`,
    `CREATE TRIGGER ${table}_no_change BEFORE UPDATE OR DELETE ON ${table} FOR EACH ROW EXECUTE FUNCTION ${table}_append_only()`,
    `CREATE TRIGGER ${table}_no_truncate BEFORE TRUNCATE ON ${table} FOR EACH STATEMENT EXECUTE FUNCTION ${table}_append_only()`,
    `REVOKE UPDATE, DELETE, TRUNCATE ON ${table} FROM PUBLIC`,
  ];
}

/**
 * Brings the schema to the newest version, one transaction per migration. Safe when several
 * processes start at once (PostgreSQL: an advisory lock; SQLite: the write lock).
 *
 * @example const version = await migrate(driver, new Date()); // LATEST_SCHEMA_VERSION
 * @throws StoreSchemaTooNewError when the store was written by a newer qm.
 */
export async function migrate(driver: SqlDriver, now: Date, migrations: readonly Migration[] = MIGRATIONS, schema?: string): Promise<number> {
  const latest = migrations.reduce((v, m) => Math.max(v, m.version), 0);
  const pending = async (tx: SqlTx): Promise<number> => {
    await tx.serialize('qm:migrations');
    if (schema) await tx.run(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
    await tx.run('CREATE TABLE IF NOT EXISTS qm_schema (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)');
    const rows = await tx.all('SELECT MAX(version) AS v FROM qm_schema');
    return Number(rows[0]?.v ?? 0);
  };
  let current = await driver.transaction(pending);
  if (current > latest) throw tooNew(driver, current, latest);
  for (const m of [...migrations].sort((a, b) => a.version - b.version)) {
    if (m.version <= current) continue;
    current = await driver.transaction(async (tx) => {
      // Re-read under the lock: another process may have applied it meanwhile.
      const v = await pending(tx);
      if (v > latest) throw tooNew(driver, v, latest);
      if (v >= m.version) return v;
      for (const statement of m.up(driver.dialect)) await tx.run(statement);
      await tx.run('INSERT INTO qm_schema (version, name, applied_at) VALUES (?, ?, ?)', [m.version, m.name, now.getTime()]);
      return m.version;
    });
  }
  return current;
}

function tooNew(driver: SqlDriver, found: number, latest: number): StoreSchemaTooNewError {
  return new StoreSchemaTooNewError(
    `The store at ${driver.location} has schema version ${found}, but this qm understands versions up to ${latest}`,
    { fix: 'Upgrade qm to the version the other processes use (or point QM_DATABASE_URL at another database)', details: { found, latest } },
  );
}
