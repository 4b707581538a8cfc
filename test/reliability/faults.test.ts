import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRunner } from '../../src/app/runner.js';
import { verifyChain } from '../../src/audit/verify.js';
import { silentLogger } from '../../src/log.js';
import type { NetworkId } from '../../src/networks/index.js';
import type { Notification } from '../../src/notify/types.js';
import type { QueueContext } from '../../src/queue/context.js';
import { openQueue } from '../../src/queue/open-queue.js';
import type { DraftRecord } from '../../src/store/types.js';
import type { FaultScript } from '../fakes/fault-script.js';
import { type HeldPost, heldPosts, outcomeProblems, type SocialNetwork } from './network-state.js';
import { randomFaults, seededRandom } from './random-faults.js';
import { testAdapters } from './test-adapters.js';
import {
  approvedStore,
  type Bluesky,
  createBlueskyAccount,
  draftsOf,
  type FakeNetworks,
  loadTestConfig,
  publisherEnv,
  SHORT_UPDATE,
  startBluesky,
  startFakeNetworks,
  UPDATE_DATE,
  writeTestConfig,
} from './world.js';

/**
 * 30 % of the requests to every network fail at random (seeded): 429 with the network's reset
 * information, 500, 503, no answer (the adapter times out), connection reset, and accepted then
 * dropped (the post exists, the reply is lost). Every draft must end published exactly once within
 * its window, or failed with a notification; no part may ever be held twice.
 */

const WINDOW_MINUTES = 1;
const TIMEOUT_MS = 1000;
/** Seeds chosen so that, together, they hit every network with every kind of fault. */
const SEEDS = [1, 14, 23, 33, 34, 37];
/** Fault kinds each network was served, over all seeds. */
const coverage = new Map<NetworkId, Set<string>>();

let bluesky: Bluesky;
let workDir: string;
let configPath: string;
let templateData: string;

beforeAll(async () => {
  workDir = mkdtempSync(join(tmpdir(), 'crieur-faults-'));
  configPath = writeTestConfig(workDir);
  templateData = join(workDir, 'template', 'data');
  bluesky = await startBluesky();
  await approvedStore(loadTestConfig({ CRIEUR_CONFIG: configPath, CRIEUR_DATA_DIR: templateData }), SHORT_UPDATE);
});

afterAll(async () => {
  await bluesky?.close();
  if (workDir) rmSync(workDir, { recursive: true, force: true });
});

function scriptsOf(networks: FakeNetworks): Array<[NetworkId, FaultScript]> {
  return [
    ['x', networks.x.faults],
    ['bluesky', bluesky.proxy.script],
    ['linkedin', networks.linkedin.faults],
    ['facebook', networks.facebook.faults],
  ];
}

/** What is wrong with one draft after the run: duplicates, a silent failure, a broken thread. */
function draftProblems(
  queue: QueueContext,
  draft: DraftRecord,
  held: HeldPost[],
  notifications: Notification[],
): string[] {
  const mine = notifications.filter((n) => 'network' in n && n.network === draft.network).map((n) => n.kind);
  const problems = outcomeProblems(queue, draft, held);
  if (draft.status === 'published' && !mine.includes('published')) {
    problems.push(`${draft.network}: published without its notification`);
  }
  if (
    (draft.status === 'failed' || draft.status === 'partly_published') &&
    !mine.includes(draft.status === 'failed' ? 'failed' : 'partly-published')
  ) {
    problems.push(`${draft.network}: ${draft.status} without a notification (got ${mine.join(', ')})`);
  }
  return problems;
}

describe('publishing through random faults', () => {
  it.each(SEEDS)('seed %i: every draft is published exactly once or clearly failed, never duplicated', async (seed) => {
    const networks = await startFakeNetworks();
    const account = await createBlueskyAccount(bluesky);
    const dataDir = join(workDir, `seed-${seed}`, 'data');
    cpSync(templateData, dataDir, { recursive: true });
    const loaded = loadTestConfig(publisherEnv(networks, bluesky, account, { dataDir, configPath }));
    const queue = openQueue(loaded);
    try {
      scriptsOf(networks).forEach(([network, script], index) => {
        script.random = randomFaults(network, seededRandom(seed * 100 + index), {
          rate: 0.3,
          facebookPageId: networks.facebook.pageId,
        });
      });
      const notifications: Notification[] = [];
      const runner = createRunner({
        queue,
        adapters: testAdapters(networks, bluesky, account, { timeoutMs: TIMEOUT_MS }),
        rules: {
          timezone: 'America/Toronto',
          publishTime: '09:00',
          latenessWindowMinutes: WINDOW_MINUTES,
          mediaLeadMinutes: 10,
        },
        sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
        random: seededRandom(seed),
        log: silentLogger(),
        notify: async (notification) => notifications.push(notification),
        publish: { retryBaseMs: 50, retryCapMs: 500 },
      });
      const started = Date.now();
      const outcomes = await runner.publishNow(UPDATE_DATE, { by: 'Opérateur' });
      const ended = Date.now();
      for (const [, script] of scriptsOf(networks)) script.random = undefined;

      for (const [network, script] of scriptsOf(networks)) {
        const kinds = coverage.get(network) ?? new Set<string>();
        for (const { fault } of script.served) kinds.add(fault.kind === 'respond' ? String(fault.status) : fault.kind);
        coverage.set(network, kinds);
      }
      expect(outcomes).toHaveLength(4);
      // Within the window: no retry is started that would end after it (one request may be in flight).
      expect(ended - started).toBeLessThanOrEqual(WINDOW_MINUTES * 60_000 + TIMEOUT_MS);
      const held = await heldPosts(networks, bluesky.reader, account.did);
      const problems = draftsOf(queue).flatMap((draft) =>
        draftProblems(queue, draft, held[draft.network as SocialNetwork] ?? [], notifications),
      );
      expect(problems).toEqual([]);
      expect(verifyChain(queue.store.db).ok).toBe(true);
    } finally {
      for (const [, script] of scriptsOf(networks)) script.random = undefined;
      queue.store.close();
      await networks.close();
    }
  });

  it('served, over the seeds, faults to every network and every kind of fault', () => {
    expect([...coverage.keys()].filter((network) => (coverage.get(network)?.size ?? 0) > 0).sort()).toEqual([
      'bluesky',
      'facebook',
      'linkedin',
      'x',
    ]);
    const all = new Set([...coverage.values()].flatMap((kinds) => [...kinds]));
    for (const kind of ['429', '500', '503', 'hang', 'reset', 'accept-then-drop']) expect(all).toContain(kind);
  });
});
