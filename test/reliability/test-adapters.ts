import { join } from 'node:path';
import {
  createBlueskyAdapter,
  fileSessionStore,
  memorySessionStore,
  type SessionStore,
} from '../../adapters/bluesky/index.js';
import { createFacebookAdapter } from '../../adapters/facebook/index.js';
import { createLinkedInAdapter } from '../../adapters/linkedin/index.js';
import { createXAdapter } from '../../adapters/x/index.js';
import type { LoadedConfig } from '../../src/config/load.js';
import type { NetworkId } from '../../src/networks/index.js';
import type { NetworkAdapter } from '../../src/publish/port.js';
import { redirectingFetch } from '../fakes/fault-proxy.js';
import type { PdsAccount } from '../fakes/pds.js';
import { X_TEST_CREDENTIALS } from '../fakes/x-server.js';
import type { Bluesky, FakeNetworks } from './world.js';

export interface TestAdapterOptions {
  timeoutMs: number;
  linkedInRateLimitDelayMs?: number;
}

/** Where each test server is and how to sign in to it. */
export interface TestEndpoints {
  x: { url: string; appKey: string; appSecret: string; accessToken: string; accessSecret: string };
  bluesky: { service: string; handle: string; appPassword: string; sessionStore: SessionStore; fetch?: typeof fetch };
  linkedin: { url: string; token: string; organization: string };
  facebook: { url: string; pageId: string; token: string };
}

/**
 * The real adapters pointed at the test servers, with a short per-request timeout (a hung server
 * costs `timeoutMs`, not the production 30–60 s) and LinkedIn's 429 wait shortened the same way.
 */
export function testAdapters(
  networks: FakeNetworks,
  bluesky: Bluesky,
  account: PdsAccount,
  options: TestAdapterOptions,
): Map<NetworkId, NetworkAdapter> {
  return adaptersFor(
    {
      x: {
        url: networks.x.url,
        appKey: X_TEST_CREDENTIALS.consumerKey,
        appSecret: X_TEST_CREDENTIALS.consumerSecret,
        accessToken: X_TEST_CREDENTIALS.accessToken,
        accessSecret: X_TEST_CREDENTIALS.accessSecret,
      },
      bluesky: {
        service: bluesky.proxy.url,
        handle: account.handle,
        appPassword: account.appPassword,
        sessionStore: memorySessionStore(),
        fetch: redirectingFetch(bluesky.pds.origins, bluesky.proxy.url),
      },
      linkedin: {
        url: networks.linkedin.url,
        token: networks.linkedin.token,
        organization: networks.linkedin.organizationId,
      },
      facebook: { url: networks.facebook.url, pageId: networks.facebook.pageId, token: networks.facebook.token },
    },
    options,
  );
}

/**
 * The same adapters built from a publisher process's configuration (the test servers' addresses and
 * credentials in its environment), the Bluesky session kept in the data directory as in production.
 */
export function envTestAdapters(loaded: LoadedConfig, options: TestAdapterOptions): Map<NetworkId, NetworkAdapter> {
  const { env } = loaded;
  const need = (key: keyof typeof env): string => {
    const value = env[key];
    if (value === undefined) throw new Error(`${key} is not set`);
    return value;
  };
  const handle = need('BLUESKY_HANDLE');
  return adaptersFor(
    {
      x: {
        url: need('X_API_URL'),
        appKey: need('X_API_KEY'),
        appSecret: need('X_API_SECRET'),
        accessToken: need('X_ACCESS_TOKEN'),
        accessSecret: need('X_ACCESS_SECRET'),
      },
      bluesky: {
        service: need('BLUESKY_SERVICE'),
        handle,
        appPassword: need('BLUESKY_APP_PASSWORD'),
        // One file per account: a data directory may outlive the test account it first published to.
        sessionStore: fileSessionStore(join(loaded.dataDir, 'sessions', `bluesky-${handle}.json`)),
      },
      linkedin: {
        url: need('LINKEDIN_API_URL'),
        token: need('LINKEDIN_ACCESS_TOKEN'),
        organization: need('LINKEDIN_ORGANIZATION'),
      },
      facebook: {
        url: need('FACEBOOK_GRAPH_URL'),
        pageId: need('FACEBOOK_PAGE_ID'),
        token: need('FACEBOOK_PAGE_TOKEN'),
      },
    },
    options,
  );
}

function adaptersFor(endpoints: TestEndpoints, options: TestAdapterOptions): Map<NetworkId, NetworkAdapter> {
  const { timeoutMs } = options;
  const { x, bluesky, linkedin, facebook } = endpoints;
  return new Map<NetworkId, NetworkAdapter>([
    [
      'x',
      createXAdapter({
        credentials: {
          appKey: x.appKey,
          appSecret: x.appSecret,
          accessToken: x.accessToken,
          accessSecret: x.accessSecret,
        },
        apiUrl: x.url,
        timeoutMs,
      }),
    ],
    [
      'bluesky',
      createBlueskyAdapter({
        service: bluesky.service,
        handle: bluesky.handle,
        appPassword: bluesky.appPassword,
        sessionStore: bluesky.sessionStore,
        ...(bluesky.fetch ? { fetch: bluesky.fetch } : {}),
        timeoutMs,
      }),
    ],
    [
      'linkedin',
      createLinkedInAdapter({
        accessToken: linkedin.token,
        organization: linkedin.organization,
        apiUrl: linkedin.url,
        timeoutMs,
        imagePollIntervalMs: 10,
        rateLimitDelayMs: options.linkedInRateLimitDelayMs ?? 1000,
      }),
    ],
    [
      'facebook',
      createFacebookAdapter({
        pageId: facebook.pageId,
        pageToken: facebook.token,
        graphUrl: facebook.url,
        timeoutMs,
      }),
    ],
  ]);
}
