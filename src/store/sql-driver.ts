/**
 * The little SQL both store implementations share, so the store's logic is written once
 * (sql-store.ts) and only connection, transaction and dialect details differ.
 *
 * SQL is written with `?` placeholders; the PostgreSQL driver numbers them (`$1`...).
 */
export type SqlDialect = 'sqlite' | 'postgres';

export type SqlValue = string | number | null;
export type SqlRow = Record<string, unknown>;

export interface SqlTx {
  all(sql: string, params?: readonly SqlValue[]): Promise<SqlRow[]>;
  run(sql: string, params?: readonly SqlValue[]): Promise<{ changes: number }>;
  /**
   * Serialises transactions that use the same key until this one ends (PostgreSQL: a
   * transaction-level advisory lock). SQLite already runs one writing transaction at a time.
   */
  serialize(key: string): Promise<void>;
}

export interface SqlDriver {
  readonly dialect: SqlDialect;
  /** For messages: a file path, or a URL without its password. */
  readonly location: string;
  /** Runs `fn` in one writing transaction; commits when it resolves, rolls back when it throws. */
  transaction<T>(fn: (tx: SqlTx) => Promise<T>): Promise<T>;
  /** A read outside any explicit transaction. */
  all(sql: string, params?: readonly SqlValue[]): Promise<SqlRow[]>;
  close(): Promise<void>;
}
