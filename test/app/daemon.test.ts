import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createDryRunJournal } from '../../adapters/dry-run/index.js';
import { startDaemon } from '../../src/app/daemon.js';
import { openServices, type Services } from '../../src/app/services.js';
import { loadConfig } from '../../src/config/load.js';
import { silentLogger } from '../../src/log.js';
import type { Notification } from '../../src/notify/types.js';
import { listDrafts } from '../../src/store/drafts-repo.js';

let services: Services | undefined;
let stop: (() => Promise<void>) | undefined;
afterEach(async () => {
  await stop?.();
  services?.close();
});

async function until(condition: () => boolean, timeoutMs = 20_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('crieur run (daemon)', () => {
  it('marks a past update missed at once, never posting stale figures', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'crieur-daemon-'));
    writeFileSync(join(dir, 'crieur.yaml'), 'dataDir: ./data\ninboxDir: ./inbox\n');
    const loaded = loadConfig({ path: join(dir, 'crieur.yaml'), processEnv: {}, cwd: dir });
    const journal = createDryRunJournal();
    services = openServices(loaded, { dryRun: journal, log: silentLogger(), notifier: { send: async () => true } });
    stop = startDaemon(services, { inboxPollMs: 200 }).stop;
    const inbox = join(dir, 'inbox');
    await until(() => existsSync(inbox));
    writeFileSync(join(inbox, 'ancienne.md'), readFileSync('examples/2026-05-14-dsn.md'));
    const db = services.queue.store.db;
    await until(() => listDrafts(db).length === 5 && listDrafts(db).every((draft) => draft.status === 'missed'));
    expect(journal.entries).toHaveLength(0);
  });

  it('drafts an update dropped in the inbox without anyone typing a command, and reports a bad file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'crieur-daemon-'));
    writeFileSync(join(dir, 'crieur.yaml'), 'dataDir: ./data\ninboxDir: ./inbox\n');
    const loaded = loadConfig({ path: join(dir, 'crieur.yaml'), processEnv: {}, cwd: dir });
    services = openServices(loaded, {
      dryRun: createDryRunJournal(),
      log: silentLogger(),
      notifier: { send: async () => true },
    });
    stop = startDaemon(services, { inboxPollMs: 200 }).stop;
    const inbox = join(dir, 'inbox');
    await until(() => existsSync(inbox));
    // Tomorrow's update: awaiting review (the sample's own date is past, so it would be missed at once).
    const tomorrow = new Date(Date.now() + 36 * 3600_000).toISOString().slice(0, 10);
    const sample = readFileSync('examples/2026-05-14-dsn.md', 'utf8').replace('date: 2026-05-14', `date: ${tomorrow}`);
    writeFileSync(join(inbox, 'mise-a-jour.md'), sample);
    writeFileSync(join(inbox, 'brouillon.md'), '# Pas d’en-tête\n- une puce\n');
    const db = services.queue.store.db;
    // The file moves to traite/ once its import is stored: wait for both.
    await until(
      () =>
        listDrafts(db).length === 5 &&
        existsSync(join(inbox, 'traite', 'mise-a-jour.md')) &&
        existsSync(join(inbox, 'refuse', 'brouillon.erreur.txt')),
      30_000,
    );
    expect(listDrafts(db).map((draft) => [draft.network, draft.status])).toEqual([
      ['x', 'awaiting_review'],
      ['bluesky', 'awaiting_review'],
      ['linkedin', 'awaiting_review'],
      ['facebook', 'awaiting_review'],
      ['site', 'awaiting_review'],
    ]);
    expect(readdirSync(join(inbox, 'traite'))).toEqual(['mise-a-jour.md']);
    expect(readdirSync(join(inbox, 'refuse')).sort()).toEqual(['brouillon.erreur.txt', 'brouillon.md']);
  });

  it('warns the team at start when a network token expires within 14 days', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'crieur-daemon-'));
    writeFileSync(join(dir, 'crieur.yaml'), 'dataDir: ./data\ninboxDir: ./inbox\n');
    const expiresAt = new Date(Date.now() + 3 * 24 * 3600_000).toISOString();
    const loaded = loadConfig({
      path: join(dir, 'crieur.yaml'),
      processEnv: { LINKEDIN_TOKEN_EXPIRES_AT: expiresAt },
      cwd: dir,
    });
    const sent: Notification[] = [];
    services = openServices(loaded, {
      dryRun: createDryRunJournal(),
      log: silentLogger(),
      notifier: {
        send: async (notification) => {
          sent.push(notification);
          return true;
        },
      },
    });
    stop = startDaemon(services, { inboxPollMs: 200 }).stop;
    await until(() => sent.some((n) => n.kind === 'token-expiring'));
    expect(sent.filter((n) => n.kind === 'token-expiring')).toEqual([
      expect.objectContaining({ network: 'linkedin', daysLeft: 2, expired: false, expiresAt: new Date(expiresAt) }),
    ]);
  });
});
