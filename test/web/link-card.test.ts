import type { FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { linkPreviewOf } from '../../src/web/views/post-preview.js';
import { buildApp, Client, importHandDrafts, makeWebFixture, type WebFixture } from './helpers.js';

describe('link cards in the previews', () => {
  it('follows each network: X cards the last link, Facebook the first, never over an image, never on LinkedIn or Bluesky', () => {
    const text = 'Voir https://www.example.org/a et https://sante.example/b.';
    expect(linkPreviewOf('x', text, 0)).toEqual({ url: 'https://sante.example/b', host: 'sante.example' });
    expect(linkPreviewOf('facebook', text, 0)).toEqual({ url: 'https://www.example.org/a', host: 'example.org' });
    expect(linkPreviewOf('x', text, 1)).toBeUndefined();
    expect(linkPreviewOf('facebook', text, 1)).toBeUndefined();
    expect(linkPreviewOf('linkedin', text, 0)).toBeUndefined();
    expect(linkPreviewOf('bluesky', text, 0)).toBeUndefined();
    expect(linkPreviewOf('x', 'Aucun lien ici.', 0)).toBeUndefined();
  });

  let fixture: WebFixture | undefined;
  let app: FastifyInstance | undefined;
  afterEach(async () => {
    await app?.close();
    app = undefined;
    fixture?.close();
    fixture = undefined;
  });

  it('draws the card under an X post that has a link and no image, with the update’s title', async () => {
    fixture = await makeWebFixture();
    const drafts = await importHandDrafts(fixture, {
      x: ['Mise à jour du 14 mai 1/2 https://sante.example/premier', 'Lire la suite : https://sante.example/suite 2/2'],
      linkedin: 'Mise à jour du 14 mai : https://sante.example/suite',
    });
    app = await buildApp(fixture);
    const client = new Client(app);
    await client.login('Camille Tremblay');
    const x = drafts.find((draft) => draft.network === 'x');
    const page = await client.get(`/brouillons/${x?.id}`);
    expect(page.status).toBe(200);
    const cards = [...page.body.matchAll(/data-link-card="([^"]+)"/gu)].map((match) => match[1]);
    // Post 1 carries an image, so X shows no card for its link; post 2 has none.
    expect(cards).toEqual(['https://sante.example/suite']);
    expect(page.body).toMatch(/class="link-card-host">sante\.example</u);

    const linkedin = drafts.find((draft) => draft.network === 'linkedin');
    const linkedinPage = await client.get(`/brouillons/${linkedin?.id}`);
    expect(linkedinPage.body).not.toContain('data-link-card');
  });
});
