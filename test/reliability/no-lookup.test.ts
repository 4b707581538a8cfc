import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createFacebookAdapter } from '../../adapters/facebook/index.js';
import { createLinkedInAdapter } from '../../adapters/linkedin/index.js';
import { createXAdapter } from '../../adapters/x/index.js';
import { createRunner } from '../../src/app/runner.js';
import { silentLogger } from '../../src/log.js';
import type { NetworkId } from '../../src/networks/index.js';
import type { Notification } from '../../src/notify/types.js';
import type { NetworkAdapter } from '../../src/publish/port.js';
import { openQueue } from '../../src/queue/open-queue.js';
import { X_TEST_CREDENTIALS } from '../fakes/x-server.js';
import {
  approvedStore,
  draftsOf,
  type FakeNetworks,
  loadTestConfig,
  SHORT_UPDATE,
  startFakeNetworks,
  UPDATE_DATE,
  writeTestConfig,
} from './world.js';

/**
 * Servers built from the posting contract alone may serve the creates and not the searches crieur
 * uses to find a post whose create answer was lost. Then a resend is made only where the network
 * refuses a second post with the same text (X, LinkedIn; Facebook for text without a photo): a
 * create that did not happen is made, one that did is refused, and nothing is ever posted twice.
 */

const NETWORKS: NetworkId[] = ['x', 'linkedin', 'facebook'];
let workDir: string;
let networks: FakeNetworks;

beforeAll(() => {
  workDir = mkdtempSync(join(tmpdir(), 'crieur-no-lookup-'));
});

afterAll(() => {
  if (workDir) rmSync(workDir, { recursive: true, force: true });
});

// Fresh servers for each case: they refuse a text they already hold.
beforeEach(async () => {
  networks = await startFakeNetworks();
});

afterEach(async () => {
  await networks?.close();
});

function adapters(): Map<NetworkId, NetworkAdapter> {
  const timeoutMs = 1000;
  return new Map<NetworkId, NetworkAdapter>([
    [
      'x',
      createXAdapter({
        credentials: {
          appKey: X_TEST_CREDENTIALS.consumerKey,
          appSecret: X_TEST_CREDENTIALS.consumerSecret,
          accessToken: X_TEST_CREDENTIALS.accessToken,
          accessSecret: X_TEST_CREDENTIALS.accessSecret,
        },
        apiUrl: networks.x.url,
        timeoutMs,
      }),
    ],
    [
      'linkedin',
      createLinkedInAdapter({
        accessToken: networks.linkedin.token,
        organization: networks.linkedin.organizationId,
        apiUrl: networks.linkedin.url,
        timeoutMs,
        imagePollIntervalMs: 10,
      }),
    ],
    [
      'facebook',
      createFacebookAdapter({
        pageId: networks.facebook.pageId,
        pageToken: networks.facebook.token,
        graphUrl: networks.facebook.url,
        timeoutMs,
      }),
    ],
  ]);
}

async function publish(name: string) {
  const configPath = writeTestConfig(join(workDir, name), '', NETWORKS);
  const loaded = loadTestConfig({ CRIEUR_CONFIG: configPath, CRIEUR_DATA_DIR: join(workDir, name, 'data') });
  await approvedStore(loaded, SHORT_UPDATE);
  const queue = openQueue(loaded);
  const notifications: Notification[] = [];
  try {
    const runner = createRunner({
      queue,
      adapters: adapters(),
      rules: { timezone: 'America/Toronto', publishTime: '09:00', latenessWindowMinutes: 1, mediaLeadMinutes: 10 },
      sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
      random: () => 0.5,
      log: silentLogger(),
      notify: async (notification) => notifications.push(notification),
      publish: { retryBaseMs: 20, retryCapMs: 100 },
    });
    await runner.publishNow(UPDATE_DATE, { by: 'Opérateur' });
    const statuses = Object.fromEntries(draftsOf(queue).map((draft) => [draft.network, draft.status]));
    return { statuses, notifications };
  } finally {
    queue.store.close();
  }
}

/** Every search crieur uses answers 404, as on a server that does not serve it. */
function withoutSearches(): void {
  const notFound = (body: unknown) => ({ kind: 'respond' as const, status: 404, body });
  networks.x.faults.add({
    method: 'GET',
    path: /^\/2\/users\//,
    fault: notFound({ title: 'Not Found Error', type: 'about:blank', status: 404, detail: 'Not Found' }),
    times: 1000,
  });
  networks.linkedin.faults.add({
    method: 'GET',
    path: '/rest/posts',
    fault: notFound({ message: 'Not Found', status: 404 }),
    times: 1000,
  });
  networks.facebook.faults.add({
    method: 'GET',
    path: /\/(posts|feed)$/,
    fault: notFound({ error: { message: 'Unknown path components: /posts', type: 'OAuthException', code: 2500 } }),
    times: 1000,
  });
}

describe('on servers without the searches crieur uses to find a post', () => {
  it('a create answered 500 without being made is made again where the network refuses duplicates', async () => {
    withoutSearches();
    const serverError = {
      kind: 'respond' as const,
      status: 500,
      body: { title: 'Internal Server Error', status: 500 },
    };
    networks.x.faults.add({ method: 'POST', path: '/2/tweets', fault: serverError });
    networks.linkedin.faults.add({ method: 'POST', path: '/rest/posts', fault: serverError });
    networks.facebook.faults.add({
      method: 'POST',
      path: /\/photos$/,
      fault: { kind: 'respond', status: 500, body: { error: { message: 'An unknown error occurred', code: 1 } } },
    });
    const { statuses, notifications } = await publish('server-error');

    expect(statuses).toEqual({ x: 'published', linkedin: 'published', facebook: 'failed' });
    expect(networks.x.posts).toHaveLength(3);
    expect(new Set(networks.x.posts.map((post) => post.text)).size).toBe(3);
    expect(networks.linkedin.posts).toHaveLength(1);
    // A photo caption is never refused as a duplicate: without a search, no resend; a person checks.
    expect(networks.facebook.posts).toHaveLength(0);
    const facebook = notifications.find((n) => n.kind === 'failed' && n.network === 'facebook');
    expect(facebook?.kind === 'failed' && facebook.errorClass).toBe('outcome-unknown');
  });

  it('a create made but whose answer was lost is refused when sent again: failed, held once', async () => {
    withoutSearches();
    networks.x.faults.add({ method: 'POST', path: '/2/tweets', fault: { kind: 'accept-then-drop' } });
    networks.linkedin.faults.add({ method: 'POST', path: '/rest/posts', fault: { kind: 'accept-then-drop' } });
    const { statuses, notifications } = await publish('lost-answer');

    expect(statuses.x).toBe('failed');
    expect(statuses.linkedin).toBe('failed');
    // The X thread's first part and the LinkedIn post were made once each, and never again.
    expect(networks.x.posts).toHaveLength(1);
    expect(networks.linkedin.posts).toHaveLength(1);
    for (const network of ['x', 'linkedin'] as const) {
      const failed = notifications.find((n) => n.kind === 'failed' && n.network === network);
      expect(failed?.kind === 'failed' && failed.errorClass).toBe('duplicate');
      expect(failed?.kind === 'failed' && failed.notPosted[0]?.reason).toContain('très probablement déjà en ligne');
    }
  });
});
