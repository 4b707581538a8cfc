import { createBlueskyAdapter, memorySessionStore } from '../../adapters/bluesky/index.js';
import { createFacebookAdapter } from '../../adapters/facebook/index.js';
import { createLinkedInAdapter } from '../../adapters/linkedin/index.js';
import type { NetworkAdapter } from '../../adapters/types.js';
import { createXAdapter } from '../../adapters/x/index.js';
import type { NetworkId } from '../../src/networks.js';
import { redirectingFetch } from '../fakes/fault-proxy.js';
import type { PdsAccount } from '../fakes/pds.js';
import { X_TEST_CREDENTIALS } from '../fakes/x-server.js';
import type { Bluesky, FakeNetworks } from './world.js';

/**
 * The real adapters pointed at the test servers, with a short per-request timeout (a hung server
 * costs `timeoutMs`, not the production 30–60 s) and LinkedIn's 429 wait shortened the same way.
 */
export function testAdapters(
  networks: FakeNetworks,
  bluesky: Bluesky,
  account: PdsAccount,
  options: { timeoutMs: number; linkedInRateLimitDelayMs?: number },
): Map<NetworkId, NetworkAdapter> {
  const { timeoutMs } = options;
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
      'bluesky',
      createBlueskyAdapter({
        service: bluesky.proxy.url,
        handle: account.handle,
        appPassword: account.appPassword,
        sessionStore: memorySessionStore(),
        fetch: redirectingFetch(bluesky.pds.origins, bluesky.proxy.url),
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
        rateLimitDelayMs: options.linkedInRateLimitDelayMs ?? 1000,
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
