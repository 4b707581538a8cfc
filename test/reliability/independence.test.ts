import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRunner } from '../../src/app/runner.js';
import { silentLogger } from '../../src/log.js';
import type { NetworkId } from '../../src/networks/index.js';
import type { Notification } from '../../src/notify/types.js';
import { openQueue } from '../../src/queue/open-queue.js';
import { getDraft } from '../../src/store/drafts-repo.js';
import type { Fault } from '../fakes/fault-script.js';
import { testAdapters } from './test-adapters.js';
import {
  approvedStore,
  type Bluesky,
  createBlueskyAccount,
  loadTestConfig,
  publisherEnv,
  SHORT_UPDATE,
  startBluesky,
  startFakeNetworks,
  UPDATE_DATE,
  writeTestConfig,
} from './world.js';

/**
 * LinkedIn down for the whole window (answering 503, or not answering at all) must not hold the
 * other networks back: each still finishes within about the time of one request of its own clean
 * run. The bound is deliberately generous; precise timings are the benchmark's business.
 */

const TIMEOUT_MS = 1000;

let bluesky: Bluesky;
let workDir: string;
let configPath: string;
let templateData: string;

beforeAll(async () => {
  workDir = mkdtempSync(join(tmpdir(), 'crieur-independence-'));
  configPath = writeTestConfig(workDir);
  templateData = join(workDir, 'template', 'data');
  bluesky = await startBluesky();
  await approvedStore(loadTestConfig({ CRIEUR_CONFIG: configPath, CRIEUR_DATA_DIR: templateData }), SHORT_UPDATE);
});

afterAll(async () => {
  await bluesky?.close();
  if (workDir) rmSync(workDir, { recursive: true, force: true });
});

interface Run {
  /** Milliseconds from the publish call to each draft's end (published or given up). */
  finishedAfter: Map<NetworkId, number>;
  status: Map<NetworkId, string>;
  notifications: Notification[];
}

async function publishAll(name: string, linkedInFault?: Fault): Promise<Run> {
  const networks = await startFakeNetworks();
  const account = await createBlueskyAccount(bluesky);
  const dataDir = join(workDir, name, 'data');
  cpSync(templateData, dataDir, { recursive: true });
  const queue = openQueue(loadTestConfig(publisherEnv(networks, bluesky, account, { dataDir, configPath })));
  try {
    if (linkedInFault) networks.linkedin.faults.random = () => linkedInFault;
    const notifications: Notification[] = [];
    const runner = createRunner({
      queue,
      adapters: testAdapters(networks, bluesky, account, { timeoutMs: TIMEOUT_MS }),
      rules: { timezone: 'America/Toronto', publishTime: '09:00', latenessWindowMinutes: 60, mediaLeadMinutes: 10 },
      sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
      random: () => 0.5,
      log: silentLogger(),
      notify: async (notification) => notifications.push(notification),
      publish: { retryBaseMs: 50, retryCapMs: 500 },
    });
    const finishedAfter = new Map<NetworkId, number>();
    const status = new Map<NetworkId, string>();
    const started = performance.now();
    const outcomes = await runner.publishNow(UPDATE_DATE, { by: 'Opérateur' });
    // Each outcome carries its own draft's time from the publish call to its last accepted part.
    for (const outcome of outcomes) {
      const draft = getDraft(queue.store.db, outcome.draftId);
      if (!draft) continue;
      status.set(draft.network, outcome.status);
      finishedAfter.set(draft.network, outcome.elapsedMs);
    }
    // LinkedIn accepts nothing when down: its end is the end of the whole call.
    finishedAfter.set('linkedin', performance.now() - started);
    return { finishedAfter, status, notifications };
  } finally {
    networks.linkedin.faults.random = undefined;
    queue.store.close();
    await networks.close();
  }
}

describe('one network down does not delay the others', () => {
  it.each([
    ['answering 503', { kind: 'respond', status: 503, body: { status: 503, message: 'Service Unavailable' } }],
    ['not answering', { kind: 'hang' }],
  ] as Array<[string, Fault]>)('LinkedIn %s for the whole window', async (label, fault) => {
    const clean = await publishAll(`clean-${label.replace(/\s/g, '-')}`);
    expect([...clean.status.values()]).toEqual(['published', 'published', 'published', 'published']);
    const down = await publishAll(`down-${label.replace(/\s/g, '-')}`, fault);

    expect(down.status.get('linkedin')).toBe('failed');
    expect(down.notifications.filter((n) => 'network' in n && n.network === 'linkedin').map((n) => n.kind)).toEqual([
      'failed',
    ]);
    for (const network of ['x', 'bluesky', 'facebook'] as const) {
      expect(down.status.get(network)).toBe('published');
      const bound = 2 * (clean.finishedAfter.get(network) ?? 0) + TIMEOUT_MS;
      expect(down.finishedAfter.get(network)).toBeLessThanOrEqual(bound);
    }
    // LinkedIn itself kept trying well past the others' end: the bound above is meaningful.
    expect(down.finishedAfter.get('linkedin')).toBeGreaterThan(
      Math.max(...(['x', 'bluesky', 'facebook'] as const).map((n) => down.finishedAfter.get(n) ?? 0)),
    );
  });
});
