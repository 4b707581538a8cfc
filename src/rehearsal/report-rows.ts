import { existsSync, mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import type { Store } from '../store/db.js';
import { writeAtomically } from '../store/media-rows.js';

/** What a report folder holds that the page shows: the report, its JSON and the cards it shows. */
const KEPT = /^(report\.html|report\.json|media\/[0-9A-Za-z._-]{1,160})$/;

/**
 * Keeps a rehearsal report in the database (PostgreSQL): the page of the other machine shows it too.
 * On SQLite the report folder in the data directory is all there is.
 */
export function saveReportRows(store: Store, id: string, dir: string): void {
  if (store.dialect !== 'postgres') return;
  const files = filesUnder(dir).filter((name) => KEPT.test(name));
  store.transaction(() => {
    const insert = store.db.prepare(
      `INSERT INTO rehearsal_files (report_id, name, bytes, created_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (report_id, name) DO NOTHING`,
    );
    const at = new Date().toISOString();
    for (const name of files) insert.run(id, name, readFileSync(join(dir, name)), at);
  });
}

/** Writes into `root` every report the database holds that this machine has not got (PostgreSQL). */
export function localReports(store: Store, root: string): void {
  if (store.dialect !== 'postgres') return;
  const ids = store.db.prepare('SELECT DISTINCT report_id FROM rehearsal_files').pluck().all() as string[];
  for (const id of ids) {
    if (existsSync(join(root, id, 'report.html'))) continue;
    const rows = store.db.prepare('SELECT name, bytes FROM rehearsal_files WHERE report_id = ?').all(id) as {
      name: string;
      bytes: Buffer;
    }[];
    // report.html last: a report is listed once it is whole.
    rows.sort((a, b) => Number(a.name === 'report.html') - Number(b.name === 'report.html'));
    for (const row of rows) {
      const path = join(root, id, row.name);
      mkdirSync(dirname(path), { recursive: true });
      writeAtomically(path, row.bytes);
    }
  }
}

function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  const found: string[] = [];
  const walk = (folder: string) => {
    for (const entry of readdirSync(folder)) {
      const path = join(folder, entry);
      if (statSync(path).isDirectory()) walk(path);
      else found.push(relative(dir, path).split('\\').join('/'));
    }
  };
  walk(dir);
  return found;
}
