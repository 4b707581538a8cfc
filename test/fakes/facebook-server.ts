import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createFacebookOAuth, type FacebookOAuth, type FacebookOAuthOptions } from './facebook-oauth.js';
import { type PostNodeState, type StoredFacebookComment, servePostNode } from './facebook-post-node.js';
import { type Fault, FaultScript, withFault } from './fault-script.js';

/**
 * A local Graph API for one Facebook Page that answers like Graph does (see the platforms
 * research notes): Page token in the query or the form (`access_token`); JSON, urlencoded and
 * multipart bodies; photos checked by their magic bytes with `alt_text_custom` kept;
 * `X-Business-Use-Case-Usage` on every reply; duplicate `/feed` messages refused (506) while
 * photo captions are never deduplicated; Graph's `{"error":{…}}` shape for every error.
 */

export interface FacebookServerOptions {
  pageId?: string;
  pageName?: string;
  /** Tokens the server accepts (default `['fb-page-token-ok']`). */
  tokens?: string[];
  /** Tokens that answer 190/463 (expired session). */
  expiredTokens?: string[];
  now?: () => Date;
  oauth?: Omit<FacebookOAuthOptions, 'now'>;
}

export interface StoredFacebookPost {
  /** `{page-id}_{post-id}`. */
  id: string;
  message: string;
  kind: 'status' | 'photo';
  photoId?: string;
  link?: string;
  createdTime: Date;
}

export interface StoredFacebookPhoto {
  id: string;
  postId: string;
  message: string;
  altText: string | undefined;
  published: boolean;
  filename: string;
  mime: string;
  format: 'png' | 'jpeg';
  bytes: Buffer;
}

export interface FacebookServer {
  url: string;
  token: string;
  pageId: string;
  posts: StoredFacebookPost[];
  photos: StoredFacebookPhoto[];
  /** Comments, deletions, edits and other accounts' posts (see facebook-post-node.ts). */
  comments: StoredFacebookComment[];
  deletions: string[];
  edits: Array<{ id: string; message: string }>;
  foreign: Set<string>;
  /** Every request received (method, path, query, headers), in order. */
  requests: Array<{ method: string; path: string; query: string; headers: IncomingMessage['headers'] }>;
  faults: FaultScript;
  /** Facebook Login: dialog, access_token, me/accounts. */
  oauth: FacebookOAuth;
  close(): Promise<void>;
}

export const FACEBOOK_TEST_TOKEN = 'fb-page-token-ok';
const MESSAGE_MAX = 63_206;

type Params = Map<string, string | File>;

export async function startFacebookServer(options: FacebookServerOptions = {}): Promise<FacebookServer> {
  const pageId = options.pageId ?? '104857600123456';
  const pageName = options.pageName ?? 'Santé Québec';
  const tokens = new Set(options.tokens ?? [FACEBOOK_TEST_TOKEN]);
  const expired = new Set(options.expiredTokens ?? []);
  const now = options.now ?? (() => new Date());
  const faults = new FaultScript();
  const posts: StoredFacebookPost[] = [];
  const photos: StoredFacebookPhoto[] = [];
  const requests: FacebookServer['requests'] = [];
  let callCount = 0;
  let objectCounter = 122_100_000_000_000_000n;
  const oauth = createFacebookOAuth(tokens, { id: pageId, name: pageName }, { ...options.oauth, now });
  const nodes: PostNodeState = {
    pageId,
    pageName,
    posts,
    comments: [],
    deletions: [],
    foreign: new Set(),
    edits: [],
    now,
    nextId: () => nextId(),
  };

  const server = createServer((req, res) => {
    void serve(req, res).catch((error: unknown) => {
      if (!res.headersSent) sendError(res, 500, { message: String(error), type: 'OAuthException', code: 1 });
      else res.destroy();
    });
  });

  async function serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await readBody(req);
    const url = new URL(req.url ?? '/', 'http://localhost');
    const method = req.method ?? 'GET';
    requests.push({ method, path: url.pathname, query: url.search, headers: req.headers });
    callCount += 1;
    res.setHeader('x-business-use-case-usage', usageHeader(pageId, callCount, 0));
    res.setHeader('x-fb-trace-id', randomBytes(8).toString('base64url'));
    const fault: Fault | undefined = faults.next(method, url.pathname);
    if (oauth.handle(res, method, url)) return;
    await withFault(fault, req, res, async (out) => route(req, out, method, url, body));
  }

  async function route(req: IncomingMessage, res: ServerResponse, method: string, url: URL, body: Buffer) {
    const params = await readParams(req, url, body);
    if (!params.ok) return sendError(res, 400, { message: params.message, type: 'OAuthException', code: 100 });
    const token = accessToken(params.value);
    if (token === undefined) {
      return sendError(res, 400, {
        message: 'An access token is required to request this resource.',
        type: 'OAuthException',
        code: 104,
      });
    }
    if (expired.has(token)) {
      return sendError(res, 400, {
        message: 'Error validating access token: Session has expired on Thursday, 14-May-26 05:00:00 PDT.',
        type: 'OAuthException',
        code: 190,
        error_subcode: 463,
      });
    }
    if (!tokens.has(token)) {
      return sendError(res, 400, {
        message: 'Invalid OAuth access token - Cannot parse access token',
        type: 'OAuthException',
        code: 190,
      });
    }

    const segments = url.pathname.split('/').filter(Boolean);
    const [version, node, edge, ...rest] = segments;
    if (!version || !/^v\d+\.\d+$/.test(version) || rest.length > 0) return unknownPath(res, url.pathname);
    const request = {
      method,
      node: node ?? '',
      edge,
      message: text(params.value, 'message'),
      fields: text(params.value, 'fields') ?? '',
    };
    if (node !== pageId && servePostNode(nodes, { json: sendJson, error: sendError }, res, request)) return;
    if (node !== pageId) {
      return sendError(res, 400, {
        message: `Unsupported ${method.toLowerCase()} request. Object with ID '${node}' does not exist, cannot be loaded due to missing permissions, or does not support this operation.`,
        type: 'GraphMethodException',
        code: 100,
        error_subcode: 33,
      });
    }
    if (method === 'GET' && edge === undefined)
      return sendJson(res, 200, pick({ id: pageId, name: pageName }, params.value));
    if (method === 'POST' && edge === 'feed') return createFeedPost(res, params.value);
    if (method === 'POST' && edge === 'photos') return createPhoto(res, params.value);
    if (method === 'GET' && (edge === 'posts' || edge === 'feed')) return listPosts(res, params.value);
    return unknownPath(res, url.pathname);
  }

  function createFeedPost(res: ServerResponse, params: Params) {
    const message = text(params, 'message');
    const link = text(params, 'link');
    if (!message && !link) {
      return sendError(res, 400, {
        message: '(#100) Missing message or attachment.',
        type: 'OAuthException',
        code: 100,
      });
    }
    if (message && message.length > MESSAGE_MAX) return tooLong(res);
    if (message && posts.some((post) => post.kind === 'status' && post.message === message)) {
      return sendError(res, 400, {
        message: '(#506) Duplicate status message',
        type: 'OAuthException',
        code: 506,
        error_user_title: 'Duplicate Status Update',
        error_user_msg: 'This status update is identical to the last one you posted. Try posting something different.',
      });
    }
    const id = `${pageId}_${nextId()}`;
    posts.push({ id, message: message ?? '', kind: 'status', ...(link ? { link } : {}), createdTime: now() });
    return sendJson(res, 200, { id });
  }

  async function createPhoto(res: ServerResponse, params: Params) {
    const source = params.get('source');
    if (params.has('url') && source === undefined) {
      return sendError(res, 400, {
        message: '(#324) Requires upload file: this server accepts only uploaded files',
        type: 'OAuthException',
        code: 324,
      });
    }
    if (!(source instanceof File)) {
      return sendError(res, 400, { message: '(#324) Requires upload file', type: 'OAuthException', code: 324 });
    }
    const bytes = Buffer.from(await source.arrayBuffer());
    const format = imageFormat(bytes);
    if (!format) {
      return sendError(res, 400, {
        message: '(#324) Missing or invalid image file',
        type: 'OAuthException',
        code: 324,
      });
    }
    const message = text(params, 'message') ?? '';
    if (message.length > MESSAGE_MAX) return tooLong(res);
    const published = text(params, 'published') !== 'false';
    const photoId = nextId();
    const postId = `${pageId}_${nextId()}`;
    photos.push({
      id: photoId,
      postId,
      message,
      altText: text(params, 'alt_text_custom'),
      published,
      filename: source.name,
      mime: source.type,
      format,
      bytes,
    });
    if (published) posts.push({ id: postId, message, kind: 'photo', photoId, createdTime: now() });
    return sendJson(res, 200, published ? { id: photoId, post_id: postId } : { id: photoId });
  }

  function listPosts(res: ServerResponse, params: Params) {
    const since = graphTime(text(params, 'since'));
    const until = graphTime(text(params, 'until'));
    const limit = Math.min(Number(text(params, 'limit') ?? 25) || 25, 100);
    const fields = new Set((text(params, 'fields') ?? '').split(',').filter(Boolean));
    const data = [...posts]
      .filter((post) => since === undefined || post.createdTime.getTime() >= since)
      .filter((post) => until === undefined || post.createdTime.getTime() <= until)
      .sort((a, b) => b.createdTime.getTime() - a.createdTime.getTime())
      .slice(0, limit)
      .map((post) => ({
        id: post.id,
        ...(fields.has('message') && post.message ? { message: post.message } : {}),
        ...(fields.has('created_time') ? { created_time: formatGraphTime(post.createdTime) } : {}),
      }));
    const cursors = { before: randomBytes(6).toString('base64url'), after: randomBytes(6).toString('base64url') };
    return sendJson(res, 200, { data, paging: { cursors } });
  }

  function nextId(): string {
    objectCounter += 1n;
    return objectCounter.toString();
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    token: [...tokens][0] ?? FACEBOOK_TEST_TOKEN,
    pageId,
    posts,
    photos,
    comments: nodes.comments,
    deletions: nodes.deletions,
    edits: nodes.edits,
    foreign: nodes.foreign,
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

/** A scripted Graph API error answer, with the codes, bodies and usage header Graph sends. */
export function graphErrorFault(
  kind: 'expired-token' | 'page-rate-limit' | 'business-rate-limit' | 'duplicate' | 'transient' | 'unavailable',
  pageId: string,
  minutesToRegainAccess = 0,
): Fault {
  const usage = { 'x-business-use-case-usage': usageHeader(pageId, 100, minutesToRegainAccess) };
  const error = (status: number, fields: Record<string, unknown>, headers: Record<string, string> = {}): Fault => ({
    kind: 'respond',
    status,
    headers,
    body: { error: { ...fields, fbtrace_id: randomBytes(8).toString('base64url') } },
  });
  switch (kind) {
    case 'expired-token':
      return error(400, {
        message: 'Error validating access token: Session has expired on Thursday, 14-May-26 05:00:00 PDT.',
        type: 'OAuthException',
        code: 190,
        error_subcode: 463,
        is_transient: false,
      });
    case 'page-rate-limit':
      return error(
        400,
        { message: '(#32) Page request limit reached', type: 'OAuthException', code: 32, is_transient: true },
        usage,
      );
    case 'business-rate-limit':
      return error(
        400,
        {
          message: 'There have been too many calls to this Page account. Wait a bit and try again.',
          type: 'OAuthException',
          code: 80001,
          is_transient: true,
        },
        usage,
      );
    case 'duplicate':
      return error(400, { message: '(#506) Duplicate status message', type: 'OAuthException', code: 506 });
    case 'transient':
      return error(500, {
        message: 'An unexpected error has occurred. Please retry your request later.',
        type: 'OAuthException',
        code: 2,
        is_transient: true,
      });
    case 'unavailable':
      return error(503, {
        message: 'Service temporarily unavailable',
        type: 'OAuthException',
        code: 2,
        is_transient: true,
      });
  }
}

function usageHeader(pageId: string, callCount: number, minutes: number): string {
  return JSON.stringify({
    [pageId]: [
      {
        type: 'pages',
        call_count: Math.min(callCount, 100),
        total_cputime: 1,
        total_time: 1,
        estimated_time_to_regain_access: minutes,
      },
    ],
  });
}

async function readParams(
  req: IncomingMessage,
  url: URL,
  body: Buffer,
): Promise<{ ok: true; value: Params } | { ok: false; message: string }> {
  const params: Params = new Map(url.searchParams);
  const contentType = header(req, 'content-type') ?? '';
  if (body.length === 0) return { ok: true, value: params };
  if (contentType.startsWith('application/json')) {
    let json: unknown;
    try {
      json = JSON.parse(body.toString('utf8'));
    } catch {
      return { ok: false, message: 'Request body is not valid JSON' };
    }
    if (typeof json !== 'object' || json === null) return { ok: false, message: 'Request body must be an object' };
    for (const [key, value] of Object.entries(json)) {
      params.set(key, typeof value === 'string' ? value : JSON.stringify(value));
    }
    return { ok: true, value: params };
  }
  if (contentType.startsWith('multipart/form-data') || contentType.startsWith('application/x-www-form-urlencoded')) {
    let form: FormData;
    try {
      form = await new Request('http://graph.local/', {
        method: 'POST',
        headers: { 'content-type': contentType },
        body,
      }).formData();
    } catch {
      return { ok: false, message: 'Could not parse the request body' };
    }
    for (const [key, value] of form) params.set(key, value);
    return { ok: true, value: params };
  }
  return { ok: false, message: `Unsupported content type ${contentType || '(none)'}` };
}

/** The Page token, from the query or the form only (a client relying on a header would fail on Graph servers that read only these). */
function accessToken(params: Params): string | undefined {
  const fromParams = params.get('access_token');
  return typeof fromParams === 'string' && fromParams ? fromParams : undefined;
}

function text(params: Params, key: string): string | undefined {
  const value = params.get(key);
  return typeof value === 'string' ? value : undefined;
}

function pick(object: Record<string, string>, params: Params): Record<string, string> {
  const fields = (text(params, 'fields') ?? 'id,name').split(',');
  return Object.fromEntries(Object.entries(object).filter(([key]) => key === 'id' || fields.includes(key)));
}

/** Graph takes `since`/`until` as Unix seconds or a date string. */
function graphTime(value: string | undefined): number | undefined {
  if (value === undefined || value === '') return undefined;
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  const parsed = Date.parse(value);
  return Number.isNaN(parsed) ? undefined : parsed;
}

function formatGraphTime(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, '+0000');
}

function tooLong(res: ServerResponse) {
  sendError(res, 400, {
    message: `(#100) Param message must be at most ${MESSAGE_MAX} characters long`,
    type: 'OAuthException',
    code: 100,
  });
}

function unknownPath(res: ServerResponse, path: string) {
  sendError(res, 400, { message: `Unknown path components: ${path}`, type: 'OAuthException', code: 2500 });
}

function imageFormat(bytes: Buffer): 'png' | 'jpeg' | undefined {
  if (bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'png';
  if (bytes.length > 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'jpeg';
  return undefined;
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=UTF-8' });
  res.end(JSON.stringify(body));
}

function sendError(res: ServerResponse, status: number, error: Record<string, unknown>): void {
  sendJson(res, status, { error: { ...error, fbtrace_id: randomBytes(8).toString('base64url') } });
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}
