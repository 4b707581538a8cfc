import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { AtpAgent } from '@atproto/api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyChain } from '../../src/audit/verify.js';
import type { NetworkId } from '../../src/networks/index.js';
import { deletionRows } from '../../src/publish/deletions-repo.js';
import { ledgerParts } from '../../src/publish/ledger.js';
import { approveDate } from '../../src/queue/approve.js';
import { queueRetractions } from '../../src/queue/corrections.js';
import type { Fault, FaultScript } from '../fakes/fault-script.js';
import type { PdsAccount } from '../fakes/pds.js';
import { startPublisher } from '../reliability/child-process.js';
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
  SOCIAL_NETWORKS,
  startBluesky,
  startFakeNetworks,
  UPDATE_DATE,
  withQueue,
  writeTestConfig,
} from '../reliability/world.js';

/**
 * A retraction killed (SIGKILL) at each request it makes, before the server handles it or after the
 * server did it but before the answer arrived; a second process resumes. Every post of the thread
 * must be gone, each deleted by exactly one handled request, and a post of another account beside
 * ours left alone; the retraction drafts end published and the audit chain verifies.
 */

type Variant = 'before-handling' | 'after-handling';
const DELETES =
  /^(DELETE \/2\/tweets\/|POST \/xrpc\/com\.atproto\.repo\.deleteRecord|DELETE \/rest\/posts\/|DELETE \/v[\d.]+\/\d+_\d+$)/;

let bluesky: Bluesky;
let workDir: string;
let templateData: string;
let configPath: string;
const cleanRun = new Map<NetworkId, string[]>();

function scriptsOf(networks: FakeNetworks): Array<[NetworkId, FaultScript]> {
  return [
    ['x', networks.x.faults],
    ['linkedin', networks.linkedin.faults],
    ['facebook', networks.facebook.faults],
    ['bluesky', bluesky.proxy.script],
  ];
}

/** The published thread, once: the data directory, and what each network held right after. */
interface Published {
  dataDir: string;
  account: PdsAccount;
  x: FakeNetworks['x']['posts'];
  linkedin: FakeNetworks['linkedin']['posts'];
  facebook: FakeNetworks['facebook']['posts'];
  bluesky: Array<{ rkey: string; value: Record<string, unknown> }>;
  /** The images the records embed: the PDS drops a blob once no record holds it. */
  blobs: Array<{ bytes: Uint8Array; mime: string }>;
  ours: Map<NetworkId, string[]>;
}
let published: Published;

/** Publishes the update once, with a retraction approved, and keeps what every network holds. */
async function publishOnce(): Promise<Published> {
  const networks = await startFakeNetworks();
  const account = await createBlueskyAccount(bluesky);
  const dataDir = join(workDir, 'published', 'data');
  cpSync(templateData, dataDir, { recursive: true });
  const env = publisherEnv(networks, bluesky, account, { dataDir, configPath });
  try {
    const run = await startPublisher(dataDir, env, join(workDir, 'published.log')).exited;
    if (run.code !== 0) throw new Error(`the update did not publish: ${run.stdout}`);
    const ours = withQueue(loadTestConfig(env), (queue) => {
      queueRetractions(queue, { date: UPDATE_DATE, by: 'Administratrice', reason: 'Chiffres erronés.' });
      approveDate(queue, { date: UPDATE_DATE, by: APPROVER });
      return new Map(
        draftsOf(queue)
          .filter((draft) => draft.kind === 'update')
          .map((draft) => [draft.network, ledgerParts(queue.store, draft.id).map((part) => part.remoteId ?? '')]),
      );
    });
    const { data } = await bluesky.reader.com.atproto.repo.listRecords({
      repo: account.did,
      collection: 'app.bsky.feed.post',
    });
    const { data: listed } = await bluesky.reader.com.atproto.sync.listBlobs({ did: account.did });
    const blobs = [];
    for (const cid of listed.cids) {
      const blob = await bluesky.reader.com.atproto.sync.getBlob({ did: account.did, cid });
      blobs.push({ bytes: blob.data, mime: blob.headers['content-type'] ?? 'image/png' });
    }
    return {
      dataDir,
      account,
      blobs,
      x: structuredClone(networks.x.posts),
      linkedin: structuredClone(networks.linkedin.posts),
      facebook: structuredClone(networks.facebook.posts),
      bluesky: data.records.map((record) => ({
        rkey: record.uri.split('/').at(-1) ?? '',
        value: record.value as Record<string, unknown>,
      })),
      ours,
    };
  } finally {
    await networks.close();
  }
}

/** Puts the published thread back: the same ids on fresh servers, the same records (same cids) on the PDS. */
async function restore(networks: FakeNetworks): Promise<void> {
  networks.x.posts.push(...structuredClone(published.x));
  networks.linkedin.posts.push(...structuredClone(published.linkedin));
  networks.facebook.posts.push(...structuredClone(published.facebook));
  const agent = new AtpAgent({ service: bluesky.pds.url });
  await agent.login({ identifier: published.account.handle, password: published.account.appPassword });
  for (const blob of published.blobs) await agent.uploadBlob(blob.bytes, { encoding: blob.mime });
  for (const record of published.bluesky) {
    await agent.com.atproto.repo.putRecord({
      repo: published.account.did,
      collection: 'app.bsky.feed.post',
      rkey: record.rkey,
      record: record.value,
    });
  }
}

async function scenario(name: string, kill?: { network: NetworkId; request: number; variant: Variant }) {
  const networks = await startFakeNetworks();
  const account = published.account;
  const runDir = join(workDir, name);
  const dataDir = join(runDir, 'data');
  cpSync(published.dataDir, dataDir, { recursive: true });
  const env = publisherEnv(networks, bluesky, account, { dataDir, configPath });
  const logPath = join(runDir, 'publisher.log');
  const problems: string[] = [];
  bluesky.proxy.script.clear();
  try {
    await restore(networks);
    // Someone else's post beside ours: it must survive.
    networks.x.posts.push({
      id: '1999999999999999999',
      text: 'Un message d’un autre compte',
      returnedText: 'Un message d’un autre compte',
      authorId: '42',
      createdAt: new Date(),
      mediaIds: [],
      inReplyToId: undefined,
      conversationId: '1999999999999999999',
    });
    const ours = published.ours;
    const seen = new Map<NetworkId, string[]>(SOCIAL_NETWORKS.map((network) => [network, []]));
    const handledDeletes = new Map<NetworkId, number>(SOCIAL_NETWORKS.map((network) => [network, 0]));
    let first: ReturnType<typeof startPublisher> | undefined;
    let killedAt: string | undefined;
    for (const [network, script] of scriptsOf(networks)) {
      script.random = (method, path): Fault | undefined => {
        const requests = seen.get(network)!;
        const request = `${method} ${path}`;
        requests.push(request);
        if (kill && network === kill.network && requests.length === kill.request && killedAt === undefined) {
          killedAt = request;
          first?.child.kill('SIGKILL');
          if (kill.variant === 'before-handling') return { kind: 'hang' };
          if (DELETES.test(request)) handledDeletes.set(network, handledDeletes.get(network)! + 1);
          return { kind: 'accept-then-drop' };
        }
        if (DELETES.test(request)) handledDeletes.set(network, handledDeletes.get(network)! + 1);
        return undefined;
      };
    }
    first = startPublisher(dataDir, env, logPath);
    const firstExit = await first.exited;
    if (kill) {
      if (killedAt === undefined) problems.push(`${name}: the request to kill at never came`);
      if (firstExit.signal !== 'SIGKILL') problems.push(`${name}: first process was not killed`);
      await sleep(200);
      const second = await startPublisher(dataDir, env, logPath).exited;
      if (second.code !== 0) problems.push(`${name}: resumed process exited ${second.code}: ${second.stdout}`);
    } else {
      if (firstExit.code !== 0) problems.push(`${name}: process exited ${firstExit.code}: ${firstExit.stdout}`);
      for (const [network, requests] of seen) cleanRun.set(network, [...requests]);
    }
    // Nothing of ours is left; each post was deleted by one handled request; the other account's post stays.
    const { data } = await bluesky.reader.com.atproto.repo.listRecords({
      repo: account.did,
      collection: 'app.bsky.feed.post',
    });
    if (data.records.length > 0) problems.push(`${name}: bluesky still holds ${data.records.length} records`);
    if (networks.x.posts.map((post) => post.id).join() !== '1999999999999999999') {
      problems.push(`${name}: x holds ${networks.x.posts.map((post) => post.id).join()}`);
    }
    if (networks.linkedin.posts.length > 0) problems.push(`${name}: linkedin still holds posts`);
    if (networks.facebook.posts.length > 0) problems.push(`${name}: facebook still holds posts`);
    const expectDeleted = (network: NetworkId, deletions: string[]) => {
      const wanted = [...(ours.get(network) ?? [])].sort();
      if (JSON.stringify([...deletions].sort()) !== JSON.stringify(wanted)) {
        problems.push(`${name}: ${network} deleted ${JSON.stringify(deletions)}, ours are ${JSON.stringify(wanted)}`);
      }
    };
    expectDeleted('x', networks.x.deletions);
    expectDeleted('linkedin', networks.linkedin.deletions);
    expectDeleted('facebook', networks.facebook.deletions);
    for (const network of SOCIAL_NETWORKS) {
      const count = ours.get(network)?.length ?? 0;
      if (handledDeletes.get(network) !== count) {
        problems.push(`${name}: ${network} handled ${handledDeletes.get(network)} deletes for ${count} posts`);
      }
    }
    withQueue(loadTestConfig(env), (queue) => {
      for (const draft of draftsOf(queue).filter((candidate) => candidate.kind === 'retraction')) {
        if (draft.status !== 'published') problems.push(`${name}: ${draft.network} retraction is ${draft.status}`);
        const states = deletionRows(queue.store.db, draft.id).map((row) => row.state);
        if (states.some((state) => state !== 'deleted')) problems.push(`${name}: ${draft.network} rows ${states}`);
      }
      const chain = verifyChain(queue.store.db);
      if (!chain.ok) problems.push(`${name}: audit chain broken: ${chain.reason}`);
    });
    return problems;
  } finally {
    for (const [, script] of scriptsOf(networks)) script.random = undefined;
    await networks.close();
    rmSync(runDir, { recursive: true, force: true });
  }
}

beforeAll(async () => {
  workDir = mkdtempSync(join(tmpdir(), 'crieur-retract-crash-'));
  templateData = join(workDir, 'template', 'data');
  configPath = writeTestConfig(workDir);
  bluesky = await startBluesky();
  await approvedStore(loadTestConfig({ CRIEUR_CONFIG: configPath, CRIEUR_DATA_DIR: templateData }), SHORT_UPDATE);
  published = await publishOnce();
}, 180_000);

afterAll(async () => {
  await bluesky?.close();
  if (workDir) rmSync(workDir, { recursive: true, force: true });
});

describe('crash anywhere during a retraction, then a restart', () => {
  it('deletes every post once in a clean run, leaf first', async () => {
    expect(await scenario('clean')).toEqual([]);
    expect(cleanRun.get('x')?.filter((request) => DELETES.test(request))).toHaveLength(3);
    expect(cleanRun.get('bluesky')?.filter((request) => DELETES.test(request)).length).toBeGreaterThanOrEqual(2);
    expect(cleanRun.get('linkedin')?.filter((request) => DELETES.test(request))).toHaveLength(1);
    expect(cleanRun.get('facebook')?.filter((request) => DELETES.test(request))).toHaveLength(1);
  }, 120_000);

  it.each(SOCIAL_NETWORKS)(
    'resumes the retraction on %s after a kill at each of its requests: each post deleted once',
    async (network) => {
      const requests = cleanRun.get(network) ?? [];
      expect(requests.length).toBeGreaterThan(0);
      const problems: string[] = [];
      for (const [index, request] of requests.entries()) {
        const variants: Variant[] = DELETES.test(request)
          ? ['before-handling', 'after-handling']
          : [index % 2 === 0 ? 'before-handling' : 'after-handling'];
        for (const variant of variants) {
          problems.push(
            ...(await scenario(`${network}-${index + 1}-${variant}`, { network, request: index + 1, variant })),
          );
        }
      }
      expect(problems).toEqual([]);
    },
    600_000,
  );
});
