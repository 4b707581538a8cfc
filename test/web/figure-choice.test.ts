import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { prepareUpdate } from '../../src/pipeline/prepare.js';
import { approve } from '../../src/queue/approve.js';
import { importDrafts } from '../../src/queue/import.js';
import { getDraft } from '../../src/store/drafts-repo.js';
import type { DraftRecord } from '../../src/store/types.js';
import { buildApp, Client, makeWebFixture, type WebFixture } from './helpers.js';

const HEAVY = fileURLToPath(new URL('../update/files/figure-heavy.md', import.meta.url));

let fixture: WebFixture;
let app: FastifyInstance;
let x: DraftRecord;

beforeEach(async () => {
  fixture = await makeWebFixture();
  app = await buildApp(fixture);
  const { update, drafts } = await prepareUpdate(HEAVY, {
    loaded: { ...fixture.loaded, config: { ...fixture.loaded.config, networks: ['x'] } },
    outDir: join(fixture.dir, 'cards'),
  });
  [x] = importDrafts(fixture.queue, { update, drafts, by: 'Rédacteur' }).drafts as [DraftRecord];
  x = approve(fixture.queue, { draftId: x.id, by: 'Dominique Roy' });
}, 120_000);

afterEach(async () => {
  await app.close();
  fixture.close();
});

const cardOf = (draft: DraftRecord) => draft.content.posts[0]!.media.find((m) => m.spec.template === 'key-figures')!;

describe('the figure choice form on the draft page', () => {
  it('lists the update’s figures with their rank on the card, and redraws the card with the new choice', async () => {
    const client = new Client(app);
    await client.login('Camille Tremblay');
    const page = await client.get(`/brouillons/${x.id}`);
    expect(page.body).toContain('Choisir les chiffres clés de la carte');
    expect(page.body).toMatch(/<label for="rang-7"><strong>1\s?612<\/strong> billets quotidiens/u);
    expect(page.body).toMatch(/<select id="rang-1" name="rang-1">[\s\S]*?<option value="1" selected>Rang 1<\/option>/u);

    const before = cardOf(x);
    const response = await client.post(`/brouillons/${x.id}/chiffres`, {
      expectedHash: x.contentHash,
      'rang-7': '1',
      'rang-1': '2',
      'rang-4': '3',
      'rang-2': '',
    });
    expect(response.status).toBe(303);
    const after = getDraft(fixture.queue.store.db, x.id)!;
    expect(after).toMatchObject({ version: 2, status: 'awaiting_review', author: 'Camille Tremblay' });
    const card = cardOf(after);
    expect(card.sha256).not.toBe(before.sha256);
    if (card.spec.template !== 'key-figures') throw new Error('expected a key-figures card');
    expect(card.spec.figures.map((f) => f.value)).toEqual(['1 612', '25 904', '2,75 M$']);
    const next = await client.get(`/brouillons/${x.id}`);
    expect(next.body).toContain('Carte redessinée avec 3 chiffres clés (version 2).');
    expect(next.body).toContain('La modification a annulé l’approbation');
  }, 120_000);

  it('refuses an empty choice in French and changes nothing', async () => {
    const client = new Client(app);
    await client.login('Camille Tremblay');
    await client.get(`/brouillons/${x.id}`);
    await client.post(`/brouillons/${x.id}/chiffres`, { expectedHash: x.contentHash, 'rang-1': '' });
    const page = await client.get(`/brouillons/${x.id}`);
    expect(page.body).toContain('aucun chiffre choisi');
    expect(getDraft(fixture.queue.store.db, x.id)).toMatchObject({ version: 1, status: 'approved' });
  }, 120_000);
});
