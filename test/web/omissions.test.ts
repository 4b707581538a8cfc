import { afterEach, describe, expect, it } from 'vitest';
import { exportJsonLines } from '../../src/audit/journal.js';
import type { RenderedDraft } from '../../src/compose/types.js';
import { importDrafts } from '../../src/queue/import.js';
import { getDraft } from '../../src/store/drafts-repo.js';
import { makeCard, makeUpdate } from '../queue/fixtures.js';
import { buildApp, Client, makeWebFixture, type WebFixture } from './helpers.js';

let fixture: WebFixture;
afterEach(() => fixture?.close());

/** A digest on X (expected omissions) and a LinkedIn post that leaves two bullets out past its limit. */
async function importWithOmissions(fx: WebFixture) {
  const card = await makeCard(fx.dir, 'card', '#0b4f8a', 'Chiffres clés du jour.');
  const drafts: RenderedDraft[] = [
    {
      network: 'x',
      posts: [{ text: 'Mise à jour du 14 mai', media: [card] }],
      warnings: [],
      format: 'digest',
      omitted: [
        { text: 'Les équipes se disent à l’aise.', section: 'Faits saillants – Estrie', reason: 'on-site-only' },
      ],
    },
    {
      network: 'linkedin',
      posts: [{ text: 'Mise à jour du 14 mai, version longue.', media: [card] }],
      warnings: [],
      format: 'full',
      omitted: [
        { text: '166 chirurgies documentées hier.', section: 'Mardi 12 mai 2026', reason: 'network-limit' },
        { text: 'Bilan au début de juin.', section: 'Objectifs', reason: 'network-limit' },
      ],
    },
  ];
  return importDrafts(fx.queue, { update: makeUpdate(), drafts, by: 'importation' }).drafts;
}

describe('what a draft leaves out, in the page', () => {
  it('lists a digest’s omissions under « Sur le site seulement » and approves it as usual', async () => {
    fixture = await makeWebFixture();
    const [x] = await importWithOmissions(fixture);
    const client = new Client(await buildApp(fixture));
    await client.login('Dominique Roy');
    const page = await client.get(`/brouillons/${x!.id}`);
    expect(page.body).toMatch(
      /<details class="panel omitted" data-omitted="on-site-only">\s*<summary>Sur le site seulement \(1 élément\)<\/summary>/u,
    );
    expect(page.body).toContain('Les équipes se disent à l’aise.');
    expect(page.body).toContain('data-format="digest"');
    expect(page.body).not.toContain('accepter-omissions');
    const hash = /name="expectedHash" value="([0-9a-f]+)"/.exec(page.body)?.[1] ?? '';
    expect((await client.post(`/brouillons/${x!.id}/approuver`, { expectedHash: hash })).status).toBe(303);
    expect(getDraft(fixture.queue.store.db, x!.id)?.status).toBe('approved');
  });

  it('requires ticking the acknowledgement for a draft that needs a decision, and audits it', async () => {
    fixture = await makeWebFixture();
    const [, linkedin] = await importWithOmissions(fixture);
    expect(linkedin!.status).toBe('needs_decision');
    const client = new Client(await buildApp(fixture));
    await client.login('Dominique Roy');
    const page = await client.get(`/brouillons/${linkedin!.id}`);
    expect(page.body).toContain('Laissé de côté : décision requise');
    expect(page.body).toContain('166 chirurgies documentées hier.');
    expect(page.body).toMatch(
      /<input type="checkbox" id="accepter-omissions" name="acceptOmissions" value="oui" required>/u,
    );
    expect(page.body).toContain('Décision requise');
    const hash = /name="expectedHash" value="([0-9a-f]+)"/.exec(page.body)?.[1] ?? '';

    const unticked = await client.post(`/brouillons/${linkedin!.id}/approuver`, { expectedHash: hash });
    expect(getDraft(fixture.queue.store.db, linkedin!.id)?.status).toBe('needs_decision');
    const location = String(unticked.headers.location ?? `/brouillons/${linkedin!.id}`);
    expect((await client.get(location)).body).toContain('laisse de côté 2 éléments de la mise à jour');

    const ticked = await client.post(`/brouillons/${linkedin!.id}/approuver`, {
      expectedHash: hash,
      acceptOmissions: 'oui',
    });
    expect(ticked.status).toBe(303);
    expect(getDraft(fixture.queue.store.db, linkedin!.id)?.status).toBe('approved');
    const last = JSON.parse(exportJsonLines(fixture.queue.store.db).trim().split('\n').at(-1)!);
    expect(last).toMatchObject({ action: 'approve', actor: 'Dominique Roy' });
    expect(last.data.omissionsAccepted.map((o: { text: string }) => o.text)).toEqual([
      '166 chirurgies documentées hier.',
      'Bilan au début de juin.',
    ]);
  });
});
