import type { Db } from './db.js';
import { rowsForIds } from './rows-for-ids.js';
import type { UpdateRecord } from './types.js';

export function insertUpdate(
  db: Db,
  row: { date: string; sourcePath: string; sha256: string; parsed: unknown; importedBy: string; importedAt: string },
): number {
  const result = db
    .prepare(
      'INSERT INTO updates (date, source_path, sha256, parsed, imported_by, imported_at) VALUES (?, ?, ?, ?, ?, ?) RETURNING id',
    )
    .get(row.date, row.sourcePath, row.sha256, JSON.stringify(row.parsed), row.importedBy, row.importedAt) as {
    id: number;
  };
  return Number(result.id);
}

export function getUpdate(db: Db, id: number): (UpdateRecord & { parsed: unknown }) | null {
  const row = db
    .prepare(
      `SELECT id, date, source_path AS sourcePath, sha256, parsed, imported_by AS importedBy, imported_at AS importedAt
       FROM updates WHERE id = ?`,
    )
    .get(id) as (UpdateRecord & { parsed: string }) | undefined;
  return row === undefined ? null : { ...row, parsed: JSON.parse(row.parsed) as unknown };
}

/** The update's own publish time (`publishAt`), read without parsing the whole stored update. */
export function publishAtOfUpdate(db: Db, id: number): string | undefined {
  const row = db
    .prepare(`SELECT ${jsonField(db, 'parsed', 'publishAt')} AS publishAt FROM updates WHERE id = ?`)
    .get(id) as { publishAt: unknown } | undefined;
  return typeof row?.publishAt === 'string' ? row.publishAt : undefined;
}

/** The update's title (front matter `title`), read without parsing the whole stored update. */
export function updateTitle(db: Db, id: number): string | undefined {
  const row = db.prepare(`SELECT ${jsonField(db, 'parsed', 'title')} AS title FROM updates WHERE id = ?`).get(id) as
    | { title: unknown }
    | undefined;
  return typeof row?.title === 'string' ? row.title : undefined;
}

/**
 * The title and own publish time of each update in `ids`, in one query per 500: the queue page shows
 * two weeks of updates, and two round trips each cost it ~9 ms of ~40 on PostgreSQL over ten years.
 * An update that does not exist is left out.
 */
export function updateHeadings(
  db: Db,
  ids: readonly number[],
): Map<number, { title: string | undefined; publishAt: string | undefined }> {
  const headings = new Map<number, { title: string | undefined; publishAt: string | undefined }>();
  const rows = rowsForIds<{ id: number; title: unknown; publishAt: unknown }>(
    db,
    ids,
    (marks) =>
      `SELECT id, ${jsonField(db, 'parsed', 'title')} AS title, ${jsonField(db, 'parsed', 'publishAt')} AS "publishAt"
       FROM updates WHERE id IN (${marks})`,
  );
  for (const row of rows) {
    headings.set(Number(row.id), {
      title: typeof row.title === 'string' ? row.title : undefined,
      publishAt: typeof row.publishAt === 'string' ? row.publishAt : undefined,
    });
  }
  return headings;
}

/**
 * A top-level field of a JSON text column, as SQL for the store's database. On PostgreSQL as `json`,
 * which is read as it is, not converted whole into `jsonb` first.
 */
function jsonField(db: Db, column: string, field: string): string {
  return db.dialect === 'postgres' ? `${column}::json ->> '${field}'` : `json_extract(${column}, '$.${field}')`;
}
