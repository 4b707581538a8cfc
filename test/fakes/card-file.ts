import { createHash } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import type { RenderedCard } from '../../src/cards/types.js';

/** Writes image bytes to `path` and describes them as a rendered 1200 × 675 key-figures card. */
export async function cardFile(
  path: string,
  bytes: Buffer,
  alt: string,
  overrides: Partial<RenderedCard> = {},
): Promise<RenderedCard> {
  await writeFile(path, bytes);
  return {
    spec: {
      template: 'key-figures',
      title: 'Mise à jour',
      dateLabel: '14 mai 2026',
      figures: [],
      anchor: { kind: 'lead' },
    },
    path,
    alt,
    mime: 'image/png',
    width: 1200,
    height: 675,
    bytes: bytes.length,
    sha256: createHash('sha256').update(bytes).digest('hex'),
    ...overrides,
  };
}

/**
 * A plain PNG card of one colour at a network's card size, written as `card.png` in `dir`: what the
 * adapter tests upload. `bytes` are the file's bytes, to compare with what a fake server received.
 */
export async function plainCard(
  dir: string,
  options: { width: number; height: number; background: string; alt: string },
): Promise<{ card: RenderedCard; bytes: Buffer }> {
  const { width, height, background, alt } = options;
  const bytes = await sharp({ create: { width, height, channels: 3, background } })
    .png()
    .toBuffer();
  const card = await cardFile(join(dir, 'card.png'), bytes, alt, { width, height });
  return { card, bytes };
}
