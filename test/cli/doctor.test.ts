import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { type FacebookServer, startFacebookServer } from '../fakes/facebook-server.js';
import { type LinkedInServer, startLinkedInServer } from '../fakes/linkedin-server.js';
import { type LocalPds, startPds } from '../fakes/pds.js';
import { startXServer, type XServer } from '../fakes/x-server.js';

let x: XServer;
let linkedin: LinkedInServer;
let facebook: FacebookServer;
let pds: LocalPds;
let env: Record<string, string>;
let cwd: string;

beforeAll(async () => {
  [x, linkedin, facebook, pds] = await Promise.all([
    startXServer(),
    startLinkedInServer(),
    startFacebookServer(),
    startPds(),
  ]);
  const account = await pds.createAccount('crieur-doctor.test');
  cwd = mkdtempSync(join(tmpdir(), 'crieur-doctor-'));
  writeFileSync(join(cwd, 'crieur.yaml'), 'dataDir: ./data\n');
  env = {
    CRIEUR_CONFIG: join(cwd, 'crieur.yaml'),
    X_API_KEY: x.credentials.consumerKey,
    X_API_SECRET: x.credentials.consumerSecret,
    X_ACCESS_TOKEN: x.credentials.accessToken,
    X_ACCESS_SECRET: x.credentials.accessSecret,
    X_API_URL: x.url,
    BLUESKY_SERVICE: pds.url,
    BLUESKY_HANDLE: account.handle,
    BLUESKY_APP_PASSWORD: account.appPassword,
    LINKEDIN_ACCESS_TOKEN: linkedin.token,
    LINKEDIN_ORGANIZATION: linkedin.organizationId,
    LINKEDIN_API_URL: linkedin.url,
    FACEBOOK_PAGE_ID: facebook.pageId,
    FACEBOOK_PAGE_TOKEN: facebook.token,
    FACEBOOK_GRAPH_URL: facebook.url,
  };
});

afterAll(async () => {
  await Promise.all([x?.close(), linkedin?.close(), facebook?.close(), pds?.close()]);
});

async function doctor(overrides: Record<string, string | undefined>) {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  stdout.on('data', (chunk) => {
    out += chunk;
  });
  const code = await main(['doctor'], { stdout, stderr, env: { ...env, ...overrides }, cwd });
  return { code, out };
}

describe('crieur doctor', () => {
  it('checks every network live and names each account', async () => {
    const { code, out } = await doctor({});
    expect(out).toContain('✓ X: @crieur_test');
    expect(out).toMatch(/✓ Bluesky: crieur-doctor\.test, session valid until .* \(renewed automatically\)/);
    expect(out).toMatch(/✓ LinkedIn: /);
    expect(out).toMatch(/✓ Facebook: /);
    expect(code).toBe(0);
  });

  it('says in French and English what is wrong with a bad token or a missing variable, without the secret', async () => {
    const { code, out } = await doctor({
      LINKEDIN_ACCESS_TOKEN: 'expired-token-value',
      X_ACCESS_SECRET: 'wrong-secret-value',
      FACEBOOK_PAGE_TOKEN: undefined,
    });
    expect(code).toBe(1);
    expect(out).toMatch(/✗ LinkedIn: .*\n\s+.*jeton/i);
    expect(out).toMatch(/✗ X: /);
    expect(out).toContain(
      '✗ Facebook: config FACEBOOK_PAGE_TOKEN: facebook is enabled but FACEBOOK_PAGE_TOKEN is not set',
    );
    expect(out).toContain("la variable FACEBOOK_PAGE_TOKEN n'est pas définie");
    expect(out).not.toContain('expired-token-value');
    expect(out).not.toContain('wrong-secret-value');
  });
});
