import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { createDryRunJournal, type DryRunJournal } from '../../adapters/dry-run/index.js';
import { type Daemon, startDaemon } from '../../src/app/daemon.js';
import { importUpdateFile } from '../../src/app/import-update.js';
import { openServices, type Services } from '../../src/app/services.js';
import { loadConfig } from '../../src/config/load.js';
import { approve } from '../../src/queue/approve.js';
import { getDraft } from '../../src/store/drafts-repo.js';
import { postgresDb } from '../../src/store/postgres-db.js';
import { postgresUrlForTest } from '../support/postgres.js';

/**
 * Two daemons on one PostgreSQL schema, in one process (each with its own connections, as two
 * processes have), sending nothing (dry run). The lease lasts ten minutes (renewed every 200 s) and
 * the safety tick is yearly: within the test's time, only the approval's notification can make the
 * leader publish an approval given through the standby's queue.
 */

const SAMPLE = new URL('../../examples/2026-05-14-dsn.md', import.meta.url).pathname;
const YEARLY = '0 0 0 1 1 *';
const LEASE_SECONDS = 600;

let dir: string | undefined;
let stops: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const stop of stops.reverse()) await stop();
  stops = [];
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

async function until(condition: () => boolean, what: string, timeoutMs = 30_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

interface Instance {
  services: Services;
  daemon: Daemon;
  journal: DryRunJournal;
  logged: string[];
}

function startInstance(configPath: string, cwd: string, databaseUrl: string): Instance {
  const loaded = loadConfig({ path: configPath, processEnv: { CRIEUR_DATABASE_URL: databaseUrl }, cwd });
  const journal = createDryRunJournal();
  const logged: string[] = [];
  const log = pino(
    { level: 'info' },
    new Writable({ write: (chunk, _encoding, done) => done(void logged.push(JSON.parse(String(chunk)).msg)) }),
  );
  // 9:05 in Montréal on the sample's day: five minutes late, inside the lateness window.
  const services = openServices(loaded, {
    dryRun: journal,
    log,
    notifier: { send: async () => true },
    now: () => new Date('2026-05-14T13:05:00Z'),
  });
  const daemon = startDaemon(services, { leadership: { leaseSeconds: LEASE_SECONDS }, tickPattern: YEARLY });
  stops.push(async () => {
    await daemon.stop();
    services.close();
  });
  return { services, daemon, journal, logged };
}

async function twoInstances() {
  dir = mkdtempSync(join(tmpdir(), 'crieur-listen-'));
  const configPath = join(dir, 'crieur.yaml');
  writeFileSync(configPath, `dataDir: ./data\ninboxDir: ./inbox\nnetworks: [x]\nleaseSeconds: ${LEASE_SECONDS}\n`);
  const url = postgresUrlForTest();
  const leader = startInstance(configPath, dir, url);
  await until(() => leader.daemon.isLeader(), 'the first instance to lead');
  await until(() => leader.logged.includes('listening for approvals: the leader publishes them at once'), 'LISTEN');
  const standby = startInstance(configPath, dir, url);
  await until(() => standby.logged.includes('standing by: another instance holds the publishing lease'), 'standby');
  const queue = standby.services.queue;
  const { drafts } = await importUpdateFile(SAMPLE, { loaded: standby.services.loaded, queue, by: 'Rédaction' });
  const draft = drafts[0];
  if (draft === undefined) throw new Error('the sample made no draft');
  const status = () => getDraft(queue.store.db, draft.id)?.status;
  return { url, leader, standby, draftId: draft.id, status };
}

describe('approvals wake the leader on PostgreSQL (LISTEN/NOTIFY)', () => {
  it('publishes at once, on the leader, an approval given through the standby’s queue', async () => {
    const { leader, standby, draftId, status } = await twoInstances();
    approve(standby.services.queue, { draftId, by: 'Dominique Roy' });
    // The page's approval wakes its own daemon, which does not lead.
    standby.daemon.tickNow();
    await until(() => status() === 'published', 'the leader to publish');
    expect(leader.journal.entries.length).toBeGreaterThan(0);
    expect(standby.journal.entries).toEqual([]);
    expect(standby.logged).not.toContain('listening for approvals: the leader publishes them at once');
  });

  it('listens again when its connection is lost, and publishes an approval given meanwhile', async () => {
    const { url, leader, standby, draftId, status } = await twoInstances();
    const admin = postgresDb(url);
    try {
      const holder = admin.prepare("SELECT holder FROM leases WHERE name = 'publisher'").pluck().get() as string;
      const killed = admin
        .prepare(
          'SELECT COUNT(*) FROM (SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = ?) t',
        )
        .pluck()
        .get(`crieur-approvals ${holder}`);
      expect(killed).toBe(1);
    } finally {
      admin.close();
    }
    approve(standby.services.queue, { draftId, by: 'Dominique Roy' });
    await until(() => status() === 'published', 'the leader to publish');
    expect(leader.logged).toContain(
      'lost the connection listening for approvals; connecting again (meanwhile approvals are noticed at each lease renewal)',
    );
    expect(
      leader.logged.filter((msg) => msg === 'listening for approvals: the leader publishes them at once'),
    ).toHaveLength(2);
    expect(leader.journal.entries.length).toBeGreaterThan(0);
  });
});
