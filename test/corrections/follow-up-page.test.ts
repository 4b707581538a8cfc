import { afterEach, describe, expect, it } from 'vitest';
import { ledgerParts, ledgerPartsOf } from '../../src/publish/ledger.js';
import { ensureLedgerParts, updateLedgerPart } from '../../src/publish/ledger-repo.js';
import { retractionSummaries, retractionSummary } from '../../src/queue/follow-up-reads.js';
import { listDrafts, setDraftStatus } from '../../src/store/drafts-repo.js';
import { insertUser } from '../../src/store/users-repo.js';
import { hashPassword } from '../../src/users/passwords.js';
import { buildApp, Client, importHandDrafts, makeWebFixture, PASSWORD, type WebFixture } from '../web/helpers.js';

/**
 * The page's « Publier un correctif » and « Retirer la publication »: who may ask for which, the
 * four-eyes rule on the drafts they queue, their kind in the queue and draft pages, the history of a
 * retracted thread with who and why, and a correction of a retracted update refused.
 */

let fixture: WebFixture;
afterEach(() => fixture?.close());

const AT = '2026-05-14T13:00:00Z';

/** Hand drafts for 14 May, the X thread published (both parts online). */
async function publishedWorld() {
  fixture = await makeWebFixture();
  const db = fixture.queue.store.db;
  insertUser(db, { name: 'Julie Admin', role: 'admin', passwordHash: await hashPassword(PASSWORD), createdAt: AT });
  const [x] = await importHandDrafts(fixture);
  ensureLedgerParts(db, x!.id, 2, AT);
  for (const index of [0, 1]) {
    updateLedgerPart(db, x!.id, index, {
      state: 'posted',
      remoteId: `17900000000000000${index}`,
      remoteUrl: `https://x.com/i/web/status/17900000000000000${index}`,
      updatedAt: AT,
    });
  }
  setDraftStatus(db, x!.id, 'published', null, AT);
  const app = await buildApp(fixture);
  return { app, xId: x!.id };
}

async function as(app: Awaited<ReturnType<typeof publishedWorld>>['app'], name: string): Promise<Client> {
  const client = new Client(app);
  await client.login(name);
  return client;
}

/** Approves the draft at `location` as the page's form does: with the hash of what the person read. */
async function approveAt(client: Client, location: string) {
  const page = (await client.get(location)).body;
  const expectedHash = /name="expectedHash" value="([0-9a-f]+)"/u.exec(page)?.[1] ?? '';
  return client.post(`${location}/approuver`, { expectedHash });
}

function flash(body: string): string {
  const start = body.indexOf('class="flash');
  return start < 0 ? '' : body.slice(start, body.indexOf('</div>', start)).replace(/<[^>]+>/gu, '');
}

describe('corrections and retractions in the page', () => {
  it('offers « Publier un correctif » to the editors and « Retirer la publication » to an admin only', async () => {
    const { app, xId } = await publishedWorld();
    const editor = await as(app, 'Rédacteur');
    const page = (await editor.get(`/brouillons/${xId}`)).body;
    expect(page).toContain('Publier un correctif');
    expect(page).not.toContain('Retirer la publication');
    const refused = await editor.post('/mises-a-jour/2026-05-14/retrait', { raison: 'Erreur', confirmer: 'oui' });
    expect(refused.status).toBe(403);
    const admin = await as(app, 'Julie Admin');
    expect((await admin.get(`/brouillons/${xId}`)).body).toContain('Retirer la publication');
  });

  it('queues a correction draft from the form, shown with its kind; its author cannot approve it', async () => {
    const { app, xId } = await publishedWorld();
    const camille = await as(app, 'Camille Tremblay');
    await camille.get(`/brouillons/${xId}`);
    const made = await camille.post('/mises-a-jour/2026-05-14/correctif', { texte: 'Le taux était de 74,8 %.' });
    expect(made.status).toBe(303);
    const location = String(made.headers.location);
    expect(location).toMatch(/^\/brouillons\/\d+$/);
    const draftPage = (await camille.get(location)).body;
    expect(draftPage).toContain('data-kind="correction"');
    expect(draftPage).toMatch(/Correctif(\u00a0|&nbsp;): Le taux était de 74,8/u);
    expect(draftPage).toContain(`href="/brouillons/${xId}"`);
    expect(draftPage).toContain('règle des quatre yeux');
    const hash = /data-content-hash="([0-9a-f]+)"|([0-9a-f]{64})/u.exec(draftPage)?.[0] ?? '';
    const self = await camille.post(`${location}/approuver`, { expectedHash: hash });
    expect(self.status).toBe(303);
    expect(flash((await camille.get(location)).body)).toMatch(/quatre yeux/u);
    const queue = (await camille.get('/')).body;
    expect(queue).toContain('class="chip-kind" data-kind="correction"');
    // The update's approval and the correction's are counted apart.
    const progress = [...queue.matchAll(/<p class="progress">([^<]*)<\/p>/gu)].map((match) => match[1]);
    expect(progress).toEqual([
      '1 sur 2 approuvé — manque\u00a0: LinkedIn',
      'Correctif\u00a0: 0 sur 1 approuvé — manque\u00a0: X',
    ]);
    const dominique = await as(app, 'Dominique Roy');
    await approveAt(dominique, location);
    expect((await dominique.get(location)).body).toContain('Approuvé');
  });

  it('shows a retracted thread in the history with who and why, and refuses a correction of it', async () => {
    const { app, xId } = await publishedWorld();
    const admin = await as(app, 'Julie Admin');
    await admin.get(`/brouillons/${xId}`);
    const unconfirmed = await admin.post('/mises-a-jour/2026-05-14/retrait', { raison: 'Chiffres erronés.' });
    expect(unconfirmed.status).toBe(303);
    const made = await admin.post('/mises-a-jour/2026-05-14/retrait', {
      raison: 'Chiffres erronés.',
      confirmer: 'oui',
    });
    const location = String(made.headers.location);
    expect((await admin.get(location)).body).toContain('data-kind="retraction"');
    const camille = await as(app, 'Camille Tremblay');
    await approveAt(camille, location);
    const retractionId = Number(location.split('/').at(-1));
    // What the publisher does once it has deleted every post of the thread.
    setDraftStatus(fixture.queue.store.db, retractionId, 'published', null, '2026-05-14T14:00:00Z');
    const history = (await camille.get('/historique')).body;
    const entry = history.slice(history.indexOf(`data-history-draft="${xId}"`));
    expect(entry).toContain('data-retracted');
    expect(entry).toMatch(
      /à la demande de <strong>Julie Admin<\/strong>, approuvé par <strong>Camille Tremblay<\/strong>\u00a0: Chiffres erronés\./u,
    );
    // The history reads a page's retractions and ledgers together: what one draft at a time reads.
    const ids = listDrafts(fixture.queue.store.db).map((draft) => draft.id);
    const retractions = retractionSummaries(fixture.queue, [...ids, 999_999]);
    expect(retractions.get(xId)).toMatchObject({
      draftId: retractionId,
      by: 'Julie Admin',
      reason: 'Chiffres erronés.',
    });
    const ledgers = ledgerPartsOf(fixture.queue.store, [...ids, ...ids]);
    expect(ledgers.get(xId)?.length).toBeGreaterThan(0);
    for (const id of ids) {
      expect(retractions.get(id) ?? null).toEqual(retractionSummary(fixture.queue, id));
      expect(ledgers.get(id)).toEqual(ledgerParts(fixture.queue.store, id));
    }
    const page = (await camille.get(`/brouillons/${xId}`)).body;
    expect(page).toContain('Publication retirée');
    expect(page).not.toContain('Publier un correctif');
    const refused = await camille.post('/mises-a-jour/2026-05-14/correctif', { texte: 'Encore.' });
    expect(refused.status).toBe(303);
    expect(flash((await camille.get('/')).body)).toMatch(/a été retirée/u);
  });
});
