import { createHash } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
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
