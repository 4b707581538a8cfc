/**
 * The SQL connection the store is written against: the part of better-sqlite3's synchronous API the
 * repositories use, which the PostgreSQL connection (libpq, synchronous) offers too. Statements are
 * written once, in SQL both databases run; `dialect` picks the rare one that differs (JSON functions).
 */
export type Dialect = 'sqlite' | 'postgres';

/** Positional values (`?`), or one object for named ones (`@name`). */
export type SqlParams = unknown[];

export interface RunResult {
  /** Rows inserted, updated or deleted. */
  changes: number;
}

export interface SqlStatement {
  get(...params: SqlParams): unknown;
  all(...params: SqlParams): unknown[];
  run(...params: SqlParams): RunResult;
  iterate(...params: SqlParams): IterableIterator<unknown>;
  /** The same statement returning each row's first column only. */
  pluck(): SqlStatement;
}

export interface Db {
  readonly dialect: Dialect;
  prepare(sql: string): SqlStatement;
  /** Runs statements without parameters (schema changes). */
  exec(sql: string): void;
  /**
   * Runs `fn` in one write transaction, serialised with every other writer (SQLite's BEGIN IMMEDIATE;
   * on PostgreSQL a transaction-wide advisory lock): all of it is written, or none. Nested calls are savepoints.
   */
  transaction<T>(fn: () => T): T;
  close(): void;
}
