import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createRunner, type Runner } from '../../src/app/runner.js';
import { listEvents } from '../../src/audit/journal.js';
import { verifyChain } from '../../src/audit/verify.js';
import { silentLogger } from '../../src/log.js';
import type { Notification } from '../../src/notify/types.js';
import { approveDate } from '../../src/queue/approve.js';
import type { QueueContext } from '../../src/queue/context.js';
import { openQueue } from '../../src/queue/open-queue.js';
import { formatDraftId } from '../../src/store/types.js';
import { testClock } from '../publish/memory-adapter.js';
import { heldPosts, type SocialNetwork, threadProblems } from './network-state.js';
import { testAdapters } from './test-adapters.js';
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
  writeTestConfig,
} from './world.js';

/**
 * The scheduler against the real test servers, its clock driven by the test: late starts inside the
 * window, a start after it, an approval after the hour, and both DST change days of 2026
 * (9:00 in Toronto is 13:00 UTC in summer time, 14:00 UTC in standard time).
 */

let bluesky: Bluesky;
let workDir: string;
let configPath: string;
let cleanups: Array<() => Promise<void> | void> = [];

beforeAll(async () => {
  workDir = mkdtempSync(join(tmpdir(), 'crieur-time-'));
  configPath = writeTestConfig(workDir);
  bluesky = await startBluesky();
});

afterEach(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
  cleanups = [];
});

afterAll(async () => {
  await bluesky?.close();
  if (workDir) rmSync(workDir, { recursive: true, force: true });
});

interface TimeWorld {
  clock: ReturnType<typeof testClock>;
  queue: QueueContext;
  runner: Runner;
  networks: FakeNetworks;
  notifications: Notification[];
  date: string;
  statuses(): string[];
  /** Every draft's thread is on its network exactly once, in order. */
  threadProblems(): Promise<string[]>;
  /** Requests the three network servers and the PDS received. */
  requestCount(): number;
}

async function timeWorld(options: { date: string; start: string; approve?: boolean }): Promise<TimeWorld> {
  const networks = await startFakeNetworks();
  const account = await createBlueskyAccount(bluesky);
  const dataDir = join(workDir, `${options.date}-${account.handle}`, 'data');
  const loaded = loadTestConfig(publisherEnv(networks, bluesky, account, { dataDir, configPath }));
  const clock = testClock(options.start);
  const text = SHORT_UPDATE.replace(/^date: .*$/m, `date: ${options.date}`);
  await approvedStore(loaded, text, clock.now, { approve: options.approve ?? true });
  const queue = openQueue(loaded, clock.now);
  cleanups.push(
    () => queue.store.close(),
    () => networks.close(),
  );
  const notifications: Notification[] = [];
  const runner = createRunner({
    queue,
    adapters: testAdapters(networks, bluesky, account, { timeoutMs: 5000 }),
    rules: { timezone: 'America/Toronto', publishTime: '09:00', latenessWindowMinutes: 60, mediaLeadMinutes: 10 },
    sleep: clock.sleep,
    random: () => 0.5,
    log: silentLogger(),
    notify: async (notification) => notifications.push(notification),
  });
  const proxyBefore = bluesky.proxy.requests.length;
  return {
    clock,
    queue,
    runner,
    networks,
    notifications,
    date: options.date,
    statuses: () => draftsOf(queue, options.date).map((draft) => `${draft.network}:${draft.status}`),
    async threadProblems() {
      const held = await heldPosts(networks, bluesky.reader, account.did);
      return draftsOf(queue, options.date).flatMap((draft) =>
        threadProblems(queue, draft, held[draft.network as SocialNetwork] ?? []),
      );
    },
    requestCount: () =>
      networks.x.requests.length +
      networks.linkedin.requests.length +
      networks.facebook.requests.length +
      bluesky.proxy.requests.length -
      proxyBefore,
  };
}

const ALL_PUBLISHED = ['x:published', 'bluesky:published', 'linkedin:published', 'facebook:published'];

function lateEvents(world: TimeWorld) {
  return listEvents(world.queue.store.db).filter((event) => event.action === 'schedule' && event.data.late === true);
}

describe('publish time against the test servers', () => {
  it('a process started at 9:20 publishes at once, and the audit says it was 20 minutes late', async () => {
    const world = await timeWorld({ date: '2026-05-14', start: '2026-05-14T13:20:00Z' });
    const report = await world.runner.tick();
    expect(report.started).toHaveLength(4);
    await world.runner.idle();
    expect(world.statuses()).toEqual(ALL_PUBLISHED);
    expect(await world.threadProblems()).toEqual([]);
    const late = lateEvents(world);
    expect(late.map((event) => event.data.minutesLate)).toEqual([20, 20, 20, 20]);
    expect(late.map((event) => event.subject).sort()).toEqual(
      draftsOf(world.queue, world.date)
        .map((draft) => formatDraftId(draft.id))
        .sort(),
    );
    expect(verifyChain(world.queue.store.db).ok).toBe(true);
  });

  it('a process started at 10:30 posts nothing: every draft is missed, with a notification each', async () => {
    const world = await timeWorld({ date: '2026-05-14', start: '2026-05-14T14:30:00Z' });
    const report = await world.runner.tick();
    expect(report.started).toHaveLength(0);
    expect(report.missed).toHaveLength(4);
    expect(world.statuses()).toEqual(ALL_PUBLISHED.map((status) => status.replace('published', 'missed')));
    expect(world.notifications.map((notification) => notification.kind)).toEqual([
      'missed',
      'missed',
      'missed',
      'missed',
    ]);
    expect(world.requestCount()).toBe(0);
    expect(world.networks.x.posts).toHaveLength(0);
  });

  it('drafts approved at 9:10 go out at the next tick', async () => {
    const world = await timeWorld({ date: '2026-05-14', start: '2026-05-14T13:05:00Z', approve: false });
    expect((await world.runner.tick()).started).toHaveLength(0);
    world.clock.set('2026-05-14T13:10:00Z');
    approveDate(world.queue, { date: world.date, by: APPROVER });
    expect((await world.runner.tick()).started).toHaveLength(4);
    await world.runner.idle();
    expect(world.statuses()).toEqual(ALL_PUBLISHED);
    expect(await world.threadProblems()).toEqual([]);
    expect(lateEvents(world).map((event) => event.data.minutesLate)).toEqual([10, 10, 10, 10]);
  });

  it.each([
    ['2026-03-08', '2026-03-08T13:00:00Z'],
    ['2026-11-01', '2026-11-01T14:00:00Z'],
  ])('on %s (DST change), uploads media at 8:50 and publishes at 9:00 local, not an hour off', async (date, nine) => {
    const at = Date.parse(nine);
    const iso = (ms: number) => new Date(ms).toISOString();
    const world = await timeWorld({ date, start: iso(at - 60 * 60_000) });
    // An hour early is what a fixed UTC offset would get wrong one way or the other.
    expect((await world.runner.tick()).started).toHaveLength(0);
    expect(world.requestCount()).toBe(0);
    world.clock.set(iso(at - 10 * 60_000));
    expect((await world.runner.tick()).started).toHaveLength(0);
    expect(world.networks.x.posts).toHaveLength(0);
    const uploads = world.requestCount();
    expect(uploads).toBeGreaterThan(0);
    world.clock.set(iso(at - 1000));
    expect((await world.runner.tick()).started).toHaveLength(0);
    world.clock.set(nine);
    expect((await world.runner.tick()).started).toHaveLength(4);
    await world.runner.idle();
    expect(world.statuses()).toEqual(ALL_PUBLISHED);
    expect(await world.threadProblems()).toEqual([]);
    // At 9:00 only the creates remained: the cards were uploaded at 8:50.
    const parts = world.networks.x.posts.length;
    expect(parts).toBeGreaterThan(1);
    expect(world.networks.x.requests.slice(-parts).map((request) => `${request.method} ${request.path}`)).toEqual(
      Array(parts).fill('POST /2/tweets'),
    );
    expect(world.networks.x.requests.filter((request) => request.path.includes('/media/'))).toHaveLength(
      world.networks.x.requests.length - parts,
    );
    const started = listEvents(world.queue.store.db).filter(
      (event) => event.action === 'status' && event.data.to === 'publishing',
    );
    expect(started.map((event) => event.at)).toEqual(Array(4).fill(nine.replace('Z', '.000Z')));
    expect(lateEvents(world)).toHaveLength(0);
  });
});
