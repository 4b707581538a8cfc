import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { PassThrough } from 'node:stream';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { type Running, startRunning } from '../../src/app/run-service.js';
import { openServices, type Services } from '../../src/app/services.js';
import { loadConfig } from '../../src/config/load.js';
import { newSecretKey } from '../../src/connections/secret-key.js';
import { createLogger } from '../../src/log.js';
import { prepareUpdate } from '../../src/pipeline/prepare.js';
import { approveDate } from '../../src/queue/approve.js';
import { importDrafts } from '../../src/queue/import.js';
import { insertUser } from '../../src/store/users-repo.js';
import { hashPassword } from '../../src/users/passwords.js';

export const SAMPLE = resolve(import.meta.dirname, '../../examples/2026-05-14-dsn.md');
export const ADMIN = 'Julie Roy';
export const PASSWORD = 'correct horse battery staple';
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** `crieur run` (scheduler and page) in a temporary folder, with an administrator and a real Chromium. */
export interface BrowserWorld {
  dir: string;
  services: Services;
  running: Running;
  url: string;
  page: Page;
  /** Every line the service logged (debug level): for a scan of the tokens in clear. */
  logs(): string;
  /** Signs the administrator in. */
  signIn(): Promise<void>;
  /** Drafts the sample update, approves it, publishes it now on `network`; returns the outcome statuses. */
  publish(network: 'x' | 'bluesky' | 'linkedin' | 'facebook'): Promise<string[]>;
  close(): Promise<void>;
}

export async function startBrowserWorld(
  networks: string[],
  env: Record<string, string>,
  options: { viewport?: { width: number; height: number } } = {},
): Promise<BrowserWorld> {
  const dir = mkdtempSync(join(tmpdir(), 'crieur-accounts-'));
  writeFileSync(join(dir, 'crieur.yaml'), `dataDir: ./data\nnetworks: [${networks.join(', ')}]\n`);
  const loaded = loadConfig({
    processEnv: { CRIEUR_CONFIG: join(dir, 'crieur.yaml'), CRIEUR_SECRET_KEY: newSecretKey(), ...env },
    cwd: dir,
  });
  const logStream = new PassThrough();
  let logText = '';
  logStream.on('data', (chunk: Buffer) => {
    logText += chunk.toString('utf8');
  });
  const log = createLogger({ secrets: [], level: 'debug', destination: logStream });
  const services = openServices(loaded, { log, logProblems: false });
  insertUser(services.queue.store.db, {
    name: ADMIN,
    role: 'admin',
    passwordHash: await hashPassword(PASSWORD),
    createdAt: new Date().toISOString(),
  });
  const running = await startRunning(services, { web: true, listen: { host: '127.0.0.1', port: 0 } });
  const url = running.web!.url;
  const profile = mkdtempSync(join(tmpdir(), 'crieur-chromium-'));
  const context: BrowserContext = await chromium.launchPersistentContext(profile, {
    executablePath: '/usr/bin/chromium',
    args: CHROMIUM_ARGS,
    headless: true,
    viewport: options.viewport ?? { width: 1280, height: 900 },
    locale: 'fr-CA',
  });
  const page = context.pages()[0] ?? (await context.newPage());
  return {
    dir,
    services,
    running,
    url,
    page,
    logs: () => logText,
    async signIn() {
      await page.goto(`${url}/connexion`);
      await page.getByLabel('Nom d’utilisateur').fill(ADMIN);
      await page.getByLabel('Mot de passe').fill(PASSWORD);
      await page.getByRole('button', { name: 'Se connecter' }).click();
      await page.waitForURL(`${url}/`);
    },
    async publish(network) {
      const prepared = await prepareUpdate(SAMPLE, { loaded, outDir: join(dir, 'rendered') });
      const { drafts } = importDrafts(services.queue, {
        update: prepared.update,
        drafts: prepared.drafts.filter((draft) => draft.network === network),
        by: 'Camille',
      });
      approveDate(services.queue, { date: drafts[0]!.date, by: 'Hélène', acceptOmissions: true });
      const outcomes = await services.runner.publishNow(drafts[0]!.date, { network, by: ADMIN });
      return outcomes.map((outcome) => outcome.status);
    },
    async close() {
      await context.close();
      await running.stop();
      services.close();
      rmSync(profile, { recursive: true, force: true });
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
