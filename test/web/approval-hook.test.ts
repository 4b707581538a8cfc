import { afterEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/log.js';
import { buildWebApp } from '../../src/web/server.js';
import { Client, importHandDrafts, makeWebFixture, type WebFixture } from './helpers.js';

let fixture: WebFixture;
afterEach(() => fixture?.close());

describe('approval in the web page', () => {
  it('wakes the scheduler of the same process at once, and only on a successful approval', async () => {
    fixture = await makeWebFixture();
    const [draft] = await importHandDrafts(fixture);
    let wakeUps = 0;
    const app = await buildWebApp({
      queue: fixture.queue,
      loaded: fixture.loaded,
      log: silentLogger(),
      onApproved: () => {
        wakeUps++;
      },
    });
    const client = new Client(app);
    await client.login('Dominique Roy');
    const page = await client.get(`/brouillons/${draft!.id}`);
    const hash = /name="expectedHash" value="([0-9a-f]+)"/.exec(page.body)?.[1] ?? '';
    await client.post(`/brouillons/${draft!.id}/approuver`, { expectedHash: 'stale' });
    expect(wakeUps).toBe(0);
    const ok = await client.post(`/brouillons/${draft!.id}/approuver`, { expectedHash: hash });
    expect(ok.status).toBe(303);
    expect(wakeUps).toBe(1);
    await app.close();
  });
});
