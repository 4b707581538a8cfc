import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { verifyChain } from '../../src/audit/verify.js';
import type { NetworkId } from '../../src/networks/index.js';
import { postgresDb, WRITE_LOCK } from '../../src/store/postgres-db.js';
import { type BlackholeProcess, startBlackholeProcess } from '../fakes/tcp-blackhole-process.js';
import { heldPosts, type SocialNetwork, threadProblems } from '../reliability/network-state.js';
import {
  approvedStore,
  type Bluesky,
  createBlueskyAccount,
  draftsOf,
  faultScripts,
  loadTestConfig,
  publisherEnv,
  SHORT_UPDATE,
  startBluesky,
  startFakeNetworks,
  withQueue,
  writeTestConfig,
} from '../reliability/world.js';
import { postgresUrlForTest } from '../support/postgres.js';
import { type RunInstance, startInstance, until } from './instances.js';

/**
 * Two `crieur run` processes on one PostgreSQL database; the leader reaches it through a TCP proxy
 * running in a process of its own (this test's process makes synchronous database calls: a proxy in
 * its event loop would stop forwarding the leader's statements whenever it waits on one of them).
 * A second before the publish time the leader is cut off for 30 s: the proxy black-holes its
 * connections (nothing goes through, nothing is closed), or resets them and refuses new ones. The
 * leader can write nothing, so it publishes nothing; the standby takes the lease once it runs out and
 * publishes every thread once. When the cut ends, the old leader writes nothing (fenced), stands by,
 * and never crashed.
 *
 * A black-holed connection through a proxy on this machine is answered at the TCP level by the proxy:
 * the leader's statement in flight (libpq is synchronous) waits for the whole cut, as a paused process
 * would. Across a real network the connection's TCP user timeout (10 s) ends that wait.
 */

/** The update's publish time: 09:00 in Toronto on its date. */
const PUBLISH_AT = Date.parse('2026-05-14T13:00:00Z');
/** The instances' publishing clock at start: two hours before it. */
const EARLY = Date.parse('2026-05-14T11:00:00Z');
const LEASE_SECONDS = 3;
const CUT_MS = 30_000;
const CREATES =
  /^POST (\/2\/tweets|\/xrpc\/com\.atproto\.repo\.putRecord|\/rest\/posts|\/v[\d.]+\/\d+\/(photos|feed))$/;

let bluesky: Bluesky;
let workDir: string;
let running: RunInstance[] = [];
let closers: Array<() => Promise<void>> = [];
const takeovers: Record<string, number> = {};

beforeAll(async () => {
  workDir = mkdtempSync(join(tmpdir(), 'crieur-pg-cut-'));
  bluesky = await startBluesky();
});

afterEach(async () => {
  for (const instance of running) instance.child.kill('SIGKILL');
  running = [];
  for (const close of closers.reverse()) await close();
  closers = [];
});

afterAll(async () => {
  await bluesky?.close();
  if (workDir) rmSync(workDir, { recursive: true, force: true });
  if (Object.keys(takeovers).length > 0) process.stdout.write(`takeover times (ms): ${JSON.stringify(takeovers)}\n`);
});

/** The same database through the proxy: only the port differs. */
function throughProxy(url: string, proxy: BlackholeProcess): string {
  const parsed = new URL(url);
  return url.replace(`${parsed.hostname}:${parsed.port}`, `127.0.0.1:${proxy.port}`);
}

async function leaderBehindProxy(name: string) {
  const configPath = writeTestConfig(
    join(workDir, name),
    `leaseSeconds: ${LEASE_SECONDS}\ninboxDir: ${join(workDir, name, 'inbox')}\n`,
  );
  const networks = await startFakeNetworks();
  closers.push(() => networks.close());
  const account = await createBlueskyAccount(bluesky);
  const dataDir = join(workDir, name, 'data');
  const env = publisherEnv(networks, bluesky, account, { dataDir, configPath });
  const databaseUrl = env.CRIEUR_DATABASE_URL;
  if (databaseUrl === undefined) throw new Error('this test runs on PostgreSQL only');
  const database = new URL(databaseUrl);
  const proxy = await startBlackholeProcess({ host: database.hostname, port: Number(database.port) });
  closers.push(() => proxy.close());
  const loaded = loadTestConfig(env);
  await approvedStore(loaded, SHORT_UPDATE, () => new Date(EARLY));

  const creates: Array<{ network: NetworkId; at: number }> = [];
  const networkOf = ['x', 'linkedin', 'facebook', 'bluesky'] as const;
  faultScripts(networks, bluesky).forEach((script, index) => {
    script.random = (method, path) => {
      if (CREATES.test(`${method} ${path}`)) creates.push({ network: networkOf[index] as NetworkId, at: Date.now() });
      return undefined;
    };
  });

  const logPath = join(workDir, name, 'instances.log');
  const childEnv = { ...env, CRIEUR_TEST_CLOCK_OFFSET_MS: String(EARLY - Date.now()) };
  const a = startInstance('a', { ...childEnv, CRIEUR_DATABASE_URL: throughProxy(databaseUrl, proxy) }, logPath);
  running.push(a);
  await a.logged('gained the publishing lease', { token: 1 });
  const b = startInstance('b', childEnv, logPath);
  running.push(b);
  await b.logged('standing by: another instance holds the publishing lease');

  const published = () => withQueue(loaded, (queue) => draftsOf(queue).every((draft) => draft.status === 'published'));
  const partCount = withQueue(loaded, (queue) =>
    draftsOf(queue).reduce((sum, draft) => sum + draft.content.posts.length, 0),
  );
  /** Every network holds every part exactly once, threaded; the audit chain holds. */
  const problems = async (): Promise<string[]> => {
    const held = await heldPosts(networks, bluesky.reader, account.did);
    const found = withQueue(loaded, (queue) => {
      const seen: string[] = [];
      for (const draft of draftsOf(queue)) {
        seen.push(...threadProblems(queue, draft, held[draft.network as SocialNetwork] ?? []));
      }
      const chain = verifyChain(queue.store.db);
      if (!chain.ok) seen.push(`audit chain broken: ${chain.reason}`);
      return seen;
    });
    if (found.length > 0 && existsSync(logPath)) found.push(readFileSync(logPath, 'utf8').slice(-3000));
    return found;
  };
  /** The publish time 2.5 s from now; the leader cut off a second before it. Returns when it was. */
  const cutBeforeTheHour = async (cut: () => Promise<void>): Promise<number> => {
    const publishAt = Date.now() + 2500;
    for (const instance of [a, b]) instance.setClockOffset(PUBLISH_AT - publishAt);
    await sleep(Math.max(0, publishAt - 1000 - Date.now()));
    const cutAt = Date.now();
    await cut();
    return cutAt;
  };
  return { proxy, a, b, creates, published, partCount, problems, cutBeforeTheHour };
}

type Setup = Awaited<ReturnType<typeof leaderBehindProxy>>;

/** The standby publishes every thread once; the old leader sent nothing. Returns when the standby took over. */
async function standbyPublishes(setup: Setup, cutAt: number, scenario: string): Promise<void> {
  const { b, creates, published, partCount } = setup;
  const gained = await b.logged('gained the publishing lease', { token: 2 });
  await until(published, 'every draft published by the standby');
  expect(creates.filter((create) => create.at < gained.time)).toEqual([]);
  expect(creates).toHaveLength(partCount);
  takeovers[scenario] = (creates[0]?.at ?? Number.NaN) - cutAt;
  takeovers[`${scenario}, lease taken`] = gained.time - cutAt;
}

/** Back on the database, the old leader stands by, sends nothing, never led again, and stops cleanly. */
async function oldLeaderStandsBy(setup: Setup, restoredAt: number): Promise<void> {
  const { a, b, creates, partCount, problems } = setup;
  await until(
    () =>
      a.log.some(
        (line) => line.msg === 'standing by: another instance holds the publishing lease' && line.time >= restoredAt,
      ),
    'the old leader to stand by',
    // Its statement held through the cut completes first; on a machine busy with the rest of the suite
    // that has taken over a minute.
    120_000,
  ).catch((error: Error) => {
    throw new Error(`${error.message}; its last log lines: ${JSON.stringify(a.log.slice(-8))}`);
  });
  const lost = a.log.find((line) => line.msg === 'lost the publishing lease');
  expect(lost).toMatchObject({ token: 1, reason: expect.stringContaining('ran out') });
  // A while on the database again: still nothing sent by the old leader.
  await sleep(3000);
  expect(creates).toHaveLength(partCount);
  expect(a.child.exitCode).toBeNull();
  expect(await problems()).toEqual([]);
  expect(a.log.filter((line) => line.msg === 'gained the publishing lease' && line.time >= restoredAt)).toEqual([]);
  expect(a.log.filter((line) => line.msg === 'publication crashed')).toEqual([]);
  for (const instance of [a, b]) instance.child.kill('SIGTERM');
  expect(await a.exited).toMatchObject({ code: 0 });
  expect(await b.exited).toMatchObject({ code: 0 });
}

describe('a leader cut off from PostgreSQL for 30 s', () => {
  it('black-holed: stops publishing; the standby publishes every thread once; back, the old leader is fenced and stands by', async () => {
    const setup = await leaderBehindProxy('black-hole');
    const cutAt = await setup.cutBeforeTheHour(() => setup.proxy.cut());
    await standbyPublishes(setup, cutAt, 'black-hole 1 s before the hour');
    await sleep(Math.max(0, cutAt + CUT_MS - Date.now()));
    const restoredAt = Date.now();
    await setup.proxy.restore();
    await oldLeaderStandsBy(setup, restoredAt);
  }, 240_000);

  it('refused: says it stops publishing once its lease runs out, keeps reconnecting; the standby publishes every thread once', async () => {
    const setup = await leaderBehindProxy('refused');
    const cutAt = await setup.cutBeforeTheHour(() => setup.proxy.refuse());
    await setup.a.logged(
      'could not renew the publishing lease; this instance goes on publishing until it runs out, and tries again every second',
    );
    const stopped = await setup.a.logged(
      'cut off from the database: the publishing lease ran out before it could be renewed, so this instance stops publishing (another instance may hold it now); it keeps trying to reach the database and stands by until then',
    );
    await standbyPublishes(setup, cutAt, 'connections refused 1 s before the hour');
    // It no longer counted itself leader before the standby took over: its lease had run out. (When
    // each process gets to write its log line depends on how busy the machine is; the times do not.)
    const gained = setup.b.log.find((line) => line.msg === 'gained the publishing lease');
    expect(Date.parse(String((stopped as Record<string, unknown>).leaseExpiredAt))).toBeLessThanOrEqual(
      gained?.time ?? 0,
    );
    await sleep(Math.max(0, cutAt + CUT_MS - Date.now()));
    const restoredAt = Date.now();
    await setup.proxy.restore();
    await setup.a.logged('the database answers again');
    await oldLeaderStandsBy(setup, restoredAt);
  }, 240_000);
});

describe('an instance cut off in the middle of a write transaction', () => {
  it('does not keep the others from writing: the server ends its transaction, and the write lock with it', async () => {
    const url = postgresUrlForTest();
    const stuck = postgresDb(url);
    const other = postgresDb(url);
    try {
      stuck.exec('BEGIN');
      stuck.exec(`SELECT pg_advisory_xact_lock(${WRITE_LOCK})`);
      // Without the server's help the other would wait forever: it gives up after a while instead.
      other.exec("SET lock_timeout = '15s'");
      // The cut-off instance holds the write lock…
      other.exec('BEGIN');
      expect(other.prepare('SELECT pg_try_advisory_xact_lock(?) AS free').pluck().get(WRITE_LOCK)).toBe(false);
      other.exec('ROLLBACK');
      // …until the server ends its idle transaction (after IDLE_IN_TRANSACTION_MS): the other writes.
      expect(other.transaction(() => other.prepare('SELECT 1 AS one').pluck().get())).toBe(1);
      expect(() => stuck.exec('COMMIT')).toThrow(/PostgreSQL unreachable/);
    } finally {
      stuck.close();
      other.close();
    }
  });
});
