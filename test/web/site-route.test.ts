import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { siteOutputDir } from '../../src/config/site-output.js';
import { buildApp, makeWebFixture, type WebFixture } from './helpers.js';

let fixture: WebFixture;
afterEach(() => fixture?.close());

describe('website pages served at /site/', () => {
  it('serves the published pages and feed publicly, and nothing outside the site folder', async () => {
    fixture = await makeWebFixture();
    const root = siteOutputDir(fixture.loaded);
    mkdirSync(join(root, '2026', '05', '14'), { recursive: true });
    writeFileSync(join(root, 'index.html'), '<h1>Nouvelles</h1>');
    writeFileSync(join(root, 'feed.xml'), '<feed/>');
    writeFileSync(join(root, '2026', '05', '14', 'index.html'), '<h1>Mise à jour</h1>');
    writeFileSync(join(fixture.loaded.dataDir, 'secret.html'), 'no');
    const app = await buildApp(fixture);
    const page = await app.inject({ url: '/site/2026/05/14/' });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Mise à jour');
    expect((await app.inject({ url: '/site/' })).body).toContain('Nouvelles');
    const feed = await app.inject({ url: '/site/feed.xml' });
    expect(feed.headers['content-type']).toContain('application/atom+xml');
    // Not found (anonymous visitors are sent to the login page, which is fine): never the file.
    for (const url of [
      '/site/..%2Fsecret.html',
      '/site/../secret.html',
      '/site/%2e%2e/secret.html',
      '/site/nope.html',
    ]) {
      const response = await app.inject({ url });
      expect(response.statusCode).not.toBe(200);
      expect(response.body).not.toBe('no');
    }
    await app.close();
  });
});
