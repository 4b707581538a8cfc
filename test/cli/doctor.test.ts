import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FacebookServer, startFacebookServer } from '../fakes/facebook-server.js';
import { type LinkedInServer, startLinkedInServer } from '../fakes/linkedin-server.js';
import { type LocalPds, startPds } from '../fakes/pds.js';
import { startXServer, type XServer } from '../fakes/x-server.js';
import { runCli } from './run-cli.js';

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

async function doctor(overrides: Record<string, string | undefined>, json = false) {
  const { code, stdout } = await runCli(json ? ['doctor', '--json'] : ['doctor'], {
    env: { ...env, ...overrides },
    cwd,
  });
  return { code, out: stdout };
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
    expect(out).toContain('la variable FACEBOOK_PAGE_TOKEN n’est pas définie');
    expect(out).not.toContain('expired-token-value');
    expect(out).not.toContain('wrong-secret-value');
  });

  it('warns 14 days ahead when the LinkedIn token expiry is known, and fails once it has passed', async () => {
    const inDays = (days: number) => new Date(Date.now() + days * 24 * 3600 * 1000).toISOString();
    const unknown = await doctor({});
    expect(unknown.out).toMatch(/✓ LinkedIn: .*token expiry unknown \(set LINKEDIN_TOKEN_EXPIRES_AT/);

    const later = await doctor({ LINKEDIN_TOKEN_EXPIRES_AT: inDays(40) });
    expect(later.out).toMatch(/✓ LinkedIn: .*, token expires .* \(in 39 days\)/);
    expect(later.code).toBe(0);

    const soon = await doctor({ LINKEDIN_TOKEN_EXPIRES_AT: inDays(6.5) }, true);
    expect(soon.code).toBe(0);
    const linkedinSoon = JSON.parse(soon.out).networks.find((n: { network: string }) => n.network === 'linkedin');
    expect(linkedinSoon).toMatchObject({ ok: true, warning: expect.stringContaining('token expires in 6 days') });
    expect(linkedinSoon.warning).toContain('LINKEDIN_TOKEN_EXPIRES_AT');

    const gone = await doctor({ LINKEDIN_TOKEN_EXPIRES_AT: inDays(-1) });
    expect(gone.code).toBe(1);
    expect(gone.out).toMatch(
      /✗ LinkedIn: .*token expired .*renew LINKEDIN_ACCESS_TOKEN and LINKEDIN_TOKEN_EXPIRES_AT\n\s+le jeton a expiré le/,
    );

    const refused = await doctor({ LINKEDIN_TOKEN_EXPIRES_AT: inDays(6.5), LINKEDIN_ACCESS_TOKEN: 'revoked' });
    expect(refused.code).toBe(1);
    expect(refused.out).toMatch(/✗ LinkedIn: .*\n.*\n\s+LINKEDIN_TOKEN_EXPIRES_AT: token expires .* \(in 6 days\)/);

    const bad = await doctor({ LINKEDIN_TOKEN_EXPIRES_AT: '25/01/2027' });
    expect(bad.code).toBe(1);
    expect(bad.out).toContain('✗ LinkedIn: config LINKEDIN_TOKEN_EXPIRES_AT: expected a date such as 2027-01-25');
  });
});
