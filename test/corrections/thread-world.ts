import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NetworkId } from '../../src/networks/index.js';
import { ledgerParts } from '../../src/publish/ledger.js';
import type { DraftRecord } from '../../src/store/types.js';
import { type CliRun, runCli } from '../cli/run-cli.js';
import type { PdsAccount } from '../fakes/pds.js';
import { startPublisher } from '../reliability/child-process.js';
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
  startFakeNetworks,
  UPDATE_DATE,
  withQueue,
  writeTestConfig,
} from '../reliability/world.js';

/** The channels a correction or retraction acts on: the four networks and the website. */
export const CHANNELS: readonly NetworkId[] = [...SOCIAL_NETWORKS, 'site'];
export const AUTHOR = 'Rédaction Communications';
export const APPROVER = 'Approbatrice Communications';

/** A published update on every channel: fresh test servers, a Bluesky account, a data directory. */
export interface PublishedWorld {
  dir: string;
  dataDir: string;
  siteDir: string;
  env: Record<string, string>;
  networks: FakeNetworks;
  account: PdsAccount;
  cli(...argv: string[]): Promise<CliRun>;
  /** `crieur publish --date D --now`, as a child process; its exit code. */
  publish(): Promise<{ code: number | null; stdout: string }>;
  drafts(): DraftRecord[];
  /** The remote ids the ledger holds for a draft's posted parts. */
  remoteIds(draftId: number): string[];
  log(): string;
  close(): Promise<void>;
}

export async function publishedWorld(bluesky: Bluesky, label: string): Promise<PublishedWorld> {
  const dir = mkdtempSync(join(tmpdir(), `crieur-${label}-`));
  const dataDir = join(dir, 'data');
  const siteDir = join(dir, 'site');
  const configPath = writeTestConfig(dir, '', CHANNELS);
  const networks = await startFakeNetworks();
  const account = await createBlueskyAccount(bluesky);
  const env = {
    ...publisherEnv(networks, bluesky, account, { dataDir, configPath }),
    SITE_OUTPUT_DIR: siteDir,
    SITE_BASE_URL: 'https://www.example.org/nouvelles/',
  };
  const logPath = join(dir, 'publisher.log');
  await approvedStore(loadTestConfig(env), SHORT_UPDATE);
  const world: PublishedWorld = {
    dir,
    dataDir,
    siteDir,
    env,
    networks,
    account,
    cli: (...argv) => runCli(argv, { env, cwd: dir }),
    publish: async () => startPublisher(dataDir, env, logPath).exited,
    drafts: () => withQueue(loadTestConfig(env), (queue) => draftsOf(queue)),
    remoteIds: (draftId) =>
      withQueue(loadTestConfig(env), (queue) =>
        ledgerParts(queue.store, draftId).flatMap((part) => (part.remoteId ? [part.remoteId] : [])),
      ),
    log: () => {
      try {
        return readFileSync(logPath, 'utf8').slice(-3000);
      } catch {
        return '';
      }
    },
    close: async () => {
      await networks.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  const first = await world.publish();
  if (first.code !== 0) throw new Error(`the update did not publish: ${first.stdout}\n${world.log()}`);
  return world;
}

/** Writes a correction text file in the world's folder; its path. */
export function correctionFile(world: PublishedWorld, text: string): string {
  const path = join(world.dir, 'correctif.txt');
  writeFileSync(path, text);
  return path;
}

export { UPDATE_DATE };
