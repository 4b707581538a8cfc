import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { loadConfig } from '../../src/config/load.js';
import { newSecretKey } from '../../src/connections/secret-key.js';
import { silentLogger } from '../../src/log.js';
import { openQueue } from '../../src/queue/open-queue.js';
import { buildWebApp } from '../../src/web/server.js';
import { runCli } from '../cli/run-cli.js';
import { type LinkedInServer, startLinkedInServer } from '../fakes/linkedin-server.js';

let linkedin: LinkedInServer;
let cwd: string;
let env: Record<string, string>;

beforeAll(async () => {
  linkedin = await startLinkedInServer();
  cwd = mkdtempSync(join(tmpdir(), 'crieur-connect-wait-'));
  writeFileSync(join(cwd, 'crieur.yaml'), 'dataDir: ./data\nnetworks: [linkedin]\n');
  env = {
    CRIEUR_CONFIG: join(cwd, 'crieur.yaml'),
    CRIEUR_SECRET_KEY: newSecretKey(),
    CRIEUR_WEB_URL: 'http://127.0.0.1:8787',
    CRIEUR_USER: 'Julie Roy',
    LINKEDIN_CLIENT_ID: linkedin.oauth.clientId,
    LINKEDIN_CLIENT_SECRET: linkedin.oauth.clientSecret,
    LINKEDIN_OAUTH_URL: linkedin.url,
    LINKEDIN_API_URL: linkedin.url,
  };
});

afterAll(async () => {
  await linkedin?.close();
  if (cwd) rmSync(cwd, { recursive: true, force: true });
});

describe('crieur connect linkedin, waiting for the page', () => {
  it('ends when the page of the running service receives the callback (one organisation: connected at once)', async () => {
    const loaded = loadConfig({ processEnv: env, cwd });
    const queue = openQueue(loaded);
    const app = await buildWebApp({ queue, loaded, log: silentLogger() });
    try {
      const waiting = runCli(['connect', 'linkedin'], { env, cwd });
      // The command has kept its `state`: the person now consents on LinkedIn, which calls the page back.
      const state = await vi.waitFor(
        () => {
          const row = queue.store.db.prepare("SELECT state FROM oauth_states WHERE network = 'linkedin'").get() as
            | { state: string }
            | undefined;
          if (row === undefined) throw new Error('not started yet');
          return row.state;
        },
        { timeout: 30_000, interval: 100 },
      );
      const authorize = new URL(`${linkedin.url}/oauth/v2/authorization`);
      authorize.searchParams.set('response_type', 'code');
      authorize.searchParams.set('client_id', linkedin.oauth.clientId);
      authorize.searchParams.set('redirect_uri', 'http://127.0.0.1:8787/comptes/linkedin/retour');
      authorize.searchParams.set('state', state);
      const consent = await (await fetch(authorize)).text();
      const back = new URL(/id="allow" href="([^"]+)"/.exec(consent)![1]!.replaceAll('&#38;', '&'));
      const callback = await app.inject({ method: 'GET', url: `${back.pathname}${back.search}` });
      expect(callback.statusCode).toBe(200);
      expect(callback.body).toContain('LinkedIn est connecté (Santé Québec)');

      const result = await waiting;
      expect(result.code).toBe(0);
      expect(result.stdout).toContain('http://127.0.0.1:8787/comptes/linkedin/retour');
      expect(result.stdout).toMatch(/LinkedIn connected: Santé Québec\.\n$/);
    } finally {
      await app.close();
      queue.store.close();
    }
  });
});
