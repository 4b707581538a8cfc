import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import twitterText from 'twitter-text';
import { FaultScript, withFault } from './fault-script.js';
import { deleteTweet, getTweet, type XDeletions } from './x-delete.js';
import { parseMultipart } from './x-multipart.js';
import { createXOAuthFlow, type XOAuthFlow } from './x-oauth-flow.js';
import { oauthSignature, parseOAuthHeader, signaturesEqual } from './x-oauth1.js';

/**
 * A local stand-in for api.x.com (API v2) that behaves like the contract in the platforms research:
 * the SDK keeps its real `https://api.x.com/...` URLs and only its socket comes here, so routing is
 * on the path and every OAuth 1.0a signature is verified over the production URL.
 */

export interface XServerCredentials {
  consumerKey: string;
  consumerSecret: string;
  accessToken: string;
  accessSecret: string;
}

export interface XServerUser {
  id: string;
  username: string;
  name: string;
}

export type XRoute =
  | 'GET /2/users/me'
  | 'GET /2/users/:id/tweets'
  | 'POST /2/tweets'
  | 'POST /2/media/upload/initialize'
  | 'POST /2/media/upload/:id/append'
  | 'POST /2/media/upload/:id/finalize'
  | 'GET /2/media/upload'
  | 'POST /2/media/metadata'
  | 'DELETE /2/tweets/:id'
  | 'GET /2/tweets/:id';

export interface XServerOptions {
  credentials?: Partial<XServerCredentials>;
  user?: XServerUser;
  /** Server clock in epoch milliseconds (rate-limit windows, created_at, OAuth timestamp check). */
  now?: () => number;
  /** Requests per 15-minute window, per route. */
  rateLimits?: Partial<Record<XRoute, number>>;
  /** Posts per 24 hours for the user (`x-user-limit-24hour-*`). */
  postsPerDay?: number;
  /** Largest accepted distance between `oauth_timestamp` and the server clock. */
  timestampSkewSeconds?: number;
}

export interface StoredTweet {
  id: string;
  /** The text exactly as the client sent it. */
  text: string;
  /** The text as X returns it: URLs as t.co links, a t.co link for media, `&<>` HTML-escaped. */
  returnedText: string;
  authorId: string;
  createdAt: Date;
  mediaIds: string[];
  inReplyToId: string | undefined;
  conversationId: string;
}

export interface StoredMedia {
  id: string;
  mediaKey: string;
  mediaType: string;
  category: string;
  totalBytes: number;
  ownerId: string;
  segments: Map<number, Buffer>;
  state: 'initialized' | 'finalized';
  /** The assembled file, once finalized. */
  bytes: Buffer | undefined;
  altText: string | undefined;
  expiresAt: number;
}

export interface XServer {
  url: string;
  port: number;
  credentials: XServerCredentials;
  user: XServerUser;
  posts: StoredTweet[];
  /** Ids deleted, in order, one entry per successful delete. */
  deletions: XDeletions;
  /** Ids of posts by another account: deleting one is refused (403). */
  foreign: Set<string>;
  media: Map<string, StoredMedia>;
  faults: FaultScript;
  /** Requests refused with 401, and why. */
  authFailures: Array<{ method: string; path: string; reason: string }>;
  /** Every request received, in order. */
  requests: Array<{ method: string; path: string }>;
  /** The OAuth 1.0a three-legged flow (request_token, authorize, access_token). */
  oauth: XOAuthFlow;
  close(): Promise<void>;
}

export const X_TEST_CREDENTIALS: XServerCredentials = {
  consumerKey: 'xvz1evFS4wEEPTGEFPHBog',
  consumerSecret: 'kAcSOqF21Fu85e7zjz7ZN2U4ZRhfV3WpwPAoE3Z7kBw',
  accessToken: '370773112-GmHxMAgYyLbNEtIKZeRNFsMKPR9EyMZeS9weJAEb',
  accessSecret: 'LswwdoUaIvS8ltyTt5jkRh4J50vUPVVHtR2YPi5kE',
};

const DEFAULT_USER: XServerUser = { id: '1519480761749016577', username: 'crieur_test', name: 'Crieur (essai)' };

const DEFAULT_RATE_LIMITS: Record<XRoute, number> = {
  'GET /2/users/me': 75,
  'GET /2/users/:id/tweets': 900,
  'POST /2/tweets': 100,
  'POST /2/media/upload/initialize': 500,
  'POST /2/media/upload/:id/append': 500,
  'POST /2/media/upload/:id/finalize': 500,
  'GET /2/media/upload': 500,
  'POST /2/media/metadata': 500,
  'DELETE /2/tweets/:id': 50,
  'GET /2/tweets/:id': 900,
};

const WINDOW_MS = 15 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;
const TWITTER_EPOCH = 1288834974657n;
const MAX_BODY_BYTES = 8 * 1024 * 1024;
const MEDIA_EXPIRES_SECS = 86_400;
const IMAGE_MAX_BYTES = 5 * 1024 * 1024;
const GIF_MAX_BYTES = 15 * 1024 * 1024;
const ALT_TEXT_MAX = 1000;
const TWEET_BODY_FIELDS = new Set([
  'text',
  'media',
  'reply',
  'quote_tweet_id',
  'poll',
  'reply_settings',
  'for_super_followers_only',
  'direct_message_deep_link',
  'geo',
  'nullcast',
  'community_id',
  'card_uri',
  'made_with_ai',
  'paid_partnership',
  'share_with_followers',
]);
const TIMELINE_QUERY = new Set([
  'start_time',
  'end_time',
  'since_id',
  'until_id',
  'max_results',
  'pagination_token',
  'exclude',
  'tweet.fields',
  'expansions',
  'media.fields',
  'user.fields',
  'poll.fields',
  'place.fields',
]);
const TWEET_FIELDS = new Set([
  'attachments',
  'author_id',
  'conversation_id',
  'created_at',
  'edit_history_tweet_ids',
  'entities',
  'id',
  'in_reply_to_user_id',
  'lang',
  'public_metrics',
  'referenced_tweets',
  'text',
]);
const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,3})?Z$/;
const SNOWFLAKE = /^\d{1,19}$/;

interface Reply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

class ProblemError extends Error {
  constructor(readonly reply: Reply) {
    super(`problem ${reply.status}`);
  }
}

export async function startXServer(options: XServerOptions = {}): Promise<XServer> {
  const credentials: XServerCredentials = { ...X_TEST_CREDENTIALS, ...options.credentials };
  const user = options.user ?? DEFAULT_USER;
  const now = options.now ?? (() => Date.now());
  const rateLimits = { ...DEFAULT_RATE_LIMITS, ...options.rateLimits };
  const postsPerDay = options.postsPerDay ?? 100;
  const skew = options.timestampSkewSeconds ?? 300;
  const posts: StoredTweet[] = [];
  const deletions: XDeletions = [];
  const foreign = new Set<string>();
  const media = new Map<string, StoredMedia>();
  const faults = new FaultScript();
  const authFailures: XServer['authFailures'] = [];
  const requests: XServer['requests'] = [];
  const windows = new Map<XRoute, { count: number; resetAt: number }>();
  const dayWindow = { count: 0, resetAt: 0 };
  const seenNonces = new Set<string>();
  let sequence = 0n;
  const oauth = createXOAuthFlow(credentials, user);

  function nextId(): string {
    sequence += 1n;
    return (((BigInt(now()) - TWITTER_EPOCH) << 22n) | (sequence & 0x3fffffn)).toString();
  }

  function tco(): string {
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
    let slug = '';
    for (let i = 0; i < 10; i++) slug += alphabet[Math.floor(Math.random() * alphabet.length)];
    return `https://t.co/${slug}`;
  }

  /** Rate-limit state after counting this request; `limited` when it must be refused. */
  function countRequest(route: XRoute): { headers: Record<string, string>; limited: boolean } {
    const at = now();
    let window = windows.get(route);
    if (!window || at >= window.resetAt) {
      window = { count: 0, resetAt: at + WINDOW_MS };
      windows.set(route, window);
    }
    const limit = rateLimits[route];
    const limited = window.count >= limit;
    if (!limited) window.count += 1;
    const headers: Record<string, string> = {
      'x-rate-limit-limit': String(limit),
      'x-rate-limit-remaining': String(Math.max(0, limit - window.count)),
      'x-rate-limit-reset': String(Math.ceil(window.resetAt / 1000)),
    };
    return { headers, limited };
  }

  function dayHeaders(): Record<string, string> {
    if (now() >= dayWindow.resetAt) {
      dayWindow.count = 0;
      dayWindow.resetAt = now() + DAY_MS;
    }
    return {
      'x-user-limit-24hour-limit': String(postsPerDay),
      'x-user-limit-24hour-remaining': String(Math.max(0, postsPerDay - dayWindow.count)),
      'x-user-limit-24hour-reset': String(Math.ceil(dayWindow.resetAt / 1000)),
    };
  }

  function authenticate(req: IncomingMessage, url: URL, body: Buffer): string | undefined {
    const parsed = parseOAuthHeader(req.headers.authorization);
    if (typeof parsed === 'string') return parsed;
    if (parsed.oauth_consumer_key !== credentials.consumerKey) return 'unknown consumer key';
    if (parsed.oauth_token !== credentials.accessToken) return 'unknown or revoked token';
    if (Math.abs(Number(parsed.oauth_timestamp) - now() / 1000) > skew) return 'timestamp out of bounds';
    const params: Array<[string, string]> = [];
    for (const [key, value] of Object.entries(parsed)) if (key !== 'oauth_signature') params.push([key, value]);
    for (const [key, value] of url.searchParams) params.push([key, value]);
    if (/^application\/x-www-form-urlencoded/i.test(req.headers['content-type'] ?? '')) {
      for (const [key, value] of new URLSearchParams(body.toString('utf8'))) params.push([key, value]);
    }
    const expected = oauthSignature({
      method: req.method ?? 'GET',
      baseUrl: `https://${signedHost(req.headers.host)}${url.pathname}`,
      params,
      consumerSecret: credentials.consumerSecret,
      tokenSecret: credentials.accessSecret,
    });
    if (!signaturesEqual(expected, parsed.oauth_signature)) return 'signature mismatch';
    const nonce = `${parsed.oauth_nonce}:${parsed.oauth_timestamp}`;
    if (seenNonces.has(nonce)) return 'nonce already used';
    seenNonces.add(nonce);
    return undefined;
  }

  function tweetJson(tweet: StoredTweet, fields: Set<string>): Record<string, unknown> {
    const json: Record<string, unknown> = {
      id: tweet.id,
      text: tweet.returnedText,
      edit_history_tweet_ids: [tweet.id],
    };
    if (fields.has('created_at')) json.created_at = tweet.createdAt.toISOString();
    if (fields.has('author_id')) json.author_id = tweet.authorId;
    if (fields.has('conversation_id')) json.conversation_id = tweet.conversationId;
    if (fields.has('attachments') && tweet.mediaIds.length > 0) {
      json.attachments = { media_keys: tweet.mediaIds.map((id) => media.get(id)?.mediaKey ?? `3_${id}`) };
    }
    if (fields.has('referenced_tweets') && tweet.inReplyToId) {
      json.referenced_tweets = [{ type: 'replied_to', id: tweet.inReplyToId }];
    }
    if (fields.has('in_reply_to_user_id') && tweet.inReplyToId) json.in_reply_to_user_id = tweet.authorId;
    return json;
  }

  // --- Routes -----------------------------------------------------------------------------------

  function getMe(): Reply {
    return { status: 200, body: { data: { id: user.id, name: user.name, username: user.username } } };
  }

  function getTimeline(userId: string, url: URL): Reply {
    const query = url.searchParams;
    const errors: string[] = [];
    for (const key of query.keys()) {
      if (!TIMELINE_QUERY.has(key)) errors.push(`The query parameter [${key}] is not one of [${[...TIMELINE_QUERY]}]`);
    }
    const maxResults = query.has('max_results') ? Number(query.get('max_results')) : 10;
    if (!Number.isInteger(maxResults) || maxResults < 5 || maxResults > 100) {
      errors.push(`The \`max_results\` query parameter value [${query.get('max_results')}] is not between 5 and 100`);
    }
    const bounds: Record<'start_time' | 'end_time', number | undefined> = {
      start_time: undefined,
      end_time: undefined,
    };
    for (const key of ['start_time', 'end_time'] as const) {
      const value = query.get(key);
      if (value === null) continue;
      if (!RFC3339.test(value) || Number.isNaN(Date.parse(value))) {
        errors.push(`Invalid '${key}':'${value}'. '${key}' must be a valid RFC 3339 date-time, YYYY-MM-DDTHH:mm:ssZ.`);
      } else bounds[key] = Date.parse(value);
    }
    const fields = new Set((query.get('tweet.fields') ?? '').split(',').filter(Boolean));
    for (const field of fields) {
      if (!TWEET_FIELDS.has(field)) errors.push(`The \`tweet.fields\` query parameter value [${field}] is not one of`);
    }
    const exclude = new Set((query.get('exclude') ?? '').split(',').filter(Boolean));
    for (const value of exclude) {
      if (value !== 'retweets' && value !== 'replies') errors.push(`The \`exclude\` value [${value}] is not allowed`);
    }
    let offset = 0;
    const token = query.get('pagination_token');
    if (token !== null) {
      offset = Number(Buffer.from(token, 'base64url').toString('utf8'));
      if (!Number.isInteger(offset) || offset < 0) errors.push(`The pagination token [${token}] is invalid`);
    }
    if (errors.length > 0) return invalidRequest(errors);
    if (userId !== user.id) {
      return {
        status: 200,
        body: {
          errors: [
            {
              value: userId,
              detail: `Could not find user with id: [${userId}].`,
              title: 'Not Found Error',
              resource_type: 'user',
              parameter: 'id',
              resource_id: userId,
              type: 'https://api.twitter.com/2/problems/resource-not-found',
            },
          ],
        },
      };
    }
    const matching = posts
      .filter((tweet) => tweet.authorId === userId)
      .filter((tweet) => bounds.start_time === undefined || tweet.createdAt.getTime() >= bounds.start_time)
      .filter((tweet) => bounds.end_time === undefined || tweet.createdAt.getTime() < bounds.end_time)
      .filter((tweet) => !(exclude.has('replies') && tweet.inReplyToId))
      .sort((a, b) => (BigInt(b.id) > BigInt(a.id) ? 1 : -1));
    const page = matching.slice(offset, offset + maxResults);
    if (page.length === 0) return { status: 200, body: { meta: { result_count: 0 } } };
    const hasMore = offset + maxResults < matching.length;
    return {
      status: 200,
      body: {
        data: page.map((tweet) => tweetJson(tweet, fields)),
        meta: {
          result_count: page.length,
          newest_id: page[0]!.id,
          oldest_id: page[page.length - 1]!.id,
          ...(hasMore ? { next_token: Buffer.from(String(offset + maxResults)).toString('base64url') } : {}),
        },
      },
    };
  }

  function postTweet(body: unknown, dayLimit: Record<string, string>): Reply {
    const json = requireObject(body);
    const unknown = Object.keys(json).filter((key) => !TWEET_BODY_FIELDS.has(key));
    if (unknown.length > 0) return invalidRequest(unknown.map((key) => `The \`${key}\` field is not allowed`));
    const text = json.text;
    if (text !== undefined && typeof text !== 'string') return invalidRequest(['`text` must be a string']);
    const mediaIds = parseMediaIds(json.media);
    if (typeof mediaIds === 'string') return invalidRequest([mediaIds]);
    const replyId = parseReply(json.reply);
    if (replyId instanceof Error) return invalidRequest([replyId.message]);
    if ((text === undefined || text === '') && mediaIds.length === 0) {
      return invalidRequest(['Post text or media is required']);
    }
    if (Number(dayLimit['x-user-limit-24hour-remaining']) === 0) {
      return { status: 429, body: tooManyRequests(), headers: dayLimit };
    }
    const nfc = (text ?? '').normalize('NFC');
    if (nfc !== '' && !twitterText.parseTweet(nfc).valid) {
      const { weightedLength } = twitterText.parseTweet(nfc);
      return forbidden(
        weightedLength > 280
          ? 'Your Tweet text is too long. For more information on how X determines text length, see https://github.com/twitter/twitter-text.'
          : 'Your Tweet text is not valid.',
      );
    }
    for (const id of mediaIds) {
      const item = media.get(id);
      if (!item || item.ownerId !== user.id || item.state !== 'finalized' || item.expiresAt <= now()) {
        return invalidRequest(['Your media IDs are invalid.'], { 'media.media_ids': mediaIds });
      }
    }
    let conversationId: string | undefined;
    if (replyId !== undefined) {
      const parent = posts.find((tweet) => tweet.id === replyId);
      if (!parent) return forbidden('You attempted to reply to a Tweet that is deleted or not visible to you.');
      conversationId = parent.conversationId;
    }
    const since = now() - DAY_MS;
    const duplicate = posts.some(
      (tweet) =>
        tweet.authorId === user.id &&
        tweet.createdAt.getTime() >= since &&
        nfc !== '' &&
        tweet.text.normalize('NFC').trim() === nfc.trim(),
    );
    if (duplicate) return forbidden('You are not allowed to create a Tweet with duplicate content.');
    const id = nextId();
    const returnedText = `${htmlEscape(rewriteUrls(nfc, tco))}${mediaIds.length > 0 ? `${nfc === '' ? '' : ' '}${tco()}` : ''}`;
    posts.push({
      id,
      text: text ?? '',
      returnedText,
      authorId: user.id,
      createdAt: new Date(now()),
      mediaIds,
      inReplyToId: replyId,
      conversationId: conversationId ?? id,
    });
    dayWindow.count += 1;
    return { status: 201, body: { data: { id, text: returnedText, edit_history_tweet_ids: [id] } } };
  }

  function initializeUpload(body: unknown): Reply {
    const json = requireObject(body);
    const mediaType = json.media_type;
    const totalBytes = json.total_bytes;
    const category = json.media_category ?? 'tweet_image';
    const allowed = ['image/png', 'image/jpeg', 'image/gif', 'image/webp', 'image/bmp', 'image/pjpeg', 'video/mp4'];
    if (typeof mediaType !== 'string' || !allowed.includes(mediaType)) {
      return invalidRequest([`media_type [${String(mediaType)}] is not one of [${allowed}]`]);
    }
    if (typeof totalBytes !== 'number' || !Number.isInteger(totalBytes) || totalBytes <= 0) {
      return invalidRequest(['total_bytes must be a positive integer']);
    }
    if (typeof category !== 'string' || !['tweet_image', 'tweet_gif', 'tweet_video'].includes(category)) {
      return invalidRequest([`media_category [${String(category)}] is not allowed`]);
    }
    const max = category === 'tweet_image' ? IMAGE_MAX_BYTES : GIF_MAX_BYTES;
    if (totalBytes > max) return invalidRequest([`File size exceeds ${max} bytes.`]);
    const id = nextId();
    const item: StoredMedia = {
      id,
      mediaKey: `3_${id}`,
      mediaType,
      category,
      totalBytes,
      ownerId: user.id,
      segments: new Map(),
      state: 'initialized',
      bytes: undefined,
      altText: undefined,
      expiresAt: now() + MEDIA_EXPIRES_SECS * 1000,
    };
    media.set(id, item);
    return { status: 200, body: { data: { id, media_key: item.mediaKey, expires_after_secs: MEDIA_EXPIRES_SECS } } };
  }

  function appendUpload(id: string, body: Buffer, contentType: string | undefined): Reply {
    const item = media.get(id);
    if (!item || item.ownerId !== user.id) return invalidRequest([`Media id ${id} not found.`]);
    if (item.state !== 'initialized') return invalidRequest([`Media id ${id} is already finalized.`]);
    const parts = parseMultipart(body, contentType);
    if (typeof parts === 'string') return invalidRequest([`Invalid multipart body: ${parts}`]);
    const segmentPart = parts.find((part) => part.name === 'segment_index');
    const mediaPart = parts.find((part) => part.name === 'media');
    const segment = segmentPart ? Number(segmentPart.data.toString('utf8')) : Number.NaN;
    if (!Number.isInteger(segment) || segment < 0 || segment > 999) {
      return invalidRequest(['segment_index must be an integer between 0 and 999']);
    }
    if (!mediaPart || mediaPart.data.length === 0) return invalidRequest(['media is required']);
    item.segments.set(segment, Buffer.from(mediaPart.data));
    return { status: 200, body: { data: { expires_at: Math.floor(item.expiresAt / 1000) } } };
  }

  function finalizeUpload(id: string): Reply {
    const item = media.get(id);
    if (!item || item.ownerId !== user.id) return invalidRequest([`Media id ${id} not found.`]);
    if (item.state === 'finalized') return invalidRequest([`Media id ${id} is already finalized.`]);
    const indices = [...item.segments.keys()].sort((a, b) => a - b);
    if (indices.length === 0 || indices.some((index, position) => index !== position)) {
      return invalidRequest(['Segments are missing: append every segment_index from 0 before finalizing.']);
    }
    const bytes = Buffer.concat(indices.map((index) => item.segments.get(index)!));
    if (bytes.length !== item.totalBytes) {
      return invalidRequest([
        `File size mismatch: received ${bytes.length} bytes, total_bytes was ${item.totalBytes}.`,
      ]);
    }
    if (!matchesMagic(item.mediaType, bytes)) return invalidRequest(['InvalidContent: media is not a valid image.']);
    item.bytes = bytes;
    item.state = 'finalized';
    return {
      status: 200,
      body: {
        data: {
          id,
          media_key: item.mediaKey,
          size: bytes.length,
          expires_after_secs: Math.max(0, Math.floor((item.expiresAt - now()) / 1000)),
        },
      },
    };
  }

  function uploadStatus(url: URL): Reply {
    if (url.searchParams.get('command') !== 'STATUS') return invalidRequest(['command must be STATUS']);
    const item = media.get(url.searchParams.get('media_id') ?? '');
    if (!item) return invalidRequest(['media_id not found']);
    return {
      status: 200,
      body: {
        data: {
          id: item.id,
          media_key: item.mediaKey,
          processing_info: { state: item.state === 'finalized' ? 'succeeded' : 'pending', progress_percent: 100 },
        },
      },
    };
  }

  function createMetadata(body: unknown): Reply {
    const json = requireObject(body);
    const id = json.id;
    const metadata = json.metadata;
    if (typeof id !== 'string' || !SNOWFLAKE.test(id)) return invalidRequest(['`id` must be a media id string']);
    const altText = isObject(metadata) && isObject(metadata.alt_text) ? metadata.alt_text.text : undefined;
    if (typeof altText !== 'string') return invalidRequest(['`metadata.alt_text.text` is required']);
    if ([...altText].length > ALT_TEXT_MAX) {
      return invalidRequest([`alt_text.text must be at most ${ALT_TEXT_MAX} characters`]);
    }
    const item = media.get(id);
    if (!item || item.ownerId !== user.id || item.state !== 'finalized') {
      return invalidRequest([`Media id ${id} not found.`]);
    }
    item.altText = altText;
    return { status: 200, body: { data: { id, associated_metadata: { alt_text: { text: altText } } } } };
  }

  // --- Dispatch ---------------------------------------------------------------------------------

  function route(method: string, path: string): { route: XRoute; id?: string } | undefined {
    if (method === 'GET' && path === '/2/users/me') return { route: 'GET /2/users/me' };
    if (method === 'POST' && path === '/2/tweets') return { route: 'POST /2/tweets' };
    if (method === 'POST' && path === '/2/media/upload/initialize') return { route: 'POST /2/media/upload/initialize' };
    if (method === 'GET' && path === '/2/media/upload') return { route: 'GET /2/media/upload' };
    if (method === 'POST' && path === '/2/media/metadata') return { route: 'POST /2/media/metadata' };
    const one = /^\/2\/tweets\/([^/]+)$/.exec(path);
    if (method === 'DELETE' && one) return { route: 'DELETE /2/tweets/:id', id: decodeURIComponent(one[1]!) };
    if (method === 'GET' && one) return { route: 'GET /2/tweets/:id', id: decodeURIComponent(one[1]!) };
    const timeline = /^\/2\/users\/([^/]+)\/tweets$/.exec(path);
    if (method === 'GET' && timeline) return { route: 'GET /2/users/:id/tweets', id: decodeURIComponent(timeline[1]!) };
    const upload = /^\/2\/media\/upload\/([^/]+)\/(append|finalize)$/.exec(path);
    if (method === 'POST' && upload) {
      const kind = upload[2] === 'append' ? 'POST /2/media/upload/:id/append' : 'POST /2/media/upload/:id/finalize';
      return { route: kind, id: decodeURIComponent(upload[1]!) };
    }
    return undefined;
  }

  async function serve(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const method = req.method ?? 'GET';
    const body = await readBody(req);
    if (body === undefined)
      return send(res, { status: 413, body: problem(413, 'Payload Too Large', 'Payload Too Large') });
    if (url.pathname.startsWith('/oauth/') && oauth.handle(req, res, url, body)) return;
    const matched = route(method, url.pathname);
    if (!matched) {
      return send(res, { status: 404, body: { errors: [{ message: 'Sorry, that page does not exist', code: 34 }] } });
    }
    const authFailure = authenticate(req, url, body);
    if (authFailure) {
      authFailures.push({ method, path: url.pathname, reason: authFailure });
      return send(res, { status: 401, body: problem(401, 'Unauthorized', 'Unauthorized') });
    }
    const rate = countRequest(matched.route);
    const extra = matched.route === 'POST /2/tweets' ? dayHeaders() : {};
    if (rate.limited)
      return send(res, { status: 429, body: tooManyRequests(), headers: { ...rate.headers, ...extra } });
    let reply: Reply;
    try {
      reply = dispatch(matched, req, url, body, extra);
    } catch (error) {
      if (!(error instanceof ProblemError)) throw error;
      reply = error.reply;
    }
    send(res, { ...reply, headers: { ...rate.headers, ...extra, ...reply.headers } });
  }

  function dispatch(
    matched: { route: XRoute; id?: string },
    req: IncomingMessage,
    url: URL,
    body: Buffer,
    dayLimit: Record<string, string>,
  ): Reply {
    switch (matched.route) {
      case 'GET /2/users/me':
        return getMe();
      case 'GET /2/users/:id/tweets':
        return getTimeline(matched.id!, url);
      case 'POST /2/tweets':
        return postTweet(readJson(req, body), dayLimit);
      case 'POST /2/media/upload/initialize':
        return initializeUpload(readJson(req, body));
      case 'POST /2/media/upload/:id/append':
        return appendUpload(matched.id!, body, req.headers['content-type']);
      case 'POST /2/media/upload/:id/finalize':
        return finalizeUpload(matched.id!);
      case 'GET /2/media/upload':
        return uploadStatus(url);
      case 'POST /2/media/metadata':
        return createMetadata(readJson(req, body));
      case 'DELETE /2/tweets/:id':
        return deleteTweet(posts, deletions, user.id, matched.id!, foreign);
      case 'GET /2/tweets/:id':
        return getTweet(posts, matched.id!);
    }
  }

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'https://api.x.com');
    const method = req.method ?? 'GET';
    requests.push({ method, path: url.pathname });
    const fault = faults.next(method, url.pathname);
    withFault(fault, req, res, (out) => serve(req, out, url)).catch(() => {
      if (!res.headersSent) send(res, { status: 500, body: problem(500, 'Internal Server Error', 'Internal Error') });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;

  return {
    url: `http://127.0.0.1:${port}`,
    port,
    credentials,
    user,
    posts,
    deletions,
    foreign,
    media,
    faults,
    oauth,
    authFailures,
    requests,
    close: () =>
      new Promise<void>((resolve, reject) => {
        if (!server.listening) return resolve();
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

// --- Helpers --------------------------------------------------------------------------------------

/** The host the client signed for: the Host header, or api.x.com when a URL-rewriting client sent a loopback one. */
function signedHost(host: string | undefined): string {
  const name = (host ?? '').replace(/:\d+$/, '').toLowerCase();
  if (name === '' || name === '127.0.0.1' || name === 'localhost' || name === '[::1]') return 'api.x.com';
  return name;
}

function send(res: ServerResponse, reply: Reply): void {
  const isError = reply.status >= 400;
  const payload = reply.body === undefined ? '' : JSON.stringify(reply.body);
  res.writeHead(reply.status, {
    'content-type': isError ? 'application/problem+json' : 'application/json; charset=utf-8',
    'content-length': String(Buffer.byteLength(payload)),
    ...reply.headers,
  });
  res.end(payload);
}

async function readBody(req: IncomingMessage): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) return undefined;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

function readJson(req: IncomingMessage, body: Buffer): unknown {
  if (!/^application\/json/i.test(req.headers['content-type'] ?? '')) {
    throw new ProblemError(invalidRequest(['Content-Type must be application/json']));
  }
  try {
    return JSON.parse(body.toString('utf8'));
  } catch {
    throw new ProblemError(invalidRequest(['Request body is not valid JSON']));
  }
}

function requireObject(value: unknown): Record<string, unknown> {
  if (!isObject(value)) throw new ProblemError(invalidRequest(['Request body must be a JSON object']));
  return value;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function parseMediaIds(value: unknown): string[] | string {
  if (value === undefined) return [];
  if (!isObject(value)) return '`media` must be an object';
  const ids = value.media_ids;
  if (!Array.isArray(ids) || ids.length < 1 || ids.length > 4) return '`media.media_ids` must hold 1 to 4 ids';
  if (!ids.every((id) => typeof id === 'string' && SNOWFLAKE.test(id))) {
    return '`media.media_ids` must be numeric strings';
  }
  return ids as string[];
}

function parseReply(value: unknown): string | undefined | Error {
  if (value === undefined) return undefined;
  if (!isObject(value)) return new Error('`reply` must be an object');
  const id = value.in_reply_to_tweet_id;
  if (typeof id !== 'string' || !SNOWFLAKE.test(id)) return new Error('`reply.in_reply_to_tweet_id` must be a post id');
  return id;
}

function rewriteUrls(text: string, link: () => string): string {
  let result = '';
  let cursor = 0;
  for (const { indices } of twitterText.extractUrlsWithIndices(text)) {
    result += text.slice(cursor, indices[0]) + link();
    cursor = indices[1];
  }
  return result + text.slice(cursor);
}

function htmlEscape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function matchesMagic(mediaType: string, bytes: Buffer): boolean {
  const starts = (...magic: number[]) => magic.every((byte, index) => bytes[index] === byte);
  switch (mediaType) {
    case 'image/png':
      return starts(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a);
    case 'image/jpeg':
    case 'image/pjpeg':
      return starts(0xff, 0xd8, 0xff);
    case 'image/gif':
      return starts(0x47, 0x49, 0x46, 0x38);
    case 'image/webp':
      return starts(0x52, 0x49, 0x46, 0x46) && bytes.subarray(8, 12).toString('latin1') === 'WEBP';
    case 'image/bmp':
      return starts(0x42, 0x4d);
    default:
      return bytes.length > 0;
  }
}

function problem(status: number, title: string, detail: string): Record<string, unknown> {
  return { title, type: 'about:blank', status, detail };
}

function tooManyRequests(): Record<string, unknown> {
  return { title: 'Too Many Requests', detail: 'Too Many Requests', type: 'about:blank', status: 429 };
}

function forbidden(detail: string): Reply {
  return { status: 403, body: { detail, type: 'about:blank', title: 'Forbidden', status: 403 } };
}

function invalidRequest(messages: string[], parameters?: Record<string, unknown>): Reply {
  return {
    status: 400,
    body: {
      errors: messages.map((message) => ({ ...(parameters ? { parameters } : {}), message })),
      title: 'Invalid Request',
      detail: 'One or more parameters to your request was invalid.',
      type: 'https://api.twitter.com/2/problems/invalid-request',
    },
  };
}
