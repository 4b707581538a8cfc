import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ensureLedgerParts, updateLedgerPart } from '../../src/publish/ledger-repo.js';
import { transition } from '../../src/queue/transition.js';
import { getDraft, setDraftStatus } from '../../src/store/drafts-repo.js';
import type { DraftRecord } from '../../src/store/types.js';
import { liftAuditGuard } from '../support/test-store.js';
import { buildApp, Client, importHandDrafts, makeWebFixture, type WebFixture } from './helpers.js';

let fixture: WebFixture;
let app: FastifyInstance;
let drafts: DraftRecord[];

const XSS = {
  script: '<script>alert("x")</script>',
  img: '"><img src=x onerror=alert(1)>',
  link: 'javascript:alert(document.cookie)',
};

beforeEach(async () => {
  fixture = await makeWebFixture();
  app = await buildApp(fixture);
});

afterEach(async () => {
  await app.close();
  fixture.close();
});

function xDraft(): DraftRecord {
  const draft = drafts.find((item) => item.network === 'x');
  if (draft === undefined) throw new Error('no X draft');
  return draft;
}

function statusOf(id: number): string | undefined {
  return getDraft(fixture.queue.store.db, id)?.status;
}

describe('sign-in', () => {
  beforeEach(async () => {
    drafts = await importHandDrafts(fixture);
  });

  it('sends a visitor to the login page and refuses a wrong password in French', async () => {
    const client = new Client(app);
    const home = await client.get('/');
    expect(home.status).toBe(303);
    expect(home.headers.location).toBe('/connexion');
    const wrong = await client.login('Camille Tremblay', 'not the password');
    expect(wrong.status).toBe(401);
    expect(wrong.body).toContain('Nom d’utilisateur ou mot de passe incorrect.');
    const unknown = await client.login('Personne', 'not the password');
    expect(unknown.status).toBe(401);
    expect((await client.get('/')).status).toBe(303);
  });

  it('signs in with an HttpOnly SameSite session cookie, in French, and signs out', async () => {
    const client = new Client(app);
    const page = await client.get('/connexion');
    expect(page.body).toContain('<html lang="fr-CA">');
    const response = await client.post('/connexion', {
      name: 'Camille Tremblay',
      password: 'correct horse battery staple',
    });
    expect(response.status).toBe(303);
    const cookie = String(response.headers['set-cookie']);
    expect(cookie).toMatch(/crieur_session=/);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Strict/i);
    const queue = await client.get('/');
    expect(queue.status).toBe(200);
    expect(queue.body).toContain('File d’attente');
    expect(queue.body).toContain('Camille Tremblay');
    expect(queue.body).toContain('Prochaine publication');
    expect(queue.body).toContain('dans 2 h');
    await client.post('/deconnexion', {});
    expect((await client.get('/')).status).toBe(303);
  });

  it('keeps people signed in across a restart of the service, until the session ends after 8 h', async () => {
    const client = new Client(app);
    await client.login('Dominique Roy');
    await app.close();
    app = await buildApp(fixture);
    client.app = app;
    const queue = await client.get('/');
    expect(queue.status).toBe(200);
    expect(queue.body).toContain('Dominique Roy');
    // The form token of the page served after the restart is accepted: the approval goes through.
    const page = await client.get(`/brouillons/${xDraft().id}`);
    const hash = /name="expectedHash" value="([0-9a-f]+)"/.exec(page.body)?.[1] ?? '';
    const approved = await client.post(`/brouillons/${xDraft().id}/approuver`, { expectedHash: hash });
    expect(approved.status).toBe(303);
    expect(statusOf(xDraft().id)).toBe('approved');

    fixture.advance(8 * 3600_000 + 1000);
    expect((await client.get('/')).status).toBe(303);
    const rows = fixture.queue.store.db.prepare('SELECT COUNT(*) AS n FROM web_sessions').get() as { n: number };
    expect(rows.n).toBe(1);
    await new Client(app).login('Camille Tremblay');
    // Saving a new session dropped the expired one.
    const left = fixture.queue.store.db.prepare('SELECT COUNT(*) AS n FROM web_sessions').get() as { n: number };
    expect(left.n).toBe(1);
  });

  it('never renders a password hash or a secret', async () => {
    const client = new Client(app);
    await client.login('Camille Tremblay');
    for (const url of ['/', `/brouillons/${xDraft().id}`, '/journal', '/historique', '/import', '/repetitions']) {
      const page = await client.get(url);
      expect(page.status).toBe(200);
      expect(page.body).not.toContain('$argon2');
    }
  });

  it('limits login attempts per name and address, even with the right password afterwards', async () => {
    await app.close();
    app = await buildApp(fixture, { loginRateLimit: { max: 3, timeWindowMs: 60_000 } });
    const client = new Client(app);
    for (let attempt = 0; attempt < 3; attempt += 1) {
      expect((await client.login('Camille Tremblay', 'wrong password!')).status).toBe(401);
    }
    const blocked = await client.login('Camille Tremblay');
    expect(blocked.status).toBe(429);
    expect(blocked.body).toContain('Trop de tentatives de connexion');
    expect((await client.get('/')).status).toBe(303);
    // Another account from the same address is not locked out by these attempts.
    expect((await new Client(app).login('Dominique Roy')).status).toBe(303);
  });
});

describe('CSRF', () => {
  beforeEach(async () => {
    drafts = await importHandDrafts(fixture);
  });

  it('refuses an approval without a token or with a wrong one, and changes nothing', async () => {
    const client = new Client(app);
    await client.login('Dominique Roy');
    const page = await client.get(`/brouillons/${xDraft().id}`);
    const hash = /name="expectedHash" value="([0-9a-f]+)"/.exec(page.body)?.[1] ?? '';
    const missing = await client.post(`/brouillons/${xDraft().id}/approuver`, { _csrf: '', expectedHash: hash });
    expect(missing.status).toBe(403);
    expect(missing.body).toContain('jeton de sécurité');
    const forged = await client.post(`/brouillons/${xDraft().id}/approuver`, {
      _csrf: 'forged-token',
      expectedHash: hash,
    });
    expect(forged.status).toBe(403);
    expect(statusOf(xDraft().id)).toBe('awaiting_review');
    // A token from another session is refused too.
    const other = new Client(app);
    await other.login('Camille Tremblay');
    await other.get('/');
    const stolen = await client.post(`/brouillons/${xDraft().id}/approuver`, { _csrf: other.csrf, expectedHash: hash });
    expect(stolen.status).toBe(403);
    expect(statusOf(xDraft().id)).toBe('awaiting_review');
    const ok = await client.post(`/brouillons/${xDraft().id}/approuver`, { expectedHash: hash });
    expect(ok.status).toBe(303);
    expect(statusOf(xDraft().id)).toBe('approved');
  });

  it('refuses edits, rejections, sign-out and the count endpoint without a token', async () => {
    const client = new Client(app);
    await client.login('Camille Tremblay');
    await client.get('/');
    const id = xDraft().id;
    expect((await client.post(`/brouillons/${id}/publications/0/texte`, { _csrf: '', text: 'Autre' })).status).toBe(
      403,
    );
    expect((await client.post(`/brouillons/${id}/rejeter`, { _csrf: '', reason: 'non' })).status).toBe(403);
    expect((await client.post('/deconnexion', { _csrf: '' })).status).toBe(403);
    expect((await client.postJson('/api/compter', { network: 'x', text: 'a' })).status).toBe(403);
    const counted = await client.postJson(
      '/api/compter',
      { network: 'x', text: 'abc' },
      { 'x-csrf-token': client.csrf },
    );
    expect(counted.status).toBe(200);
    expect(JSON.parse(counted.body)).toMatchObject({ label: '3 / 280', valid: true });
    expect(getDraft(fixture.queue.store.db, id)?.version).toBe(1);
    expect(statusOf(id)).toBe('awaiting_review');
  });
});

describe('roles and the four-eyes rule', () => {
  beforeEach(async () => {
    drafts = await importHandDrafts(fixture);
  });

  it('lets a rédaction account edit but not approve nor reject, on the server', async () => {
    const client = new Client(app);
    await client.login('Rédacteur');
    const id = xDraft().id;
    const page = await client.get(`/brouillons/${id}`);
    expect(page.body).not.toContain('>Approuver</button>');
    expect(page.body).toContain('ne permet pas d’approuver');
    const hash = xDraft().contentHash;
    const approve = await client.post(`/brouillons/${id}/approuver`, { expectedHash: hash });
    expect(approve.status).toBe(403);
    expect(approve.body).toContain('Votre rôle (Rédaction) ne permet pas d’approuver un brouillon.');
    const rejectIt = await client.post(`/brouillons/${id}/rejeter`, { reason: 'Je refuse' });
    expect(rejectIt.status).toBe(403);
    expect(statusOf(id)).toBe('awaiting_review');
    const edit = await client.post(`/brouillons/${id}/publications/0/texte`, {
      text: 'Texte corrigé 1/2',
      expectedHash: hash,
    });
    expect(edit.status).toBe(303);
    expect(getDraft(fixture.queue.store.db, id)?.author).toBe('Rédacteur');
  });

  it('refuses an approval by the author of the current version with the queue’s French message', async () => {
    const client = new Client(app);
    await client.login('Camille Tremblay');
    const id = xDraft().id;
    await client.post(`/brouillons/${id}/publications/0/texte`, {
      text: 'Nouveau texte 1/2',
      expectedHash: xDraft().contentHash,
    });
    const edited = getDraft(fixture.queue.store.db, id);
    const refused = await client.post(`/brouillons/${id}/approuver`, { expectedHash: edited?.contentHash ?? '' });
    expect(refused.status).toBe(303);
    const page = await client.get(`/brouillons/${id}`);
    expect(page.body).toContain('règle des quatre yeux');
    expect(statusOf(id)).toBe('awaiting_review');

    const approver = new Client(app);
    await approver.login('Dominique Roy');
    await approver.get(`/brouillons/${id}`);
    await approver.post(`/brouillons/${id}/approuver`, { expectedHash: edited?.contentHash ?? '' });
    expect(statusOf(id)).toBe('approved');
    const approved = await approver.get(`/brouillons/${id}`);
    expect(approved.body).toContain('Approuvé</strong> par Dominique Roy');
  });

  it('refuses to approve content that changed since the page was shown', async () => {
    const editor = new Client(app);
    const approver = new Client(app);
    await editor.login('Camille Tremblay');
    await approver.login('Dominique Roy');
    const id = xDraft().id;
    const shown = await approver.get(`/brouillons/${id}`);
    const seenHash = /name="expectedHash" value="([0-9a-f]+)"/.exec(shown.body)?.[1] ?? '';
    await editor.get(`/brouillons/${id}`);
    await editor.post(`/brouillons/${id}/publications/1/texte`, {
      text: 'Changé entre-temps 2/2',
      expectedHash: seenHash,
    });
    await approver.post(`/brouillons/${id}/approuver`, { expectedHash: seenHash });
    expect(statusOf(id)).toBe('awaiting_review');
    expect((await approver.get(`/brouillons/${id}`)).body).toContain('a été modifié depuis que vous l’avez ouvert');
  });

  it('shows an edit after approval clearing the approval', async () => {
    const approver = new Client(app);
    await approver.login('Dominique Roy');
    const id = xDraft().id;
    await approver.get(`/brouillons/${id}`);
    await approver.post(`/brouillons/${id}/approuver`, { expectedHash: xDraft().contentHash });
    const approved = await approver.get(`/brouillons/${id}`);
    expect(approved.body).toContain('data-approval>');
    expect(approved.body).toContain('badge-approved');

    const editor = new Client(app);
    await editor.login('Camille Tremblay');
    const form = await editor.get(`/brouillons/${id}`);
    expect(form.body).toContain('Ce brouillon est approuvé par Dominique Roy. L’enregistrer annule cette approbation');
    // Without ticking that the approval will be cleared, nothing is saved.
    await editor.post(`/brouillons/${id}/publications/0/texte`, {
      text: 'Correction après approbation 1/2',
      expectedHash: xDraft().contentHash,
    });
    expect((await editor.get(`/brouillons/${id}`)).body).toContain('Cochez la case de confirmation pour enregistrer.');
    expect(statusOf(id)).toBe('approved');
    await editor.post(`/brouillons/${id}/publications/0/texte`, {
      text: 'Correction après approbation 1/2',
      expectedHash: xDraft().contentHash,
      annulerApprobation: 'oui',
    });
    const after = await editor.get(`/brouillons/${id}`);
    expect(after.body).toContain('La modification a annulé l’approbation');
    expect(after.body).toContain('data-approval-cleared');
    expect(after.body).toContain('badge-awaiting_review');
    expect(after.body).not.toContain('data-approval>');
    // Seen again later, by someone else: the page still says why the approval is gone.
    const later = await approver.get(`/brouillons/${id}`);
    expect(later.body).toContain('Approbation annulée');
    expect(later.body).toContain('>Approuver</button>');
    expect(statusOf(id)).toBe('awaiting_review');
  });

  it('refuses a text too long for the network, with the count computed like the composer', async () => {
    const client = new Client(app);
    await client.login('Camille Tremblay');
    const id = xDraft().id;
    await client.get(`/brouillons/${id}`);
    const long = 'é'.repeat(281);
    const counted = await client.postJson(
      '/api/compter',
      { network: 'x', text: long },
      { 'x-csrf-token': client.csrf },
    );
    expect(JSON.parse(counted.body)).toMatchObject({ label: '281 / 280', valid: false });
    await client.post(`/brouillons/${id}/publications/0/texte`, { text: long, expectedHash: xDraft().contentHash });
    const page = await client.get(`/brouillons/${id}`);
    expect(page.body).toContain('trop longue pour X (281/280)');
    expect(getDraft(fixture.queue.store.db, id)?.version).toBe(1);
  });
});

describe('a missed draft', () => {
  beforeEach(async () => {
    drafts = await importHandDrafts(fixture);
  });

  it('can be approved for a late publication, stays missed, and says how to publish it', async () => {
    transition(fixture.queue, xDraft().id, 'missed');
    const client = new Client(app);
    await client.login('Dominique Roy');
    const page = await client.get(`/brouillons/${xDraft().id}`);
    expect(page.body).toContain('Approuver pour une publication en retard');
    expect(page.body).toContain('Le service ne l’enverra pas de lui-même.');
    const hash = /name="expectedHash" value="([0-9a-f]+)"/.exec(page.body)?.[1] ?? '';
    expect((await client.post(`/brouillons/${xDraft().id}/approuver`, { expectedHash: hash })).status).toBe(303);
    expect(statusOf(xDraft().id)).toBe('missed');
    const after = await client.get(`/brouillons/${xDraft().id}`);
    expect(after.body).not.toContain('Approuver pour une publication en retard');
    // The comms team is never handed a command: only an admin gets a button (when the service can send).
    expect(after.body).not.toContain('crieur publish');
    expect(after.body).toContain('Seul un administrateur peut la publier en retard');
  });
});

describe('escaping and content security', () => {
  it('shows scripts, attribute breakouts and javascript: links in a draft as text', async () => {
    drafts = await importHandDrafts(fixture, {
      x: [`Bonjour ${XSS.script} 1/2`, `Voir ${XSS.link} et ${XSS.img} 2/2`],
      linkedin: `Texte ${XSS.img}`,
      alt: `Image ${XSS.img} ${XSS.script}`,
      warning: `Avertissement ${XSS.script}`,
    });
    const client = new Client(app);
    await client.login('Camille Tremblay');
    for (const draft of drafts) {
      const page = await client.get(`/brouillons/${draft.id}`);
      expect(page.body).not.toContain('<script>alert');
      expect(page.body).not.toContain('<img src=x');
      expect(page.body).not.toMatch(/href="javascript:/i);
      expect(page.body).toContain('&#60;script&#62;alert(&#34;x&#34;)&#60;/script&#62;');
      const csp = String(page.headers['content-security-policy']);
      expect(csp).toContain("script-src 'self'");
      expect(csp).not.toContain('unsafe-inline');
      expect(page.headers['x-content-type-options']).toBe('nosniff');
    }
    const queue = await client.get('/');
    expect(queue.body).not.toContain('<script>alert');
    const journal = await client.get('/journal');
    expect(journal.body).not.toContain('<script>alert');
    expect(journal.body).not.toContain('<img src=x');
  });

  it('links only http(s) remote posts in the history, and shows failures with their next step', async () => {
    drafts = await importHandDrafts(fixture);
    const { db } = fixture.queue.store;
    const at = new Date().toISOString();
    const x = xDraft();
    setDraftStatus(db, x.id, 'partly_published', null, at);
    ensureLedgerParts(db, x.id, 2, at);
    updateLedgerPart(db, x.id, 0, { state: 'posted', remoteId: '1', remoteUrl: XSS.link, updatedAt: at });
    updateLedgerPart(db, x.id, 1, {
      state: 'failed',
      errorClass: 'auth',
      errorMessage: `jeton refusé ${XSS.script}`,
      updatedAt: at,
    });
    const linkedin = drafts.find((draft) => draft.network === 'linkedin');
    if (linkedin === undefined) throw new Error('no LinkedIn draft');
    setDraftStatus(db, linkedin.id, 'published', null, at);
    ensureLedgerParts(db, linkedin.id, 1, at);
    updateLedgerPart(db, linkedin.id, 0, {
      state: 'posted',
      remoteId: 'urn:li:share:1',
      remoteUrl: 'https://www.linkedin.com/feed/update/urn:li:share:1/',
      updatedAt: at,
    });
    const client = new Client(app);
    await client.login('Camille Tremblay');
    const page = await client.get('/historique');
    expect(page.status).toBe(200);
    expect(page.body).toContain('href="https://www.linkedin.com/feed/update/urn:li:share:1/"');
    expect(page.body).not.toMatch(/href="javascript:/i);
    expect(page.body).not.toContain('<script>alert');
    expect(page.body).toContain('Publication 2\u00a0: jeton refusé &#60;script&#62;');
    expect(page.body).not.toContain('crieur publish');
  });
});

describe('media, journal and import', () => {
  beforeEach(async () => {
    drafts = await importHandDrafts(fixture);
  });

  it('serves only content-addressed card files', async () => {
    const client = new Client(app);
    await client.login('Camille Tremblay');
    const file = xDraft().content.posts[0]?.media[0]?.file ?? '';
    const image = await client.get(`/medias/${file}`);
    expect(image.status).toBe(200);
    expect(image.headers['content-type']).toBe('image/png');
    for (const bad of ['..%2Fcrieur.sqlite', '..%2F..%2Fetc%2Fpasswd', 'crieur.sqlite', `${file}%00.png`]) {
      expect((await client.get(`/medias/${bad}`)).status).toBe(404);
    }
    expect((await new Client(app).get(`/medias/${file}`)).status).toBe(303);
  });

  it('shows the audit events, filters them, and reports a broken chain', async () => {
    const client = new Client(app);
    await client.login('Dominique Roy');
    await client.get(`/brouillons/${xDraft().id}`);
    await client.post(`/brouillons/${xDraft().id}/rejeter`, { reason: 'Chiffre erroné' });
    const journal = await client.get('/journal?verifier=1');
    expect(journal.body).toContain('data-chain="ok"');
    expect(journal.body).toContain('Chiffre erroné');
    const filtered = await client.get('/journal?action=reject');
    expect(filtered.body).toContain('1 événement correspondant au filtre');
    expect(filtered.body).toContain(
      'Dominique Roy a rejeté la version 1 du fil X du 14 mai 2026\u00a0: «\u00a0Chiffre erroné\u00a0».',
    );
    // What someone with write access to the file would do: lift the append-only guard first.
    liftAuditGuard(fixture.queue.store);
    fixture.queue.store.db.prepare("UPDATE audit_events SET actor = 'quelqu’un' WHERE seq = 2").run();
    const broken = await client.get('/journal?verifier=1');
    expect(broken.body).toContain('data-chain="broken"');
    expect(broken.body).toContain('Journal altéré');
    // Said in French on the page, with the event named; the English reason is for the operators.
    expect(broken.body).toContain('l’événement 2 a été modifié (son empreinte ne correspond plus à son contenu)');
    expect(broken.body).not.toContain('was modified');
  });

  it('shows the parser’s French message for a bad update file, naming the file as uploaded', async () => {
    const client = new Client(app);
    await client.login('Rédacteur');
    await client.get('/import');
    const response = await client.postMultipart(
      '/import',
      {},
      { name: 'mauvais.md', content: '---\ndate: 2026-13-45\n---\n# Titre\n' },
    );
    expect(response.status).toBe(422);
    expect(response.body).toMatch(/mauvais\.md(:\d+)?\u00a0: /);
    expect(response.body).not.toContain(fixture.dir);
  });
});
