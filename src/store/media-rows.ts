import { closeSync, existsSync, fsyncSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { Db } from './sql.js';

/** Where the cards live: files in `mediaDir` on SQLite; rows in the database on PostgreSQL, cached in `mediaDir`. */
export interface MediaPlace {
  readonly db: Db;
  readonly dialect: Db['dialect'];
  readonly mediaDir: string;
}

/** Keeps a card's bytes in the database (PostgreSQL): another machine reads it from there. */
export function saveMediaRow(
  place: MediaPlace,
  row: { file: string; sha256: string; mime: string; bytes: Buffer },
): void {
  if (place.dialect !== 'postgres') return;
  place.db
    .prepare(
      `INSERT INTO media_files (file, sha256, mime, bytes, created_at) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (file) DO NOTHING`,
    )
    .run(row.file, row.sha256, row.mime, row.bytes, new Date().toISOString());
}

/**
 * The local path of a stored card, written from the database first when this machine has not got it
 * (PostgreSQL: the card was made on the other machine). A card found nowhere keeps its path, missing.
 */
export function localMediaFile(place: MediaPlace, file: string): string {
  const path = join(place.mediaDir, file);
  if (place.dialect !== 'postgres' || existsSync(path)) return path;
  const row = place.db.prepare('SELECT bytes FROM media_files WHERE file = ?').get(file) as
    | { bytes: Buffer }
    | undefined;
  if (row !== undefined) writeAtomically(path, row.bytes);
  return path;
}

/** Every card of a draft on this machine (see `localMediaFile`). */
export function localDraftMedia(
  place: MediaPlace,
  content: { posts: readonly { media: readonly { file: string }[] }[] },
): void {
  for (const post of content.posts) for (const media of post.media) localMediaFile(place, media.file);
}

/** Through a temporary name: a crash never leaves a partial file under the final name. */
export function writeAtomically(target: string, bytes: Buffer): void {
  const temporary = `${target}.${process.pid}.tmp`;
  try {
    const fd = openSync(temporary, 'w');
    try {
      writeSync(fd, bytes);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temporary, target);
  } finally {
    rmSync(temporary, { force: true });
  }
}
