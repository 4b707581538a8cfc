import { stat } from 'node:fs/promises';
import { extname, join } from 'node:path';

/** Where handled files go, inside the inbox: processed, and refused (with their error text beside them). */
export const PROCESSED_DIR = 'traite';
export const REFUSED_DIR = 'refuse';

/**
 * Update files the inbox picks up (Markdown, plain text, Word; `.docm` too, to be refused with a note);
 * hidden files and office lock files (`~$…`) are left alone.
 */
export const INBOX_EXTENSIONS = ['.md', '.markdown', '.txt', '.docx', '.docm'];

export function isInboxCandidate(name: string): boolean {
  return INBOX_EXTENSIONS.includes(extname(name).toLowerCase()) && !name.startsWith('.') && !name.startsWith('~$');
}

/** `name` in `dir`, or `base-2.ext`, `base-3.ext`… when taken: a move never overwrites a file. */
export async function freeName(dir: string, name: string): Promise<string> {
  const extension = extname(name);
  const base = name.slice(0, name.length - extension.length);
  for (let attempt = 1; ; attempt++) {
    const candidate = attempt === 1 ? name : `${base}-${attempt}${extension}`;
    if (!(await exists(join(dir, candidate)))) return candidate;
  }
}

/** The error note beside a refused file: `2026-05-14-dsn.md` → `2026-05-14-dsn.erreur.txt`. */
export function errorNoteName(name: string): string {
  const extension = extname(name);
  return `${name.slice(0, name.length - extension.length)}.erreur.txt`;
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw error;
  }
}
