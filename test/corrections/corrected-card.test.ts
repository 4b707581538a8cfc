import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { cardRedrawer } from '../../src/pipeline/card-redrawer.js';
import { prepareUpdate } from '../../src/pipeline/prepare.js';
import { ensureLedgerParts, updateLedgerPart } from '../../src/publish/ledger-repo.js';
import { correctedCards, parseFigureCorrection } from '../../src/queue/corrected-cards.js';
import { queueCorrections } from '../../src/queue/corrections.js';
import { importDrafts } from '../../src/queue/import.js';
import { listDrafts, setDraftStatus } from '../../src/store/drafts-repo.js';
import type { DraftRecord } from '../../src/store/types.js';
import { buildApp, Client, makeWebFixture, type WebFixture } from '../web/helpers.js';

/**
 * A correction may carry the corrected card: the key-figures card that went out, drawn again with
 * the corrected value, on the networks where a correction can show an image (X and Bluesky replies,
 * the website's box); LinkedIn and Facebook comments get the text alone.
 */

const SAMPLE = fileURLToPath(new URL('../../examples/2026-05-14-dsn.md', import.meta.url));
const AT = '2026-05-14T13:00:00Z';
const compact = (text: string) => text.replace(/[\s\u00a0\u202f]+/gu, '');

let fixture: WebFixture | undefined;
let app: FastifyInstance | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
  fixture?.close();
  fixture = undefined;
});

/** The sample's drafts for X, Bluesky and LinkedIn, each published (its first post online). */
async function publishedSample(): Promise<{ fixture: WebFixture; drafts: DraftRecord[] }> {
  const made = await makeWebFixture();
  fixture = made;
  const prepared = await prepareUpdate(SAMPLE, { loaded: made.loaded, outDir: join(made.dir, 'rendered') });
  const wanted = prepared.drafts.filter((draft) => ['x', 'bluesky', 'linkedin'].includes(draft.network));
  const drafts = importDrafts(made.queue, { update: prepared.update, drafts: wanted, by: 'importation' }).drafts;
  const db = made.queue.store.db;
  for (const draft of drafts) {
    ensureLedgerParts(db, draft.id, draft.content.posts.length, AT);
    draft.content.posts.forEach((_, index) => {
      updateLedgerPart(db, draft.id, index, { state: 'posted', remoteId: `${draft.network}-${index}`, updatedAt: AT });
    });
    setDraftStatus(db, draft.id, 'published', null, AT);
  }
  return { fixture: made, drafts };
}

function firstCardOf(draft: DraftRecord) {
  const card = draft.content.posts.flatMap((post) => post.media).find((m) => m.spec.template === 'key-figures');
  if (card?.spec.template !== 'key-figures') throw new Error(`${draft.network}: no key-figures card`);
  return card;
}

describe('a correction with its corrected card', () => {
  it('reads N=VALUE and refuses anything else, in French and English', () => {
    expect(parseFigureCorrection('2 = 1 016')).toEqual({ index: 2, value: '1 016' });
    expect(() => parseFigureCorrection('deux=3')).toThrow(/N=VALUE/u);
    expect(() => parseFigureCorrection('2=')).toThrow(/N=VALEUR|N=VALUE/u);
  });

  it('draws the card again with the corrected value for X and Bluesky, and gives LinkedIn the text alone', async () => {
    const { fixture: world, drafts } = await publishedSample();
    const x = drafts.find((draft) => draft.network === 'x') as DraftRecord;
    const before = firstCardOf(x);
    const old = before.spec.template === 'key-figures' ? (before.spec.figures[0]?.value ?? '') : '';
    expect(compact(before.alt)).toContain(compact(old));

    const redrawer = cardRedrawer(world.loaded);
    const cards = await correctedCards(
      world.queue,
      { date: '2026-05-14', figures: [{ index: 1, value: '27 977' }] },
      (spec, network) => redrawer.render(spec, network),
    );
    redrawer.dispose();
    expect(Object.keys(cards).sort()).toEqual(['bluesky', 'x']);
    const corrections = queueCorrections(world.queue, {
      date: '2026-05-14',
      text: 'Le nombre d’usagers connectés était de 27 977.',
      by: 'Camille Tremblay',
      cards,
    });
    const byNetwork = new Map(corrections.map((draft) => [draft.network, draft]));
    for (const network of ['x', 'bluesky'] as const) {
      const media = byNetwork.get(network)?.content.posts[0]?.media ?? [];
      expect(media).toHaveLength(1);
      expect(compact(media[0]!.alt)).toContain('27977');
      expect(compact(media[0]!.alt)).not.toContain(compact(old));
      expect(media[0]!.sha256).not.toBe(firstCardOf(drafts.find((d) => d.network === network)!).sha256);
    }
    expect(byNetwork.get('linkedin')?.content.posts.flatMap((post) => post.media)).toEqual([]);
  }, 120_000);

  it('takes the corrected figure from the page’s form, and refuses a figure the card does not have, queuing nothing', async () => {
    const { fixture: world, drafts } = await publishedSample();
    app = await buildApp(world);
    const client = new Client(app);
    await client.login('Camille Tremblay');
    const x = drafts.find((draft) => draft.network === 'x') as DraftRecord;
    await client.get(`/brouillons/${x.id}`);
    const bad = await client.post('/mises-a-jour/2026-05-14/correctif', {
      texte: 'Le chiffre 9 était faux.',
      chiffre: '9',
      valeur: '12',
    });
    expect(bad.status).toBe(303);
    expect(listDrafts(world.queue.store.db, { kinds: ['correction'] })).toEqual([]);
    expect((await client.get(String(bad.headers.location))).body).toMatch(/n’a pas de chiffre 9/u);

    await client.get(`/brouillons/${x.id}`);
    const made = await client.post('/mises-a-jour/2026-05-14/correctif', {
      texte: 'Le nombre d’usagers connectés était de 27 977.',
      chiffre: '1',
      valeur: '27 977',
    });
    expect(made.status).toBe(303);
    const queued = listDrafts(world.queue.store.db, { kinds: ['correction'] });
    expect(queued.map((draft) => [draft.network, draft.content.posts[0]?.media.length]).sort()).toEqual([
      ['bluesky', 1],
      ['linkedin', 0],
      ['x', 1],
    ]);
    const page = (await client.get(String(made.headers.location))).body;
    expect(page).toContain('/medias/');
  }, 120_000);
});
