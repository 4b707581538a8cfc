import { createHash } from 'node:crypto';
import { closeSync, existsSync, fsyncSync, openSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { RenderedCard } from '../cards/types.js';
import type { StoredMedia } from '../store/types.js';
import { fileSha256 } from './content-hash.js';

/**
 * Copies a rendered card into the media directory under its own hash, so a draft refers to a file
 * that never changes. The copy goes through a temporary name: a crash never leaves a partial file
 * under the final name. Identical cards share one file.
 */
export function storeCardFile(card: RenderedCard, mediaDir: string): StoredMedia {
  const bytes = readFileSync(card.path);
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const file = `${sha256}.${card.mime === 'image/png' ? 'png' : 'jpg'}`;
  const target = join(mediaDir, file);
  if (!existsSync(target) || fileSha256(target) !== sha256) {
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
