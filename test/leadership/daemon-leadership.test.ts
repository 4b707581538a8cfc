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
import { RefusedError } from '../../src/errors.js';
import { approve } from '../../src/queue/approve.js';
import { getDraft } from '../../src/store/drafts-repo.js';

/**
 * Two daemons on one store file, in one process (each with its own connection, as two processes
 * have), sending nothing (dry run). The safety tick is made yearly: only the leadership can make
 * the leader publish.
 */

const SAMPLE = new URL('../../examples/2026-05-14-dsn.md', import.meta.url).pathname;
const YEARLY = '0 0 0 1 1 *';

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

function startInstance(configPath: string, cwd: string): Instance {
  const loaded = loadConfig({ path: configPath, processEnv: {}, cwd });
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
  const daemon = startDaemon(services, { leadership: { leaseSeconds: 3 }, tickPattern: YEARLY });
  stops.push(async () => {
    await daemon.stop();
    services.close();
  });
  return { services, daemon, journal, logged };
}

describe('crieur run with a publishing lease', () => {
  it('publishes on the leader an approval given on the standby, and refuses « publier maintenant » on the standby', async () => {
    dir = mkdtempSync(join(tmpdir(), 'crieur-lease-daemon-'));
    const configPath = join(dir, 'crieur.yaml');
    writeFileSync(configPath, 'dataDir: ./data\ninboxDir: ./inbox\nnetworks: [x]\nleaseSeconds: 3\n');
    const leader = startInstance(configPath, dir);
    await until(() => leader.daemon.isLeader(), 'the first instance to lead');
    const standby = startInstance(configPath, dir);
    await until(() => standby.logged.includes('standing by: another instance holds the publishing lease'), 'standby');

    const queue = standby.services.queue;
    const [draft] = (await importUpdateFile(SAMPLE, { loaded: standby.services.loaded, queue, by: 'Rédaction' }))
      .drafts;
    // The standby's page: the approval wakes its own daemon, which does not lead.
    approve(queue, { draftId: draft!.id, by: 'Dominique Roy' });
    standby.daemon.tickNow();
    await until(() => getDraft(queue.store.db, draft!.id)?.status === 'published', 'the leader to publish');
    expect(leader.journal.entries.length).toBeGreaterThan(0);
    expect(standby.journal.entries).toEqual([]);

    const refusal = await standby.daemon.publishNow('2026-05-14', { by: 'Dominique Roy' }).catch((error) => error);
    expect(refusal).toBeInstanceOf(RefusedError);
    expect((refusal as RefusedError).messageFr).toContain('instance de relève');
    expect(await leader.daemon.publishNow('2026-05-14', { by: 'Dominique Roy' })).toEqual([]);
  });

  it('hands the lease to the standby when the leader stops cleanly', async () => {
    dir = mkdtempSync(join(tmpdir(), 'crieur-lease-daemon-'));
    const configPath = join(dir, 'crieur.yaml');
    writeFileSync(configPath, 'dataDir: ./data\ninboxDir: ./inbox\nnetworks: [x]\nleaseSeconds: 3\n');
    const first = startInstance(configPath, dir);
    await until(() => first.daemon.isLeader(), 'the first instance to lead');
    const second = startInstance(configPath, dir);
    await until(() => second.logged.includes('standing by: another instance holds the publishing lease'), 'standby');
    await stops.shift()?.();
    expect(first.logged).toContain('released the publishing lease');
    await until(() => second.daemon.isLeader(), 'the standby to lead');
    expect(second.logged.filter((msg) => msg === 'gained the publishing lease')).toHaveLength(1);
  });
});
