import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../cli/run-cli.js';
import { type FacebookServer, startFacebookServer } from '../fakes/facebook-server.js';
import { type LinkedInServer, startLinkedInServer } from '../fakes/linkedin-server.js';
import { startXServer, type XServer } from '../fakes/x-server.js';

let linkedin: LinkedInServer;
let x: XServer;
let facebook: FacebookServer;
let cwd: string;
let env: Record<string, string>;

const crieur = (...argv: string[]) => runCli(argv, { env, cwd });

beforeAll(async () => {
  [linkedin, x, facebook] = await Promise.all([
    startLinkedInServer({ oauth: { otherOrganizations: [{ id: '777', name: 'Autre organisation' }] } }),
    startXServer(),
    startFacebookServer(),
  ]);
  cwd = mkdtempSync(join(tmpdir(), 'crieur-connect-cli-'));
  writeFileSync(join(cwd, 'crieur.yaml'), 'dataDir: ./data\nnetworks: [x, linkedin, facebook]\n');
  env = {
    CRIEUR_CONFIG: join(cwd, 'crieur.yaml'),
    CRIEUR_SECRET_KEY_FILE: join(cwd, 'secret.key'),
    CRIEUR_WEB_URL: 'https://crieur.example.org',
    CRIEUR_USER: 'Julie Roy',
    LINKEDIN_CLIENT_ID: linkedin.oauth.clientId,
    LINKEDIN_CLIENT_SECRET: linkedin.oauth.clientSecret,
    LINKEDIN_OAUTH_URL: linkedin.url,
    LINKEDIN_API_URL: linkedin.url,
    X_API_KEY: x.credentials.consumerKey,
    X_API_SECRET: x.credentials.consumerSecret,
    X_API_URL: x.url,
    FACEBOOK_APP_ID: facebook.oauth.appId,
    FACEBOOK_APP_SECRET: facebook.oauth.appSecret,
    FACEBOOK_DIALOG_URL: facebook.url,
    FACEBOOK_GRAPH_URL: facebook.url,
  };
  expect((await crieur('secret-key', '--new', '--out', 'secret.key')).code).toBe(0);
});

afterAll(async () => {
  await Promise.all([linkedin?.close(), x?.close(), facebook?.close()]);
  if (cwd) rmSync(cwd, { recursive: true, force: true });
});

/** Prints the authorisation URL without waiting; returns it and its state. */
async function start(network: string): Promise<{ url: string; state: string }> {
  const result = await crieur('connect', network, '--no-wait');
  expect(result.code).toBe(0);
  const url = /^\s+(http\S+)$/m.exec(result.stdout)![1]!;
  const state = /--state (\S+) --code CODE/.exec(result.stdout)![1]!;
  return { url, state };
}

/** What the person's browser does on the consent page: follows « Autoriser » and reads the return address. */
async function consent(url: string): Promise<URL> {
  const page = await (await fetch(url)).text();
  const allow = /id="allow" href="([^"]+)"/.exec(page)![1]!.replaceAll('&#38;', '&');
  return new URL(allow);
}

describe('crieur connect linkedin|x from the command line', () => {
  it('prints LinkedIn’s authorisation URL back to the page, then ends with --code, listing and taking the organisation', async () => {
    const { url, state } = await start('linkedin');
    const asked = new URL(url);
    expect(asked.searchParams.get('redirect_uri')).toBe('https://crieur.example.org/comptes/linkedin/retour');
    expect(asked.searchParams.get('state')).toBe(state);
    const back = await consent(url);
    expect(back.searchParams.get('state')).toBe(state);

    const wrong = await crieur(
      'connect',
      'linkedin',
      '--code',
      back.searchParams.get('code')!,
      '--state',
      'not-the-state',
    );
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain('state does not match');

    const listed = await crieur('connect', 'linkedin', '--code', back.searchParams.get('code')!, '--state', state);
    expect(listed.code).toBe(2);
    expect(listed.stdout).toContain('777  Autre organisation');
    expect(listed.stdout).toContain(`${linkedin.organizationId}  Santé Québec`);
    const hold = /--state (\S+) --choose ID/.exec(listed.stdout)![1]!;

    const chosen = await crieur('connect', 'linkedin', '--state', hold, '--choose', linkedin.organizationId);
    expect(chosen.stdout).toBe('LinkedIn connected: Santé Québec.\n');
    const accounts = await crieur('accounts');
    expect(accounts.stdout).toMatch(
      /LinkedIn\s+store\s+Santé Québec, expires \S+ \(renewed automatically\), last used never, connected by Julie Roy/,
    );
    // A state is good once.
    expect((await crieur('connect', 'linkedin', '--state', hold, '--choose', '777')).code).toBe(2);
  });

  it('connects X with the verifier as --code', async () => {
    const { url, state } = await start('x');
    const back = await consent(url);
    expect(back.searchParams.get('state')).toBe(state);
    const done = await crieur('connect', 'x', '--state', state, '--code', back.searchParams.get('oauth_verifier')!);
    expect(done.stderr).toBe('');
    expect(done.stdout).toBe('X connected: @crieur_test.\n');
    const listed = JSON.parse((await crieur('accounts', '--json')).stdout) as {
      networks: Array<{ network: string; source: string }>;
    };
    expect(listed.networks.map((item) => [item.network, item.source])).toEqual([
      ['x', 'store'],
      ['linkedin', 'store'],
      ['facebook', 'none'],
    ]);
  });

  it('connects a Facebook Page with --code; with a single Page, nothing to choose', async () => {
    const { url, state } = await start('facebook');
    const back = await consent(url);
    const done = await crieur('connect', 'facebook', '--state', state, '--code', back.searchParams.get('code')!);
    expect(done.stderr).toBe('');
    expect(done.stdout).toBe('Facebook connected: Santé Québec.\n');
    // The same code again is refused by Facebook (and its state was used up already).
    const again = await crieur('connect', 'facebook', '--state', state, '--code', back.searchParams.get('code')!);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('state does not match');
  });

  it('says the environment wins when its token variable is set', async () => {
    const result = await runCli(['accounts'], {
      env: { ...env, X_ACCESS_TOKEN: 'from-env', X_ACCESS_SECRET: 'from-env' },
      cwd,
    });
    expect(result.stdout).toMatch(/^X\s+env\s+X_ACCESS_TOKEN \(wins over the connected account @crieur_test\)$/m);
  });
});
