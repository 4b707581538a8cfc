import { afterEach, describe, expect, it } from 'vitest';
import type { RenderedDraft } from '../../src/compose/types.js';
import { importDrafts } from '../../src/queue/import.js';
import { getDraft } from '../../src/store/drafts-repo.js';
import { makeCard, makeUpdate } from '../queue/fixtures.js';
import { buildApp, Client, makeWebFixture, type WebFixture } from './helpers.js';

let fixture: WebFixture;
afterEach(() => fixture?.close());

describe('a key figure no card can hold, in the page', () => {
  it('is listed with its reason and needs the same acknowledgement before approval', async () => {
    fixture = await makeWebFixture();
    const card = await makeCard(fixture.dir, 'card', '#0b4f8a', 'Chiffres clés du jour.');
    const drafts: RenderedDraft[] = [
      {
        network: 'facebook',
        posts: [{ text: 'Mise à jour du 14 mai.', media: [card] }],
        warnings: [],
        format: 'digest',
        omitted: [
          {
            text: '166 chirurgies documentées dans tous les blocs opératoires de la région',
            section: 'Mardi 12 mai 2026',
            reason: 'figure-too-long',
          },
        ],
      },
    ];
    const [facebook] = importDrafts(fixture.queue, { update: makeUpdate(), drafts, by: 'importation' }).drafts;
    expect(facebook!.status).toBe('needs_decision');
    const client = new Client(await buildApp(fixture));
    await client.login('Dominique Roy');
    const page = await client.get(`/brouillons/${facebook!.id}`);
    expect(page.body).toContain('Laissé de côté : décision requise');
    expect(page.body).toContain('(le chiffre ne tient sur aucune carte, même à la plus petite taille)');
    const hash = /name="expectedHash" value="([0-9a-f]+)"/.exec(page.body)?.[1] ?? '';
    await client.post(`/brouillons/${facebook!.id}/approuver`, { expectedHash: hash });
    expect(getDraft(fixture.queue.store.db, facebook!.id)?.status).toBe('needs_decision');
    await client.post(`/brouillons/${facebook!.id}/approuver`, { expectedHash: hash, acceptOmissions: 'oui' });
    expect(getDraft(fixture.queue.store.db, facebook!.id)?.status).toBe('approved');
  });
});
