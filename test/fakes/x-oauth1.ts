import { createHmac, timingSafeEqual } from 'node:crypto';

/** RFC 3986 percent-encoding, as OAuth 1.0a requires (RFC 5849 §3.6). */
export function oauthPercentEncode(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`);
}

const REQUIRED = [
  'oauth_consumer_key',
  'oauth_token',
  'oauth_signature_method',
  'oauth_timestamp',
  'oauth_nonce',
  'oauth_version',
  'oauth_signature',
] as const;

export type OAuthParams = Record<(typeof REQUIRED)[number], string>;

/** Parses `OAuth k="v", ...`; returns a reason string when the header is missing or malformed. */
export function parseOAuthHeader(header: string | undefined): OAuthParams | string {
  if (!header) return 'missing Authorization header';
  const match = /^OAuth\s+(.*)$/s.exec(header.trim());
  if (!match) return 'Authorization is not OAuth';
  const params: Record<string, string> = {};
  for (const item of match[1]!.split(',')) {
    const pair = /^\s*([A-Za-z0-9_%.-]+)="([^"]*)"\s*$/.exec(item);
    if (!pair) return `malformed OAuth parameter: ${item.trim()}`;
    try {
      params[decodeURIComponent(pair[1]!)] = decodeURIComponent(pair[2]!);
    } catch {
      return `bad percent-encoding in ${pair[1]}`;
    }
  }
  for (const key of REQUIRED) if (!params[key]) return `missing ${key}`;
  if (params.oauth_signature_method !== 'HMAC-SHA1') return 'oauth_signature_method is not HMAC-SHA1';
  if (params.oauth_version !== '1.0') return 'oauth_version is not 1.0';
  if (!/^\d+$/.test(params.oauth_timestamp!)) return 'oauth_timestamp is not a number';
  return params as OAuthParams;
}

/**
 * The HMAC-SHA1 signature of RFC 5849 §3.4: base string over the method, the base URL (scheme,
 * host, path) and the sorted, encoded parameters (OAuth ones except the signature, query, and
 * form-encoded body; JSON and multipart bodies are not signed).
 */
export function oauthSignature(input: {
  method: string;
  baseUrl: string;
  params: Array<[string, string]>;
  consumerSecret: string;
  tokenSecret: string;
}): string {
  const encoded = input.params
    .map(([key, value]) => [oauthPercentEncode(key), oauthPercentEncode(value)] as const)
    .sort(([ak, av], [bk, bv]) => (ak === bk ? compare(av, bv) : compare(ak, bk)));
  const parameterString = encoded.map(([key, value]) => `${key}=${value}`).join('&');
  const base = [
    input.method.toUpperCase(),
    oauthPercentEncode(input.baseUrl),
    oauthPercentEncode(parameterString),
  ].join('&');
  const key = `${oauthPercentEncode(input.consumerSecret)}&${oauthPercentEncode(input.tokenSecret)}`;
  return createHmac('sha1', key).update(base).digest('base64');
}

export function signaturesEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
