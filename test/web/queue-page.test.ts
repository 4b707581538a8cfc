import { afterEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/log.js';
import type { NetworkId } from '../../src/networks/index.js';
import { approve, importDrafts, reject } from '../../src/queue/index.js';
import { setDraftStatus } from '../../src/store/drafts-repo.js';
import { buildWebApp } from '../../src/web/server.js';
import { makeCard, makeUpdate } from '../queue/fixtures.js';
import { Client, makeWebFixture, type WebFixture } from './helpers.js';

let fixture: WebFixture;
afterEach(() => fixture?.close());

/** The fixture's clock is 14 May 2026, 7 h in Montréal; updates publish at 9 h. */
async function queueWorld() {
  fixture = await makeWebFixture();
  const card = await makeCard(fixture.dir, 'card', '#0b4f8a', 'Chiffres clés.');
  const importDate = (date: string, networks: NetworkId[], title = `Point de situation du ${date}`) =>
    importDrafts(fixture.queue, {
      update: { ...makeUpdate(date), title },
      drafts: networks.map((network) => ({
        network,
        posts: [{ text: `Mise à jour du ${date}.`, media: [card] }],
        warnings: [],
      })),
      by: 'Rédaction',
    }).drafts;
  const at = '2026-05-14T10:00:00Z';
  const [oldRejected] = importDate('2026-03-02', ['linkedin']);
  reject(fixture.queue, { draftId: oldRejected!.id, by: 'Dominique Roy', reason: 'Remplacée par un communiqué.' });
  importDate('2026-03-03', ['linkedin']); // never approved, two months late
  importDate('2026-05-13', ['x', 'facebook'], 'Mise à jour importée en retard');
  const [published] = importDate('2026-05-10', ['facebook']);
  setDraftStatus(fixture.queue.store.db, published!.id, 'published', null, at);
  const [failed] = importDate('2026-05-12', ['bluesky']);
  setDraftStatus(fixture.queue.store.db, failed!.id, 'failed', null, at);
  const today = importDate('2026-05-14', ['x', 'bluesky', 'linkedin'], 'Dossier santé numérique : bilan du 13 mai');
  approve(fixture.queue, { draftId: today[0]!.id, by: 'Dominique Roy' });
  importDate('2026-05-15', ['x'], 'Première version du 15 mai');
  importDate('2026-05-15', ['x', 'linkedin'], 'Seconde version du 15 mai');
  const loaded = { ...fixture.loaded, env: { ...fixture.loaded.env, LINKEDIN_TOKEN_EXPIRES_AT: '2026-05-17' } };
  const app = await buildWebApp({ queue: fixture.queue, loaded, log: silentLogger(), dryRun: true });
  const client = new Client(app);
  await client.login('Camille Tremblay');
  return { app, client };
}

function order(body: string, dates: string[]): number[] {
  return dates.map((date) => body.indexOf(`data-update-date="${date}"`));
}

describe('queue page', () => {
  it('puts the next 9 h first with its title and what is missing, then later dates, the late ones, then the past', async () => {
    const { app, client } = await queueWorld();
    const body = (await client.get('/')).body;
    const next = body.slice(body.indexOf('id="prochaine"'), body.indexOf('</section>', body.indexOf('id="prochaine"')));
    expect(next).toContain('jeudi 14 mai à 9\u00a0h');
    expect(next).toContain('Dossier santé numérique : bilan du 13 mai');
    expect(next).toContain('1 sur 3 approuvé — manquent\u00a0: Bluesky, LinkedIn');
    expect(next).toContain('dans 2 h');
    const [today, tomorrow, lateImport, failed, twoMonths, published] = order(body, [
      '2026-05-14',
      '2026-05-15',
      '2026-05-13',
      '2026-05-12',
      '2026-03-03',
      '2026-05-10',
    ]);
    expect(today).toBeGreaterThan(0);
    expect(today).toBeLessThan(tomorrow!);
    expect(tomorrow).toBeLessThan(lateImport!);
    // The late group, newest first: the past-dated import and the failure stay in sight.
    expect(lateImport).toBeLessThan(failed!);
    expect(failed).toBeLessThan(twoMonths!);
    expect(twoMonths).toBeLessThan(published!);
    expect(body.indexOf('En retard, manqués ou en échec')).toBeLessThan(lateImport!);
    expect(body).toContain('Mise à jour importée en retard');
    // One row per date and update, each network a chip with its state.
    expect(body.match(/data-update-date="2026-05-14"/g)).toHaveLength(1);
    expect(next.match(/class="chip chip-/g)).toHaveLength(3);
    expect(next).toMatch(/chip-approved[^>]*><span class="chip-net">X<\/span> <span class="chip-state">Approuvé/);
    // A rejected draft two months old is in the history, not here.
    expect(body).not.toContain('2026-03-02');
    await app.close();
  });

  it('shows the dry run, a token about to expire and a network whose last publication failed', async () => {
    const { app, client } = await queueWorld();
    const body = (await client.get('/')).body;
    expect(body).toContain('Mode essai : le service simule les publications, rien n’est envoyé aux réseaux.');
    expect(body).toContain('L’accès à LinkedIn expire dans 2\u00a0jours');
    expect(body).toContain('La dernière publication sur Bluesky (12 mai 2026) a échoué.');
    expect(body).not.toContain('La dernière publication sur Facebook');
    await app.close();
  });

  it('shows only drafts actually replaced when asked', async () => {
    const { app, client } = await queueWorld();
    const body = (await client.get('/')).body;
    expect(body).not.toContain('Première version du 15 mai');
    expect(body).toContain('Afficher les brouillons remplacés (1)');
    const all = (await client.get('/?remplaces=1')).body;
    const replaced = all.slice(all.indexOf('id="remplaces"'));
    expect(replaced).toContain('Première version du 15 mai');
    expect(replaced.match(/class="chip chip-/g)).toHaveLength(1);
    expect(replaced).toContain('chip-superseded');
    // Asking for replaced drafts does not bring back old closed ones.
    expect(all).not.toContain('2026-03-02');
    await app.close();
  });
});
