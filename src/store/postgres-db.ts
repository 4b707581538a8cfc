import { createRequire } from 'node:module';
import { toPostgres } from './postgres-sql.js';
import type { Db, RunResult, SqlStatement } from './sql.js';

/** PostgreSQL cannot be reached (down, cut off, refused): nothing was written by the failed statement. */
export class DatabaseUnavailableError extends Error {
  override readonly name = 'DatabaseUnavailableError';
}

/** The optional PostgreSQL driver is not installed. */
export class PostgresDriverMissingError extends Error {
  override readonly name = 'PostgresDriverMissingError';
}

/** A statement PostgreSQL refused; `sqlState` is its error code (23505: unique violation…). */
export class PostgresError extends Error {
  override readonly name = 'PostgresError';
  constructor(
    message: string,
    readonly sqlState: string | undefined,
  ) {
    super(message);
  }
}

interface NativeClient {
  connectSync(url: string): void;
  querySync(text: string, values?: unknown[]): Record<string, unknown>[];
  end(): void;
  pq: {
    cmdTuples(): string;
    resultErrorFields(): { sqlState?: string } | undefined;
    transactionStatus(): number;
  };
}
type NativeClientClass = new (config: { types: unknown }) => NativeClient;

/** One lock id for every write transaction of every instance: writers take turns, as on SQLite. */
export const WRITE_LOCK = 0x63726965; // "crie"

type TypeParsers = { getTypeParser(oid: number, format?: 'text' | 'binary'): unknown };

/** Integers come back as numbers, as SQLite gives them (counts and ids stay far below 2^53). */
function numberTypes(base: TypeParsers): TypeParsers {
  return {
    getTypeParser(oid, format) {
      if (oid === 20 || oid === 1700) return (value: string) => Number(value);
      return base.getTypeParser(oid, format);
    },
  };
}

/** Without these, a statement on a cut connection could wait for the system's TCP time-out (minutes). */
const CONNECTION_DEFAULTS: Record<string, string> = {
  connect_timeout: '5',
  keepalives: '1',
  keepalives_idle: '5',
  keepalives_interval: '2',
  keepalives_count: '3',
  tcp_user_timeout: '10000',
  application_name: 'crieur',
};

/**
 * A transaction here runs its statements one after the other with nothing in between: one left idle
 * is an instance cut off (or paused) in the middle of it. The server ends it, and with it the write
 * lock it holds, which would otherwise keep every other instance from writing (the standby from
 * taking the lease over) until the server noticed the connection was dead, possibly hours later.
 */
export const IDLE_IN_TRANSACTION_MS = 5000;

const UNREACHABLE =
  /could not connect|connection refused|server closed the connection|no connection to the server|terminating connection|connection timed out|could not receive data|could not send data|SSL SYSCALL|connection to server .* failed|timeout expired|Connection reset/i;

/** Loaded when a PostgreSQL store is opened: a SQLite install never pays for the driver. */
function loadDriver(): { Client: NativeClientClass; types: TypeParsers } {
  const require = createRequire(import.meta.url);
  try {
    const Client = require('pg-native') as NativeClientClass;
    return { Client, types: numberTypes((require('pg') as { types: TypeParsers }).types) };
  } catch (error) {
    throw new PostgresDriverMissingError(
      `PostgreSQL needs the optional package pg-native, which builds against libpq (Debian: libpq-dev): ${(error as Error).message}`,
    );
  }
}

/** The URL with the connection defaults the caller did not set. */
export function withConnectionDefaults(url: string): string {
  const given = new URL(url).searchParams;
  // Appended as text: serialising the URL again would write a space in `options` as '+', which libpq keeps.
  const added = Object.entries(CONNECTION_DEFAULTS)
    .filter(([key]) => !given.has(key))
    .map(([key, value]) => `${key}=${encodeURIComponent(value)}`);
  if (added.length === 0) return url;
  return `${url}${url.includes('?') ? '&' : '?'}${added.join('&')}`;
}

/** The URL without its password, for logs and messages. */
export function redactedUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return 'postgres://…';
  }
}

/**
 * The store's connection on PostgreSQL: one libpq connection, synchronous like better-sqlite3, so a
 * transaction (the fence check and the write it guards) runs with nothing of this process in between.
 * A lost connection is opened again on the next statement outside a transaction.
 */
export function postgresDb(url: string): Db & { readonly url: string } {
  const { Client, types } = loadDriver();
  const target = withConnectionDefaults(url);
  let client: NativeClient | null = null;
  let depth = 0;

  const connected = (): NativeClient => {
    if (client !== null) return client;
    const fresh = new Client({ types });
    try {
      fresh.connectSync(target);
      fresh.querySync('SET client_min_messages = warning');
      fresh.querySync(`SET idle_in_transaction_session_timeout = ${IDLE_IN_TRANSACTION_MS}`);
    } catch (error) {
      throw unavailable(error);
    }
    client = fresh;
    return fresh;
  };

  const query = (text: string, values?: unknown[]): { rows: Record<string, unknown>[]; changes: number } => {
    const current = connected();
    try {
      const rows = values === undefined ? current.querySync(text) : current.querySync(text, values);
      return { rows, changes: Number.parseInt(current.pq.cmdTuples(), 10) || 0 };
    } catch (error) {
      const message = (error as Error).message;
      if (UNREACHABLE.test(message) || current.pq.transactionStatus() === 4) {
        drop();
        throw unavailable(error);
      }
      throw new PostgresError(message.trim(), current.pq.resultErrorFields()?.sqlState);
    }
  };

  const drop = (): void => {
    const ending = client;
    client = null;
    if (ending === null) return;
    try {
      ending.end();
    } catch {
      // The connection is gone already.
    }
    // libpq's socket watcher finishes closing on a later turn of the event loop: the client must not be
    // collected before then (a collected one aborts the process in libuv).
    setTimeout(() => ending, 100).unref();
  };

  const statement = (sql: string, firstColumn: boolean): SqlStatement => {
    const rows = (params: unknown[]): unknown[] => {
      const { text, values } = toPostgres(sql, params);
      const found = query(text, values.map(toText)).rows;
      return firstColumn ? found.map((row) => Object.values(row)[0]) : found;
    };
    return {
      get: (...params) => rows(params)[0],
      all: (...params) => rows(params),
      run: (...params): RunResult => {
        const { text, values } = toPostgres(sql, params);
        return { changes: query(text, values.map(toText)).changes };
      },
      iterate: (...params) => rows(params)[Symbol.iterator](),
      pluck: () => statement(sql, true),
    };
  };

  return {
    dialect: 'postgres',
    url,
    prepare: (sql) => statement(sql, false),
    exec: (sql) => {
      query(sql);
    },
    transaction: <T>(fn: () => T): T => {
      const savepoint = `crieur_${depth}`;
      if (depth === 0) {
        query('BEGIN');
        try {
          query(`SELECT pg_advisory_xact_lock(${WRITE_LOCK})`);
        } catch (error) {
          rollback('ROLLBACK');
          throw error;
        }
      } else query(`SAVEPOINT ${savepoint}`);
      depth += 1;
      let result: T;
      try {
        result = fn();
      } catch (error) {
        depth -= 1;
        rollback(depth === 0 ? 'ROLLBACK' : `ROLLBACK TO SAVEPOINT ${savepoint}`);
        throw error;
      }
      depth -= 1;
      query(depth === 0 ? 'COMMIT' : `RELEASE SAVEPOINT ${savepoint}`);
      return result;
    },
    close: () => {
      drop();
    },
  };

  function rollback(command: string): void {
    try {
      if (client !== null) query(command);
    } catch {
      // The connection went with the transaction: the server rolls it back.
    }
  }
}

function toText(value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (Buffer.isBuffer(value)) return `\\x${value.toString('hex')}`;
  return typeof value === 'string' ? value : String(value);
}

function unavailable(error: unknown): DatabaseUnavailableError {
  const message = (error as Error).message.trim().split('\n')[0] ?? 'unreachable';
  return new DatabaseUnavailableError(`PostgreSQL unreachable: ${message}`, { cause: error });
}
