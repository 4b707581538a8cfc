import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AtpAgent } from '@atproto/api';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBlueskyAdapter } from '../../adapters/bluesky/adapter.js';
import { recordKeyForPart, tidTimestampUs } from '../../adapters/bluesky/record-key.js';
import { fileSessionStore, memorySessionStore, type SessionStore } from '../../adapters/bluesky/session-store.js';
import { altText } from '../../src/cards/alt-text.js';
import { planCards } from '../../src/cards/plan.js';
import type { RenderedCard } from '../../src/cards/types.js';
import { composeDrafts } from '../../src/compose/compose.js';
import { WHOLE_UPDATE_FORMATS } from '../../src/compose/formats.js';
import type { MediaRef, NetworkAdapter, PostPart, RemoteRef } from '../../src/publish/port.js';
import {
  AuthError,
  ContentRejectedError,
  DuplicateError,
  OutcomeUnknownError,
  RateLimitedError,
  TransientError,
} from '../../src/publish/port-errors.js';
import { parseUpdateFile } from '../../src/update/parse.js';
import { cardFile } from '../fakes/card-file.js';
import { type FaultProxy, redirectingFetch, startFaultProxy } from '../fakes/fault-proxy.js';
import { type LocalPds, type PdsAccount, startPds } from '../fakes/pds.js';

const SAMPLE = new URL('../../examples/2026-05-14-dsn.md', import.meta.url).pathname;
const CREATE_SESSION = '/xrpc/com.atproto.server.createSession';
const REFRESH_SESSION = '/xrpc/com.atproto.server.refreshSession';
const PUT_RECORD = '/xrpc/com.atproto.repo.putRecord';
const UPLOAD_BLOB = '/xrpc/com.atproto.repo.uploadBlob';
const GET_RECORD = '/xrpc/com.atproto.repo.getRecord';
const FIXED_NOW = Date.parse('2026-05-14T13:00:00Z');

let pds: LocalPds;
let proxy: FaultProxy;
let workDir: string;
let card: RenderedCard;
let reader: AtpAgent;

beforeAll(async () => {
  pds = await startPds({ rateLimits: true });
  proxy = await startFaultProxy(pds.url);
  workDir = await mkdtemp(join(tmpdir(), 'crieur-bluesky-'));
  card = await writeCard(join(workDir, 'key-figures.png'), 'Carte des chiffres clés du 14 mai 2026.');
  reader = new AtpAgent({ service: pds.url });
});

afterAll(async () => {
  await proxy?.close();
  await pds?.close();
  if (workDir) await rm(workDir, { recursive: true, force: true });
});

function adapterFor(
  account: PdsAccount,
  options: { store?: SessionStore; timeoutMs?: number; now?: () => Date; appPassword?: string } = {},
): NetworkAdapter {
  return createBlueskyAdapter({
    service: proxy.url,
    handle: account.handle,
    appPassword: options.appPassword ?? account.appPassword,
    sessionStore: options.store ?? memorySessionStore(),
    fetch: redirectingFetch(pds.origins, proxy.url),
    timeoutMs: options.timeoutMs ?? 10_000,
    ...(options.now ? { now: options.now } : {}),
  });
}

async function writeCard(path: string, alt: string, noise = false): Promise<RenderedCard> {
  const width = 1200;
  const height = 675;
  const png = noise
    ? await sharp(randomBytes(width * height * 3), { raw: { width, height, channels: 3 } })
        .png({ compressionLevel: 0 })
        .toBuffer()
    : await sharp({ create: { width, height, channels: 3, background: '#0b3d6b' } })
        .composite([
          {
            input: Buffer.from(
              `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">` +
                '<rect x="64" y="64" width="480" height="240" rx="24" fill="#ffffff"/>' +
                '<rect x="656" y="64" width="480" height="240" rx="24" fill="#f2c14e"/>' +
                '<circle cx="600" cy="500" r="120" fill="#e85d75"/></svg>',
            ),
          },
        ])
        .png()
        .toBuffer();
  return cardFile(path, png, alt);
}

async function getPost(ref: RemoteRef) {
  const [, , did, collection, rkey] = ref.id.split('/');
  const { data } = await reader.com.atproto.repo.getRecord({ repo: did!, collection: collection!, rkey: rkey! });
  return data.value as {
    text: string;
    langs?: string[];
    facets?: Array<{ index: { byteStart: number; byteEnd: number }; features: Array<Record<string, unknown>> }>;
    embed?: {
      $type: string;
      images: Array<{
        image: { ref: { toString(): string }; mimeType: string; size: number };
        alt: string;
        aspectRatio: unknown;
      }>;
    };
    reply?: { root: { uri: string; cid: string }; parent: { uri: string; cid: string } };
  };
}

async function postCount(did: string): Promise<number> {
  const { data } = await reader.com.atproto.repo.listRecords({
    repo: did,
    collection: 'app.bsky.feed.post',
    limit: 100,
  });
  return data.records.length;
}

/** The substring a facet points at, read through UTF-8 byte offsets as the network reads it. */
function facetText(text: string, facet: { index: { byteStart: number; byteEnd: number } }): string {
  return Buffer.from(text, 'utf8').subarray(facet.index.byteStart, facet.index.byteEnd).toString('utf8');
}

describe('Bluesky adapter against a real PDS', () => {
  it('posts the sample update as a thread with its card and reads every record back identical', async () => {
    const account = await pds.createAccount('crieur-thread.test');
    const update = parseUpdateFile(SAMPLE);
    const specs = planCards(update);
    const [draft] = composeDrafts(
      update,
      { networks: ['bluesky'], hashtags: [], numbering: '(n/N)', maxThreadPosts: 4, formats: WHOLE_UPDATE_FORMATS },
      specs,
    );
    expect(draft!.posts.length).toBeGreaterThanOrEqual(3);
    const parts: PostPart[] = draft!.posts.map((post, index, all) => ({
      key: `2026-05-14-dsn:bluesky:${index}`,
      index,
      total: all.length,
      text: post.text,
    }));
    expect(card.bytes).toBeLessThan(1_000_000);
    const leadSpec = draft!.posts[0]!.cards[0]!;
    const leadCard = { ...card, spec: leadSpec, alt: altText(leadSpec, 2000) };

    const adapter = adapterFor(account);
    const uploaded = await adapter.uploadMedia(leadCard);
    // What the ledger keeps between runs: the media reference as JSON.
    const media: MediaRef = JSON.parse(JSON.stringify(uploaded));

    const refs: RemoteRef[] = [];
    for (const part of parts) {
      const root = refs[0];
      const parent = refs.at(-1);
      const replyTo = root && parent ? { root, parent } : undefined;
      refs.push(await adapter.createPost(part, part.index === 0 ? [media] : [], replyTo));
    }

    expect(await postCount(account.did)).toBe(parts.length);
    const pngBytes = await readFile(card.path);
    for (const [index, part] of parts.entries()) {
      const ref = refs[index]!;
      const rkey = recordKeyForPart(part.key);
      expect(ref.id).toBe(`at://${account.did}/app.bsky.feed.post/${rkey}`);
      expect(ref.url).toBe(`https://bsky.app/profile/${account.handle}/post/${rkey}`);
      const record = await getPost(ref);
      expect(record.text).toBe(part.text);
      expect(record.langs).toEqual(['fr']);
      if (index === 0) {
        expect(record.reply).toBeUndefined();
        const image = record.embed!.images[0]!;
        expect(record.embed!.$type).toBe('app.bsky.embed.images');
        expect(image.alt).toBe(leadCard.alt);
        expect(image.alt).toMatch(
          /Chiffres clés\. 22\s460 utilisateurs se sont déjà connectés au DSN, sur un total de 30\s000/u,
        );
        expect(image.aspectRatio).toEqual({ width: 1200, height: 675 });
        expect(image.image.mimeType).toBe('image/png');
        expect(image.image.size).toBe(pngBytes.length);
        const { data: blob } = await reader.com.atproto.sync.getBlob({
          did: account.did,
          cid: image.image.ref.toString(),
        });
        expect(Buffer.from(blob).equals(pngBytes)).toBe(true);
      } else {
        expect(record.embed).toBeUndefined();
        expect(record.reply).toEqual({
          root: { uri: refs[0]!.id, cid: refs[0]!.cid },
          parent: { uri: refs[index - 1]!.id, cid: refs[index - 1]!.cid },
        });
      }
    }

    // The link ends post 1; the hashtags end the thread.
    const first = await getPost(refs[0]!);
    const last = await getPost(refs.at(-1)!);
    const links = first.facets!.filter((facet) => facet.features[0]!.$type === 'app.bsky.richtext.facet#link');
    const tags = last.facets!.filter((facet) => facet.features[0]!.$type === 'app.bsky.richtext.facet#tag');
    expect(links.map((facet) => facetText(first.text, facet))).toEqual(['https://www.santequebec.gouv.qc.ca/']);
    expect(links[0]!.features[0]!.uri).toBe('https://www.santequebec.gouv.qc.ca/');
    expect(tags.map((facet) => facetText(last.text, facet))).toEqual(['#DSN', '#SantéQuébec']);
    expect(tags.map((facet) => facet.features[0]!.tag)).toEqual(['DSN', 'SantéQuébec']);
  });

  it('puts facets on the right UTF-8 bytes after accents and emoji', async () => {
    const account = await pds.createAccount('crieur-facets.test');
    const text = 'Été 🩺 à Montréal : 74,88 % des accès — détails sur https://exemple.qc.ca/mise-à-jour 👇 #Santé #DSN';
    const ref = await adapterFor(account).createPost({ key: 'facets:0', index: 0, total: 1, text }, []);
    const record = await getPost(ref);
    expect(record.text).toBe(text);
    expect(record.facets!.map((facet) => facetText(text, facet))).toEqual([
      'https://exemple.qc.ca/mise-à-jour',
      '#Santé',
      '#DSN',
    ]);
  });

  it('keeps the session: a second adapter with the same store refreshes instead of logging in', async () => {
    const account = await pds.createAccount('crieur-session.test');
    const path = join(workDir, 'session', 'bluesky.json');
    const logins = proxy.count(CREATE_SESSION);
    const refreshes = proxy.count(REFRESH_SESSION);

    const first = await adapterFor(account, { store: fileSessionStore(path) }).verify();
    expect(first.account).toBe(account.handle);
    expect(first.expiresAt!.getTime()).toBeGreaterThan(Date.now());
    expect(proxy.count(CREATE_SESSION)).toBe(logins + 1);
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    const saved = JSON.parse(await readFile(path, 'utf8'));
    expect(saved.did).toBe(account.did);

    const second = await adapterFor(account, { store: fileSessionStore(path) }).verify();
    expect(second.account).toBe(account.handle);
    expect(proxy.count(CREATE_SESSION)).toBe(logins + 1);
    expect(proxy.count(REFRESH_SESSION)).toBeGreaterThan(refreshes);
    // Refresh tokens rotate: the store holds the new one.
    expect(JSON.parse(await readFile(path, 'utf8')).refreshJwt).not.toBe(saved.refreshJwt);
  });

  it('logs in again when the saved session is no longer accepted', async () => {
    const account = await pds.createAccount('crieur-stale.test');
    const store = memorySessionStore({
      did: account.did,
      handle: account.handle,
      accessJwt: 'not-a-token',
      refreshJwt: 'not-a-token',
      active: true,
    });
    const logins = proxy.count(CREATE_SESSION);
    await adapterFor(account, { store }).verify();
    expect(proxy.count(CREATE_SESSION)).toBe(logins + 1);
    expect(store.current()?.refreshJwt).not.toBe('not-a-token');
  });

  it('refuses a bad app password with an AuthError', async () => {
    const account = await pds.createAccount('crieur-badpw.test');
    const error = await adapterFor(account, { appPassword: 'aaaa-bbbb-cccc-dddd' })
      .verify()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthError);
    expect((error as AuthError).status).toBe(401);
    expect((error as AuthError).messageFr).toContain('BLUESKY_APP_PASSWORD');
  });

  it('creates each part once: a resend returns the existing post, a different text is a duplicate', async () => {
    const account = await pds.createAccount('crieur-idem.test');
    const adapter = adapterFor(account);
    const part: PostPart = { key: '2026-05-14-dsn:bluesky:0', index: 0, total: 1, text: 'Bonjour 👋 le réseau #DSN' };
    expect(await adapter.findPost(part, new Date(0))).toBeNull();

    const first = await adapter.createPost(part, []);
    const again = await adapterFor(account).createPost(part, []);
    expect(again).toEqual(first);
    expect(await postCount(account.did)).toBe(1);
    expect(await adapter.findPost(part, new Date(0))).toEqual(first);
    expect(await adapter.findPost({ ...part, key: 'another:0' }, new Date(0))).toBeNull();

    const changed = await adapter.createPost({ ...part, text: 'Autre texte' }, []).catch((e: unknown) => e);
    expect(changed).toBeInstanceOf(DuplicateError);
    expect(await adapter.findPost({ ...part, text: 'Autre texte' }, new Date(0))).toBeNull();
    expect(await postCount(account.did)).toBe(1);
  });

  it('uses createRecord under the same keys on a server that does not serve putRecord, never posting twice', async () => {
    const account = await pds.createAccount('crieur-create.test');
    const adapter = adapterFor(account);
    const putCalls = proxy.count(PUT_RECORD);
    proxy.script.add({
      path: PUT_RECORD,
      fault: {
        kind: 'respond',
        status: 501,
        body: { error: 'MethodNotImplemented', message: 'Method Not Implemented' },
      },
    });
    const root: PostPart = { key: 'create-only:0', index: 0, total: 2, text: 'Premier message ✅' };
    const reply: PostPart = { key: 'create-only:1', index: 1, total: 2, text: 'Second message' };
    const first = await adapter.createPost(root, []);
    const second = await adapter.createPost(reply, [], { root: first, parent: first });
    expect(proxy.count(PUT_RECORD)).toBe(putCalls + 1);
    expect(first.id).toBe(`at://${account.did}/app.bsky.feed.post/${recordKeyForPart(root.key)}`);
    expect(second.id).toBe(`at://${account.did}/app.bsky.feed.post/${recordKeyForPart(reply.key)}`);
    expect((await getPost(second)).reply).toEqual({
      root: { uri: first.id, cid: first.cid },
      parent: { uri: first.id, cid: first.cid },
    });

    // The PDS refuses a taken key on createRecord with a 500: outcome unknown, so the publisher
    // looks the part up, and finds the first post.
    const resend = await adapter.createPost(root, []).catch((e: unknown) => e);
    expect(resend).toBeInstanceOf(OutcomeUnknownError);
    expect(await adapter.findPost(root, new Date(0))).toEqual(first);
    expect(await postCount(account.did)).toBe(2);

    // A server that does not serve getRecord proves nothing about the post: no "not found".
    proxy.script.add({ path: GET_RECORD, fault: { kind: 'respond', status: 404, body: {} } });
    const lookup = await adapter.findPost(reply, new Date(0)).catch((e: unknown) => e);
    expect(lookup).toBeInstanceOf(Error);
    expect(await adapter.findPost(reply, new Date(0))).toEqual(second);
  });

  it('passes the PDS content refusals on as ContentRejectedError', async () => {
    const account = await pds.createAccount('crieur-reject.test');
    const adapter = adapterFor(account);
    const tooLong = await adapter
      .createPost({ key: 'long:0', index: 0, total: 1, text: 'é'.repeat(301) }, [])
      .catch((e: unknown) => e);
    expect(tooLong).toBeInstanceOf(ContentRejectedError);
    expect((tooLong as ContentRejectedError).message).toContain('grapheme too big');

    const big = await writeCard(join(workDir, 'noise.png'), 'Bruit', true);
    expect(big.bytes).toBeGreaterThan(1_000_000);
    const media = await adapter.uploadMedia(big);
    const tooBig = await adapter
      .createPost({ key: 'big:0', index: 0, total: 1, text: 'Image trop lourde' }, [media])
      .catch((e: unknown) => e);
    expect(tooBig).toBeInstanceOf(ContentRejectedError);
    expect((tooBig as ContentRejectedError).status).toBe(400);

    const changed = await adapter.uploadMedia({ ...card, sha256: '0'.repeat(64) }).catch((e: unknown) => e);
    expect(changed).toBeInstanceOf(ContentRejectedError);
    expect(await postCount(account.did)).toBe(0);
  });

  describe('through the fault proxy', () => {
    let account: PdsAccount;
    let adapter: NetworkAdapter;
    const part = (key: string): PostPart => ({ key: `faults:${key}`, index: 0, total: 1, text: `Essai ${key} ✅` });

    beforeAll(async () => {
      account = await pds.createAccount('crieur-faults.test');
      adapter = adapterFor(account, { timeoutMs: 1500, now: () => new Date(FIXED_NOW) });
      await adapter.verify();
    });

    it('classifies a 429 with its ratelimit-reset time', async () => {
      proxy.script.add({
        path: PUT_RECORD,
        fault: {
          kind: 'respond',
          status: 429,
          headers: {
            'ratelimit-limit': '5000',
            'ratelimit-remaining': '0',
            'ratelimit-reset': String(FIXED_NOW / 1000 + 120),
          },
          body: { error: 'RateLimitExceeded', message: 'Rate Limit Exceeded' },
        },
      });
      const error = await adapter.createPost(part('429'), []).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(RateLimitedError);
      expect((error as RateLimitedError).retryAfterMs).toBe(120_000);
      expect(await adapter.findPost(part('429'), new Date(0))).toBeNull();
    });

    it('treats a 500 on creation as outcome unknown, and 503 on upload or read as transient', async () => {
      proxy.script.add({
        path: PUT_RECORD,
        fault: {
          kind: 'respond',
          status: 500,
          body: { error: 'InternalServerError', message: 'Internal Server Error' },
        },
      });
      expect(await adapter.createPost(part('500'), []).catch((e: unknown) => e)).toBeInstanceOf(OutcomeUnknownError);

      proxy.script.add({
        path: UPLOAD_BLOB,
        fault: { kind: 'respond', status: 503, body: { error: 'NotEnoughResources', message: 'Unavailable' } },
      });
      const upload = await adapter.uploadMedia(card).catch((e: unknown) => e);
      expect(upload).toBeInstanceOf(TransientError);
      expect((upload as TransientError).failureClass).toBe('server');

      proxy.script.add({ path: GET_RECORD, fault: { kind: 'respond', status: 503, body: { error: 'Unavailable' } } });
      expect(await adapter.findPost(part('500'), new Date(0)).catch((e: unknown) => e)).toBeInstanceOf(TransientError);
      expect(await adapter.findPost(part('500'), new Date(0))).toBeNull();
    });

    it('treats a creation that times out as outcome unknown', async () => {
      proxy.script.add({ path: PUT_RECORD, fault: { kind: 'hang' } });
      const error = await adapter.createPost(part('hang'), []).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(OutcomeUnknownError);
      expect(await adapter.findPost(part('hang'), new Date(0))).toBeNull();
    });

    it('treats a reset during creation as outcome unknown, during upload as transient', async () => {
      proxy.script.add({ path: PUT_RECORD, fault: { kind: 'reset' } });
      expect(await adapter.createPost(part('reset'), []).catch((e: unknown) => e)).toBeInstanceOf(OutcomeUnknownError);
      proxy.script.add({ path: UPLOAD_BLOB, fault: { kind: 'reset' } });
      const upload = await adapter.uploadMedia(card).catch((e: unknown) => e);
      expect(upload).toBeInstanceOf(TransientError);
      expect((upload as TransientError).failureClass).toBe('network');
    });

    it('finds a post whose creation was accepted but whose answer was lost', async () => {
      proxy.script.add({ path: PUT_RECORD, fault: { kind: 'accept-then-drop' } });
      const error = await adapter.createPost(part('dropped'), []).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(OutcomeUnknownError);
      const found = await adapter.findPost(part('dropped'), new Date(0));
      expect(found?.id).toBe(`at://${account.did}/app.bsky.feed.post/${recordKeyForPart('faults:dropped')}`);
      expect(await adapter.createPost(part('dropped'), [])).toEqual(found);
    });

    it('refreshes an expired token, and logs in again when the refresh is refused', async () => {
      const refreshes = proxy.count(REFRESH_SESSION);
      proxy.script.add({
        path: PUT_RECORD,
        fault: { kind: 'respond', status: 400, body: { error: 'ExpiredToken', message: 'Token has expired' } },
      });
      expect((await adapter.createPost(part('expired'), [])).cid).toBeDefined();
      expect(proxy.count(REFRESH_SESSION)).toBe(refreshes + 1);

      const logins = proxy.count(CREATE_SESSION);
      proxy.script
        .add({
          path: PUT_RECORD,
          fault: { kind: 'respond', status: 400, body: { error: 'ExpiredToken', message: 'Token has expired' } },
        })
        .add({
          path: REFRESH_SESSION,
          fault: { kind: 'respond', status: 400, body: { error: 'ExpiredToken', message: 'Token has expired' } },
        });
      expect((await adapter.createPost(part('relogin'), [])).cid).toBeDefined();
      expect(proxy.count(CREATE_SESSION)).toBe(logins + 1);
    });

    it('reports an expired token whose refresh cannot reach the server as transient', async () => {
      proxy.script
        .add({
          path: PUT_RECORD,
          fault: { kind: 'respond', status: 400, body: { error: 'ExpiredToken', message: 'Token has expired' } },
        })
        .add({ path: REFRESH_SESSION, fault: { kind: 'reset' } });
      const error = await adapter.createPost(part('refresh-reset'), []).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(TransientError);
      expect(await adapter.findPost(part('refresh-reset'), new Date(0))).toBeNull();
      expect((await adapter.createPost(part('refresh-reset'), [])).cid).toBeDefined();
    });

    it('reports an AuthError when the token expired and the login is refused', async () => {
      proxy.script
        .add({
          path: PUT_RECORD,
          fault: { kind: 'respond', status: 400, body: { error: 'ExpiredToken', message: 'Token has expired' } },
        })
        .add({
          path: REFRESH_SESSION,
          fault: { kind: 'respond', status: 400, body: { error: 'ExpiredToken', message: 'Token has expired' } },
        })
        .add({
          path: CREATE_SESSION,
          fault: {
            kind: 'respond',
            status: 401,
            body: { error: 'AuthenticationRequired', message: 'Invalid identifier or password' },
          },
        });
      expect(await adapter.createPost(part('auth'), []).catch((e: unknown) => e)).toBeInstanceOf(AuthError);
      expect(proxy.script.served.at(-1)?.path).toBe(CREATE_SESSION);
    });
  });

  it('reports a refused connection as transient', async () => {
    const closed = await startFaultProxy(pds.url);
    const service = closed.url;
    await closed.close();
    const adapter = createBlueskyAdapter({
      service,
      handle: 'nobody.test',
      appPassword: 'aaaa-bbbb-cccc-dddd',
      sessionStore: memorySessionStore(),
    });
    const error = await adapter.verify().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TransientError);
    expect((error as TransientError).failureClass).toBe('network');
  });

  it('derives stable TID record keys, dated the day before a dated part key', () => {
    const key = recordKeyForPart('2026-05-14-dsn:bluesky:0');
    expect(key).toMatch(/^[234567abcdefghij][234567abcdefghijklmnopqrstuvwxyz]{12}$/);
    expect(recordKeyForPart('2026-05-14-dsn:bluesky:0')).toBe(key);
    expect(recordKeyForPart('2026-05-14-dsn:bluesky:1')).not.toBe(key);
    const ms = Number(tidTimestampUs(key) / 1000n);
    expect(ms).toBeGreaterThanOrEqual(Date.parse('2026-05-13T00:00:00Z'));
    expect(ms).toBeLessThan(Date.parse('2026-05-14T00:00:00Z'));
    const undated = Number(tidTimestampUs(recordKeyForPart('no-date:0')) / 1000n);
    expect(undated).toBeLessThan(FIXED_NOW);
  });
});
