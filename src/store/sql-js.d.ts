/**
 * The part of sql.js's API that sqljs-driver.ts uses, for its single-file build (the WebAssembly
 * binary inlined in the JavaScript). @types/sql.js declares only the package's main entry and
 * pulls in @types/emscripten; this is all the driver needs.
 */
declare module 'sql.js/dist/sql-wasm-inline.js' {
  /** What a column holds when read: INTEGER and REAL as number, TEXT as string, BLOB as bytes. */
  export type SqlJsValue = number | string | Uint8Array | null;

  export interface SqlJsStatement {
    /** Binds `?` parameters in order (and resets the statement). */
    bind(values?: readonly (number | string | null)[]): boolean;
    /** Advances to the next row; false when there is none (or the statement does not return rows). */
    step(): boolean;
    getAsObject(): Record<string, SqlJsValue>;
    reset(): boolean;
    free(): boolean;
  }

  export interface SqlJsDatabase {
    exec(sql: string): { columns: string[]; values: SqlJsValue[][] }[];
    prepare(sql: string): SqlJsStatement;
    /** Rows changed by the last INSERT, UPDATE or DELETE (sqlite3_changes). */
    getRowsModified(): number;
    close(): void;
  }

  export interface SqlJsStatic {
    Database: new () => SqlJsDatabase;
  }

  export interface SqlJsConfig {
    /** false: SQLite's own math functions instead of sql.js's deprecated extension functions (which warn on use). */
    useOldExtensionFunctions?: boolean;
  }

  /** Loads the module once per process; later calls answer the same promise (and ignore `config`). */
  export default function initSqlJs(config?: SqlJsConfig): Promise<SqlJsStatic>;
}
