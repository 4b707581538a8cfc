import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { frenchSentenceProblems } from '../../src/i18n/sentence.js';
import { insertUser } from '../../src/store/users-repo.js';
import { hashPassword } from '../../src/users/passwords.js';
import { eventSentence } from '../../src/web/event-sentences.js';
import { buildApp, Client, makeWebFixture, PASSWORD, type WebFixture } from '../web/helpers.js';

let fixture: WebFixture;

beforeAll(async () => {
  fixture = await makeWebFixture();
  insertUser(fixture.queue.store.db, {
    name: 'Julie Roy',
    role: 'admin',
    passwordHash: await hashPassword(PASSWORD),
    createdAt: new Date().toISOString(),
  });
});
afterAll(() => fixture?.close());

describe('the « Comptes » page', () => {
  it('is for administrators only, and only they see it in the navigation', async () => {
    const app = await buildApp(fixture);
    try {
      const writer = new Client(app);
      await writer.login('Rédacteur');
      const queue = await writer.get('/');
      expect(queue.body).not.toContain('href="/comptes"');
      const refused = await writer.get('/comptes');
      expect(refused.status).toBe(403);
      expect(refused.body).toContain('de gérer les comptes des réseaux');
      expect((await writer.post('/comptes/linkedin/deconnecter', {})).status).toBe(403);

      const admin = new Client(app);
      await admin.login('Julie Roy');
      expect((await admin.get('/')).body).toContain('href="/comptes"');
      const page = await admin.get('/comptes');
      expect(page.status).toBe(200);
      for (const network of ['x', 'bluesky', 'linkedin', 'facebook'])
        expect(page.body).toContain(`id="compte-${network}"`);
      expect(page.body).not.toContain('id="compte-site"');
      // No key in this installation: the page says how the operator makes one, and connecting is off.
      expect(page.body).toContain('crieur secret-key --new');
      expect(page.body).toMatch(/<button type="submit" class="button button-primary" disabled>Connecter<\/button>/);
      const refusal = await admin.post('/comptes/linkedin/connecter', {});
      expect(refusal.status).toBe(422);
      expect(refusal.body).toContain('aucune clé secrète pour chiffrer ou lire les comptes connectés');
    } finally {
      await app.close();
    }
  });

  it('writes its French sentences with French typography', async () => {
    const app = await buildApp(fixture);
    try {
      const admin = new Client(app);
      await admin.login('Julie Roy');
      const body = (await admin.get('/comptes')).body;
      const notes = [...body.matchAll(/<p class="account-note">([^<]+)<\/p>/g)].map((match) => match[1]!);
      expect(notes.length).toBeGreaterThan(0);
      for (const note of notes) expect(frenchSentenceProblems(note)).toEqual([]);
      expect(body).not.toMatch(/ [:;»]/);
    } finally {
      await app.close();
    }
  });
});

describe('the journal’s sentences for connected accounts', () => {
  const context = { draftOf: () => undefined, isAccount: (name: string) => name === 'Julie Roy' };
  const event = (action: string, actor: string, data: Record<string, unknown>) => ({
    id: 1,
    seq: 1,
    at: '2026-06-03T12:40:00Z',
    actor,
    action,
    subject: `network ${String(data.network)}`,
    data,
    prevHash: '',
    hash: '',
  });

  it('says who connected, renewed or disconnected which network and account', () => {
    expect(
      eventSentence(event('account-connected', 'Julie Roy', { network: 'linkedin', account: 'Santé Québec' }), context),
    ).toBe('Julie Roy a connecté LinkedIn (Santé Québec).');
    expect(
      eventSentence(
        event('account-renewed', 'crieur', { network: 'bluesky', account: '@santeqc.bsky.social' }),
        context,
      ),
    ).toBe('Crieur a renouvelé l’accès à Bluesky (@santeqc.bsky.social).');
    expect(
      eventSentence(event('account-disconnected', 'Julie Roy', { network: 'x', account: '@SanteQc' }), context),
    ).toBe('Julie Roy a déconnecté X (@SanteQc).');
    expect(eventSentence(event('secret-key-rotated', 'root', { accounts: 2 }), context)).toBe(
      'L’exploitation a changé la clé secrète qui chiffre les accès aux réseaux.',
    );
  });
});
