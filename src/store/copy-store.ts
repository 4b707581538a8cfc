import type { Db } from './sql.js';

/**
 * Every table a store's content lives in, parents before children. Not copied: `schema_migrations`
 * (each store has its own, at the same version), `instances` and `leases` (who runs where is the
 * running machines' business; a new store starts with no leader).
 */
export const CONTENT_TABLES = [
  'updates',
  'drafts',
  'draft_versions',
  'approvals',
  'ledger_parts',
  'ledger_media',
  'ledger_deletions',
  'audit_events',
  'audit_head',
  'users',
  'web_sessions',
  'web_secret',
  'network_accounts',
  'secret_key_check',
  'oauth_states',
  'media_files',
  'rehearsal_files',
] as const;

/** Values in one INSERT: under SQLite's default limit of 32 766 bound values. */
const ROWS_PER_STATEMENT_VALUES = 1600;

/** Tables whose `id` the database numbers: on PostgreSQL its counter continues after the copied rows. */
const NUMBERED = ['updates', 'drafts', 'approvals', 'audit_events'] as const;

/** How many rows each content table holds. */
export function rowCounts(db: Db): Record<string, number> {
  return Object.fromEntries(
    CONTENT_TABLES.map((table) => [table, Number(db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).pluck().get())]),
  );
}

/** Whether a store holds nothing yet (migrations applied, no content). */
export function isEmptyStore(db: Db): boolean {
  return Object.values(rowCounts(db)).every((count) => count === 0);
}

/**
 * Copies every content row of `from` into `to`, in one transaction of `to`: all of it or nothing.
 * Rows keep their ids; `extraRows` may add rows before the copy ends (the media files of a SQLite store).
 */
export function copyStoreRows(from: Db, to: Db, extraRows?: (to: Db) => void): Record<string, number> {
  return to.transaction(() => {
    const copied: Record<string, number> = {};
    for (const table of CONTENT_TABLES) {
      const rows = from.prepare(`SELECT * FROM ${table}`).all() as Record<string, unknown>[];
      copied[table] = rows.length;
      const first = rows[0];
      if (first === undefined) continue;
      const columns = Object.keys(first);
      const tuple = `(${columns.map(() => '?').join(', ')})`;
      // Many rows a statement: one round trip per row made a year of history take seconds on PostgreSQL.
      const batch = Math.max(1, Math.min(200, Math.floor(ROWS_PER_STATEMENT_VALUES / columns.length)));
      for (let start = 0; start < rows.length; start += batch) {
        const chunk = rows.slice(start, start + batch);
        to.prepare(`INSERT INTO ${table} (${columns.join(', ')}) VALUES ${chunk.map(() => tuple).join(', ')}`).run(
          ...chunk.flatMap((row) => columns.map((column) => row[column])),
        );
      }
    }
    extraRows?.(to);
    if (to.dialect === 'postgres') {
      for (const table of NUMBERED) {
        to.prepare(
          `SELECT setval(pg_get_serial_sequence('${table}', 'id'), COALESCE((SELECT MAX(id) FROM ${table}), 0) + 1, false)`,
        ).get();
      }
    }
    return copied;
  });
}
