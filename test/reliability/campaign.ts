import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { NetworkId } from '../../src/networks/index.js';
import type { DraftStatus } from '../../src/store/types.js';
import type { Fault, FaultScript } from '../fakes/fault-script.js';
import { CHANNELS, checkRound, FINAL, newRoundResult, noFaults, roundDate } from './campaign-checks.js';
import { openPostgresCampaign } from './campaign-postgres.js';
import { type PublisherRun, startPublisher } from './child-process.js';
import { generatedUpdate } from './generated-update.js';
import { heldPosts } from './network-state.js';
import { FAULT_KINDS, type FaultKind, randomFaults, seededRandom } from './random-faults.js';
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
 * The reliability campaign: round after round, a generated update is imported, approved for the four
 * networks and the website, and published by a child process through random faults on every server;
 * the process is killed (SIGKILL) at a random moment in about half the rounds, then restarted until
 * every draft has ended. After each round, every network must hold each part exactly once, every
 * published thread whole and in order, every part the ledger calls posted, the website one feed entry
 * per update, and the audit chain must verify.
 * With `postgres`, the rounds run on PostgreSQL with two `crieur run` instances instead, killed at
 * random (see campaign-postgres.ts).
 */

export interface CampaignOptions {
  rounds: number;
  seed: number;
  /** Share of requests that fail, on every server (default 0.3). */
  faultRate?: number;
  /** Share of rounds whose first process is killed (default 0.5). */
  killProbability?: number;
  /** Per-request timeout of the publisher's adapters: what a hung server costs (default 1000 ms). */
  timeoutMs?: number;
  /** Two `crieur run` instances on a throwaway PostgreSQL cluster, killed at random, instead of one publisher on SQLite. */
  postgres?: boolean;
  /** On PostgreSQL: most kills in a round, each round killing at least once (default 3). */
  maxKills?: number;
  onRound?: (round: RoundResult) => void;
}

/** Where the first process of a round is killed: at a request, before or after the server performs it, or on a timer. */
export type KillMoment = 'before-handling' | 'after-handling' | 'timer';
const KILL_MOMENTS: KillMoment[] = ['before-handling', 'after-handling', 'timer'];

/** Restarts after which a round gives up on drafts that never end (a bug in itself). */
const MAX_RUNS = 6;
/** A run ends within its lateness window (1 min) plus a request's timeout; beyond this one, it is stuck. */
const RUN_LIMIT_MS = 120_000;

export interface RoundResult {
  round: number;
  seed: number;
  date: string;
  faults: Record<FaultKind, number>;
  /** Where the first process was killed, when it was (on PostgreSQL: every kill of the round). */
  killedAt?: string;
  /** Processes killed (SIGKILL), when more than one may be. */
  kills?: number;
  /** Publisher processes started. */
  runs: number;
  /** On PostgreSQL: for each leader killed with parts left to send, ms from its death to the next create a network saw. */
  failoverMs?: number[];
  statuses: Partial<Record<NetworkId, DraftStatus>>;
  /** Parts held more than once (each extra copy counts). */
  duplicates: number;
  /** Parts of published drafts missing, and parts the ledger calls posted that the network lacks. */
  losses: number;
  /** Every problem found, duplicates and losses included, as readable lines. */
  problems: string[];
  elapsedMs: number;
}

export interface CampaignSummary {
  rounds: number;
  seed: number;
  faults: Record<FaultKind, number>;
  kills: number;
  runs: number;
  duplicates: number;
  losses: number;
  problems: number;
  /** Drafts of each network by final status. */
  outcomes: Record<string, Partial<Record<DraftStatus, number>>>;
  /** Rounds with any problem. */
  failedRounds: number[];
  /** On PostgreSQL: leader's death to the next create, every measure (ms). */
  failoverMs: number[];
  store: 'sqlite' | 'postgres';
  elapsedMs: number;
}

export interface Campaign {
  runRound(
    round: number,
    seed: number,
    options?: Omit<CampaignOptions, 'rounds' | 'seed' | 'onRound'>,
  ): Promise<RoundResult>;
  /** Where the publisher logs of rounds with problems are kept. */
  workDir: string;
  close(options?: { keepWorkDir?: boolean }): Promise<void>;
}

/** Starts the real PDS (kept for every round) and one data directory the rounds accumulate in. */
export async function openCampaign(): Promise<Campaign> {
  const workDir = mkdtempSync(join(tmpdir(), 'crieur-campaign-'));
  const configPath = writeTestConfig(workDir, 'latenessWindowMinutes: 1\n', CHANNELS);
  const dataDir = join(workDir, 'data');
  const bluesky = await startBluesky();
  return {
    workDir,
    runRound: (round, seed, options = {}) => runRound({ bluesky, workDir, configPath, dataDir }, round, seed, options),
    async close(options = {}) {
      await bluesky.close();
      if (!options.keepWorkDir) rmSync(workDir, { recursive: true, force: true });
    },
  };
}

/** Runs `rounds` rounds and sums them up; a round's seed derives from the campaign's. */
export async function runCampaign(options: CampaignOptions): Promise<CampaignSummary> {
  const started = performance.now();
  const campaign = options.postgres ? await openPostgresCampaign() : await openCampaign();
  const summary: CampaignSummary = {
    rounds: 0,
    seed: options.seed,
    faults: noFaults(),
    kills: 0,
    runs: 0,
    duplicates: 0,
    losses: 0,
    problems: 0,
    outcomes: {},
    failedRounds: [],
    failoverMs: [],
    store: options.postgres ? 'postgres' : 'sqlite',
    elapsedMs: 0,
  };
  try {
    for (let round = 1; round <= options.rounds; round++) {
      const result = await campaign.runRound(round, roundSeed(options.seed, round), options);
      summary.rounds++;
      for (const kind of FAULT_KINDS) summary.faults[kind] += result.faults[kind];
      if (result.killedAt) summary.kills += result.kills ?? 1;
      summary.failoverMs.push(...(result.failoverMs ?? []));
      summary.runs += result.runs;
      summary.duplicates += result.duplicates;
      summary.losses += result.losses;
      summary.problems += result.problems.length;
      for (const [network, status] of Object.entries(result.statuses)) {
        const counts = summary.outcomes[network] ?? {};
        counts[status] = (counts[status] ?? 0) + 1;
        summary.outcomes[network] = counts;
      }
      if (result.problems.length > 0) summary.failedRounds.push(round);
      options.onRound?.(result);
    }
  } finally {
    await campaign.close({ keepWorkDir: summary.failedRounds.length > 0 });
  }
  summary.elapsedMs = performance.now() - started;
  return summary;
}

export function roundSeed(seed: number, round: number): number {
  return (Math.imul(seed, 1_000_003) + round) >>> 0;
}

interface CampaignWorld {
  bluesky: Bluesky;
  workDir: string;
  configPath: string;
  dataDir: string;
}

/** One round: its own update date, Bluesky account and fresh X, LinkedIn and Facebook servers. */
async function runRound(
  world: CampaignWorld,
  round: number,
  seed: number,
  options: Omit<CampaignOptions, 'rounds' | 'seed' | 'onRound'>,
): Promise<RoundResult> {
  const started = performance.now();
  const { bluesky, dataDir, configPath } = world;
  const random = seededRandom(seed);
  const date = roundDate(round);
  const result = newRoundResult(round, seed, date);
  const networks = await startFakeNetworks();
  const account = await createBlueskyAccount(bluesky);
  const env = {
    ...publisherEnv(networks, bluesky, account, { dataDir, configPath }),
    CRIEUR_TEST_TIMEOUT_MS: String(options.timeoutMs ?? 1000),
  };
  const loaded = loadTestConfig(env);
  const logPath = join(world.workDir, `round-${round}.log`);
  const scripts = scriptsOf(networks, bluesky);
  bluesky.proxy.script.clear();
  try {
    await approvedStore(loaded, generatedUpdate(random, date));

    const kill = random() < (options.killProbability ?? 0.5) ? planKill(random) : undefined;
    let current: PublisherRun | undefined;
    let requests = 0;
    let killSent: string | undefined;
    for (const [index, [network, script]] of scripts.entries()) {
      const faults = randomFaults(network, seededRandom(seed * 10 + index), {
        rate: options.faultRate ?? 0.3,
        facebookPageId: networks.facebook.pageId,
        onFault: (kind) => {
          result.faults[kind]++;
        },
      });
      script.random = (method, path): Fault | undefined => {
        requests++;
        if (kill && kill.moment !== 'timer' && result.runs === 1 && !killSent && requests === kill.request) {
          killSent = `${network} request ${requests} ${method} ${path} (${kill.moment})`;
          current?.child.kill('SIGKILL');
          return kill.moment === 'before-handling' ? { kind: 'hang' } : { kind: 'accept-then-drop' };
        }
        return faults();
      };
    }

    while (result.runs < MAX_RUNS) {
      result.runs++;
      current = startPublisher(dataDir, env, logPath, date);
      const timer =
        kill?.moment === 'timer' && result.runs === 1
          ? setTimeout(() => {
              killSent = `${kill.afterMs} ms after start (timer)`;
              current?.child.kill('SIGKILL');
            }, kill.afterMs)
          : undefined;
      const run = current;
      const watchdog = setTimeout(() => {
        result.problems.push(`run ${result.runs} did not end ${RUN_LIMIT_MS / 1000} s after it started`);
        run.child.kill('SIGKILL');
      }, RUN_LIMIT_MS);
      const exit = await current.exited;
      clearTimeout(timer);
      clearTimeout(watchdog);
      if (result.problems.length > 0) break;
      if (exit.signal === 'SIGKILL') {
        result.killedAt = killSent ?? 'an unknown moment';
        // Let the servers finish a request whose reply nobody will read.
        await sleep(200);
        continue;
      }
      if (exit.code !== 0 && exit.code !== 1) {
        result.problems.push(`run ${result.runs} exited ${exit.code ?? exit.signal}: ${exit.stdout.trim()}`);
      }
      if (withQueue(loaded, (queue) => draftsOf(queue, date).every((draft) => FINAL.includes(draft.status)))) break;
    }
    for (const [, script] of scripts) script.random = undefined;

    const held = await heldPosts(networks, bluesky.reader, account.did);
    withQueue(loaded, (queue) => checkRound(queue, loaded, date, held, result));
    if (result.problems.length > 0 && existsSync(logPath)) {
      result.problems.push(`publisher log: ${logPath}`);
    } else {
      rmSync(logPath, { force: true });
    }
    return result;
  } finally {
    for (const [, script] of scripts) script.random = undefined;
    await networks.close();
    result.elapsedMs = performance.now() - started;
  }
}

function planKill(random: () => number): { moment: KillMoment; request: number; afterMs: number } {
  return {
    moment: KILL_MOMENTS[Math.floor(random() * KILL_MOMENTS.length)] ?? 'timer',
    // A clean round makes about 25 requests over the four servers.
    request: 1 + Math.floor(random() * 30),
    // The process needs about a second to start; its publishing takes one to a few more.
    afterMs: 800 + Math.floor(random() * 3000),
  };
}

function scriptsOf(networks: FakeNetworks, bluesky: Bluesky): Array<[NetworkId, FaultScript]> {
  return [
    ['x', networks.x.faults],
    ['bluesky', bluesky.proxy.script],
    ['linkedin', networks.linkedin.faults],
    ['facebook', networks.facebook.faults],
  ];
}

/** One line per round, for the campaign's output. */
export function formatRound(result: RoundResult): string {
  const faults = FAULT_KINDS.filter((kind) => result.faults[kind] > 0)
    .map((kind) => `${kind}×${result.faults[kind]}`)
    .join(' ');
  const statuses = Object.entries(result.statuses)
    .map(([network, status]) => `${network}:${status}`)
    .join(' ');
  return [
    `round ${String(result.round).padStart(3)}`,
    result.date,
    `seed ${result.seed}`,
    `faults [${faults || 'none'}]`,
    result.killedAt ? `killed at ${result.killedAt}` : 'not killed',
    `runs ${result.runs}`,
    ...(result.failoverMs && result.failoverMs.length > 0
      ? [`failover ${result.failoverMs.map((ms) => `${(ms / 1000).toFixed(2)} s`).join(', ')}`]
      : []),
    statuses,
    `dup ${result.duplicates} loss ${result.losses}`,
    `${(result.elapsedMs / 1000).toFixed(1)} s`,
    ...(result.problems.length > 0 ? ['PROBLEMS:', ...result.problems.map((problem) => `  ${problem}`)] : []),
  ].join(result.problems.length > 0 ? '\n  ' : ' | ');
}

export function formatSummary(summary: CampaignSummary): string {
  const faultTotal = FAULT_KINDS.reduce((sum, kind) => sum + summary.faults[kind], 0);
  const lines = [
    `rounds: ${summary.rounds} on ${summary.store === 'postgres' ? 'PostgreSQL, two crieur run instances' : 'SQLite, one publisher'} (seed ${summary.seed})`,
    `faults injected: ${faultTotal} (${FAULT_KINDS.map((kind) => `${kind} ${summary.faults[kind]}`).join(', ')})`,
    `kills (SIGKILL): ${summary.kills}; publisher processes: ${summary.runs}`,
    ...(summary.store === 'postgres' ? [formatFailover(summary.failoverMs)] : []),
    `duplicates: ${summary.duplicates}`,
    `losses: ${summary.losses}`,
    `problems of any kind (threading, order, ledger, audit chain, duplicates, losses): ${summary.problems}`,
    ...Object.entries(summary.outcomes).map(
      ([network, counts]) =>
        `${network}: ${Object.entries(counts)
          .map(([status, count]) => `${status} ${count}`)
          .join(', ')}`,
    ),
    `elapsed: ${(summary.elapsedMs / 1000).toFixed(1)} s`,
  ];
  if (summary.failedRounds.length > 0) lines.push(`rounds with problems: ${summary.failedRounds.join(', ')}`);
  return lines.join('\n');
}

/** Median and worst of the failover times: a leader's death to the next create a network saw. */
export function formatFailover(times: readonly number[]): string {
  if (times.length === 0) return 'failover (leader killed to first create of the next): no measure';
  const sorted = [...times].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const median =
    sorted.length % 2 === 1 ? (sorted[middle] ?? 0) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
  const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
  return `failover (leader killed to first create of the next): median ${seconds(median)}, worst ${seconds(sorted[sorted.length - 1] ?? 0)} over ${sorted.length} kills`;
}
