import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { sitePagePath } from '../../src/pipeline/site-url.js';
import { writeFileAtomic } from './atomic-write.js';

/**
 * What is known of one published page, kept beside it (`page.json`). Written last, after the page,
 * the index and the feed: when it is there with a post's hash, that post is fully on the site.
 */
export interface PageRecord {
  format: 1;
  /** Update date, `YYYY-MM-DD`; one page per date. */
  date: string;
  /** Entry title (title and date). */
  title: string;
  subtitle?: string;
  url: string;
  /** Key of the post part that wrote the page. */
  key: string;
  /** sha256 of the approved post text. */
  textSha256: string;
  mediaIds: string[];
  /** sha256 of the page file as written. */
  pageSha256: string;
  /** First publication, ISO instant. */
  published: string;
  /** Last change of content, ISO instant; equals `published` until the update is replaced. */
  updated: string;
  /** The article, for the feed entry. */
  contentHtml: string;
}

export const RECORD_FILE = 'page.json';

/** `2026-05-14` → `2026/05/14`: the page's folder, under the output directory and the base URL. */
export const pagePath = sitePagePath;

export async function readRecord(outputDir: string, date: string): Promise<PageRecord | undefined> {
  return parseRecord(await readOptional(join(outputDir, pagePath(date), RECORD_FILE)));
}

export async function writeRecord(outputDir: string, record: PageRecord): Promise<void> {
  await writeFileAtomic(join(outputDir, pagePath(record.date), RECORD_FILE), `${JSON.stringify(record, null, 2)}\n`);
}

/** Every page record under the output directory (`YYYY/MM/DD/page.json`), newest update first. */
export async function listRecords(outputDir: string): Promise<PageRecord[]> {
  const records: PageRecord[] = [];
  for (const year of await digitDirs(outputDir, 4)) {
    for (const month of await digitDirs(join(outputDir, year), 2)) {
      for (const day of await digitDirs(join(outputDir, year, month), 2)) {
        const record = parseRecord(await readOptional(join(outputDir, year, month, day, RECORD_FILE)));
        if (record && record.date === `${year}-${month}-${day}`) records.push(record);
      }
    }
  }
  return records.sort((a, b) => b.date.localeCompare(a.date));
}

async function digitDirs(dir: string, length: number): Promise<string[]> {
  let entries: import('node:fs').Dirent[];
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const pattern = new RegExp(`^\\d{${length}}$`);
  return entries.filter((entry) => entry.isDirectory() && pattern.test(entry.name)).map((entry) => entry.name);
}

async function readOptional(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/** A record another tool damaged reads as absent: the page is then written again. */
function parseRecord(text: string | undefined): PageRecord | undefined {
  if (text === undefined) return undefined;
  try {
    const value = JSON.parse(text) as Partial<PageRecord>;
    if (value.format !== 1 || typeof value.date !== 'string' || typeof value.textSha256 !== 'string') return undefined;
    return value as PageRecord;
  } catch {
    return undefined;
  }
}
