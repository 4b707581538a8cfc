/**
 * Publish-time benchmark: the sample update's approved drafts on the four networks, against the
 * local test servers (the real PDS for Bluesky) with a fixed delay on every request. Media go up at
 * the lead time (a scheduler tick at 8:50); the scheduler tick at 9:00 starts the publications, and
 * the time from that instant to the last part accepted on each network is set beside:
 * - the lower bound: the thread's creates, one after the other, each taking the delay;
 * - the floor: the same creates, measured through the same adapters against the same servers with
 *   the same delay, media uploaded first, with no store, ledger or audit — the best any publisher
 *   could do with these servers. It is measured before and after the publication (fresh servers and
 *   a fresh Bluesky account each time, networks in parallel as in the publication) and averaged.
 * Run: node --import tsx bench/publish.ts [delayMs]
 */
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRunner } from '../src/app/runner.js';
import type { RenderedCard } from '../src/cards/types.js';
import { silentLogger } from '../src/log.js';
import type { NetworkId } from '../src/networks/index.js';
import type { MediaRef, NetworkAdapter, PostPart, RemoteRef } from '../src/publish/port.js';
import { mediaPath } from '../src/queue/media-files.js';
import { openQueue } from '../src/queue/open-queue.js';
import { getDraft } from '../src/store/drafts-repo.js';
import type { DraftRecord } from '../src/store/types.js';
import { testAdapters } from '../test/reliability/test-adapters.js';
import {
  approvedStore,
  type Bluesky,
  createBlueskyAccount,
  draftsOf,
  type FakeNetworks,
  faultScripts,
  loadTestConfig,
  publisherEnv,
  SOCIAL_NETWORKS,
  startBluesky,
  startFakeNetworks,
  withQueue,
  writeTestConfig,
} from '../test/reliability/world.js';

const DELAY_MS = Number(process.argv[2] ?? 100);
const TARGET_RATIO = 1.2;
const SAMPLE = join(import.meta.dirname, '..', 'examples', '2026-05-14-dsn.md');
/** 9:00 in Toronto on the sample's date (summer time). */
const PUBLISH_AT = Date.parse('2026-05-14T13:00:00Z');
const LEAD_AT = PUBLISH_AT - 10 * 60_000;
const ADAPTER_OPTIONS = { timeoutMs: 30_000 };

interface Timing {
  /** performance.now() at the start of each create call. */
  starts: number[];
  /** performance.now() of each accepted create. */
  accepted: number[];
  /** Duration of each create call. */
  creates: number[];
}

const newTiming = (): Timing => ({ starts: [], accepted: [], creates: [] });

/** Notes when each create call starts and returns, without changing what it does. */
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

function delayEverything(networks: FakeNetworks, bluesky: Bluesky): void {
  for (const script of faultScripts(networks, bluesky)) script.random = () => ({ kind: 'delay', ms: DELAY_MS });
}

function renderedCard(mediaDir: string, draft: DraftRecord, index: number): RenderedCard[] {
  return (draft.content.posts[index]?.media ?? []).map((media) => ({
    spec: media.spec,
    path: mediaPath(mediaDir, media),
    alt: media.alt,
    mime: media.mime,
    width: media.width,
    height: media.height,
    bytes: media.bytes,
    sha256: media.sha256,
  }));
}

interface FloorRun {
  /** Instant → last create accepted, per network. */
  elapsed: Map<NetworkId, number>;
  timings: Map<NetworkId, Timing>;
}

/**
 * The best a publisher could do: each network's thread created part after part by the adapter alone
 * (reply chain kept), against fresh servers with the same delay, media uploaded before the instant.
 */
async function measureFloor(bluesky: Bluesky, drafts: DraftRecord[], mediaDir: string): Promise<FloorRun> {
  const networks = await startFakeNetworks();
  try {
    delayEverything(networks, bluesky);
    const account = await createBlueskyAccount(bluesky);
    const adapters = testAdapters(networks, bluesky, account, ADAPTER_OPTIONS);
    const prepared = await Promise.all(
      drafts.map(async (draft) => {
        const adapter = adapters.get(draft.network);
        if (!adapter) throw new Error(`no test adapter for ${draft.network}`);
        const media: MediaRef[][] = [];
        for (let index = 0; index < draft.content.posts.length; index++) {
          const refs: MediaRef[] = [];
          for (const card of renderedCard(mediaDir, draft, index)) refs.push(await adapter.uploadMedia(card));
          media.push(refs);
        }
        return { draft, adapter, media, timing: newTiming() };
      }),
    );
    const instant = performance.now();
    const elapsed = new Map<NetworkId, number>();
    await Promise.all(
      prepared.map(async ({ draft, adapter, media, timing }) => {
        const create = timed(adapter, timing);
        let root: RemoteRef | undefined;
        let parent: RemoteRef | undefined;
        const posts = draft.content.posts;
        for (const [index, post] of posts.entries()) {
          const part: PostPart = {
            key: `${draft.date}:${draft.network}:floor:${index}`,
            index,
            total: posts.length,
            text: post.text,
          };
          const ref = await create.createPost(part, media[index] ?? [], root && parent ? { root, parent } : undefined);
          root ??= ref;
          parent = ref;
        }
        elapsed.set(draft.network, (timing.accepted.at(-1) ?? Number.NaN) - instant);
      }),
    );
    return { elapsed, timings: new Map(prepared.map(({ draft, timing }) => [draft.network, timing])) };
  } finally {
    await networks.close();
  }
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
  await approvedStore(loadTestConfig({ ...env, CRIEUR_DATA_DIR: template }), readFileSync(SAMPLE, 'utf8'));
  cpSync(template, dataDir, { recursive: true });
  const sampleDrafts = withQueue(loadTestConfig({ ...env, CRIEUR_DATA_DIR: template }), (queue) =>
    draftsOf(queue).filter((draft) => SOCIAL_NETWORKS.includes(draft.network)),
  );
  const templateMedia = join(template, 'media');

  // The scheduler's clock: real time, shifted so the run starts at the lead time of the sample's day.
  let offset = LEAD_AT - Date.now();
  const now = () => new Date(Date.now() + offset);
  const queue = openQueue(loaded, now);
  const timings = new Map<NetworkId, Timing>();
  const adapters = new Map<NetworkId, NetworkAdapter>();
  for (const [network, adapter] of testAdapters(networks, bluesky, account, ADAPTER_OPTIONS)) {
    const timing = newTiming();
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
  delayEverything(networks, bluesky);

  const ahead = performance.now();
  await runner.tick();
  const aheadMs = performance.now() - ahead;

  // Warms the adapters' create paths (and the servers') so neither the floor nor the publication pays for it.
  await measureFloor(bluesky, sampleDrafts, templateMedia);
  const floorBefore = await measureFloor(bluesky, sampleDrafts, templateMedia);

  offset = PUBLISH_AT - Date.now();
  const instant = performance.now();
  const report = await runner.tick();
  const outcomes = await Promise.all(report.started);
  const store = queue.store;

  const floorAfter = await measureFloor(bluesky, sampleDrafts, templateMedia);

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
      'floor ms',
      '÷ bound',
      '÷ floor',
      'overhead/part',
      'target (÷ bound)',
      'first create at',
      'between parts',
    ],
  ];
  let allMet = true;
  let worstToFloor = 0;
  let worstOverhead = Number.NEGATIVE_INFINITY;
  const floorNotes: string[] = [];
  for (const outcome of outcomes) {
    const draft = getDraft(store.db, outcome.draftId);
    if (!draft) continue;
    const timing = timings.get(draft.network) ?? newTiming();
    const parts = draft.content.posts.length;
    const last = timing.accepted.at(-1);
    const elapsed = last === undefined ? Number.NaN : last - instant;
    const bound = parts * DELAY_MS;
    const before = floorBefore.elapsed.get(draft.network) ?? Number.NaN;
    const after = floorAfter.elapsed.get(draft.network) ?? Number.NaN;
    const floor = (before + after) / 2;
    const ratio = elapsed / bound;
    const met = outcome.status === 'published' && ratio <= TARGET_RATIO;
    allMet &&= met;
    worstToFloor = Math.max(worstToFloor, elapsed / floor);
    worstOverhead = Math.max(worstOverhead, (elapsed - floor) / parts);
    const gaps = gapsOf(timing);
    rows.push([
      draft.network,
      String(parts),
      outcome.status,
      elapsed.toFixed(0),
      String(bound),
      floor.toFixed(0),
      `${ratio.toFixed(2)}×`,
      `${(elapsed / floor).toFixed(2)}×`,
      `${((elapsed - floor) / parts).toFixed(1)} ms`,
      met ? `≤ ${TARGET_RATIO}× ok` : `MISSED (> ${TARGET_RATIO}×)`,
      `${((timing.starts[0] ?? instant) - instant).toFixed(1)} ms`,
      gaps.length > 0 ? `${mean(gaps).toFixed(1)} ms` : '–',
    ]);
    const floorGaps = [floorBefore, floorAfter].flatMap((run) => gapsOf(run.timings.get(draft.network) ?? newTiming()));
    floorNotes.push(
      `${draft.network}: floor runs ${before.toFixed(0)} / ${after.toFixed(0)} ms, create (mean) ${mean(timing.creates).toFixed(1)} ms ours vs ${mean([floorBefore, floorAfter].flatMap((run) => run.timings.get(draft.network)?.creates ?? [])).toFixed(1)} ms floor` +
        (floorGaps.length > 0 ? `, between parts ${mean(floorGaps).toFixed(1)} ms floor` : ''),
    );
  }
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  for (const row of rows) console.log(row.map((cell, column) => cell.padEnd(widths[column]!)).join('  '));
  console.log('');
  for (const note of floorNotes) console.log(note);
  console.log('');
  console.log(
    `bound = parts × ${DELAY_MS} ms (the thread's creates one after the other); elapsed = 9:00 tick → last part accepted`,
  );
  console.log(
    'floor = the same creates through the same adapters and servers, no store/ledger/audit (mean of a run before and one after)',
  );
  console.log('overhead/part = (elapsed − floor) ÷ parts: what the store, ledger, audit and checks cost per part');
  console.log(
    'first create at = 9:00 tick → first create call; between parts = previous create accepted → next create call',
  );
  console.log(
    allMet
      ? `target: every network within ${TARGET_RATIO}× of the lower bound — met`
      : `target: every network within ${TARGET_RATIO}× of the lower bound — missed on at least one network (${SOCIAL_NETWORKS.join(', ')} measured)`,
  );
  console.log(
    `against the floor: at most ${worstToFloor.toFixed(2)}× the floor, at most ${worstOverhead.toFixed(1)} ms of our own per part`,
  );
  queue.store.close();
  process.exitCode = allMet ? 0 : 1;
} finally {
  await networks.close();
  await bluesky.close();
  rmSync(workDir, { recursive: true, force: true });
}

function gapsOf(timing: Timing): number[] {
  return timing.starts.slice(1).map((start, index) => start - (timing.accepted[index] ?? start));
}

function mean(values: number[]): number {
  return values.length === 0 ? 0 : values.reduce((a, b) => a + b, 0) / values.length;
}
