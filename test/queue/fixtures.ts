import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import type { RenderedCard } from '../../src/cards/types.js';
import type { RenderedDraft } from '../../src/compose/types.js';
import type { NetworkId } from '../../src/networks/index.js';
import type { QueueContext } from '../../src/queue/context.js';
import type { Update } from '../../src/update/types.js';
import { openTestStore } from '../support/test-store.js';

export function tempDir(prefix = 'crieur-queue-'): { path: string; remove: () => void } {
  const path = mkdtempSync(join(tmpdir(), prefix));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

/** A real PNG file made by sharp, described as a rendered card. */
export async function makeCard(dir: string, name: string, colour: string, alt: string): Promise<RenderedCard> {
  const path = join(dir, `${name}.png`);
  await sharp({ create: { width: 40, height: 21, channels: 3, background: colour } })
    .png()
    .toFile(path);
  const bytes = readFileSync(path);
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
    width: 40,
    height: 21,
    bytes: bytes.length,
    sha256: createHash('sha256').update(bytes).digest('hex'),
  };
}

export function makeUpdate(date = '2026-05-14'): Update {
  return {
    date,
    title: 'Mise à jour quotidienne',
    hashtags: ['DSN'],
    figures: [],
    sections: [],
    source: { path: `${date}-dsn.md`, sha256: 'a'.repeat(64) },
  };
}

export interface Fixture {
  context: QueueContext;
  dir: string;
  cards: RenderedCard[];
  /** Drafts for the given networks: a two-post thread with one card each, or one post with both. */
  drafts: (networks?: NetworkId[], suffix?: string) => RenderedDraft[];
  /** Moves the clock forward one minute and returns the new time. */
  tick: () => Date;
  close: () => void;
}

export async function makeFixture(options: { fourEyes?: boolean; secrets?: string[] } = {}): Promise<Fixture> {
  const dir = tempDir();
  let time = Date.parse('2026-05-14T12:00:00Z');
  const now = () => new Date(time);
  const store = openTestStore(join(dir.path, 'data', 'crieur.sqlite'), { now, secrets: options.secrets ?? [] });
  const cards = [
    await makeCard(dir.path, 'figures', '#0b4f8a', 'Chiffres clés : 22 460 utilisateurs connectés.'),
    await makeCard(dir.path, 'highlights', '#1b1b1b', 'Faits saillants de la journée.'),
  ];
  const [first, second] = cards as [RenderedCard, RenderedCard];
  return {
    context: { store, now, fourEyes: options.fourEyes ?? true },
    dir: dir.path,
    cards,
    drafts: (networks = ['x', 'linkedin'], suffix = '') =>
      networks.map((network) =>
        network === 'x' || network === 'bluesky'
          ? {
              network,
              posts: [
                { text: `Mise à jour du 14 mai${suffix} 1/2`, media: [first] },
                { text: `Faits saillants${suffix} 2/2`, media: [second] },
              ],
              warnings: [],
            }
          : {
              network,
              posts: [{ text: `Mise à jour du 14 mai${suffix}. Faits saillants.`, media: [first, second] }],
              warnings: ['Un avertissement'],
            },
      ),
    tick: () => {
      time += 60_000;
      return new Date(time);
    },
    close: () => {
      store.close();
      dir.remove();
    },
  };
}
