import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RenderedCard } from '../cards/types.js';
import { localMediaFile, type MediaPlace, saveMediaRow, writeAtomically } from '../store/media-rows.js';
import type { StoredMedia } from '../store/types.js';
import { fileSha256 } from './content-hash.js';

/**
 * Copies a rendered card into the media directory under its own hash, so a draft refers to a file
 * that never changes (and into the database on PostgreSQL, for the other machine). Identical cards
 * share one file.
 */
export function storeCardFile(card: RenderedCard, place: MediaPlace): StoredMedia {
  const bytes = readFileSync(card.path);
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const file = `${sha256}.${card.mime === 'image/png' ? 'png' : 'jpg'}`;
  const target = join(place.mediaDir, file);
  if (!existsSync(target) || fileSha256(target) !== sha256) writeAtomically(target, bytes);
  saveMediaRow(place, { file, sha256, mime: card.mime, bytes });
  return {
    file,
    sha256,
    mime: card.mime,
    width: card.width,
    height: card.height,
    bytes: bytes.length,
    alt: card.alt,
    spec: card.spec,
  };
}

export function mediaPath(mediaDir: string, media: StoredMedia): string {
  return join(mediaDir, media.file);
}

/** The local path of a stored card, fetched from the database first when this machine lacks it. */
export function localCard(store: MediaPlace, file: string): string {
  return localMediaFile(store, file);
}
