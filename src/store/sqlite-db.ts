import type Database from 'better-sqlite3';
import type { Db, SqlStatement } from './sql.js';

/** The store's connection on a SQLite file (better-sqlite3). */
export function sqliteDb(raw: Database.Database): Db & { readonly raw: Database.Database } {
  return {
    dialect: 'sqlite',
    raw,
    prepare: (sql) => statement(raw.prepare(sql)),
    exec: (sql) => {
      raw.exec(sql);
    },
    transaction: <T>(fn: () => T): T => raw.transaction(fn).immediate(),
    close: () => raw.close(),
  };
}

function statement(prepared: Database.Statement): SqlStatement {
  return {
    get: (...params) => prepared.get(...params),
    all: (...params) => prepared.all(...params),
    run: (...params) => ({ changes: prepared.run(...params).changes }),
    iterate: (...params) => prepared.iterate(...params) as IterableIterator<unknown>,
    pluck: () => statement(prepared.pluck()),
  };
}
