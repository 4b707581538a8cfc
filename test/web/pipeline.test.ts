import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { listDrafts } from '../../src/store/drafts-repo.js';
import { buildApp, Client, makeWebFixture, type WebFixture } from './helpers.js';

const SAMPLE = fileURLToPath(new URL('../../examples/2026-05-14-dsn.md', import.meta.url));

const HOSTILE_UPDATE = `---
date: 2026-05-15
title: Mise à jour <script>alert("titre")</script>
link: https://example.org/
hashtags: [DSN]
---

# Titre "><img src=x onerror=alert(1)>

- Texte <script>alert("x")</script> et [un lien](javascript:alert(2)).
- Une autre puce avec "><img src=x onerror=alert(3)> dedans.
`;

let fixture: WebFixture;
let app: FastifyInstance;

beforeEach(async () => {
  fixture = await makeWebFixture();
  app = await buildApp(fixture);
});

afterEach(async () => {
  await app.close();
  fixture.close();
});

describe('import and rehearsal through the page', () => {
  it('imports an update whose text holds markup and shows every draft of it as text', async () => {
    const client = new Client(app);
    await client.login('Rédacteur');
    await client.get('/import');
    const response = await client.postMultipart('/import', {}, { name: 'hostile.md', content: HOSTILE_UPDATE });
    expect(response.status).toBe(200);
    expect(response.body).toContain('Mise à jour importée');
    const drafts = listDrafts(fixture.queue.store.db, { date: '2026-05-15' });
    expect(drafts.length).toBeGreaterThan(0);
    for (const draft of drafts) {
      const page = await client.get(`/brouillons/${draft.id}`);
      expect(page.status).toBe(200);
      expect(page.body).not.toContain('<script>alert');
      expect(page.body).not.toContain('<img src=x');
      expect(page.body).not.toMatch(/href="javascript:/i);
      // The composer may change quotes (typography) or escape for Markdown (website); the tag shows, escaped.
      expect(page.body).toContain('&#60;script&#62;alert(');
    }
    const queue = await client.get('/');
    expect(queue.body).not.toContain('<script>alert');
  });

  it('rehearses an uploaded update and serves its report under a script-free policy', async () => {
    const client = new Client(app);
    await client.login('Rédacteur');
    await client.get('/repetitions');
    const started = await client.postMultipart(
      '/repetitions',
      { at: '09:00' },
      { name: '2026-05-14-dsn.md', content: readFileSync(SAMPLE, 'utf8') },
    );
    expect(started.status).toBe(303);
    const location = String(started.headers.location);
    expect(location).toMatch(/^\/repetitions\/[0-9A-Za-z-]+\/$/);
    const report = await client.get(location);
    expect(report.status).toBe(200);
    expect(report.body).toContain('Répétition');
    const csp = String(report.headers['content-security-policy']);
    expect(csp).toContain("default-src 'none'");
    expect(csp).not.toContain('script-src');
    const media = /src="(media\/[A-Za-z0-9._-]+)"/.exec(report.body)?.[1];
    expect(media).toBeDefined();
    expect((await client.get(`${location}${media}`)).status).toBe(200);
    expect((await client.get(`${location}media/..%2F..%2Fcrieur.sqlite`)).status).toBe(404);
    const list = await client.get('/repetitions');
    expect(list.body).toContain(`href="${location}"`);
    // The rehearsal has a store of its own: the real queue did not change.
    expect(listDrafts(fixture.queue.store.db)).toEqual([]);
  });

  it('refuses a simulated time that is not HH:MM', async () => {
    const client = new Client(app);
    await client.login('Rédacteur');
    await client.get('/repetitions');
    const response = await client.postMultipart('/repetitions', { at: '25:99' }, { name: 'a.md', content: 'x' });
    expect(response.status).toBe(422);
    expect(response.body).toContain('L’heure doit être au format HH:MM (24\u00a0h).');
  });
});
