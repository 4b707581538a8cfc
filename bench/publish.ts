/**
 * Publish-time benchmark: the sample update's approved drafts on the four networks, against the
 * local test servers (the real PDS for Bluesky) with a fixed delay on every request. Media go up at
 * the lead time (a scheduler tick at 8:50); the scheduler tick at 9:00 starts the publications, and
 * the time from that instant to the last part accepted on each network is set beside the lower
 * bound: the thread's creates, one after the other, each taking the delay.
 * Run: node --import tsx bench/publish.ts [delayMs]
 */
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NetworkAdapter } from '../adapters/types.js';
import { silentLogger } from '../src/log.js';
import type { NetworkId } from '../src/networks.js';
import { openQueue } from '../src/queue/open-queue.js';
import { createRunner } from '../src/schedule/runner.js';
import { getDraft } from '../src/store/drafts-repo.js';
import { testAdapters } from '../test/reliability/test-adapters.js';
import {
  approvedStore,
  createBlueskyAccount,
  loadTestConfig,
  publisherEnv,
  SOCIAL_NETWORKS,
  startBluesky,
  startFakeNetworks,
  writeTestConfig,
} from '../test/reliability/world.js';

const DELAY_MS = Number(process.argv[2] ?? 100);
const TARGET_RATIO = 1.2;
const SAMPLE = join(import.meta.dirname, '..', 'examples', '2026-05-14-dsn.md');
/** 9:00 in Toronto on the sample's date (summer time). */
const PUBLISH_AT = Date.parse('2026-05-14T13:00:00Z');
const LEAD_AT = PUBLISH_AT - 10 * 60_000;

interface Timing {
  parts: number;
  /** performance.now() at the start of each create call. */
  starts: number[];
  /** performance.now() of each accepted create. */
  accepted: number[];
  /** Duration of each create call. */
  creates: number[];
}

/** Notes when each create call returns, without changing what it does. */
function timed(adapter: NetworkAdapter, timing: Timing): NetworkAdapter {
  return {
    id: adapter.id,
    limits: adapter.limits,
    verify: () => adapter.verify(),
    uploadMedia: (card) => adapter.uploadMedia(card),
    findPost: (part, since) => adapter.findPost(part, since),
    async createPost(part, media, replyTo) {
      const start = performance.now();
      timing.starts.push(start);
      const ref = await adapter.createPost(part, media, replyTo);
      const end = performance.now();
      timing.creates.push(end - start);
      timing.accepted.push(end);
      return ref;
    },
  };
}

const workDir = mkdtempSync(join(tmpdir(), 'crieur-bench-publish-'));
const bluesky = await startBluesky();
const networks = await startFakeNetworks();
try {
  const account = await createBlueskyAccount(bluesky);
  const configPath = writeTestConfig(workDir);
  const dataDir = join(workDir, 'data');
  const env = publisherEnv(networks, bluesky, account, { dataDir, configPath });
  const loaded = loadTestConfig(env);
  const template = join(workDir, 'template');
  await approvedStore(loadTestConfig({ ...env, CRIEUR_DATA_DIR: template }), await readSample());
  cpSync(template, dataDir, { recursive: true });

  // The scheduler's clock: real time, shifted so the run starts at the lead time of the sample's day.
  let offset = LEAD_AT - Date.now();
  const now = () => new Date(Date.now() + offset);
  const queue = openQueue(loaded, now);
  const timings = new Map<NetworkId, Timing>();
  const adapters = new Map<NetworkId, NetworkAdapter>();
  for (const [network, adapter] of testAdapters(networks, bluesky, account, { timeoutMs: 30_000 })) {
    const timing: Timing = { parts: 0, starts: [], accepted: [], creates: [] };
    timings.set(network, timing);
    adapters.set(network, timed(adapter, timing));
  }
  const runner = createRunner({
    queue,
    adapters,
    rules: { timezone: 'America/Toronto', publishTime: '09:00', latenessWindowMinutes: 60, mediaLeadMinutes: 10 },
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    random: Math.random,
    log: silentLogger(),
    notify: async () => true,
  });

  for (const script of [networks.x.faults, networks.linkedin.faults, networks.facebook.faults, bluesky.proxy.script]) {
    script.random = () => ({ kind: 'delay', ms: DELAY_MS });
  }

  const ahead = performance.now();
  await runner.tick();
  const aheadMs = performance.now() - ahead;

  offset = PUBLISH_AT - Date.now();
  const instant = performance.now();
  const report = await runner.tick();
  const outcomes = await Promise.all(report.started);
  const store = queue.store;

  console.log(`crieur publish benchmark: sample update, ${DELAY_MS} ms per request, media uploaded ahead`);
  console.log(`media upload at the lead time: ${aheadMs.toFixed(0)} ms (not counted)`);
  console.log('');
  const rows: string[][] = [
    [
      'network',
      'parts',
      'status',
      'elapsed ms',
      'bound ms',
      'ratio',
      'target',
      'first create at',
      'create (mean)',
      'between parts (mean)',
    ],
  ];
  let allMet = true;
  for (const outcome of outcomes) {
    const draft = getDraft(store.db, outcome.draftId);
    if (!draft) continue;
    const timing = timings.get(draft.network);
    const parts = draft.content.posts.length;
    const last = timing?.accepted.at(-1);
    const elapsed = last === undefined ? Number.NaN : last - instant;
    const bound = parts * DELAY_MS;
    const ratio = elapsed / bound;
    const met = outcome.status === 'published' && ratio <= TARGET_RATIO;
    allMet &&= met;
    const creates = timing?.creates ?? [];
    const starts = timing?.starts ?? [];
    const accepted = timing?.accepted ?? [];
    const gaps = starts.slice(1).map((start, index) => start - (accepted[index] ?? start));
    rows.push([
      draft.network,
      String(parts),
      outcome.status,
      elapsed.toFixed(0),
      String(bound),
      `${ratio.toFixed(2)}×`,
      met ? `≤ ${TARGET_RATIO}× ok` : `MISSED (> ${TARGET_RATIO}×)`,
      `${((starts[0] ?? instant) - instant).toFixed(1)} ms`,
      `${mean(creates).toFixed(1)} ms`,
      gaps.length > 0 ? `${mean(gaps).toFixed(1)} ms` : '–',
    ]);
  }
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  for (const row of rows) console.log(row.map((cell, column) => cell.padEnd(widths[column]!)).join('  '));
  console.log('');
  console.log(
    `bound = parts × ${DELAY_MS} ms (the thread's creates one after the other); elapsed = 9:00 tick → last part accepted`,
  );
  console.log(
    'first create at = 9:00 tick → first create call; between parts = ledger commits and checks between two creates',
  );
  console.log(
    allMet
      ? `every network within ${TARGET_RATIO}× of the lower bound`
      : `target missed on at least one network (${SOCIAL_NETWORKS.join(', ')} measured)`,
  );
  queue.store.close();
  process.exitCode = allMet ? 0 : 1;
} finally {
  await networks.close();
  await bluesky.close();
  rmSync(workDir, { recursive: true, force: true });
}

function mean(values: number[]): number {
  return values.length === 0 ? 0 : values.reduce((a, b) => a + b, 0) / values.length;
}

async function readSample(): Promise<string> {
  const { readFile } = await import('node:fs/promises');
  return readFile(SAMPLE, 'utf8');
}
