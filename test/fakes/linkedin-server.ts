import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type Fault, FaultScript, withFault } from './fault-script.js';
import { createLinkedInOAuth, type LinkedInOAuth, type LinkedInOAuthOptions } from './linkedin-oauth.js';
import { type SocialState, type StoredLinkedInComment, serveSocial } from './linkedin-social.js';

/**
 * A local LinkedIn REST API (Posts, Images, Organizations) that validates like LinkedIn does
 * (see the platforms research notes): Bearer token, `LinkedIn-Version` in an active set,
 * `X-Restli-Protocol-Version: 2.0.0`, the post schema, 3000-character commentary, duplicate posts,
 * images uploaded before use, and the silent truncation of commentary at the first unescaped
 * little-text reserved character.
 */

export interface LinkedInServerOptions {
  /** Tokens the server accepts (default `['li-token-ok']`). */
  tokens?: string[];
  organizationId?: string;
  organizationName?: string;
  /** Active `LinkedIn-Version` values; others get 426 NONEXISTENT_VERSION. */
  acceptedVersions?: string[];
  now?: () => Date;
  oauth?: Omit<LinkedInOAuthOptions, 'now'>;
}

export interface StoredLinkedInImage {
  urn: string;
  owner: string;
  status: 'WAITING_UPLOAD' | 'AVAILABLE';
  uploadKey: string;
  bytes?: Buffer;
  format?: 'png' | 'jpeg' | 'gif';
}

export interface StoredLinkedInPost {
  id: string;
  author: string;
  /** The commentary as LinkedIn keeps it (cut at the first unescaped reserved character). */
  commentary: string;
  /** The commentary exactly as it was sent. */
  sentCommentary: string;
  media?: { id: string; altText?: string };
  createdAt: number;
  /** The request body as received. */
  body: Record<string, unknown>;
}

export interface LinkedInServer {
  url: string;
  token: string;
  organizationId: string;
  organizationUrn: string;
  posts: StoredLinkedInPost[];
  images: Map<string, StoredLinkedInImage>;
  /** Comments and deletions (see linkedin-social.ts). */
  comments: StoredLinkedInComment[];
  deletions: string[];
  /** Every request received (method, path, headers), in order. */
  requests: Array<{ method: string; path: string; headers: IncomingMessage['headers'] }>;
  faults: FaultScript;
  /** The OAuth endpoints (authorization, accessToken, organizationAcls). */
  oauth: LinkedInOAuth;
  close(): Promise<void>;
}

export const LINKEDIN_TEST_TOKEN = 'li-token-ok';
export const LINKEDIN_ACTIVE_VERSIONS = [
  '202511',
  '202512',
  '202601',
  '202602',
  '202603',
  '202604',
  '202605',
  '202606',
  '202607',
  '202608',
  '202609',
  '202610',
  '202611',
];

const COMMENTARY_MAX = 3000;
const RESERVED = new Set(['\\', '|', '{', '}', '@', '[', ']', '(', ')', '<', '>', '#', '*', '_', '~']);
const VISIBILITIES = new Set(['PUBLIC', 'CONNECTIONS', 'LOGGED_IN', 'CONTAINER']);
const LIFECYCLES = new Set(['PUBLISHED', 'DRAFT']);
const POST_FIELDS = new Set([
  'author',
  'commentary',
  'visibility',
  'distribution',
  'content',
  'lifecycleState',
  'isReshareDisabledByAuthor',
  'contentLandingPage',
  'contentCallToActionLabel',
  'reshareContext',
  'container',
]);

export async function startLinkedInServer(options: LinkedInServerOptions = {}): Promise<LinkedInServer> {
  const tokens = new Set(options.tokens ?? [LINKEDIN_TEST_TOKEN]);
  const orgId = options.organizationId ?? '5515715';
  const orgUrn = `urn:li:organization:${orgId}`;
  const orgName = options.organizationName ?? 'Santé Québec';
  const versions = new Set(options.acceptedVersions ?? LINKEDIN_ACTIVE_VERSIONS);
  const now = options.now ?? (() => new Date());
  const faults = new FaultScript();
  const posts: StoredLinkedInPost[] = [];
  const images = new Map<string, StoredLinkedInImage>();
  const requests: LinkedInServer['requests'] = [];
  let shareCounter = 7_000_000_000_000_000_000n;
  let commentCounter = 7_100_000_000_000_000_000n;
  const social: SocialState = {
    organizationUrn: orgUrn,
    posts,
    comments: [],
    deletions: [],
    deleted: new Set(),
    now: () => now().getTime(),
    nextId: () => {
      commentCounter += 1n;
      return commentCounter.toString();
    },
  };
  let baseUrl = '';
  const oauth = createLinkedInOAuth(tokens, { id: orgId, name: orgName }, { ...options.oauth, now });

  const server = createServer((req, res) => {
    void serve(req, res).catch((error: unknown) => {
      if (!res.headersSent) send(res, 500, { status: 500, message: String(error) });
      else res.destroy();
    });
  });

  async function serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await readBody(req);
    const url = new URL(req.url ?? '/', 'http://localhost');
    const method = req.method ?? 'GET';
    requests.push({ method, path: url.pathname, headers: req.headers });
    const fault: Fault | undefined = faults.next(method, url.pathname);
    await withFault(fault, req, res, async (out) => route(req, out, method, url, body));
  }

  async function route(req: IncomingMessage, res: ServerResponse, method: string, url: URL, body: Buffer) {
    if (url.pathname.startsWith('/oauth/') || authorized(req)) {
      if (oauth.handle(req, res, method, url, body)) return;
    }
    if (!authorized(req)) {
      return send(res, 401, { serviceErrorCode: 65600, message: 'Invalid access token', status: 401 });
    }
    if (method === 'PUT' && url.pathname.startsWith('/dms-uploads/')) return upload(res, url, body);
    if (!url.pathname.startsWith('/rest/')) return send(res, 404, { status: 404, message: 'Not Found' });

    const version = header(req, 'linkedin-version');
    if (!version || !versions.has(version)) {
      const requested = version ? `${version}01` : '(none)';
      return send(res, 426, {
        status: 426,
        code: 'NONEXISTENT_VERSION',
        message: `Requested version ${requested} is not active`,
      });
    }
    if (header(req, 'x-restli-protocol-version') !== '2.0.0') {
      return send(res, 400, {
        status: 400,
        code: 'ILLEGAL_ARGUMENT',
        message: 'X-Restli-Protocol-Version 2.0.0 is required for this resource',
      });
    }

    const path = url.pathname;
    if (method === 'GET' && path.startsWith('/rest/organizations/')) {
      const id = decodeURIComponent(path.slice('/rest/organizations/'.length));
      if (id !== orgId)
        return send(res, 404, { status: 404, code: 'NOT_FOUND', message: `Organization ${id} not found` });
      return send(res, 200, { id: Number(orgId), localizedName: orgName, vanityName: 'sante-quebec' });
    }
    if (method === 'POST' && path === '/rest/images' && url.searchParams.get('action') === 'initializeUpload') {
      const json = parseJson(req, body);
      if (!json.ok) return send(res, 400, json.error);
      return initializeUpload(res, json.value);
    }
    if (method === 'GET' && path.startsWith('/rest/images/')) {
      const urn = decodeURIComponent(path.slice('/rest/images/'.length));
      const image = images.get(urn);
      if (!image) return send(res, 404, { status: 404, code: 'NOT_FOUND', message: `Image ${urn} not found` });
      return send(res, 200, { id: image.urn, owner: image.owner, status: image.status });
    }
    if (method === 'POST' && path === '/rest/posts') {
      const json = parseJson(req, body);
      if (!json.ok) return send(res, 400, json.error);
      return createPost(res, json.value);
    }
    if (method === 'GET' && path === '/rest/posts') return findPosts(res, url);
    const json = () => parseJson(req, body);
    if (serveSocial(social, sendWith, res, { method, path, url, json })) return;
    return send(res, 404, { status: 404, message: `No route for ${method} ${path}` });
  }

  function authorized(req: IncomingMessage): boolean {
    const value = header(req, 'authorization');
    const match = value ? /^Bearer (.+)$/.exec(value) : null;
    return match !== null && tokens.has(match[1]!);
  }

  function initializeUpload(res: ServerResponse, json: unknown) {
    const owner = get(get(json, 'initializeUploadRequest'), 'owner');
    if (typeof owner !== 'string') {
      return send(res, 400, inputError('/initializeUploadRequest/owner', 'FIELD_VALUE_REQUIRED', 'owner is required'));
    }
    if (owner !== orgUrn) {
      return send(res, 403, {
        status: 403,
        serviceErrorCode: 100,
        code: 'ACCESS_DENIED',
        message: `Not enough permissions for ${owner}`,
      });
    }
    const urn = `urn:li:image:D${randomBytes(8).toString('hex').toUpperCase()}`;
    const uploadKey = randomBytes(12).toString('hex');
    images.set(urn, { urn, owner, status: 'WAITING_UPLOAD', uploadKey });
    return send(res, 200, {
      value: {
        uploadUrlExpiresAt: now().getTime() + 24 * 3600 * 1000,
        uploadUrl: `${baseUrl}/dms-uploads/${uploadKey}/uploaded-image/0?ca=vector_ads&cn=uploads`,
        image: urn,
      },
    });
  }

  function upload(res: ServerResponse, url: URL, body: Buffer) {
    const key = url.pathname.split('/')[2] ?? '';
    const image = [...images.values()].find((candidate) => candidate.uploadKey === key);
    if (!image) return send(res, 404, { status: 404, message: 'Upload URL not found' });
    const format = imageFormat(body);
    if (!format) return send(res, 400, { status: 400, message: 'Unsupported image format: expected JPG, GIF or PNG' });
    image.bytes = body;
    image.format = format;
    image.status = 'AVAILABLE';
    res.writeHead(201);
    res.end();
  }

  function createPost(res: ServerResponse, json: unknown) {
    if (!isRecord(json)) return send(res, 400, inputError('/', 'INVALID_VALUE_FOR_FIELD', 'body must be an object'));
    const problem = validatePost(json);
    if (problem) return send(res, problem.status, problem.body);
    const sentCommentary = json.commentary as string;
    if (sentCommentary.length > COMMENTARY_MAX) {
      return send(res, 400, {
        errorDetailType: 'com.linkedin.common.error.BadRequest',
        message: `com.linkedin.content.common.exception.BadRequestResponseException: ShareCommentary text length (${sentCommentary.length} characters) exceeded the maximum allowed (${COMMENTARY_MAX} characters)`,
        errorDetails: {
          inputErrors: [
            {
              description: 'Array/String size exceeds maximum limit',
              input: { inputPath: { fieldPath: '/commentary' } },
              code: 'FIELD_ARRAY_SIZE_TOO_HIGH',
              maxLength: COMMENTARY_MAX,
            },
          ],
        },
        status: 400,
      });
    }
    const duplicate = posts.find((post) => post.sentCommentary === sentCommentary);
    if (duplicate) {
      return send(res, 422, {
        errorDetailType: 'com.linkedin.common.error.BadRequest',
        message: `com.linkedin.content.common.exception.BadRequestResponseException: Content is a duplicate of ${duplicate.id}`,
        errorDetails: {
          inputErrors: [{ description: 'Duplicate post is detected', input: {}, code: 'DUPLICATE_POST' }],
        },
        status: 422,
      });
    }
    shareCounter += 1n;
    const id = `urn:li:share:${shareCounter}`;
    const media = get(get(json, 'content'), 'media');
    posts.push({
      id,
      author: json.author as string,
      commentary: truncateLikeLinkedIn(sentCommentary),
      sentCommentary,
      ...(isRecord(media) ? { media: media as StoredLinkedInPost['media'] & object } : {}),
      createdAt: now().getTime(),
      body: json,
    });
    res.writeHead(201, { 'x-restli-id': id, 'x-linkedin-id': id });
    res.end();
  }

  function validatePost(json: Record<string, unknown>): { status: number; body: unknown } | undefined {
    for (const key of Object.keys(json)) {
      if (!POST_FIELDS.has(key)) return bad(`/${key}`, 'UNRECOGNIZED_FIELD', `Unrecognized field ${key}`);
    }
    if (typeof json.author !== 'string') return bad('/author', 'FIELD_VALUE_REQUIRED', 'author is required');
    if (json.author !== orgUrn) {
      return {
        status: 403,
        body: {
          status: 403,
          serviceErrorCode: 100,
          code: 'ACCESS_DENIED',
          message: `Not enough permissions to post as ${json.author}`,
        },
      };
    }
    if (typeof json.commentary !== 'string')
      return bad('/commentary', 'INVALID_VALUE_TYPE', 'commentary must be a string');
    if (typeof json.visibility !== 'string' || !VISIBILITIES.has(json.visibility)) {
      return bad('/visibility', 'INVALID_ENUM_VALUE', 'visibility is required');
    }
    const distribution = json.distribution;
    if (
      !isRecord(distribution) ||
      (distribution.feedDistribution !== 'MAIN_FEED' && distribution.feedDistribution !== 'NONE') ||
      !Array.isArray(distribution.targetEntities) ||
      !Array.isArray(distribution.thirdPartyDistributionChannels)
    ) {
      return bad('/distribution', 'INVALID_VALUE_FOR_FIELD', 'distribution is invalid');
    }
    if (typeof json.lifecycleState !== 'string' || !LIFECYCLES.has(json.lifecycleState)) {
      return bad('/lifecycleState', 'INVALID_ENUM_VALUE', 'lifecycleState is required');
    }
    if (json.isReshareDisabledByAuthor !== undefined && typeof json.isReshareDisabledByAuthor !== 'boolean') {
      return bad('/isReshareDisabledByAuthor', 'INVALID_VALUE_TYPE', 'isReshareDisabledByAuthor must be a boolean');
    }
    if (json.content !== undefined) {
      const media = get(json.content, 'media');
      if (!isRecord(media) || typeof media.id !== 'string') {
        return bad('/content/media/id', 'FIELD_VALUE_REQUIRED', 'content.media.id is required');
      }
      if (media.altText !== undefined && (typeof media.altText !== 'string' || media.altText.length > 4086)) {
        return bad(
          '/content/media/altText',
          'INVALID_VALUE_FOR_FIELD',
          'altText must be a string of at most 4086 characters',
        );
      }
      const image = images.get(media.id);
      if (!image || image.owner !== orgUrn) {
        return bad('/content/media/id', 'INVALID_URN_ID', `Media ${media.id} does not exist`);
      }
      if (image.status !== 'AVAILABLE') {
        return bad('/content/media/id', 'INVALID_VALUE_FOR_FIELD', `Media ${media.id} has not been uploaded`);
      }
    }
    return undefined;
  }

  function findPosts(res: ServerResponse, url: URL) {
    if (url.searchParams.get('q') !== 'author') {
      return send(res, 400, { status: 400, message: 'Finder q=author is required' });
    }
    const author = url.searchParams.get('author');
    if (author !== orgUrn)
      return send(res, 403, { status: 403, code: 'ACCESS_DENIED', message: `Not enough permissions for ${author}` });
    const count = Math.min(Number(url.searchParams.get('count') ?? 10) || 10, 100);
    const start = Number(url.searchParams.get('start') ?? 0) || 0;
    const mine = posts.filter((post) => post.author === author).sort((a, b) => b.createdAt - a.createdAt);
    const elements = mine.slice(start, start + count).map((post) => ({
      id: post.id,
      author: post.author,
      commentary: post.commentary,
      visibility: post.body.visibility,
      distribution: post.body.distribution,
      lifecycleState: post.body.lifecycleState,
      isReshareDisabledByAuthor: post.body.isReshareDisabledByAuthor ?? false,
      ...(post.media ? { content: { media: post.media } } : {}),
      createdAt: post.createdAt,
      publishedAt: post.createdAt,
      lastModifiedAt: post.createdAt,
    }));
    return send(res, 200, { paging: { start, count, links: [], total: mine.length }, elements });
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  baseUrl = `http://127.0.0.1:${port}`;

  return {
    url: baseUrl,
    token: [...tokens][0] ?? LINKEDIN_TEST_TOKEN,
    organizationId: orgId,
    organizationUrn: orgUrn,
    comments: social.comments,
    deletions: social.deletions,
    posts,
    images,
    requests,
    faults,
    oauth,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

/**
 * LinkedIn keeps a post whose commentary has an unescaped reserved character but cuts the
 * commentary there. `#` followed by a word character is a hashtag and is kept.
 */
export function truncateLikeLinkedIn(commentary: string): string {
  for (let index = 0; index < commentary.length; index++) {
    const char = commentary[index]!;
    if (char === '\\') {
      const next = commentary[index + 1];
      if (next !== undefined && RESERVED.has(next)) {
        index++;
        continue;
      }
      return commentary.slice(0, index);
    }
    if (char === '#' && /[\p{L}\p{N}_]/u.test(commentary[index + 1] ?? '')) continue;
    if (RESERVED.has(char)) return commentary.slice(0, index);
  }
  return commentary;
}

/** The plain text a reader sees for a stored little-text commentary. */
export function unescapeLittleTextForTest(commentary: string): string {
  return commentary.replace(/\\(.)/gu, '$1');
}

/** A scripted LinkedIn error answer, with the bodies LinkedIn sends. */
export function linkedInErrorFault(kind: 'expired-token' | 'throttled' | 'server-error' | 'unavailable'): Fault {
  switch (kind) {
    case 'expired-token':
      return {
        kind: 'respond',
        status: 401,
        body: { serviceErrorCode: 65602, message: 'The token used in the request has expired', status: 401 },
      };
    case 'throttled':
      return {
        kind: 'respond',
        status: 429,
        body: {
          serviceErrorCode: 101,
          message: 'Resource level throttle limit for calls to this resource is reached.',
          status: 429,
        },
      };
    case 'server-error':
      return { kind: 'respond', status: 500, body: { message: 'Internal Server Error', status: 500 } };
    case 'unavailable':
      return { kind: 'respond', status: 503, body: { message: 'Service Unavailable', status: 503 } };
  }
}

function bad(fieldPath: string, code: string, description: string) {
  return { status: 400, body: inputError(fieldPath, code, description) };
}

function inputError(fieldPath: string, code: string, description: string) {
  return {
    errorDetailType: 'com.linkedin.common.error.BadRequest',
    message: `com.linkedin.content.common.exception.BadRequestResponseException: ${description}`,
    errorDetails: { inputErrors: [{ description, input: { inputPath: { fieldPath } }, code }] },
    status: 400,
  };
}

function parseJson(
  req: IncomingMessage,
  body: Buffer,
): { ok: true; value: unknown } | { ok: false; error: Record<string, unknown> } {
  if (!(header(req, 'content-type') ?? '').startsWith('application/json')) {
    return { ok: false, error: { status: 400, message: 'Content-Type application/json is required' } };
  }
  try {
    return { ok: true, value: JSON.parse(body.toString('utf8')) as unknown };
  } catch {
    return { ok: false, error: { status: 400, message: 'Request body is not valid JSON' } };
  }
}

/** LinkedIn takes JPG, GIF and PNG. */
function imageFormat(bytes: Buffer): 'png' | 'jpeg' | 'gif' | undefined {
  if (bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'png';
  if (bytes.length > 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'jpeg';
  if (/^GIF8[79]a/.test(bytes.subarray(0, 6).toString('latin1'))) return 'gif';
  return undefined;
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function sendWith(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, body === undefined ? headers : { 'content-type': 'application/json', ...headers });
  res.end(body === undefined ? '' : JSON.stringify(body));
}

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function get(value: unknown, key: string): unknown {
  return isRecord(value) ? value[key] : undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
