import type { Db } from './db.js';

/** Ids bound per query by `rowsForIds`: well under every driver's parameter limit. */
const IDS_PER_QUERY = 500;

/**
 * The rows a query returns for each of `ids` (each id asked once), 500 ids a query: `sql` is given
 * the `?, ?, …` to put in its `IN (…)`. For a page of drafts or updates, one query instead of one an id.
 * Rows come chunk after chunk, each chunk in the query's order.
 */
export function rowsForIds<Row>(db: Db, ids: readonly number[], sql: (marks: string) => string): Row[] {
  const unique = [...new Set(ids)];
  const rows: Row[] = [];
  for (let start = 0; start < unique.length; start += IDS_PER_QUERY) {
    const chunk = unique.slice(start, start + IDS_PER_QUERY);
    for (const row of db.prepare(sql(chunk.map(() => '?').join(', '))).all(...chunk)) rows.push(row as Row);
  }
  return rows;
}
