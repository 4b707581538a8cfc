import { afterEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/log.js';
import { ensureLedgerParts, updateLedgerPart } from '../../src/publish/ledger-repo.js';
import { importDrafts, transition } from '../../src/queue/index.js';
import { setDraftStatus } from '../../src/store/drafts-repo.js';
import { insertUser } from '../../src/store/users-repo.js';
import { hashPassword } from '../../src/users/passwords.js';
import { sentenceContext } from '../../src/web/sentence-context.js';
import { buildWebApp } from '../../src/web/server.js';
import { makeCard, makeUpdate } from '../queue/fixtures.js';
import { Client, makeWebFixture, PASSWORD, type WebFixture } from './helpers.js';

let fixture: WebFixture;
afterEach(() => fixture?.close());

describe('history and journal pages', () => {
  it('shows one row per publication with every link, labels dry runs, and pages both', async () => {
    fixture = await makeWebFixture();
    const card = await makeCard(fixture.dir, 'card', '#0b4f8a', 'Chiffres clés.');
    const db = fixture.queue.store.db;
    const at = '2026-05-10T13:00:00Z';
    for (let day = 1; day <= 30; day += 1) {
      const date = `2026-04-${String(day).padStart(2, '0')}`;
      const [draft] = importDrafts(fixture.queue, {
        update: makeUpdate(date),
        drafts: [
          {
            network: 'x',
            posts: [1, 2, 3].map((n) => ({ text: `Partie ${n} du ${date}.`, media: n === 1 ? [card] : [] })),
            warnings: [],
          },
        ],
        by: 'importation',
      }).drafts;
      setDraftStatus(db, draft!.id, 'published', null, at);
      ensureLedgerParts(db, draft!.id, 3, at);
      for (const part of [0, 1, 2]) {
        const remote =
          day === 30
            ? { remoteId: `dry-run:x:${part}` }
            : { remoteId: `${day}${part}`, remoteUrl: `https://x.com/org/status/${day}${part}` };
        updateLedgerPart(db, draft!.id, part, { state: 'posted', ...remote, updatedAt: at });
      }
    }
    const app = await buildWebApp({ queue: fixture.queue, loaded: fixture.loaded, log: silentLogger() });
    const client = new Client(app);
    await client.login('Camille Tremblay');
    const first = (await client.get('/historique')).body;
    expect(first.match(/data-history-draft=/g)).toHaveLength(20);
    expect(first).toContain('Page 1 sur 2');
    // The newest (30 April) was a dry run: labelled, and its parts never linked.
    const start = first.indexOf('data-history-draft=');
    const newest = first.slice(start, first.indexOf('</li>', start));
    expect(newest).toContain('30 avril 2026');
    expect(newest).toContain('Essai : rien n’a été envoyé');
    expect(newest).not.toContain('href="https://');
    const second = first.slice(first.indexOf('29 avril 2026'));
    expect(second).toContain('href="https://x.com/org/status/240"');
    expect(second).toContain('href="https://x.com/org/status/242"');
    const last = (await client.get('/historique?page=2')).body;
    expect(last.match(/data-history-draft=/g)).toHaveLength(10);
    expect(last).toContain('1 avril 2026'.replace('1 avril', '1er avril'));

    const journal = (await client.get('/journal')).body;
    expect(journal.match(/class="event"/g)).toHaveLength(50);
    // Every event counted (from the chain's head), and the count of those a filter keeps.
    const count = (where = '') =>
      Number((db.prepare(`SELECT COUNT(*) AS n FROM audit_events ${where}`).get() as { n: number | string }).n);
    expect(count()).toBeGreaterThan(50);
    expect(journal).toContain(`${count()} événements, du plus récent au plus ancien.`);
    const imports = (await client.get('/journal?action=import')).body;
    expect(imports).toContain(`${count("WHERE action = 'import'")} événements correspondant au filtre`);
    const older = /href="(\/journal\?[^"]*avant=\d+)"/.exec(journal)?.[1]?.replaceAll('&amp;', '&');
    expect(older).toBeDefined();
    const next = (await client.get(older!)).body;
    expect(next.match(/class="event"/g)?.length).toBeGreaterThan(0);
    expect(next).toContain('Les plus récents');
    expect(journal).toContain('détails techniques'.replace('d', 'D'));
    await app.close();
  });
});

describe('journal sentences', () => {
  it('names the drafts of a page from one read, as reading them one by one does', async () => {
    fixture = await makeWebFixture();
    const { drafts } = importDrafts(fixture.queue, {
      update: makeUpdate('2026-04-07'),
      drafts: (['x', 'linkedin'] as const).map((network) => ({
        network,
        posts: [{ text: `Mise à jour pour ${network}.`, media: [] }],
        warnings: [],
      })),
      by: 'importation',
    });
    const [x, linkedin] = drafts;
    const subjects = [`d${x!.id}`, `d${linkedin!.id}`, `d${x!.id}`, 'update 1', 'd999999', 'config'];
    const together = sentenceContext(fixture.queue, subjects);
    const oneByOne = sentenceContext(fixture.queue);
    expect(together.draftOf(`d${x!.id}`)).toEqual({ network: 'x', date: '2026-04-07' });
    expect(together.draftOf(`d${linkedin!.id}`)).toEqual({ network: 'linkedin', date: '2026-04-07' });
    for (const subject of [...subjects, `D${x!.id}`]) {
      expect(together.draftOf(subject)).toEqual(oneByOne.draftOf(subject));
    }
  });
});

describe('operators’ actions', () => {
  it('offers a late publication only to an admin, with a confirmation, and runs it under their name', async () => {
    fixture = await makeWebFixture();
    insertUser(fixture.queue.store.db, {
      name: 'Alex Admin',
      role: 'admin',
      passwordHash: await hashPassword(PASSWORD),
      createdAt: new Date().toISOString(),
    });
    const card = await makeCard(fixture.dir, 'card', '#0b4f8a', 'Chiffres clés.');
    const [draft] = importDrafts(fixture.queue, {
      update: makeUpdate(),
      drafts: [{ network: 'linkedin', posts: [{ text: 'Mise à jour.', media: [card] }], warnings: [] }],
      by: 'importation',
    }).drafts;
    transition(fixture.queue, draft!.id, 'missed');
    const calls: { date: string; by: string; network: string }[] = [];
    const app = await buildWebApp({
      queue: fixture.queue,
      loaded: fixture.loaded,
      log: silentLogger(),
      publishNow: async (date, options) => {
        calls.push({ date, ...options });
        return [{ draftId: draft!.id, status: 'published' }];
      },
    });
    const approver = new Client(app);
    await approver.login('Dominique Roy');
    const page = await approver.get(`/brouillons/${draft!.id}`);
    const hash = /name="expectedHash" value="([0-9a-f]+)"/.exec(page.body)?.[1] ?? '';
    await approver.post(`/brouillons/${draft!.id}/approuver`, { expectedHash: hash });
    const after = (await approver.get(`/brouillons/${draft!.id}`)).body;
    expect(after).not.toContain('Publier maintenant, en retard');
    expect(after).not.toContain('crieur publish');
    expect((await approver.post(`/brouillons/${draft!.id}/publier`, { confirmer: 'oui' })).status).toBe(403);

    const admin = new Client(app);
    await admin.login('Alex Admin');
    expect((await admin.get(`/brouillons/${draft!.id}`)).body).toContain('Publier maintenant, en retard');
    await admin.post(`/brouillons/${draft!.id}/publier`, {});
    expect(calls).toEqual([]);
    expect((await admin.get(`/brouillons/${draft!.id}`)).body).toContain('Cochez la case de confirmation');
    await admin.get(`/brouillons/${draft!.id}`);
    await admin.post(`/brouillons/${draft!.id}/publier`, { confirmer: 'oui' });
    expect(calls).toEqual([{ date: '2026-05-14', by: 'Alex Admin', network: 'linkedin' }]);
    expect((await admin.get(`/brouillons/${draft!.id}`)).body).toContain('Publication lancée');
    await app.close();
  });
});
