import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyChain } from '../../src/audit/verify.js';
import type { NetworkId } from '../../src/networks/index.js';
import type { Fault, FaultScript } from '../fakes/fault-script.js';
import { startPublisher } from './child-process.js';
import { heldPosts, type SocialNetwork, threadProblems } from './network-state.js';
import {
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
  withQueue,
  writeTestConfig,
} from './world.js';

/**
 * The publisher runs in a child process that is killed (SIGKILL) when a network receives its k-th
 * request, for every k of a clean run: either before the server handles the request (it hangs), or
 * after the server performed it but before the reply reached the process. A second process then
 * finishes the job. Every network must end up holding each part exactly once, in order, threaded.
 */

type Variant = 'before-handling' | 'after-handling';
const VARIANTS: Variant[] = ['before-handling', 'after-handling'];
/** The requests that create a post, on each network. */
const CREATES =
  /^POST (\/2\/tweets|\/xrpc\/com\.atproto\.repo\.putRecord|\/rest\/posts|\/v[\d.]+\/\d+\/(photos|feed))$/;

let bluesky: Bluesky;
let workDir: string;
let templateData: string;
let configPath: string;
/** Requests each network received in a clean run, in order. */
const cleanRun = new Map<NetworkId, string[]>();

interface ScenarioResult {
  problems: string[];
  /** The request the first process was killed at. */
  killedAt?: string;
}

function scriptsOf(networks: FakeNetworks): Array<[NetworkId, FaultScript]> {
  return [
    ['x', networks.x.faults],
    ['linkedin', networks.linkedin.faults],
    ['facebook', networks.facebook.faults],
    ['bluesky', bluesky.proxy.script],
  ];
}

/** One publication; with `kill`, the first process dies at that request and a second one resumes. */
async function scenario(name: string, kill?: { network: NetworkId; request: number; variant: Variant }) {
  const networks = await startFakeNetworks();
  const account = await createBlueskyAccount(bluesky);
  const runDir = join(workDir, name);
  const dataDir = join(runDir, 'data');
  cpSync(templateData, dataDir, { recursive: true });
  const env = publisherEnv(networks, bluesky, account, { dataDir, configPath });
  const logPath = join(runDir, 'publisher.log');
  const result: ScenarioResult = { problems: [] };
  const seen = new Map<NetworkId, string[]>(SOCIAL_NETWORKS.map((network) => [network, []]));
  let first: ReturnType<typeof startPublisher> | undefined;
  bluesky.proxy.script.clear();
  for (const [network, script] of scriptsOf(networks)) {
    script.random = (method, path): Fault | undefined => {
      const requests = seen.get(network)!;
      requests.push(`${method} ${path}`);
      if (kill && network === kill.network && requests.length === kill.request && result.killedAt === undefined) {
        result.killedAt = `${network} #${kill.request} ${method} ${path}`;
        first?.child.kill('SIGKILL');
        return kill.variant === 'before-handling' ? { kind: 'hang' } : { kind: 'accept-then-drop' };
      }
      return undefined;
    };
  }
  try {
    first = startPublisher(dataDir, env, logPath);
    const firstExit = await first.exited;
    if (kill) {
      if (result.killedAt === undefined) result.problems.push(`${name}: the request to kill at never came`);
      if (firstExit.signal !== 'SIGKILL') result.problems.push(`${name}: first process was not killed`);
      // Let the server finish an accepted request whose reply nobody reads.
      await sleep(200);
      for (const [, script] of scriptsOf(networks)) script.random = undefined;
      const second = await startPublisher(dataDir, env, logPath).exited;
      if (second.code !== 0) result.problems.push(`${name}: resumed process exited ${second.code}: ${second.stdout}`);
    } else {
      if (firstExit.code !== 0) result.problems.push(`${name}: process exited ${firstExit.code}: ${firstExit.stdout}`);
      for (const [network, requests] of seen) cleanRun.set(network, requests);
    }
    const held = await heldPosts(networks, bluesky.reader, account.did);
    withQueue(loadTestConfig(env), (queue) => {
      for (const draft of draftsOf(queue)) {
        if (draft.status !== 'published') result.problems.push(`${name}: ${draft.network} draft is ${draft.status}`);
        result.problems.push(
          ...threadProblems(queue, draft, held[draft.network as SocialNetwork] ?? []).map((line) => `${name}: ${line}`),
        );
      }
      const chain = verifyChain(queue.store.db);
      if (!chain.ok) result.problems.push(`${name}: audit chain broken: ${chain.reason}`);
    });
    if (result.problems.length > 0 && existsSync(logPath)) {
      result.problems.push(`${name}: log tail: ${readFileSync(logPath, 'utf8').slice(-2000)}`);
    }
    return result;
  } finally {
    first?.child.kill('SIGKILL');
    await networks.close();
    rmSync(runDir, { recursive: true, force: true });
  }
}

beforeAll(async () => {
  workDir = mkdtempSync(join(tmpdir(), 'crieur-crash-'));
  templateData = join(workDir, 'template', 'data');
  configPath = writeTestConfig(workDir);
  bluesky = await startBluesky();
  await approvedStore(loadTestConfig({ CRIEUR_CONFIG: configPath, CRIEUR_DATA_DIR: templateData }), SHORT_UPDATE);
});

afterAll(async () => {
  await bluesky?.close();
  if (workDir) rmSync(workDir, { recursive: true, force: true });
});

describe('crash anywhere: a publisher killed at any request, then restarted', () => {
  it('publishes every part exactly once in a clean run, and counts the requests of each network', async () => {
    const { problems } = await scenario('clean');
    expect(problems).toEqual([]);
    expect(cleanRun.get('x')?.filter((request) => request === 'POST /2/tweets')).toHaveLength(3);
    expect(cleanRun.get('bluesky')?.filter((request) => request.endsWith('putRecord'))).toHaveLength(2);
    expect(cleanRun.get('linkedin')?.filter((request) => request === 'POST /rest/posts')).toHaveLength(1);
    expect(cleanRun.get('facebook')?.filter((request) => request.endsWith('/photos'))).toHaveLength(1);
  });

  it.each(SOCIAL_NETWORKS)(
    'resumes %s exactly once after a kill at each of its requests',
    async (network) => {
      const requests = cleanRun.get(network) ?? [];
      expect(requests.length).toBeGreaterThan(0);
      const problems: string[] = [];
      const killedAt: string[] = [];
      for (const [index, request] of requests.entries()) {
        // Both sides of every create; the other requests (uploads, session) alternate, to keep the run short.
        const variants = CREATES.test(request) ? VARIANTS : [VARIANTS[index % 2] as Variant];
        for (const variant of variants) {
          const result = await scenario(`${network}-${index + 1}-${variant}`, {
            network,
            request: index + 1,
            variant,
          });
          problems.push(...result.problems);
          if (result.killedAt) killedAt.push(`${result.killedAt} (${variant})`);
        }
      }
      expect(problems).toEqual([]);
      expect(killedAt.filter((kill) => CREATES.test(kill.split(' ').slice(2, 4).join(' ')))).toHaveLength(
        2 * requests.filter((request) => CREATES.test(request)).length,
      );
    },
    300_000,
  );
});
