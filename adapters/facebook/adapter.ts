import { readFile as readFileFromDisk } from 'node:fs/promises';
import { basename } from 'node:path';
import { Page } from 'facebook-nodejs-business-sdk';
import type { RenderedCard } from '../../src/cards/types.js';
import { FACEBOOK, facebookPostUrl } from '../../src/networks/facebook.js';
import type { AccountInfo, MediaRef, NetworkAdapter, PostPart, RemoteRef } from '../../src/publish/port.js';
import { asLookupError, ContentRejectedError, OutcomeUnknownError } from '../../src/publish/port-errors.js';
import { deadline } from '../deadline.js';
import {
  classifyGraphFailure,
  classifyGraphReply,
  classifySdkError,
  type FacebookOperation,
  type GraphErrorFields,
} from './classify.js';
import { facebookCorrections } from './corrections.js';
import { FACEBOOK_DEFAULT_GRAPH_URL, FACEBOOK_DEFAULT_GRAPH_VERSION } from './defaults.js';
import { ScopedGraphApi } from './graph-api.js';
import { encodeMultipart } from './multipart.js';

export interface FacebookAdapterOptions {
  /** FACEBOOK_PAGE_ID. */
  pageId: string;
  /** FACEBOOK_PAGE_TOKEN: a Page access token (pages_manage_posts, pages_read_engagement). */
  pageToken: string;
  /** FACEBOOK_GRAPH_URL: origin of the Graph API. */
  graphUrl?: string;
  /** FACEBOOK_GRAPH_VERSION, e.g. `v24.0`. */
  graphVersion?: string;
  /** Used for the photo upload, which the SDK cannot send. */
  fetch?: typeof fetch;
  readFile?: (path: string) => Promise<Uint8Array>;
  /** Per request, in milliseconds (default 60 s: the photo goes up with the create). */
  timeoutMs?: number;
}

/** How far `findPost` looks before `since`, for clock skew between this machine and Facebook. */
const FIND_SKEW_MS = 5 * 60 * 1000;

/**
 * Facebook Page posts through the Graph API. The SDK reads the Page and publishes text-only
 * posts; a post with its card is a multipart `/photos` request sent with `fetch`, because the
 * SDK's multipart path sends an empty body.
 */
export function createFacebookAdapter(options: FacebookAdapterOptions): NetworkAdapter {
  const graphUrl = (options.graphUrl ?? FACEBOOK_DEFAULT_GRAPH_URL).replace(/\/+$/, '');
  const graphVersion = options.graphVersion ?? FACEBOOK_DEFAULT_GRAPH_VERSION;
  const fetchFn = options.fetch ?? fetch;
  const readFile = options.readFile ?? readFileFromDisk;
  const timeoutMs = options.timeoutMs ?? 60_000;
  const api = new ScopedGraphApi(options.pageToken, graphUrl, graphVersion);
  const page = () => new Page(options.pageId, {}, undefined, api);

  async function sdk<T>(operation: FacebookOperation, call: () => Promise<T>): Promise<T> {
    try {
      return await withTimeout(call(), timeoutMs);
    } catch (error) {
      throw classifySdkError(error, operation);
    }
  }

  async function postPhoto(part: PostPart, media: MediaRef): Promise<RemoteRef> {
    const bytes = await readFile(media.id);
    const mime = mediaMime(media);
    const form = encodeMultipart([
      ['source', { filename: basename(media.id), contentType: mime, bytes }],
      ['message', part.text],
      // Optional in the Graph API: an empty value is not sent.
      ...(media.alt === '' ? [] : ([['alt_text_custom', media.alt]] as Array<[string, string]>)),
      ['published', 'true'],
      ['access_token', options.pageToken],
    ]);
    let response: Response;
    let text: string;
    const timeout = deadline(timeoutMs);
    try {
      response = await fetchFn(`${graphUrl}/${graphVersion}/${encodeURIComponent(options.pageId)}/photos`, {
        method: 'POST',
        headers: { 'Content-Type': form.contentType },
        body: form.body,
        signal: timeout.signal,
      });
      text = await response.text();
    } catch (error) {
      throw classifyGraphFailure(error, 'create');
    } finally {
      timeout.clear();
    }
    const body = decode(text);
    if (!response.ok) {
      throw classifyGraphReply(
        {
          status: response.status,
          error: graphError(body),
          usage: response.headers.get('x-business-use-case-usage') ?? undefined,
        },
        'create',
      );
    }
    const postId = field(body, 'post_id');
    if (typeof postId !== 'string') {
      throw new OutcomeUnknownError(
        'facebook',
        `Facebook answered ${response.status} to the photo post without post_id`,
        "Facebook a accepté la photo sans donner l'identifiant de la publication. On la cherche sur la page avant de réessayer.",
        { status: response.status },
      );
    }
    return { network: 'facebook', id: postId, url: facebookPostUrl(postId) };
  }

  const corrections = facebookCorrections({ api, pageId: options.pageId, timeoutMs, withTimeout });

  return {
    id: 'facebook',
    limits: FACEBOOK.limits,
    createCorrection: corrections.createCorrection,
    findCorrection: corrections.findCorrection,
    deletePost: corrections.deletePost,
    postExists: corrections.postExists,

    async verify(): Promise<AccountInfo> {
      const read = (await sdk('read', () => page().read(['name']))) as Page;
      const name = (read._data as { name?: unknown }).name;
      return {
        network: 'facebook',
        account: typeof name === 'string' ? `${name} (${options.pageId})` : options.pageId,
      };
    },

    /**
     * Nothing is uploaded ahead: the photo bytes go with the post itself (`/photos` with
     * `source`), so the media reference is the local file. Uploading an unpublished photo
     * first would leave an orphan photo on the Page whenever the post then fails.
     */
    async uploadMedia(card: RenderedCard): Promise<MediaRef> {
      return {
        network: 'facebook',
        id: card.path,
        alt: card.alt,
        width: card.width,
        height: card.height,
        data: { mime: card.mime, sha256: card.sha256 },
      };
    },

    async createPost(part: PostPart, media: MediaRef[], replyTo?: { root: RemoteRef; parent: RemoteRef }) {
      if (replyTo) {
        throw new ContentRejectedError(
          'facebook',
          'Facebook Page posts cannot reply to one another: the draft must be a single post',
          'Facebook ne publie pas de fil : la publication doit tenir en un seul message.',
        );
      }
      if (media.length > 1) {
        throw new ContentRejectedError(
          'facebook',
          `Facebook post takes one photo, got ${media.length}`,
          `Une publication Facebook porte une seule photo (reçu ${media.length}).`,
        );
      }
      const [photo] = media;
      if (photo) return postPhoto(part, photo);
      const created = await sdk('create', () => page().createFeed([], { message: part.text }));
      return { network: 'facebook', id: created.id, url: facebookPostUrl(created.id) };
    },

    async findPost(part: PostPart, since: Date): Promise<RemoteRef | null> {
      try {
        return await searchPosts(part, since);
      } catch (error) {
        throw asLookupError('facebook', 'Facebook', error);
      }
    },
  };

  /** The Page's recent post with the part's text, created since `since`. */
  async function searchPosts(part: PostPart, since: Date): Promise<RemoteRef | null> {
    const from = since.getTime() - FIND_SKEW_MS;
    const cursor = await sdk('read', async () =>
      page().getPosts(['message', 'created_time'], { since: Math.floor(from / 1000), limit: 25 }),
    );
    for (const post of cursor as Iterable<Record<string, unknown>>) {
      const data = (post._data ?? post) as { id?: unknown; message?: unknown; created_time?: unknown };
      if (typeof data.id !== 'string' || data.message !== part.text) continue;
      const created = typeof data.created_time === 'string' ? parseGraphTime(data.created_time) : undefined;
      if (created !== undefined && created < from) continue;
      return { network: 'facebook', id: data.id, url: facebookPostUrl(data.id) };
    }
    return null;
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const error = new Error(`no answer within ${ms} ms`);
      error.name = 'TimeoutError';
      reject(error);
    }, ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** Graph times look like `2026-05-14T13:00:02+0000`. */
function parseGraphTime(value: string): number | undefined {
  const time = Date.parse(value.replace(/([+-]\d{2})(\d{2})$/, '$1:$2'));
  return Number.isNaN(time) ? undefined : time;
}

function mediaMime(media: MediaRef): string {
  const mime = field(media.data, 'mime');
  return typeof mime === 'string'
    ? mime
    : media.id.endsWith('.jpg') || media.id.endsWith('.jpeg')
      ? 'image/jpeg'
      : 'image/png';
}

function graphError(body: unknown): GraphErrorFields | undefined {
  const error = field(body, 'error');
  return typeof error === 'object' && error !== null ? (error as GraphErrorFields) : undefined;
}

function decode(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

function field(value: unknown, key: string): unknown {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[key] : undefined;
}
