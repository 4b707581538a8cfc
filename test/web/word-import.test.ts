import { readFileSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listDrafts } from '../../src/store/drafts-repo.js';
import { SAMPLE_DOCX } from '../update/intake-helpers.js';
import { buildApp, Client, makeWebFixture, type WebFixture } from './helpers.js';

const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
let fixture: WebFixture;
let app: FastifyInstance;
beforeAll(async () => {
  fixture = await makeWebFixture();
  app = await buildApp(fixture);
});
afterAll(async () => {
  await app.close();
  fixture.close();
});

describe('the page’s import and « Rédiger » take the update as the team writes it', () => {
  it('imports a Word document into drafts awaiting approval', async () => {
    const client = new Client(app);
    await client.login('Rédacteur');
    const page = await client.get('/import');
    expect(page.body).toContain('accept=".docx,');
    const response = await client.postMultipart(
      '/import',
      {},
      { name: 'mise-a-jour.docx', content: readFileSync(SAMPLE_DOCX), type: DOCX },
    );
    expect(response.status).toBe(200);
    expect(response.body).toContain('Mise à jour importée');
    const drafts = listDrafts(fixture.queue.store.db, { date: '2026-05-14' });
    expect(drafts.length).toBeGreaterThan(0);
    expect(drafts.every((draft) => draft.status === 'awaiting_review')).toBe(true);
  });

  it('refuses a Word document named .md and a text named .docx, naming the file as uploaded; nothing is drafted', async () => {
    const client = new Client(app);
    await client.login('Rédacteur');
    const before = listDrafts(fixture.queue.store.db).length;
    await client.get('/import');
    const word = await client.postMultipart('/import', {}, { name: 'jeudi.md', content: readFileSync(SAMPLE_DOCX) });
    expect(word.status).toBe(422);
    expect(word.body).toMatch(/jeudi\.md\s:\sune archive zip \(un document Word\s?\?\) nommée \.md/u);
    await client.get('/import');
    const text = await client.postMultipart(
      '/import',
      {},
      { name: 'jeudi.docx', content: 'Mise à jour\n', type: DOCX },
    );
    expect(text.status).toBe(422);
    expect(text.body).toMatch(/jeudi\.docx\s:\snommé \.docx mais contient du texte/u);
    expect(text.body).not.toContain(fixture.dir);
    expect(listDrafts(fixture.queue.store.db).length).toBe(before);
  });

  it('converts pasted HTML for the page’s editor, and refuses the conversion without the form’s token', async () => {
    const client = new Client(app);
    await client.login('Rédacteur');
    await client.get('/nouvelle');
    const html =
      '<h2>Faits saillants</h2><ul><li><b>1 106</b> prélèvements <a href="https://example.org/">hier</a><script>x()</script></li></ul>';
    const converted = await client.postJson('/api/collage', { html }, { 'x-csrf-token': client.csrf });
    expect(converted.status).toBe(200);
    expect(JSON.parse(converted.body)).toEqual({
      text: '## Faits saillants\n\n- **1 106** prélèvements [hier](https://example.org/)',
      images: 0,
    });
    const forged = await client.postJson('/api/collage', { html });
    expect(forged.status).toBe(403);
  });

  it('shows in the preview of « Rédiger » what check says about the text: a comment left out, a decimal point', async () => {
    const client = new Client(app);
    await client.login('Rédacteur');
    await client.get('/nouvelle');
    const before = listDrafts(fixture.queue.store.db).length;
    const page = await client.post('/nouvelle/apercu', {
      date: '2026-07-09',
      titre: 'Avis de chaleur',
      corps: '# Bilan\n\n- Appels au 811 : 2 340\n- Taux d’occupation : 94.5 %\n\n<!-- à vérifier avec la DRSP -->\n',
    });
    expect(page.status).toBe(200);
    const notice = /<strong>À vérifier[\u00A0 ]:<\/strong><ul>(.*?)<\/ul>/su.exec(page.body)?.[1] ?? '';
    expect(notice).toContain(
      'texte, ligne 6\u00A0: commentaire (&#60;!-- … --&#62;) retiré des publications et de la page',
    );
    expect(notice).toContain('texte, ligne 4\u00A0: «\u00A094.5 %\u00A0» est écrit avec un point décimal');
    expect(notice).toContain('à vérifier avec la DRSP');
    expect(notice).toContain('94,5 %');
    expect(page.body).not.toMatch(/<p class="post-text">[^<]*DRSP/u);
    expect(listDrafts(fixture.queue.store.db).length).toBe(before);

    // Once drafted, each draft's page says the same to whoever approves it.
    const created = await client.post('/nouvelle', {
      date: '2026-07-09',
      titre: 'Avis de chaleur',
      corps: '# Bilan\n\n- Appels au 811 : 2 340\n- Taux d’occupation : 94.5 %\n\n<!-- à vérifier avec la DRSP -->\n',
    });
    expect(created.status).toBe(303);
    const drafted = listDrafts(fixture.queue.store.db, { date: '2026-07-09' });
    expect(drafted.map((draft) => draft.network).sort()).toEqual(['bluesky', 'facebook', 'linkedin', 'site', 'x']);
    for (const draft of drafted) {
      const draftPage = await client.get(`/brouillons/${draft.id}`);
      const panel = /<h2 id="a-verifier">[^<]*<\/h2>\s*<ul class="warning-list">(.*?)<\/ul>/su.exec(
        draftPage.body,
      )?.[1];
      expect(panel).toContain('commentaire (&#60;!-- … --&#62;) retiré des publications et de la page');
      expect(panel).toContain('«\u00A094,5 %\u00A0»');
      expect(JSON.stringify(draft.content.posts)).not.toContain('DRSP');
    }
  });
});
