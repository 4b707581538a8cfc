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

const SAMPLE = fileURLToPath(new URL('../../examples/2026-05-14-dsn.md', import.meta.url));

let fixture: WebFixture;
let app: FastifyInstance;
let x: DraftRecord;
let linkedin: DraftRecord;

beforeEach(async () => {
  fixture = await makeWebFixture();
  app = await buildApp(fixture);
  const { update, drafts } = await prepareUpdate(SAMPLE, {
    loaded: { ...fixture.loaded, config: { ...fixture.loaded.config, networks: ['x', 'linkedin'] } },
    outDir: join(fixture.dir, 'cards'),
  });
  [x, linkedin] = importDrafts(fixture.queue, { update, drafts, by: 'Rédacteur' }).drafts as [DraftRecord, DraftRecord];
}, 120_000);

afterEach(async () => {
  await app.close();
  fixture.close();
});

describe('switching a draft’s format in the page', () => {
  it('offers the other format before approval and composes the draft again: a new version to review', async () => {
    const client = new Client(app);
    await client.login('Rédacteur');
    const page = await client.get(`/brouillons/${x.id}`);
    expect(page.body).toContain('Changer le format de ce brouillon');
    expect(page.body).toMatch(/<input type="radio" name="format" value="thread" id="format-thread" checked>/u);
    expect(page.body).not.toContain('value="digest" id="format-digest"');

    const response = await client.post(`/brouillons/${x.id}/format`, { format: 'thread', expectedHash: x.contentHash });
    expect(response.status).toBe(303);
    const after = getDraft(fixture.queue.store.db, x.id)!;
    expect(after).toMatchObject({ version: 2, status: 'awaiting_review', author: 'Rédacteur' });
    expect(after.content.format).toBe('thread');
    expect(after.content.posts.length).toBeGreaterThan(x.content.posts.length);
    expect(after.content.omitted).toEqual([]);
    const next = await client.get(`/brouillons/${x.id}`);
    expect(next.body).toMatch(/Brouillon composé au format fil complet\u00a0: \d+\u00a0publications \(version 2\)\./u);
    expect(next.body).toContain('data-format="thread"');
    // Someone else approves the new version as usual.
    expect(approve(fixture.queue, { draftId: x.id, by: 'Dominique Roy' }).status).toBe('approved');
  }, 120_000);

  it('a full LinkedIn post that leaves content out needs the acknowledgement before approval', async () => {
    const client = new Client(app);
    await client.login('Rédacteur');
    await client.get(`/brouillons/${linkedin.id}`);
    await client.post(`/brouillons/${linkedin.id}/format`, { format: 'full', expectedHash: linkedin.contentHash });
    const after = getDraft(fixture.queue.store.db, linkedin.id)!;
    expect(after.status).toBe('needs_decision');
    const page = await client.get(`/brouillons/${linkedin.id}`);
    expect(page.body).toContain('Ce format laisse de côté une partie de la mise à jour');
    expect(page.body).toContain('Laissé de côté : décision requise');
    // The format can still be switched back while it waits.
    expect(page.body).toContain('value="digest" id="format-digest"');

    const approver = new Client(app);
    await approver.login('Dominique Roy');
    await approver.get(`/brouillons/${linkedin.id}`);
    await approver.post(`/brouillons/${linkedin.id}/approuver`, { expectedHash: after.contentHash });
    expect(getDraft(fixture.queue.store.db, linkedin.id)?.status).toBe('needs_decision');
    await approver.post(`/brouillons/${linkedin.id}/approuver`, {
      expectedHash: after.contentHash,
      acceptOmissions: 'oui',
    });
    expect(getDraft(fixture.queue.store.db, linkedin.id)?.status).toBe('approved');
  }, 120_000);

  it('refuses a stale page, an unknown format and an approved draft, in French, changing nothing', async () => {
    const client = new Client(app);
    await client.login('Rédacteur');
    await client.get(`/brouillons/${x.id}`);
    await client.post(`/brouillons/${x.id}/format`, { format: 'full', expectedHash: x.contentHash });
    expect((await client.get(`/brouillons/${x.id}`)).body).toContain('X accepte les formats');
    await client.post(`/brouillons/${x.id}/format`, { format: 'thread', expectedHash: 'f'.repeat(64) });
    expect((await client.get(`/brouillons/${x.id}`)).body).toContain('a été modifié depuis que vous l’avez ouvert');
    expect(getDraft(fixture.queue.store.db, x.id)?.version).toBe(1);

    approve(fixture.queue, { draftId: x.id, by: 'Dominique Roy' });
    const page = await client.get(`/brouillons/${x.id}`);
    expect(page.body).not.toContain('Changer le format de ce brouillon');
    await client.post(`/brouillons/${x.id}/format`, { format: 'thread', expectedHash: x.contentHash });
    expect((await client.get(`/brouillons/${x.id}`)).body).toContain(
      'Le format se change avant l’approbation\u00a0: ce brouillon',
    );
    expect(getDraft(fixture.queue.store.db, x.id)).toMatchObject({ version: 1, status: 'approved' });
  }, 120_000);
});
