import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { RenderedDraft } from '../../src/compose/types.js';
import { loadConfig } from '../../src/config/load.js';
import { frenchSentenceProblems } from '../../src/i18n/sentence.js';
import type { NetworkId } from '../../src/networks/index.js';
import { prepareParsed } from '../../src/pipeline/prepare.js';
import { approve } from '../../src/queue/approve.js';
import { importDrafts } from '../../src/queue/import.js';
import { openQueue } from '../../src/queue/open-queue.js';
import { parseUpdateFile } from '../../src/update/parse.js';
import type { Update } from '../../src/update/types.js';
import { tempDir } from '../queue/fixtures.js';

const FILE = new URL('../fixtures/updates/figure-too-long.md', import.meta.url).pathname;
const dir = tempDir('crieur-fit-figures-');
afterAll(() => dir.remove());
const loaded = loadConfig({ processEnv: { CRIEUR_DATA_DIR: join(dir.path, 'data') }, cwd: dir.path });

async function prepare(update: Update, networks: NetworkId[]): Promise<RenderedDraft[]> {
  const { drafts } = await prepareParsed(update, { loaded, outDir: join(dir.path, 'cards'), only: networks });
  return drafts;
}

const cardsOf = (draft: RenderedDraft) =>
  draft.posts[0]!.media.flatMap((card) =>
    card.spec.template === 'key-figures' ? [{ card, values: card.spec.figures.map((f) => f.value) }] : [],
  );

describe('a key figure that does not fit on its card even at the smallest size', () => {
  it('moves to a second card in the same post when the network takes one more image; nothing is cut', async () => {
    const [x] = await prepare(parseUpdateFile(FILE), ['x']);
    const cards = cardsOf(x!);
    expect(cards.map((item) => item.values)).toEqual([['22 460', '74,88 %', '6 708'], ['166']]);
    for (const { card } of cards) expect(card.cut).toBeUndefined();
    // Each card's alt text holds the figures it draws.
    expect(cards[1]!.card.alt).toContain('166 mot0 mot1');
    expect(cards[0]!.card.alt).not.toContain('166 mot0');
    expect(x!.omitted?.filter((item) => item.reason !== 'on-site-only')).toEqual([]);
  }, 180_000);

  it('is left off the cards when the post takes no other image: listed in omitted, and approval needs the acknowledgement', async () => {
    const [linkedin] = await prepare(parseUpdateFile(FILE), ['linkedin']);
    expect(cardsOf(linkedin!).map((item) => item.values)).toEqual([['22 460', '74,88 %', '6 708']]);
    const left = linkedin!.omitted!.filter((item) => item.reason === 'figure-too-long');
    expect(left).toHaveLength(1);
    expect(left[0]!.text).toMatch(/^166 mot0 mot1 /u);
    const warning = linkedin!.warnings.find((w) =>
      w.includes('ne tient sur aucune carte, même à la plus petite taille'),
    );
    expect(warning).toBeDefined();
    expect(frenchSentenceProblems(warning!)).toEqual([]);
    // The post's text keeps the figure.
    expect(linkedin!.posts[0]!.text).toContain('166');

    const context = openQueue(loaded, () => new Date('2026-05-14T11:00:00Z'));
    try {
      const [draft] = importDrafts(context, { update: parseUpdateFile(FILE), drafts: [linkedin!], by: 'ana' }).drafts;
      expect(draft!.status).toBe('needs_decision');
      expect(() => approve(context, { draftId: draft!.id, by: 'bruno' })).toThrow(/accept-omissions/);
      expect(approve(context, { draftId: draft!.id, by: 'bruno', acceptOmissions: true }).status).toBe('approved');
    } finally {
      context.store.close();
    }
  }, 180_000);

  it('is left off every card when even a card of its own cannot hold it', async () => {
    const update = parseUpdateFile(FILE);
    const endless = Array.from({ length: 1500 }, (_, i) => `mot${i}`).join(' ');
    update.figures = update.figures.map((figure) => (figure.value === '166' ? { ...figure, label: endless } : figure));
    const [x] = await prepare(update, ['x']);
    expect(cardsOf(x!).map((item) => item.values)).toEqual([['22 460', '74,88 %', '6 708']]);
    for (const { card } of cardsOf(x!)) expect(card.cut).toBeUndefined();
    expect(
      x!.omitted!.filter((item) => item.reason === 'figure-too-long').map((item) => item.text.slice(0, 14)),
    ).toEqual(['166 mot0 mot1 ']);
  }, 180_000);
});
