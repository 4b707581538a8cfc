import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startRunning } from '../../src/app/run-service.js';
import { openServices, type Services } from '../../src/app/services.js';
import { renewConnectedTokens } from '../../src/app/token-renewal.js';
import { checkTokenExpiries } from '../../src/app/token-watch.js';
import { loadConfig } from '../../src/config/load.js';
import { newSecretKey } from '../../src/connections/secret-key.js';
import { silentLogger } from '../../src/log.js';
import { formatNotification } from '../../src/notify/format.js';
import type { Notification } from '../../src/notify/types.js';
import { prepareUpdate } from '../../src/pipeline/prepare.js';
import { approveDate } from '../../src/queue/approve.js';
import { importDrafts } from '../../src/queue/import.js';
import { queueBanners } from '../../src/web/banners.js';
import { type LinkedInServer, startLinkedInServer } from '../fakes/linkedin-server.js';
import { SAMPLE } from './browser-world.js';

const DAY = 24 * 3600 * 1000;

let linkedin: LinkedInServer;
let dir: string;
let services: Services;
const notifications: Notification[] = [];

beforeAll(async () => {
  linkedin = await startLinkedInServer();
  dir = mkdtempSync(join(tmpdir(), 'crieur-renewal-'));
  writeFileSync(join(dir, 'crieur.yaml'), 'dataDir: ./data\nnetworks: [linkedin]\n');
  const loaded = loadConfig({
    processEnv: {
      CRIEUR_CONFIG: join(dir, 'crieur.yaml'),
      CRIEUR_SECRET_KEY: newSecretKey(),
      CRIEUR_WEB_URL: 'https://crieur.example.org',
      LINKEDIN_CLIENT_ID: linkedin.oauth.clientId,
      LINKEDIN_CLIENT_SECRET: linkedin.oauth.clientSecret,
      LINKEDIN_OAUTH_URL: linkedin.url,
      LINKEDIN_API_URL: linkedin.url,
    },
    cwd: dir,
  });
  services = openServices(loaded, {
    log: silentLogger(),
    logProblems: false,
    notifier: {
      send: async (notification) => {
        notifications.push(notification);
        return true;
      },
    },
  });
});

afterAll(async () => {
  services?.close();
  await linkedin?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

function connectLinkedIn(refreshToken: string, expiresAt: Date): void {
  services.connections!.connect(
    {
      credentials: {
        network: 'linkedin',
        accessToken: linkedin.token,
        organization: linkedin.organizationId,
        refreshToken,
        refreshExpiresAt: new Date(Date.now() + 300 * DAY).toISOString(),
      },
      account: { id: linkedin.organizationUrn, handle: 'Santé Québec', name: 'Santé Québec' },
      expiresAt,
      renewable: true,
    },
    'Julie Roy',
  );
}

describe('renewal of connected tokens by the running service', () => {
  it('renews a LinkedIn token 1 day from expiry with its refresh token, and the next publication uses the new one', async () => {
    linkedin.oauth.refreshTokens.add('li-refresh-seeded');
    connectLinkedIn('li-refresh-seeded', new Date(Date.now() + DAY));
    const running = await startRunning(services, { web: false });
    try {
      await vi.waitFor(
        () =>
          expect(services.connections!.get('linkedin')!.expiresAt!.getTime()).toBeGreaterThan(Date.now() + 50 * DAY),
        { timeout: 30_000, interval: 100 },
      );
      const renewed = linkedin.oauth.issued.at(-1)!;
      expect(renewed).toBeDefined();
      const prepared = await prepareUpdate(SAMPLE, { loaded: services.loaded, outDir: join(dir, 'rendered') });
      const { drafts } = importDrafts(services.queue, {
        update: prepared.update,
        drafts: prepared.drafts.filter((draft) => draft.network === 'linkedin'),
        by: 'Camille',
      });
      approveDate(services.queue, { date: drafts[0]!.date, by: 'Hélène', acceptOmissions: true });
      const outcomes = await services.runner.publishNow(drafts[0]!.date, { network: 'linkedin', by: 'Julie Roy' });
      expect(outcomes.map((outcome) => outcome.status)).toEqual(['published']);
      const posting = linkedin.requests.filter(
        (request) => request.method === 'POST' && request.path === '/rest/posts',
      );
      expect(posting.at(-1)!.headers.authorization).toBe(`Bearer ${renewed}`);
      // The renewal was not worth a notification, and the audit names the service, never the token.
      expect(notifications.filter((n) => n.kind === 'token-expiring')).toEqual([]);
      const renewal = services.queue.store.db
        .prepare("SELECT actor, data FROM audit_events WHERE action = 'account-renewed'")
        .all() as Array<{ actor: string; data: string }>;
      expect(renewal.map((event) => event.actor)).toEqual(['crieur']);
      expect(renewal[0]!.data).not.toContain(renewed);
      expect(renewal[0]!.data).not.toContain('li-refresh-seeded');
    } finally {
      await running.stop();
    }
  });

  it('when the refresh token was revoked, sends a person to the « Comptes » page: notification and banner', async () => {
    linkedin.oauth.refreshTokens.add('li-refresh-revoked');
    linkedin.oauth.revokeRefreshToken('li-refresh-revoked');
    connectLinkedIn('li-refresh-revoked', new Date(Date.now() + DAY));
    const results = await renewConnectedTokens({
      loaded: services.loaded,
      connections: services.connections!,
      now: () => new Date(),
      log: silentLogger(),
    });
    expect(results).toEqual([expect.objectContaining({ network: 'linkedin', outcome: 'failed' })]);
    expect((results[0] as { error: Error }).error.message).toContain('invalid_grant');

    const sent = await checkTokenExpiries({
      loaded: services.loaded,
      now: () => new Date(),
      log: silentLogger(),
      notify: async () => true,
      connections: services.connections!,
    });
    expect(sent).toEqual([
      expect.objectContaining({ network: 'linkedin', accountsPage: 'https://crieur.example.org/comptes' }),
    ]);
    const text = formatNotification(sent[0]!, { timeZone: 'America/Toronto' }).text;
    expect(text).toContain('reconnecter LinkedIn dans la page « Comptes » : https://crieur.example.org/comptes');

    const banners = queueBanners({
      loaded: services.loaded,
      dryRun: false,
      now: new Date(),
      drafts: [],
      connections: services.connections!,
    });
    expect(banners).toEqual([
      expect.objectContaining({ kind: 'warning', link: { href: '/comptes', label: 'Ouvrir la page Comptes' } }),
    ]);
  });
});
