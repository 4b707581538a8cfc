import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createDryRunJournal } from '../../adapters/dry-run/index.js';
import { importUpdateFile } from '../../src/app/import-update.js';
import { type Running, startRunning } from '../../src/app/run-service.js';
import { openServices, type Services } from '../../src/app/services.js';
import { loadConfig } from '../../src/config/load.js';
import { silentLogger } from '../../src/log.js';
import { getDraft } from '../../src/store/drafts-repo.js';
import { insertUser } from '../../src/store/users-repo.js';
import { hashPassword } from '../../src/users/passwords.js';

const SAMPLE = new URL('../../examples/2026-05-14-dsn.md', import.meta.url).pathname;
const PASSWORD = 'correct horse battery staple';
const TICK_MS = 15_000;

let dir: string;
let services: Services | undefined;
let running: Running | undefined;
afterEach(async () => {
  await running?.stop();
  services?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** A browser over fetch: keeps the cookie and the page's form token. */
function browser(base: string) {
  const cookies = new Map<string, string>();
  let csrf = '';
  const send = async (path: string, form?: Record<string, string>) => {
    const response = await fetch(`${base}${path}`, {
      method: form ? 'POST' : 'GET',
      redirect: 'manual',
      headers: {
        cookie: [...cookies].map(([name, value]) => `${name}=${value}`).join('; '),
        ...(form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
      },
      ...(form ? { body: new URLSearchParams({ _csrf: csrf, ...form }).toString() } : {}),
    });
    for (const set of response.headers.getSetCookie()) {
      const [pair] = set.split(';');
      const [name, value] = pair!.split('=') as [string, string];
      cookies.set(name, value);
    }
    const body = await response.text();
    csrf = /<meta name="csrf-token" content="([^"]*)">/.exec(body)?.[1] ?? csrf;
    return { status: response.status, body };
  };
  return { send };
}

describe('crieur run (web page and scheduler together)', () => {
  it('publishes a draft approved in the page after its hour at once, not at the next tick', async () => {
    dir = mkdtempSync(join(tmpdir(), 'crieur-run-'));
    writeFileSync(join(dir, 'crieur.yaml'), 'dataDir: ./data\ninboxDir: ./inbox\nnetworks: [x]\n');
    const loaded = loadConfig({ path: join(dir, 'crieur.yaml'), processEnv: {}, cwd: dir });
    const journal = createDryRunJournal();
    // 9:05 in Montréal on the sample's day: five minutes late, inside the lateness window.
    const now = () => new Date('2026-05-14T13:05:00Z');
    services = openServices(loaded, {
      dryRun: journal,
      log: silentLogger(),
      notifier: { send: async () => true },
      now,
    });
    const [draft] = (await importUpdateFile(SAMPLE, { loaded, queue: services.queue, by: 'Rédaction' })).drafts;
    insertUser(services.queue.store.db, {
      name: 'Dominique Roy',
      role: 'approbation',
      passwordHash: await hashPassword(PASSWORD),
      createdAt: now().toISOString(),
    });
    running = await startRunning(services, { web: true, listen: { host: '127.0.0.1', port: 0 } });
    const page = browser(running.web!.url);
    await page.send('/connexion');
    expect((await page.send('/connexion', { name: 'Dominique Roy', password: PASSWORD })).status).toBe(303);
    const review = await page.send(`/brouillons/${draft!.id}`);
    const hash = /name="expectedHash" value="([0-9a-f]+)"/.exec(review.body)?.[1] ?? '';

    // Approve just after a safety tick, so that the next one is more than 10 s away.
    while (Date.now() % TICK_MS > 3000) await new Promise((resolve) => setTimeout(resolve, 100));
    const approvedAt = Date.now();
    expect((await page.send(`/brouillons/${draft!.id}/approuver`, { expectedHash: hash })).status).toBe(303);
    while (getDraft(services.queue.store.db, draft!.id)?.status !== 'published') {
      expect(Date.now() - approvedAt).toBeLessThan(8000);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(journal.entries.filter((entry) => entry.network === 'x').length).toBeGreaterThan(0);
  });
});
