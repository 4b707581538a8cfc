import { appendFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { NetworkId } from '../../src/networks/index.js';
import { publishSlot } from '../../src/schedule/due.js';
import { type RunInstance, startInstance } from '../leadership/instances.js';
import { type PostgresCluster, startPostgresCluster } from '../support/postgres-cluster.js';
import { freshPostgresUrl } from '../support/postgres-schema.js';
import type { Campaign, RoundResult } from './campaign.js';
import { CHANNELS, checkRound, FINAL, newRoundResult, roundDate } from './campaign-checks.js';
import { generatedUpdate } from './generated-update.js';
import { heldPosts } from './network-state.js';
import { seededRandom } from './random-faults.js';
import {
  approvedStore,
  type Bluesky,
  createBlueskyAccount,
  draftsOf,
  type FakeNetworks,
  loadTestConfig,
  publisherEnv,
  startBluesky,
  startFakeNetworks,
  withQueue,
  writeTestConfig,
} from './world.js';

/**
 * The campaign on PostgreSQL: each round, a fresh schema of a throwaway cluster holds the approved
 * update, and two `crieur run` instances share it, one leading, one standing by. Around the publish
 * time, either instance is killed (SIGKILL) at random moments, at a timer or while the leader's create
 * request reaches a network (before or after the network performs it), then restarted; the round
 * ends when every draft has ended. Every part must be held exactly once, nothing lost, the audit
 * chain verified. For each leader killed while parts remained to send, the time from its death to
 * the next create any network sees (the new leader's first) is recorded.
 */

/** Shortest lease the configuration allows: a dead leader's lease runs out within 3 s. */
const LEASE_SECONDS = 3;
/** The requests that create a post, on each network (as in the two-instance tests). */
const CREATES =
  /^POST (\/2\/tweets|\/xrpc\/com\.atproto\.repo\.putRecord|\/rest\/posts|\/v[\d.]+\/\d+\/(photos|feed))$/;
/** A round whose drafts have not all ended this long after the publish time is stuck. */
const ROUND_LIMIT_MS = 120_000;
const STARTUP_MS = 60_000;

type Slot = 'a' | 'b';
type KillMoment = 'timer' | 'create-before-handling' | 'create-after-handling';
const KILL_MOMENTS: KillMoment[] = ['timer', 'create-before-handling', 'create-after-handling'];

interface Create {
  network: NetworkId;
  at: number;
}

/** Starts the cluster and the real PDS (kept for every round). */
export async function openPostgresCampaign(): Promise<Campaign> {
  const workDir = mkdtempSync(join(tmpdir(), 'crieur-campaign-pg-'));
  const configPath = writeTestConfig(
    workDir,
    `leaseSeconds: ${LEASE_SECONDS}\ninboxDir: ${join(workDir, 'inbox')}\n`,
    CHANNELS,
  );
  const cluster = await startPostgresCluster();
  let bluesky: Bluesky;
  try {
    bluesky = await startBluesky();
  } catch (error) {
    await cluster.stop();
    throw error;
  }
  return {
    workDir,
    // Faults and timeouts are the SQLite campaign's: here, the kills are the trouble.
    runRound: (round, seed, options = {}) =>
      runPostgresRound({ cluster, bluesky, workDir, configPath }, round, seed, options.maxKills ?? 3),
    async close(options = {}) {
      await bluesky.close();
      await cluster.stop();
      if (!options.keepWorkDir) rmSync(workDir, { recursive: true, force: true });
    },
  };
}

interface PostgresWorld {
  cluster: PostgresCluster;
  bluesky: Bluesky;
  workDir: string;
  configPath: string;
}

async function runPostgresRound(
  world: PostgresWorld,
  round: number,
  seed: number,
  maxKills: number,
): Promise<RoundResult> {
  const started = performance.now();
  const random = seededRandom(seed);
  const date = roundDate(round);
  const result = newRoundResult(round, seed, date);
  result.failoverMs = [];
  const networks = await startFakeNetworks();
  const account = await createBlueskyAccount(world.bluesky);
  const roundDir = join(world.workDir, `round-${round}`);
  const dataDir = join(roundDir, 'data');
  const env = {
    ...publisherEnv(networks, world.bluesky, account, { dataDir, configPath: world.configPath }),
    CRIEUR_DATABASE_URL: freshPostgresUrl(world.cluster.url),
  };
  const loaded = loadTestConfig(env);
  const { config } = loaded;
  const publishAt = publishSlot(date, config).at.getTime();
  // Two hours ahead: nothing due yet, no card uploaded ahead.
  const early = publishAt - 2 * 3600_000;
  const logPath = join(roundDir, 'instances.log');
  mkdirSync(roundDir, { recursive: true });
  const scripts = scriptsOf(networks, world.bluesky);
  const creates: Create[] = [];
  const hook: { onCreate?: (create: Create) => ReturnType<NonNullable<(typeof scripts)[number][1]['random']>> } = {};
  const instances = new Map<Slot, RunInstance>();
  const clock = { offsetMs: early - Date.now() };
  world.bluesky.proxy.script.clear();
  try {
    await approvedStore(loaded, generatedUpdate(random, date), () => new Date(early));
    for (const [network, script] of scripts) {
      script.random = (method, path) => {
        if (!CREATES.test(`${method} ${path}`)) return undefined;
        const create = { network, at: Date.now() };
        creates.push(create);
        return hook.onCreate?.(create);
      };
    }
    let generation = 0;
    const start = async (slot: Slot): Promise<RunInstance> => {
      generation++;
      const instance = startInstance(
        `${slot}${generation}`,
        { ...env, CRIEUR_TEST_CLOCK_OFFSET_MS: String(clock.offsetMs) },
        logPath,
      );
      instances.set(slot, instance);
      result.runs++;
      await upAndRunning(instance);
      return instance;
    };
    // Started together: whichever takes the lease first leads.
    await Promise.all([start('a'), start('b')]);

    const ended = () =>
      withQueue(loaded, (queue) => draftsOf(queue, date).every((draft) => FINAL.includes(draft.status)));
    // The publish time a few seconds ahead, on both instances' clocks.
    const publishInMs = 2000 + Math.floor(random() * 2000);
    clock.offsetMs = publishAt - (Date.now() + publishInMs);
    for (const instance of instances.values()) instance.setClockOffset(clock.offsetMs);
    const wallPublishAt = Date.now() + publishInMs;

    const kills: string[] = [];
    const killCount = 1 + Math.floor(random() * maxKills);
    for (let index = 0; index < killCount; index++) {
      const moment = KILL_MOMENTS[Math.floor(random() * KILL_MOMENTS.length)] ?? 'timer';
      const leaderWanted = random() < 0.6;
      // The first kill falls around the publish time; later ones soon after the restart.
      const delayMs =
        index === 0
          ? Math.max(0, wallPublishAt - 1500 + Math.floor(random() * 4000) - Date.now())
          : Math.floor(random() * 2500);
      // A round makes 6 to 9 creates; the leader dies at one of the first five after the kill is armed.
      const nthCreate = 1 + Math.floor(random() * 5);
      const restartAfterMs = Math.floor(random() * 1500);
      let victim: { slot: Slot; instance: RunInstance; leader: boolean; at: number; what: string } | undefined;
      if (moment !== 'timer') {
        // The leader, while its n-th create from now reaches a network.
        let seen = 0;
        const fired = new Promise<void>((resolve) => {
          hook.onCreate = (create) => {
            if (++seen < nthCreate) return undefined;
            const slot = leaderSlot(instances);
            const instance = slot && instances.get(slot);
            if (!slot || !instance) return undefined;
            hook.onCreate = undefined;
            instance.child.kill('SIGKILL');
            victim = {
              slot,
              instance,
              leader: true,
              at: Date.now(),
              what: `${create.network} create (${moment.slice(7)})`,
            };
            resolve();
            return moment === 'create-before-handling' ? { kind: 'hang' } : { kind: 'accept-then-drop' };
          };
        });
        // A loaded machine may take many seconds to send its first create.
        const deadline = Date.now() + delayMs + 30_000;
        while (!victim && Date.now() < deadline && !ended()) await Promise.race([fired, sleep(200)]);
        hook.onCreate = undefined;
      } else {
        await sleep(delayMs);
      }
      if (!victim) {
        // A timer kill, or a create that never came (the publication was over): kill now.
        const leader = leaderSlot(instances);
        const slot: Slot = leaderWanted ? (leader ?? 'a') : leader === 'a' ? 'b' : 'a';
        const instance = instances.get(slot);
        if (!instance) throw new Error(`no instance in slot ${slot}`);
        const isLeader = slot === leader;
        instance.child.kill('SIGKILL');
        victim = {
          slot,
          instance,
          leader: isLeader,
          at: Date.now(),
          what: `${isLeader ? 'leader' : 'standby'} (timer)`,
        };
      }
      const killed = victim;
      appendFileSync(
        logPath,
        `campaign ${JSON.stringify({ msg: 'killed', time: killed.at, victim: killed.instance.name, what: killed.what })}\n`,
      );
      await killed.instance.exited;
      const remaining = !ended();
      const sent = killed.at - wallPublishAt;
      kills.push(`${killed.what} ${sent >= 0 ? '+' : ''}${(sent / 1000).toFixed(1)} s`);
      await sleep(restartAfterMs);
      await start(killed.slot);
      if (killed.leader && killed.at >= wallPublishAt && remaining) {
        const next = await nextCreateAfter(creates, killed.at, instances, ended);
        if (next !== undefined) result.failoverMs.push(next - killed.at);
      }
    }
    result.kills = kills.length;
    result.killedAt = kills.join(', ');

    const limit = Date.now() + ROUND_LIMIT_MS;
    while (!ended()) {
      if (Date.now() > limit) {
        result.problems.push(`drafts not ended ${ROUND_LIMIT_MS / 1000} s after the last kill`);
        break;
      }
      await sleep(250);
    }
    for (const [slot, instance] of instances) {
      instance.child.kill('SIGTERM');
      const exit = await instance.exited;
      if (exit.code !== 0) result.problems.push(`instance ${slot} stopped with ${exit.code ?? exit.signal}`);
    }
    instances.clear();
    for (const [, script] of scripts) script.random = undefined;

    const held = await heldPosts(networks, world.bluesky.reader, account.did);
    withQueue(loaded, (queue) => checkRound(queue, loaded, date, held, result));
    if (result.problems.length > 0) result.problems.push(`instances' log: ${logPath}`);
    else rmSync(roundDir, { recursive: true, force: true });
    return result;
  } finally {
    for (const instance of instances.values()) instance.child.kill('SIGKILL');
    for (const [, script] of scripts) script.random = undefined;
    await networks.close();
    result.elapsedMs = performance.now() - started;
  }
}

/** The instance holding the lease: the live one that gained it last and has not lost it (none between a leader's death and the takeover). */
function leaderSlot(instances: Map<Slot, RunInstance>): Slot | undefined {
  let best: { slot: Slot; token: number } | undefined;
  for (const [slot, instance] of instances) {
    if (instance.child.exitCode !== null || instance.child.signalCode !== null) continue;
    let token: number | undefined;
    for (const line of instance.log) {
      if (line.msg === 'gained the publishing lease') token = Number(line.token);
      if (line.msg === 'lost the publishing lease') token = undefined;
    }
    if (token !== undefined && (!best || token > best.token)) best = { slot, token };
  }
  return best?.slot;
}

/** Resolves once the instance leads or stands by. */
async function upAndRunning(instance: RunInstance): Promise<void> {
  const end = Date.now() + STARTUP_MS;
  for (;;) {
    if (
      instance.log.some(
        (line) =>
          line.msg === 'gained the publishing lease' ||
          line.msg === 'standing by: another instance holds the publishing lease',
      )
    ) {
      return;
    }
    if (Date.now() > end || instance.child.exitCode !== null) {
      throw new Error(`${instance.name} did not start: ${JSON.stringify(instance.log.slice(-3))}`);
    }
    await sleep(50);
  }
}

/**
 * When the first create of the next leader reached a network: the first create at or after an
 * instance gained the lease after `after` (requests the dead leader had already sent may still arrive
 * just after its death); undefined if the drafts all ended with none.
 */
async function nextCreateAfter(
  creates: readonly Create[],
  after: number,
  instances: Map<Slot, RunInstance>,
  ended: () => boolean,
): Promise<number | undefined> {
  const end = Date.now() + ROUND_LIMIT_MS;
  for (;;) {
    const gained = [...instances.values()]
      .flatMap((instance) => instance.log)
      .filter((line) => line.msg === 'gained the publishing lease' && line.time > after)
      .map((line) => line.time)
      .sort((x, y) => x - y)[0];
    const next = gained === undefined ? undefined : creates.find((create) => create.at >= gained);
    if (next) return next.at;
    if (ended() || Date.now() > end) return undefined;
    await sleep(100);
  }
}

function scriptsOf(networks: FakeNetworks, bluesky: Bluesky) {
  return [
    ['x', networks.x.faults],
    ['bluesky', bluesky.proxy.script],
    ['linkedin', networks.linkedin.faults],
    ['facebook', networks.facebook.faults],
  ] as const;
}
