import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { verifyChain } from '../../src/audit/verify.js';
import type { NetworkId } from '../../src/networks/index.js';
import { heldPosts, type SocialNetwork, threadProblems } from '../reliability/network-state.js';
import {
  approvedStore,
  type Bluesky,
  createBlueskyAccount,
  draftsOf,
  loadTestConfig,
  publisherEnv,
  startBluesky,
  startFakeNetworks,
  withQueue,
  writeTestConfig,
} from '../reliability/world.js';
import { type RunInstance, startInstance, until } from './instances.js';

/**
 * Two `crieur run` instances on one store; the leader is killed (SIGKILL) in the middle of a 21-part
 * thread, while its 11th create reaches X (X performs it, the reply never comes back). The standby
 * takes the lease over and finishes the thread: every part once, in order, each replying to the one
 * before, with no gap where the leader died.
 */

/** The update's publish time: 09:00 in Toronto on its date. */
const PUBLISH_AT = Date.parse('2026-05-14T13:00:00Z');
/** The instances' publishing clock at start: two hours before it. */
const EARLY = Date.parse('2026-05-14T11:00:00Z');
const LEASE_SECONDS = 3;
const THREAD_PARTS = 21;
const KILL_AT_CREATE = 11;
const CREATES = /^POST (\/2\/tweets|\/xrpc\/com\.atproto\.repo\.putRecord)$/;

/** Twenty bullets of about 200 characters: one post each on X and Bluesky, after the opening post. */
const LONG_UPDATE = `---
date: 2026-05-14
title: Mise à jour quotidienne
subtitle: Dossier santé numérique (DSN)
---

# Un long bilan

- La continuité des soins a été assurée.

## Faits saillants

${Array.from(
  { length: THREAD_PARTS - 1 },
  (_, index) =>
    `- Bilan ${index + 1} : les équipes de soutien ont accompagné ${100 + index} usagers hier dans les cliniques externes, les centres de services et les urgences, malgré un achalandage élevé et des délais qui demeurent importants.`,
).join('\n')}
`;

let bluesky: Bluesky;
let workDir: string;
let running: RunInstance[] = [];
let closeNetworks: (() => Promise<void>) | undefined;

beforeAll(async () => {
  workDir = mkdtempSync(join(tmpdir(), 'crieur-thread-failover-'));
  bluesky = await startBluesky();
});

afterEach(async () => {
  for (const instance of running) instance.child.kill('SIGKILL');
  running = [];
  await closeNetworks?.();
  closeNetworks = undefined;
});

afterAll(async () => {
  await bluesky?.close();
  if (workDir) rmSync(workDir, { recursive: true, force: true });
});

describe('the leader killed in the middle of a long thread', () => {
  it(`the standby finishes a ${THREAD_PARTS}-part thread with no duplicate and no gap`, async () => {
    const networks = await startFakeNetworks();
    closeNetworks = () => networks.close();
    const account = await createBlueskyAccount(bluesky);
    const configPath = writeTestConfig(
      workDir,
      `leaseSeconds: ${LEASE_SECONDS}\ninboxDir: ${join(workDir, 'inbox')}\n`,
      ['x', 'bluesky'],
    );
    const env = publisherEnv(networks, bluesky, account, { dataDir: join(workDir, 'data'), configPath });
    const loaded = loadTestConfig(env);
    const drafts = await approvedStore(loaded, LONG_UPDATE, () => new Date(EARLY));
    expect(drafts.map((draft) => [draft.network, draft.content.posts.length])).toEqual([
      ['x', THREAD_PARTS],
      ['bluesky', THREAD_PARTS],
    ]);

    const creates: Array<{ network: NetworkId; at: number }> = [];
    const killed: { at?: number } = {};
    const leader: { instance?: RunInstance } = {};
    const onRequest =
      (network: NetworkId) =>
      (method: string, path: string): { kind: 'accept-then-drop' } | undefined => {
        if (!CREATES.test(`${method} ${path}`)) return undefined;
        creates.push({ network, at: Date.now() });
        const xCreates = creates.filter((create) => create.network === 'x').length;
        if (network !== 'x' || xCreates !== KILL_AT_CREATE || killed.at !== undefined) return undefined;
        leader.instance?.child.kill('SIGKILL');
        killed.at = Date.now();
        // X performs the create; its reply never reaches the dead leader.
        return { kind: 'accept-then-drop' };
      };
    networks.x.faults.random = onRequest('x');
    bluesky.proxy.script.random = onRequest('bluesky');

    const logPath = join(workDir, 'instances.log');
    const childEnv = { ...env, CRIEUR_TEST_CLOCK_OFFSET_MS: String(EARLY - Date.now()) };
    const a = startInstance('a', childEnv, logPath);
    running.push(a);
    leader.instance = a;
    await a.logged('gained the publishing lease', { token: 1 });
    const b = startInstance('b', childEnv, logPath);
    running.push(b);
    await b.logged('standing by: another instance holds the publishing lease');
    const publishAt = Date.now() + 2000;
    for (const instance of [a, b]) instance.setClockOffset(PUBLISH_AT - publishAt);

    expect(await a.exited).toMatchObject({ signal: 'SIGKILL' });
    const killedAt = killed.at ?? Number.NaN;
    await b.logged('gained the publishing lease', { token: 2 });
    const published = () =>
      withQueue(loaded, (queue) => draftsOf(queue).every((draft) => draft.status === 'published'));
    await until(published, 'both threads published by the standby');

    const held = await heldPosts(networks, bluesky.reader, account.did);
    const problems = withQueue(loaded, (queue) => {
      const found = draftsOf(queue).flatMap((draft) =>
        threadProblems(queue, draft, held[draft.network as SocialNetwork] ?? []),
      );
      const chain = verifyChain(queue.store.db);
      if (!chain.ok) found.push(`audit chain broken: ${chain.reason}`);
      return found;
    });
    const log = existsSync(logPath) ? readFileSync(logPath, 'utf8').slice(-3000) : '';
    expect(problems, log).toEqual([]);
    expect(held.x).toHaveLength(THREAD_PARTS);
    expect(held.bluesky).toHaveLength(THREAD_PARTS);
    // The leader sent the first half of the X thread, the standby the rest.
    const xCreates = creates.filter((create) => create.network === 'x');
    expect(xCreates.filter((create) => create.at <= killedAt)).toHaveLength(KILL_AT_CREATE);
    expect(xCreates.filter((create) => create.at > killedAt).length).toBeGreaterThanOrEqual(
      THREAD_PARTS - KILL_AT_CREATE,
    );

    b.child.kill('SIGTERM');
    expect(await b.exited).toMatchObject({ code: 0 });
  }, 180_000);
});
