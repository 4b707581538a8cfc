import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LinkedInServer, startLinkedInServer } from '../fakes/linkedin-server.js';
import { type BrowserWorld, startBrowserWorld } from './browser-world.js';

let linkedin: LinkedInServer;
let world: BrowserWorld;

beforeAll(async () => {
  linkedin = await startLinkedInServer({ oauth: { otherOrganizations: [{ id: '777', name: 'Autre organisation' }] } });
  // No LINKEDIN_ACCESS_TOKEN: the page is the source.
  world = await startBrowserWorld(['linkedin'], {
    LINKEDIN_CLIENT_ID: linkedin.oauth.clientId,
    LINKEDIN_CLIENT_SECRET: linkedin.oauth.clientSecret,
    LINKEDIN_OAUTH_URL: linkedin.url,
    LINKEDIN_API_URL: linkedin.url,
  });
  await world.signIn();
});

afterAll(async () => {
  await world?.close();
  await linkedin?.close();
});

describe('connecting LinkedIn in the « Comptes » page', () => {
  it('says on the card that nothing is connected', async () => {
    const { page, url } = world;
    await page.goto(`${url}/comptes`);
    const card = page.locator('#compte-linkedin');
    await expect(card.getByText('Non connecté').isVisible()).resolves.toBe(true);
  });

  it('refuses a denied consent, then a forged state, then an expired code, connecting nothing', async () => {
    const { page, url } = world;
    await page.goto(`${url}/comptes`);
    await page.locator('#compte-linkedin').getByRole('button', { name: 'Connecter', exact: true }).click();
    await page.waitForURL(`${linkedin.url}/oauth/v2/authorization?**`);
    await page.getByRole('link', { name: 'Refuser' }).click();
    await expect(page.getByRole('heading', { name: 'Connexion refusée' }).isVisible()).resolves.toBe(true);
    await expect(page.getByText('l’autorisation a été refusée').isVisible()).resolves.toBe(true);

    await page.goto(`${url}/comptes/linkedin/retour?code=anything&state=forged-state`);
    await expect(page.getByText('le paramètre state ne correspond pas').isVisible()).resolves.toBe(true);

    await page.goto(`${url}/comptes`);
    await page.locator('#compte-linkedin').getByRole('button', { name: 'Connecter', exact: true }).click();
    await page.waitForURL(`${linkedin.url}/oauth/v2/authorization?**`);
    linkedin.oauth.expireCodes();
    await page.getByRole('link', { name: 'Autoriser' }).click();
    await expect(page.getByRole('heading', { name: 'Connexion refusée' }).isVisible()).resolves.toBe(true);
    await expect(page.getByText('invalid_grant').isVisible()).resolves.toBe(true);
    expect(world.services.connections!.get('linkedin')).toBeNull();
  });

  it('connects through the consent page, chooses the organisation, and the next publication uses the token', async () => {
    const { page, url } = world;
    await page.goto(`${url}/comptes`);
    await page.locator('#compte-linkedin').getByRole('button', { name: 'Connecter', exact: true }).click();
    await page.waitForURL(`${linkedin.url}/oauth/v2/authorization?**`);
    const asked = new URL(page.url());
    expect(asked.searchParams.get('scope')).toBe('w_organization_social r_organization_social rw_organization_admin');
    expect(asked.searchParams.get('redirect_uri')).toBe(`${url}/comptes/linkedin/retour`);
    await page.getByRole('link', { name: 'Autoriser' }).click();
    await page.waitForURL(`${url}/comptes/linkedin/choix?**`);
    await expect(page.getByLabel('Autre organisation').isVisible()).resolves.toBe(true);
    await page.getByLabel('Santé Québec').check();
    await page.getByRole('button', { name: 'Connecter', exact: true }).click();
    await page.waitForURL(`${url}/comptes`);
    const card = page.locator('#compte-linkedin');
    await expect(card.getByText('Santé Québec').isVisible()).resolves.toBe(true);
    await expect(card.getByText('renouvelé automatiquement').isVisible()).resolves.toBe(true);
    await expect(card.getByRole('button', { name: 'Déconnecter', exact: true }).isVisible()).resolves.toBe(true);

    // No restart: the running service publishes with the token just connected.
    const statuses = await world.publish('linkedin');
    expect(statuses).toEqual(['published']);
    expect(linkedin.posts.length).toBeGreaterThan(0);
    const token = linkedin.oauth.issued.at(-1)!;
    const posting = linkedin.requests.filter((request) => request.method === 'POST' && request.path === '/rest/posts');
    expect(posting.at(-1)!.headers.authorization).toBe(`Bearer ${token}`);
    await page.goto(`${url}/comptes`);
    await expect(page.locator('#compte-linkedin').getByText('pas encore utilisé').count()).resolves.toBe(0);
  });

  it('disconnects from the card, and the journal says who did what without a token', async () => {
    const { page, url } = world;
    await page.goto(`${url}/comptes`);
    await page.locator('#compte-linkedin').getByRole('button', { name: 'Déconnecter', exact: true }).click();
    await page.waitForURL(`${url}/comptes`);
    await expect(page.locator('#compte-linkedin').getByText('Non connecté').isVisible()).resolves.toBe(true);
    const events = world.services.queue.store.db
      .prepare("SELECT actor, action, data FROM audit_events WHERE action LIKE 'account-%' ORDER BY seq")
      .all() as Array<{ actor: string; action: string; data: string }>;
    expect(events.map((event) => [event.actor, event.action])).toEqual([
      ['Julie Roy', 'account-connected'],
      ['Julie Roy', 'account-disconnected'],
    ]);
    const logs = world.logs();
    expect(logs).toContain('draft published');
    for (const token of [...linkedin.oauth.issued, ...linkedin.oauth.refreshTokens]) {
      expect(JSON.stringify(events)).not.toContain(token);
      expect(logs).not.toContain(token);
    }
  });
});
