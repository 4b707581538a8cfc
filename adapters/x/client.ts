import { TwitterApi } from 'twitter-api-v2';
import { LoopbackAgent } from './loopback-agent.js';

export interface XCredentials {
  /** X_API_KEY (consumer key). */
  appKey: string;
  /** X_API_SECRET (consumer secret). */
  appSecret: string;
  /** X_ACCESS_TOKEN (OAuth 1.0a user token). */
  accessToken: string;
  /** X_ACCESS_SECRET. */
  accessSecret: string;
}

export interface XClientOptions {
  credentials: XCredentials;
  /** X_API_URL: origin of another server (e.g. a local test server); absent means the real api.x.com. */
  apiUrl?: string;
  /** Socket idle timeout per request, in milliseconds. */
  timeoutMs: number;
}

/**
 * The SDK client with OAuth 1.0a user context. Requests keep their real `https://api.x.com/...`
 * URLs, so they are signed exactly as in production; only the socket is redirected when `apiUrl`
 * is set (`setPrefix` would miss the absolute URLs some calls use).
 */
export function createXClient(options: XClientOptions): TwitterApi {
  const { appKey, appSecret, accessToken, accessSecret } = options.credentials;
  const timeout = options.timeoutMs;
  return new TwitterApi(
    { appKey, appSecret, accessToken, accessSecret },
    {
      ...(options.apiUrl ? { httpAgent: new LoopbackAgent(options.apiUrl), compression: 'identity' as const } : {}),
      plugins: [
        {
          // The SDK only arms its timeout when the request options carry one, and its write
          // helpers (tweet, uploadMedia, ...) take no per-call options.
          onBeforeRequest({ requestOptions }) {
            requestOptions.timeout = timeout;
          },
        },
      ],
    },
  );
}
