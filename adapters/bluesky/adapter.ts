import { createHash } from 'node:crypto';
import { readFile as readFileFromDisk } from 'node:fs/promises';
import { AtpAgent, type AtpPersistSessionHandler, type AtpSessionData, lexToJson, XRPCError } from '@atproto/api';
import type { RenderedCard } from '../../src/cards/types.js';
import { BLUESKY, blueskyPostUrl } from '../../src/networks/bluesky.js';
import type { AccountInfo, MediaRef, NetworkAdapter, PostPart, RemoteRef } from '../../src/publish/port.js';
import { asLookupError, ContentRejectedError, DuplicateError, TransientError } from '../../src/publish/port-errors.js';
import { type BlueskyOperation, classifyBlueskyError } from './classify.js';
import { jwtExpiry } from './jwt-expiry.js';
import { type BlobJson, buildPostRecord, mentionedHandles, POST_COLLECTION } from './post-record.js';
import { recordKeyForPart } from './record-key.js';
import type { SessionStore } from './session-store.js';
import { timedFetch } from './timed-fetch.js';

export interface BlueskyAdapterOptions {
  /** `BLUESKY_SERVICE`, e.g. `https://bsky.social`. */
  service: string;
  /** `BLUESKY_HANDLE` (or the account DID). */
  handle: string;
  /** `BLUESKY_APP_PASSWORD`. */
  appPassword: string;
  /** Keeps the session between runs, so runs refresh it instead of logging in (30 logins per 5 min). */
  sessionStore: SessionStore;
  readFile?: (path: string) => Promise<Uint8Array>;
  fetch?: typeof globalThis.fetch;
  /** Per-request timeout (default 30 s). */
  timeoutMs?: number;
  now?: () => Date;
  /** Post languages (default `['fr']`). */
  langs?: string[];
  /** How long resolving a mentioned handle's DID may take before it is sent as plain text (default 5 s). */
  mentionTimeoutMs?: number;
}

/**
 * Bluesky through `@atproto/api`. Each thread part is written under a record key derived from the
 * part key, with "create only if absent": a resend is refused by the PDS instead of duplicating the
 * post, and `findPost` is one `getRecord`.
 */
export function createBlueskyAdapter(options: BlueskyAdapterOptions): NetworkAdapter {
  const now = options.now ?? (() => new Date());
  const nowMs = () => now().getTime();
  const readFile = options.readFile ?? readFileFromDisk;
  const langs = options.langs ?? ['fr'];
  const store = options.sessionStore;

  let saving: Promise<void> = Promise.resolve();
  const persistSession: AtpPersistSessionHandler = (event, session) => {
    const next = event === 'expired' || event === 'create-failed' ? undefined : session;
    // A failed save only costs a login on the next run; it must not fail the post.
    saving = saving.then(() => store.save(next)).catch(() => undefined);
  };
  const agent = new AtpAgent({
    service: options.service,
    fetch: timedFetch(options.fetch ?? globalThis.fetch, options.timeoutMs ?? 30_000),
    persistSession,
  });

  let establishing: Promise<void> | undefined;

  async function ensureSession(): Promise<AtpSessionData> {
    if (!agent.session) {
      establishing ??= establish().finally(() => {
        establishing = undefined;
      });
      await establishing;
    }
    return agent.session!;
  }

  async function establish(): Promise<void> {
    try {
      await saving;
      // An unreadable session store only costs a login.
      const saved = await store.load().catch(() => undefined);
      if (saved && sameAccount(saved, options.handle)) {
        try {
          await agent.resumeSession(saved);
          return;
        } catch (error) {
          // Only a refused refresh token justifies a new login; anything else is reported.
          if (!isAuthFailure(error)) throw error;
        }
      }
      await agent.login({ identifier: options.handle, password: options.appPassword });
    } catch (error) {
      throw classifyBlueskyError(error, 'session', nowMs);
    } finally {
      await saving;
    }
  }

  /**
   * Runs `call` with a session. When the session dies during the call (its refresh token was
   * refused), logs in once and runs it again; every call here is safe to repeat.
   */
  async function withSession<T>(call: (session: AtpSessionData) => Promise<T>): Promise<T> {
    const session = await ensureSession();
    try {
      return await call(session);
    } catch (error) {
      if (!isAuthFailure(error)) throw error;
      // The client refreshes an expired token by itself; a session still present after an
      // ExpiredToken means the refresh could not reach the server, not that it was refused.
      if (agent.session && error instanceof XRPCError && error.error === 'ExpiredToken') {
        throw new TransientError(
          'bluesky',
          `Bluesky session could not be refreshed (${error.message})`,
          'La session Bluesky n’a pas pu être renouvelée pour le moment; un nouvel essai se fera automatiquement.',
          { status: error.status, cause: error, failureClass: 'network' },
        );
      }
      if (agent.session) throw error;
      return call(await ensureSession());
    } finally {
      await saving;
    }
  }

  function remoteRef(uri: string, cid: string, handle: string): RemoteRef {
    return { network: 'bluesky', id: uri, cid, url: blueskyPostUrl(uri, handle) };
  }

  /**
   * The DID of each handle mentioned in a post, asked of the server (`resolveHandle`) with a short
   * timeout. A handle that does not resolve in time, or at all, is left out: its mention is sent as
   * plain text rather than holding the post back or failing it.
   */
  async function resolveMentions(text: string): Promise<Map<string, string>> {
    const dids = new Map<string, string>();
    const handles = mentionedHandles(text);
    if (handles.length === 0) return dids;
    await ensureSession().catch(() => undefined);
    await Promise.all(
      handles.map(async (handle) => {
        const did = await withTimeout(
          agent.com.atproto.identity.resolveHandle({ handle }).then((response) => response.data.did),
          options.mentionTimeoutMs ?? 5_000,
        ).catch(() => undefined);
        if (did?.startsWith('did:')) dids.set(handle, did);
      }),
    );
    return dids;
  }

  /** False once the server has said it does not serve putRecord: createRecord is used from then on. */
  let putRecordServed = true;

  /**
   * Creates the record under `rkey`: putRecord with `swapRecord: null` (create only, refused with
   * InvalidSwap when a record already has this key). A server that only serves createRecord (what
   * `agent.post` calls) answers 404/501 without writing anything: createRecord with the same key
   * then, which a PDS also refuses for a key already taken.
   */
  async function writeRecord(did: string, rkey: string, record: Record<string, unknown>) {
    if (putRecordServed) {
      try {
        return (
          await agent.com.atproto.repo.putRecord({
            repo: did,
            collection: POST_COLLECTION,
            rkey,
            record,
            swapRecord: null,
          })
        ).data;
      } catch (error) {
        if (!isMethodNotServed(error)) throw error;
        putRecordServed = false;
      }
    }
    return (await agent.com.atproto.repo.createRecord({ repo: did, collection: POST_COLLECTION, rkey, record })).data;
  }

  /** The post stored under `rkey`, or null. */
  async function readPost(rkey: string, operation: BlueskyOperation): Promise<{ ref: RemoteRef; text: string } | null> {
    try {
      return await withSession(async (session) => {
        const { data } = await agent.com.atproto.repo.getRecord({
          repo: session.did,
          collection: POST_COLLECTION,
          rkey,
        });
        const text = (data.value as { text?: unknown }).text;
        if (data.cid === undefined) return null;
        return { ref: remoteRef(data.uri, data.cid, session.handle), text: typeof text === 'string' ? text : '' };
      });
    } catch (error) {
      // Only the PDS's own answer proves the record is absent: a 404 or 501 from a server that does
      // not serve getRecord proves nothing, and "absent" would let the part be sent again.
      if (error instanceof XRPCError && error.error === 'RecordNotFound') return null;
      throw classifyBlueskyError(error, operation, nowMs);
    }
  }

  async function createPost(
    part: PostPart,
    media: MediaRef[],
    replyTo?: { root: RemoteRef; parent: RemoteRef },
  ): Promise<RemoteRef> {
    const rkey = recordKeyForPart(part.key);
    const record = buildPostRecord({
      text: part.text,
      media,
      langs,
      createdAt: now(),
      mentions: await resolveMentions(part.text),
      ...(replyTo ? { replyTo } : {}),
    });
    try {
      const { data } = await withSession(async (session) => {
        const written = await writeRecord(session.did, rkey, record);
        return { data: { ...written, handle: session.handle } };
      });
      return remoteRef(data.uri, data.cid, data.handle);
    } catch (error) {
      if (!(error instanceof XRPCError && error.error === 'InvalidSwap')) {
        throw classifyBlueskyError(error, 'create', nowMs);
      }
      const existing = await readPost(rkey, 'read');
      if (existing && existing.text === part.text) return existing.ref;
      throw new DuplicateError(
        'bluesky',
        `Bluesky already holds a different post for part ${part.key} (record ${rkey})`,
        'Bluesky contient déjà une autre publication pour cette partie du fil; vérifiez le compte avant de republier.',
        { status: error.status, cause: error },
      );
    }
  }

  async function findPost(part: PostPart, _since: Date): Promise<RemoteRef | null> {
    try {
      const existing = await readPost(recordKeyForPart(part.key), 'read');
      return existing && existing.text === part.text ? existing.ref : null;
    } catch (error) {
      throw asLookupError('bluesky', 'Bluesky', error);
    }
  }

  /** `at://<did>/app.bsky.feed.post/<rkey>` → its rkey, only for a record of our own repo. */
  function ownRecordKey(uri: string, did: string): string {
    const match = /^at:\/\/([^/]+)\/app\.bsky\.feed\.post\/([^/]+)$/.exec(uri);
    if (match === null || match[1] !== did) {
      throw new ContentRejectedError(
        'bluesky',
        `Bluesky record ${uri} is not a post of this account; nothing deleted`,
        'Cette publication Bluesky n’appartient pas au compte; rien n’est supprimé.',
      );
    }
    return match[2] as string;
  }

  /** `deleteRecord` answers `{"commit":…}` when it deleted, `{}` when the record was gone already. */
  async function deletePost(ref: RemoteRef): Promise<'deleted' | 'gone'> {
    try {
      return await withSession(async (session) => {
        const rkey = ownRecordKey(ref.id, session.did);
        const { data } = await agent.com.atproto.repo.deleteRecord({
          repo: session.did,
          collection: POST_COLLECTION,
          rkey,
        });
        return data.commit === undefined ? 'gone' : 'deleted';
      });
    } catch (error) {
      if (error instanceof ContentRejectedError) throw error;
      throw classifyBlueskyError(error, 'create', nowMs);
    }
  }

  async function postExists(ref: RemoteRef): Promise<boolean> {
    const rkey = /\/app\.bsky\.feed\.post\/([^/]+)$/.exec(ref.id)?.[1];
    if (rkey === undefined) return false;
    return (await readPost(rkey, 'read')) !== null;
  }

  return {
    id: 'bluesky',
    limits: BLUESKY.limits,

    async verify(): Promise<AccountInfo> {
      try {
        const { data } = await withSession(() => agent.com.atproto.server.getSession());
        const token = agent.session?.accessJwt;
        const expiresAt = token === undefined ? undefined : jwtExpiry(token);
        return {
          network: 'bluesky',
          account: data.handle,
          renewsAutomatically: true,
          ...(expiresAt ? { expiresAt } : {}),
        };
      } catch (error) {
        throw classifyBlueskyError(error, 'read', nowMs);
      }
    },

    async uploadMedia(card: RenderedCard): Promise<MediaRef> {
      const bytes = await readCard(card, readFile);
      try {
        const { data } = await withSession(() => agent.uploadBlob(bytes, { encoding: card.mime }));
        const blob = lexToJson(data.blob) as unknown as BlobJson;
        return {
          network: 'bluesky',
          id: blob.ref.$link,
          alt: card.alt,
          width: card.width,
          height: card.height,
          data: blob,
        };
      } catch (error) {
        throw classifyBlueskyError(error, 'upload', nowMs);
      }
    },

    createPost,
    findPost,
    createCorrection: (part, media, target, replyTo) =>
      createPost(part, media, replyTo ?? { root: target, parent: target }),
    findCorrection: (part, _target, since) => findPost(part, since),
    deletePost,
    postExists,
  };
}

/** `promise`, or undefined once `ms` have passed. */
async function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** The server does not serve this XRPC method (nothing was done). */
function isMethodNotServed(error: unknown): boolean {
  return (
    error instanceof XRPCError &&
    (error.status === 404 || error.status === 501 || error.error === 'MethodNotImplemented')
  );
}

/** Whether a saved session belongs to the configured account (handles are case-insensitive). */
function sameAccount(session: AtpSessionData, identifier: string): boolean {
  return session.did === identifier || session.handle.toLowerCase() === identifier.toLowerCase();
}

function isAuthFailure(error: unknown): boolean {
  if (error instanceof XRPCError) {
    return (
      error.status === 401 ||
      ['AuthenticationRequired', 'ExpiredToken', 'InvalidToken', 'InvalidDID'].includes(error.error)
    );
  }
  return error instanceof Error && error.message === 'DID mismatch on resumeSession';
}

/** The card's bytes, refused when the file is missing or no longer the one that was approved. */
async function readCard(card: RenderedCard, readFile: (path: string) => Promise<Uint8Array>): Promise<Uint8Array> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(card.path);
  } catch (error) {
    throw new ContentRejectedError(
      'bluesky',
      `Cannot read card ${card.path}: ${(error as Error).message}`,
      `Impossible de lire l’image ${card.path}; il faut la générer de nouveau.`,
      { cause: error },
    );
  }
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  if (sha256 !== card.sha256) {
    throw new ContentRejectedError(
      'bluesky',
      `Card ${card.path} changed since it was rendered (sha256 ${sha256}, expected ${card.sha256})`,
      `L’image ${card.path} a changé depuis son approbation; il faut la regénérer et la faire approuver.`,
    );
  }
  return bytes;
}
