import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRunner } from '../../src/app/runner.js';
import { verifyChain } from '../../src/audit/verify.js';
import { silentLogger } from '../../src/log.js';
import type { NetworkId } from '../../src/networks/index.js';
import type { Notification } from '../../src/notify/types.js';
import { deletionRows } from '../../src/publish/deletions-repo.js';
import { ledgerParts } from '../../src/publish/ledger.js';
import { approveDate } from '../../src/queue/approve.js';
import { queueCorrections, queueRetractions } from '../../src/queue/corrections.js';
import { openQueue } from '../../src/queue/open-queue.js';
import type { FaultScript } from '../fakes/fault-script.js';
import { randomFaults, seededRandom } from '../reliability/random-faults.js';
import { testAdapters } from '../reliability/test-adapters.js';
import {
  APPROVER,
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
} from '../reliability/world.js';

/**
 * A correction, then a retraction, through 30 % of requests failing at random on every network
 * (seeded): 429, 500, 503, no answer, reset, accepted then dropped. A correction is online once or
 * clearly failed, never twice; a retraction deletes each post at most once, says what failed, and a
 * later run without faults finishes it: nothing of ours is left, each post deleted exactly once.
 */

const SEEDS = [3, 17, 29, 41, 53];
/** Faults served in each phase, over all seeds, by kind. */
const served = { correction: new Map<string, number>(), retraction: new Map<string, number>() };
const TIMEOUT_MS = 1000;

let bluesky: Bluesky;
let workDir: string;
let configPath: string;
let templateData: string;

beforeAll(async () => {
  workDir = mkdtempSync(join(tmpdir(), 'crieur-follow-up-faults-'));
  configPath = writeTestConfig(workDir);
  templateData = join(workDir, 'template', 'data');
  bluesky = await startBluesky();
  await approvedStore(loadTestConfig({ CRIEUR_CONFIG: configPath, CRIEUR_DATA_DIR: templateData }), SHORT_UPDATE);
}, 120_000);

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

function duplicates(ids: string[]): string[] {
  return ids.filter((id, index) => ids.indexOf(id) !== index);
}

describe('corrections and retractions through random faults', () => {
  it.each(SEEDS)(
    'seed %i: a correction is online at most once, a retraction deletes each post at most once',
    async (seed) => {
      const networks = await startFakeNetworks();
      const account = await createBlueskyAccount(bluesky);
      const dataDir = join(workDir, `seed-${seed}`, 'data');
      cpSync(templateData, dataDir, { recursive: true });
      const loaded = loadTestConfig(publisherEnv(networks, bluesky, account, { dataDir, configPath }));
      const queue = openQueue(loaded);
      const notifications: Notification[] = [];
      const runner = createRunner({
        queue,
        adapters: testAdapters(networks, bluesky, account, { timeoutMs: TIMEOUT_MS }),
        rules: { timezone: 'America/Toronto', publishTime: '09:00', latenessWindowMinutes: 1, mediaLeadMinutes: 10 },
        sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
        random: seededRandom(seed),
        log: silentLogger(),
        notify: async (notification) => notifications.push(notification),
        publish: { retryBaseMs: 50, retryCapMs: 500 },
      });
      const faulty = (on: boolean) =>
        scriptsOf(networks).forEach(([network, script], index) => {
          script.random = on
            ? randomFaults(network, seededRandom(seed * 100 + index), {
                rate: 0.3,
                facebookPageId: networks.facebook.pageId,
              })
            : undefined;
        });
      const blueskyTexts = async () =>
        (
          await bluesky.reader.com.atproto.repo.listRecords({ repo: account.did, collection: 'app.bsky.feed.post' })
        ).data.records.map((record) => (record.value as { text: string }).text);
      try {
        const first = await runner.publishNow(UPDATE_DATE, { by: 'Opérateur' });
        expect(first.map((outcome) => outcome.status)).toEqual(Array(4).fill('published'));
        const ours = new Map(
          draftsOf(queue).map((draft) => [
            draft.network,
            ledgerParts(queue.store, draft.id).map((part) => part.remoteId),
          ]),
        );

        // A correction through faults.
        queueCorrections(queue, { date: UPDATE_DATE, text: 'Il fallait lire 1 016 prélèvements.', by: 'Rédaction' });
        approveDate(queue, { date: UPDATE_DATE, by: APPROVER });
        faulty(true);
        await runner.publishNow(UPDATE_DATE, { by: 'Opérateur' });
        faulty(false);
        const count = (phase: Map<string, number>) => {
          for (const [, script] of scriptsOf(networks)) {
            for (const { fault } of script.served.splice(0)) {
              const kind = fault.kind === 'respond' ? String(fault.status) : fault.kind;
              phase.set(kind, (phase.get(kind) ?? 0) + 1);
            }
          }
        };
        count(served.correction);
        const corrections = draftsOf(queue).filter((draft) => draft.kind === 'correction');
        const held: Record<string, number> = {
          x: networks.x.posts.filter((post) => post.text.startsWith('Correctif')).length,
          bluesky: (await blueskyTexts()).filter((text) => text.startsWith('Correctif')).length,
          linkedin: networks.linkedin.comments.length,
          facebook: networks.facebook.comments.length,
        };
        for (const draft of corrections) {
          const count = held[draft.network] ?? 0;
          expect(count, `${draft.network} corrections held`).toBeLessThanOrEqual(1);
          if (draft.status === 'published') expect(count, draft.network).toBe(1);
          else {
            expect(['failed', 'partly_published']).toContain(draft.status);
            expect(
              notifications.some((n) => n.kind === 'failed' && 'network' in n && n.network === draft.network),
            ).toBe(true);
          }
        }

        // A retraction through faults, then a run without faults finishes it.
        queueRetractions(queue, { date: UPDATE_DATE, by: 'Administration', reason: 'Chiffres erronés.' });
        approveDate(queue, { date: UPDATE_DATE, by: APPROVER });
        faulty(true);
        await runner.publishNow(UPDATE_DATE, { by: 'Opérateur' });
        faulty(false);
        count(served.retraction);
        expect(duplicates(networks.x.deletions)).toEqual([]);
        expect(duplicates(networks.linkedin.deletions)).toEqual([]);
        expect(duplicates(networks.facebook.deletions)).toEqual([]);
        for (const draft of draftsOf(queue).filter((other) => other.kind === 'retraction')) {
          if (draft.status !== 'published') {
            expect(
              notifications.some(
                (n) => 'draftKind' in n && n.draftKind === 'retraction' && n.network === draft.network,
              ),
            ).toBe(true);
          }
        }
        await runner.publishNow(UPDATE_DATE, { by: 'Opérateur' });
        const retractions = draftsOf(queue).filter((draft) => draft.kind === 'retraction');
        expect(retractions.map((draft) => draft.status)).toEqual(Array(4).fill('published'));
        for (const draft of retractions) {
          expect(deletionRows(queue.store.db, draft.id).every((row) => row.state === 'deleted')).toBe(true);
        }
        expect(networks.x.posts).toEqual([]);
        expect(await blueskyTexts()).toEqual([]);
        expect(networks.linkedin.posts).toEqual([]);
        expect(networks.facebook.posts).toEqual([]);
        expect(networks.facebook.comments).toEqual([]);
        expect(networks.linkedin.comments).toEqual([]);
        const xOurs = [...(ours.get('x') ?? [])];
        expect(networks.x.deletions.filter((id) => xOurs.includes(id)).sort()).toEqual([...xOurs].sort());
        expect(duplicates(networks.x.deletions)).toEqual([]);
        expect(duplicates(networks.linkedin.deletions)).toEqual([]);
        expect(duplicates(networks.facebook.deletions)).toEqual([]);
        expect(verifyChain(queue.store.db).ok).toBe(true);
      } finally {
        faulty(false);
        queue.store.close();
        await networks.close();
      }
    },
    300_000,
  );

  it('served faults of several kinds in both phases, over the seeds', () => {
    for (const phase of [served.correction, served.retraction]) {
      expect([...phase.values()].reduce((sum, n) => sum + n, 0)).toBeGreaterThan(2);
      expect(phase.size).toBeGreaterThan(1);
    }
  });
});
