import { afterEach, describe, expect, it } from 'vitest';
import { importDrafts, reject } from '../../src/queue/index.js';
import { makeCard, makeUpdate } from '../queue/fixtures.js';
import { buildApp, Client, makeWebFixture, type WebFixture } from './helpers.js';

let fixture: WebFixture;
afterEach(() => fixture?.close());

describe('queue page window', () => {
  it('shows the last two weeks and what is still open; older closed drafts only with ?tout=1', async () => {
    fixture = await makeWebFixture();
    const card = await makeCard(fixture.dir, 'card', '#0b4f8a', 'Chiffres clés.');
    const draftFor = (date: string) =>
      importDrafts(fixture.queue, {
        update: makeUpdate(date),
        drafts: [{ network: 'linkedin', posts: [{ text: `Mise à jour du ${date}.`, media: [card] }], warnings: [] }],
        by: 'importation',
      }).drafts[0]!;
    const old = draftFor('2026-03-02');
    reject(fixture.queue, { draftId: old.id, by: 'Dominique Roy', reason: 'Remplacée par un communiqué.' });
    draftFor('2026-03-03'); // still awaiting review: shown however old
    draftFor('2026-05-13');
    const app = await buildApp(fixture);
    const client = new Client(app);
    await client.login('Camille Tremblay');
    const page = (await client.get('/')).body;
    expect(page).not.toContain('2 mars 2026');
    expect(page).toContain('3 mars 2026');
    expect(page).toContain('13 mai 2026');
    expect((await client.get('/?tout=1')).body).toContain('2 mars 2026');
    await app.close();
  });
});
