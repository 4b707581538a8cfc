import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AtpAgent } from '@atproto/api';
import { importUpdateFile } from '../../src/app/import-update.js';
import { type LoadedConfig, loadConfig } from '../../src/config/load.js';
import type { NetworkId } from '../../src/networks/index.js';
import { approveDate } from '../../src/queue/approve.js';
import type { QueueContext } from '../../src/queue/context.js';
import { openQueue } from '../../src/queue/open-queue.js';
import { storePath } from '../../src/store/db.js';
import { listDrafts } from '../../src/store/drafts-repo.js';
import type { DraftRecord } from '../../src/store/types.js';
import { type FacebookServer, startFacebookServer } from '../fakes/facebook-server.js';
import { type FaultProxy, startFaultProxy } from '../fakes/fault-proxy.js';
import type { Fault, FaultScript } from '../fakes/fault-script.js';
import { LINKEDIN_TEST_TOKEN, type LinkedInServer, startLinkedInServer } from '../fakes/linkedin-server.js';
import { type LocalPds, type PdsAccount, startPds } from '../fakes/pds.js';
import { startXServer, X_TEST_CREDENTIALS, type XServer } from '../fakes/x-server.js';
import { postgresUrlForPath, testDialect } from '../support/test-store.js';

/** A short French update: a 4-post X thread, a 3-post Bluesky thread, one key-figures card. */
export const SHORT_UPDATE = `---
date: 2026-05-14
title: Mise à jour quotidienne
subtitle: Dossier santé numérique (DSN)
hashtags: [DSN]
---

# Un réseau qui apprend

- La continuité des soins a été assurée dans toutes nos installations, de jour comme de nuit.

## Faits saillants

- Les centrales de prélèvements ont réalisé 1 106 prélèvements hier, soit 7 % de plus que la cible prévue.

## Mise à jour technologique

- 22 460 utilisateurs se sont déjà connectés au DSN, sur un total de 30 000 utilisateurs.
- **74,88 % des accès sont déjà effectués.**
`;

export const UPDATE_DATE = '2026-05-14';
/** The networks these tests publish to, whatever the bundled configuration enables. */
export const SOCIAL_NETWORKS: readonly NetworkId[] = ['x', 'bluesky', 'linkedin', 'facebook'];

/** The whole update on every network: the longest threads, so every crash point has parts before and after it. */
export const WHOLE_UPDATE_FORMATS_YAML = 'formats: { x: thread, bluesky: thread, linkedin: full, facebook: full }\n';

/**
 * Writes a configuration enabling `networks` (the social ones by default) with the whole update on
 * each (threads), other keys at their defaults; returns its path.
 */
export function writeTestConfig(dir: string, extra = '', networks: readonly NetworkId[] = SOCIAL_NETWORKS): string {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, 'crieur.yaml');
  const formats = /^formats:/mu.test(extra) ? '' : WHOLE_UPDATE_FORMATS_YAML;
  writeFileSync(path, `networks: [${networks.join(', ')}]\n${formats}${extra}`);
  return path;
}
export const APPROVER = 'Approbatrice Communications';

/** The three network stand-ins, each fresh (no posts), and the fault script of each. */
export interface FakeNetworks {
  x: XServer;
  linkedin: LinkedInServer;
  facebook: FacebookServer;
  close(): Promise<void>;
}

export async function startFakeNetworks(): Promise<FakeNetworks> {
  const [x, linkedin, facebook] = await Promise.all([startXServer(), startLinkedInServer(), startFacebookServer()]);
  return {
    x,
    linkedin,
    facebook,
    close: async () => {
      await Promise.all([x.close(), linkedin.close(), facebook.close()]);
    },
  };
}

/** The real PDS behind a fault proxy; one account per scenario keeps scenarios apart. */
export interface Bluesky {
  pds: LocalPds;
  proxy: FaultProxy;
  reader: AtpAgent;
  close(): Promise<void>;
}

export async function startBluesky(): Promise<Bluesky> {
  const pds = await startPds({ rateLimits: false });
  const proxy = await startFaultProxy(pds.url);
  return {
    pds,
    proxy,
    reader: new AtpAgent({ service: pds.url }),
    close: async () => {
      await proxy.close();
      await pds.close();
    },
  };
}

export function createBlueskyAccount(bluesky: Bluesky): Promise<PdsAccount> {
  return bluesky.pds.createAccount(`crieur${randomBytes(4).toString('hex')}.test`);
}

/** The environment a crieur process needs to publish to the test servers. */
export function publisherEnv(
  networks: FakeNetworks,
  bluesky: Bluesky,
  account: PdsAccount,
  paths: { dataDir: string; configPath: string },
): Record<string, string> {
  return {
    CRIEUR_CONFIG: paths.configPath,
    CRIEUR_DATA_DIR: paths.dataDir,
    // In the PostgreSQL run, the data directory's store is a schema of the run's cluster instead.
    ...(testDialect() === 'postgres' ? { CRIEUR_DATABASE_URL: postgresUrlForPath(storePath(paths.dataDir)) } : {}),
    X_API_URL: networks.x.url,
    X_API_KEY: X_TEST_CREDENTIALS.consumerKey,
    X_API_SECRET: X_TEST_CREDENTIALS.consumerSecret,
    X_ACCESS_TOKEN: X_TEST_CREDENTIALS.accessToken,
    X_ACCESS_SECRET: X_TEST_CREDENTIALS.accessSecret,
    LINKEDIN_API_URL: networks.linkedin.url,
    LINKEDIN_ACCESS_TOKEN: LINKEDIN_TEST_TOKEN,
    LINKEDIN_ORGANIZATION: networks.linkedin.organizationId,
    FACEBOOK_GRAPH_URL: networks.facebook.url,
    FACEBOOK_PAGE_ID: networks.facebook.pageId,
    FACEBOOK_PAGE_TOKEN: networks.facebook.token,
    BLUESKY_SERVICE: bluesky.proxy.url,
    BLUESKY_HANDLE: account.handle,
    BLUESKY_APP_PASSWORD: account.appPassword,
    // The account's DID document names the PDS itself; the publisher must stay on the proxy.
    CRIEUR_TEST_PDS_ORIGINS: bluesky.pds.origins.join(','),
  };
}

/** Config loaded the way the CLI loads it, with the data directory and credentials from `env`. */
export function loadTestConfig(env: Record<string, string>): LoadedConfig {
  return loadConfig({ processEnv: env });
}

/**
 * Imports `text` as the update file of a fresh data directory and approves all its drafts, the way the
 * team does (`crieur draft` then `crieur approve --date`, accepting what a full thread leaves out past
 * a limit). Returns the approved drafts.
 */
export async function approvedStore(
  loaded: LoadedConfig,
  text: string,
  now: () => Date = () => new Date(),
  options: { approve?: boolean } = {},
): Promise<DraftRecord[]> {
  mkdirSync(loaded.dataDir, { recursive: true });
  const file = join(loaded.dataDir, '..', `${UPDATE_DATE}-mise-a-jour.md`);
  writeFileSync(file, text);
  const queue = openQueue(loaded, now);
  try {
    const imported = await importUpdateFile(file, { loaded, queue, by: 'Rédaction Communications' });
    if (options.approve === false) return imported.drafts;
    const date = /^date: (\S+)$/m.exec(text)?.[1] ?? UPDATE_DATE;
    return approveDate(queue, { date, by: APPROVER, acceptOmissions: true });
  } finally {
    queue.store.close();
  }
}

export function withQueue<T>(loaded: LoadedConfig, fn: (queue: QueueContext) => T): T {
  const queue = openQueue(loaded);
  try {
    return fn(queue);
  } finally {
    queue.store.close();
  }
}

export function draftsOf(queue: QueueContext, date = UPDATE_DATE): DraftRecord[] {
  return listDrafts(queue.store.db, { date });
}

/** Calls `onRequest` for every request any of the servers receives that no rule scripted. */
export function watchRequests(
  scripts: FaultScript[],
  onRequest: (method: string, path: string) => Fault | undefined,
): void {
  for (const script of scripts) script.random = onRequest;
}

export function faultScripts(networks: FakeNetworks, bluesky: Bluesky): FaultScript[] {
  return [networks.x.faults, networks.linkedin.faults, networks.facebook.faults, bluesky.proxy.script];
}
