import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AtpAgent } from '@atproto/api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storePath } from '../../src/store/db.js';
import { type FacebookServer, startFacebookServer } from '../fakes/facebook-server.js';
import { type LocalPds, type PdsAccount, startPds } from '../fakes/pds.js';
import { startXServer, type XServer } from '../fakes/x-server.js';
import { type BrowserWorld, startBrowserWorld } from './browser-world.js';

const SHOTS = process.env.CRIEUR_SHOTS_DIR;

let x: XServer;
let facebook: FacebookServer;
let pds: LocalPds;
let bluesky: PdsAccount;
let world: BrowserWorld;

beforeAll(async () => {
  [x, facebook, pds] = await Promise.all([
    startXServer(),
    startFacebookServer({ oauth: { otherPages: [{ id: '200000000000001', name: 'Autre Page' }] } }),
    startPds({ rateLimits: false }),
  ]);
  bluesky = await pds.createAccount('crieur-page.test');
  // Only the app credentials and API origins: every account token comes from the page.
  world = await startBrowserWorld(['x', 'bluesky', 'facebook'], {
    X_API_KEY: x.credentials.consumerKey,
    X_API_SECRET: x.credentials.consumerSecret,
    X_API_URL: x.url,
    FACEBOOK_APP_ID: facebook.oauth.appId,
    FACEBOOK_APP_SECRET: facebook.oauth.appSecret,
    FACEBOOK_DIALOG_URL: facebook.url,
    FACEBOOK_GRAPH_URL: facebook.url,
    BLUESKY_SERVICE: pds.url,
  });
  await world.signIn();
});

afterAll(async () => {
  await world?.close();
  await Promise.all([x?.close(), facebook?.close(), pds?.close()]);
});

const connectButton = (network: string) =>
  world.page.locator(`#compte-${network}`).getByRole('button', { name: 'Connecter', exact: true });

describe('connecting X, Facebook and Bluesky in the « Comptes » page', () => {
  it('X: a refused authorisation connects nothing; an accepted one connects @crieur_test and publishes the thread', async () => {
    const { page, url } = world;
    await page.goto(`${url}/comptes`);
    await connectButton('x').click();
    await page.waitForURL(`${x.url}/oauth/authorize?**`);
    await page.getByRole('link', { name: 'Refuser' }).click();
    await expect(page.getByRole('heading', { name: 'Connexion refusée' }).isVisible()).resolves.toBe(true);
    expect(world.services.connections!.get('x')).toBeNull();

    await page.goto(`${url}/comptes`);
    await connectButton('x').click();
    await page.waitForURL(`${x.url}/oauth/authorize?**`);
    await page.getByRole('link', { name: 'Autoriser' }).click();
    await page.waitForURL(`${url}/comptes#compte-x`);
    await expect(page.locator('#compte-x').getByText('@crieur_test').isVisible()).resolves.toBe(true);
    await expect(page.locator('#compte-x').getByText('n’expire pas').isVisible()).resolves.toBe(true);

    expect(await world.publish('x')).toEqual(['published']);
    expect(x.posts.length).toBeGreaterThan(1);
  });

  it('Facebook: an expired code is refused; then the Page is chosen and its token publishes', async () => {
    const { page, url } = world;
    await page.goto(`${url}/comptes`);
    await connectButton('facebook').click();
    await page.waitForURL(`${facebook.url}/v24.0/dialog/oauth?**`);
    const asked = new URL(page.url());
    expect(asked.searchParams.get('scope')).toBe('pages_show_list,pages_read_engagement,pages_manage_posts');
    facebook.oauth.expireCodes();
    await page.getByRole('link', { name: 'Autoriser' }).click();
    await expect(page.getByText('l’autorisation a expiré').isVisible()).resolves.toBe(true);

    await page.goto(`${url}/comptes`);
    await connectButton('facebook').click();
    await page.waitForURL(`${facebook.url}/v24.0/dialog/oauth?**`);
    await page.getByRole('link', { name: 'Autoriser' }).click();
    await page.waitForURL(`${url}/comptes/facebook/choix?**`);
    await page.getByLabel('Santé Québec').check();
    await page.getByRole('button', { name: 'Connecter', exact: true }).click();
    await page.waitForURL(`${url}/comptes`);
    await expect(page.locator('#compte-facebook').getByText('Santé Québec').first().isVisible()).resolves.toBe(true);

    expect(await world.publish('facebook')).toEqual(['published']);
    expect(facebook.posts.length).toBeGreaterThan(0);
    // The token kept is the one Facebook handed out for the chosen Page (listed first), not the other Page's.
    const kept = world.services.connections!.credentials('facebook')!.credentials;
    expect(kept.pageId).toBe(facebook.pageId);
    expect(kept.pageToken).toBe(facebook.oauth.pageTokens[0]);
    expect(kept.pageToken).not.toBe(facebook.token);
  });

  it('Bluesky: a wrong app password is refused in the form; the right one connects and the thread is posted', async () => {
    const { page, url } = world;
    await page.goto(`${url}/comptes`);
    await page.locator('#compte-bluesky').getByRole('link', { name: 'Connecter' }).click();
    await page.getByLabel('Identifiant').fill(bluesky.handle);
    await page.getByLabel('Mot de passe d’application').fill('aaaa-bbbb-cccc-dddd');
    await page.getByRole('button', { name: 'Vérifier et connecter' }).click();
    await expect(page.getByText('Bluesky refuse cet identifiant ou ce mot de passe').isVisible()).resolves.toBe(true);

    await page.getByLabel('Mot de passe d’application').fill(bluesky.appPassword);
    await page.getByRole('button', { name: 'Vérifier et connecter' }).click();
    await page.waitForURL(`${url}/comptes`);
    await expect(page.locator('#compte-bluesky').getByText(`@${bluesky.handle}`).isVisible()).resolves.toBe(true);
    if (SHOTS) {
      mkdirSync(SHOTS, { recursive: true });
      await page.screenshot({ path: join(SHOTS, 'comptes-1280.png'), fullPage: true });
      await page.setViewportSize({ width: 390, height: 844 });
      await page.screenshot({ path: join(SHOTS, 'comptes-390.png'), fullPage: true });
      await page.setViewportSize({ width: 1280, height: 900 });
    }

    expect(await world.publish('bluesky')).toEqual(['published']);
    const records = await new AtpAgent({ service: pds.url }).com.atproto.repo.listRecords({
      repo: bluesky.did,
      collection: 'app.bsky.feed.post',
    });
    expect(records.data.records.length).toBeGreaterThan(1);
  });

  it('leaves no token, app password or JWT in clear in the database, its write-ahead log, a backup copy, the audit or the service log', async () => {
    const connections = world.services.connections!;
    const secrets = [
      x.credentials.accessToken,
      x.credentials.accessSecret,
      bluesky.appPassword,
      ...facebook.oauth.pageTokens,
    ];
    const session = connections.credentials('bluesky')!.credentials.session as {
      accessJwt: string;
      refreshJwt: string;
    };
    secrets.push(session.accessJwt, session.refreshJwt);
    const path = storePath(join(world.dir, 'data'));
    const backup = join(world.dir, 'backup.sqlite');
    world.services.queue.store.db.prepare('VACUUM INTO ?').run(backup);
    const bytes = Buffer.concat([path, `${path}-wal`, backup].filter(existsSync).map((file) => readFileSync(file)));
    for (const secret of secrets) expect(bytes.includes(secret), secret.slice(0, 6)).toBe(false);
    const audit = JSON.stringify(world.services.queue.store.db.prepare('SELECT * FROM audit_events').all());
    for (const secret of secrets) expect(audit.includes(secret)).toBe(false);
    expect(audit).toContain('account-connected');
    const logs = world.logs();
    expect(logs).toContain('draft published');
    for (const secret of secrets) expect(logs.includes(secret), secret.slice(0, 6)).toBe(false);
  });
});
