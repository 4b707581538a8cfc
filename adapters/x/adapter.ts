import { readFile as readFileFromDisk } from 'node:fs/promises';
import type { TweetV2, TweetV2PostTweetResult, UserV2Result } from 'twitter-api-v2';
import type { RenderedCard } from '../../src/cards/types.js';
import { X, xPostUrl } from '../../src/networks/x.js';
import type { AccountInfo, MediaRef, NetworkAdapter, PostPart, RemoteRef } from '../../src/publish/port.js';
import { asLookupError, ContentRejectedError, TransientError } from '../../src/publish/port-errors.js';
import { classifyXError, type XOperation } from './classify.js';
import { createXClient, type XCredentials } from './client.js';
import { normaliseXText } from './normalise-text.js';

export interface XAdapterOptions {
  credentials: XCredentials;
  /** X_API_URL: origin of a test server (e.g. `http://127.0.0.1:PORT`); absent means the real api.x.com. */
  apiUrl?: string;
  readFile?: (path: string) => Promise<Buffer>;
  /** Socket idle timeout per request (default 30 s). */
  timeoutMs?: number;
  now?: () => Date;
  /** Most timeline pages `findPost` reads (100 posts each, default 5). */
  maxFindPages?: number;
}

interface SingleTweet {
  data?: { id: string };
  errors?: Array<{ type?: string }>;
}

interface TimelinePage {
  data?: Array<TweetV2 & { created_at?: string }>;
  meta?: { result_count?: number; next_token?: string };
}

export function createXAdapter(options: XAdapterOptions): NetworkAdapter {
  const client = createXClient({
    credentials: options.credentials,
    timeoutMs: options.timeoutMs ?? 30_000,
    ...(options.apiUrl ? { apiUrl: options.apiUrl } : {}),
  });
  const readFile = options.readFile ?? ((path: string) => readFileFromDisk(path));
  const now = options.now ?? (() => new Date());
  const maxFindPages = options.maxFindPages ?? 5;
  let me: { id: string; username: string } | undefined;

  async function call<T>(operation: XOperation, run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (error) {
      throw classifyXError(error, operation, now);
    }
  }

  async function whoAmI(): Promise<{ id: string; username: string }> {
    const result: UserV2Result = await call('read', () => client.v2.me());
    me = { id: result.data.id, username: result.data.username };
    return me;
  }

  /** The oldest post of our timeline since `since` with the part's text. */
  async function searchTimeline(part: PostPart, since: Date): Promise<RemoteRef | null> {
    const user = me ?? (await whoAmI());
    const wanted = normaliseXText(part.text);
    const sinceMs = Math.floor(since.getTime() / 1000) * 1000;
    let paginationToken: string | undefined;
    let match: RemoteRef | null = null;
    for (let page = 0; page < maxFindPages; page++) {
      const query: Record<string, string> = {
        // X wants RFC 3339 to the second.
        start_time: new Date(sinceMs).toISOString().replace(/\.\d{3}Z$/, 'Z'),
        max_results: '100',
        'tweet.fields': 'created_at',
        exclude: 'retweets',
        ...(paginationToken ? { pagination_token: paginationToken } : {}),
      };
      const result: TimelinePage = await call('read', () =>
        client.v2.get<TimelinePage>('users/:id/tweets', query, { params: { id: user.id } }),
      );
      // The timeline is newest first: keep the oldest match, the one a lost response created.
      for (const tweet of result.data ?? []) {
        if (normaliseXText(tweet.text) === wanted) match = { network: 'x', id: tweet.id, url: xPostUrl(tweet.id) };
      }
      paginationToken = result.meta?.next_token;
      if (!paginationToken) break;
    }
    return match;
  }

  async function createPost(part: PostPart, media: MediaRef[], replyTo?: { root: RemoteRef; parent: RemoteRef }) {
    const payload = {
      text: part.text,
      ...(media.length > 0 ? { media: { media_ids: media.map((item) => item.id) as [string] } } : {}),
      // Each part replies to the previous one; X needs no thread root.
      ...(replyTo ? { reply: { in_reply_to_tweet_id: replyTo.parent.id } } : {}),
    };
    const result: TweetV2PostTweetResult = await call('create', () => client.v2.tweet(payload));
    return { network: 'x', id: result.data.id, url: xPostUrl(result.data.id) } satisfies RemoteRef;
  }

  async function findPost(part: PostPart, since: Date): Promise<RemoteRef | null> {
    try {
      return await searchTimeline(part, since);
    } catch (error) {
      throw asLookupError('x', 'X', error);
    }
  }

  /** `GET /2/tweets/:id`: a deleted post answers 200 with a "Not Found Error", not 404. */
  async function postExists(ref: RemoteRef): Promise<boolean> {
    const result = await call('read', () => client.v2.get<SingleTweet>('tweets/:id', {}, { params: { id: ref.id } }));
    if (result.data?.id === ref.id) return true;
    if ((result.errors ?? []).some((error) => error.type?.endsWith('/resource-not-found'))) return false;
    throw new TransientError(
      'x',
      `X answered the look-up of ${ref.id} with neither the post nor "not found"`,
      'X a répondu de façon inattendue à la vérification de la publication. Nouvel essai sous peu.',
    );
  }

  return {
    id: 'x',
    limits: X.limits,

    createCorrection: (part, media, target, replyTo) =>
      createPost(part, media, replyTo ?? { root: target, parent: target }),
    findCorrection: (part, _target, since) => findPost(part, since),
    postExists,

    async deletePost(ref: RemoteRef): Promise<'deleted' | 'gone'> {
      try {
        const result = await call('create', () => client.v2.deleteTweet(ref.id));
        if (result.data?.deleted === true) return 'deleted';
      } catch (error) {
        // A second delete's answer is unconfirmed (404 or else): only the look-up can say it is gone.
        if (!(error instanceof ContentRejectedError && error.status === 404)) throw error;
      }
      if (!(await postExists(ref))) return 'gone';
      throw new ContentRejectedError(
        'x',
        `X did not delete post ${ref.id}, which is still there`,
        'X n’a pas supprimé la publication, qui est toujours en ligne.',
      );
    },

    async verify(): Promise<AccountInfo> {
      const user = await whoAmI();
      // OAuth 1.0a user tokens do not expire: no expiresAt.
      return { network: 'x', account: `@${user.username}` };
    },

    async uploadMedia(card: RenderedCard): Promise<MediaRef> {
      const bytes = await readFile(card.path);
      const id = await call('upload', () => client.v2.uploadMedia(bytes, { media_type: card.mime }));
      if (card.alt.length > 0) {
        await call('upload', () => client.v2.createMediaMetadata(id, { alt_text: { text: card.alt } }));
      }
      return { network: 'x', id, alt: card.alt, width: card.width, height: card.height };
    },

    createPost,
    findPost,
  };
}
