import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { TwitterApi } from 'twitter-api-v2';
import twitterText from 'twitter-text';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { classifyXError, createXAdapter, normaliseXText, type XAdapterOptions } from '../../adapters/x/index.js';
import { altText } from '../../src/cards/alt-text.js';
import { planCards } from '../../src/cards/plan.js';
import type { RenderedCard } from '../../src/cards/types.js';
import { composeDrafts } from '../../src/compose/compose.js';
import { WHOLE_UPDATE_FORMATS } from '../../src/compose/formats.js';
import type { NetworkAdapter, PostPart, RemoteRef } from '../../src/publish/port.js';
import {
  AuthError,
  ContentRejectedError,
  DuplicateError,
  OutcomeUnknownError,
  RateLimitedError,
  TransientError,
} from '../../src/publish/port-errors.js';
import { parseUpdateFile } from '../../src/update/parse.js';
import { oauthPercentEncode, oauthSignature } from '../fakes/x-oauth1.js';
import { startXServer, type XServer, type XServerOptions } from '../fakes/x-server.js';

const SAMPLE = new URL('../../examples/2026-05-14-dsn.md', import.meta.url).pathname;

const THREAD = [
  "Mise à jour quotidienne – Dossier santé numérique (DSN), 14 mai 2026 🧵\n\nUn réseau qui apprend et s'adapte en temps réel : malgré l'ampleur du changement, la continuité des soins a été assurée. (1/4)",
  "Mauricie-Centre-du-Québec : les centrales de prélèvements ont réalisé 1 106 prélèvements hier, 7 % de plus que la cible prévue. Nos intervenants s'approprient chaque jour un peu plus la plateforme. (2/4)",
  "Nord-de-l'Île-de-Montréal : une dame de 89 ans rencontrée en gériatrie à l'Hôpital Jean-Talon trouve qu'elle reçoit les services plus rapidement depuis le DSN. Elle donne 100 % aux équipes! (3/4)",
  'En chiffres : 22 460 utilisateurs connectés au DSN sur 30 000, 74,88 % des accès effectués et 6 708 utilisateurs simultanés le 13 mai à 14 h 15.\n\nhttps://www.santequebec.gouv.qc.ca/ #DSN #SantéQuébec (4/4)',
];

function part(text: string, index = 0, total = 1): PostPart {
  return { key: `2026-05-14-dsn:x:${index}`, index, total, text };
}

let dir: string;
let keyFigures: RenderedCard;
let highlights: RenderedCard;

async function writeCard(
  name: string,
  image: ReturnType<typeof sharp>,
  alt: string,
  spec: RenderedCard['spec'],
): Promise<RenderedCard> {
  const bytes = await image.png().toBuffer();
  const path = join(dir, `${name}.png`);
  await writeFile(path, bytes);
  const { width, height } = await sharp(bytes).metadata();
  return {
    spec,
    path,
    alt,
    mime: 'image/png',
    width: width!,
    height: height!,
    bytes: bytes.length,
    sha256: createHash('sha256').update(bytes).digest('hex'),
  };
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'crieur-x-'));
  const bars = Buffer.from(
    '<svg xmlns="http://www.w3.org/2000/svg" width="1200" height="675">' +
      '<rect x="80" y="420" width="200" height="180" fill="#ffffff"/>' +
      '<rect x="380" y="300" width="200" height="300" fill="#9fd3ff"/>' +
      '<rect x="680" y="180" width="200" height="420" fill="#ffd166"/></svg>',
  );
  keyFigures = await writeCard(
    'key-figures',
    sharp({ create: { width: 1200, height: 675, channels: 3, background: '#0b3d91' } }).composite([{ input: bars }]),
    'Carte « Mise à jour quotidienne, 14 mai 2026 » : 22 460 utilisateurs connectés sur 30 000, 74,88 % des accès effectués, 6 708 utilisateurs simultanés.',
    {
      template: 'key-figures',
      title: 'Mise à jour quotidienne',
      dateLabel: '14 mai 2026',
      figures: [],
      anchor: { kind: 'lead' },
    },
  );
  // Noise does not compress: the file spans several 1 MiB append segments.
  highlights = await writeCard(
    'highlights',
    sharp({
      create: {
        width: 1200,
        height: 675,
        channels: 3,
        background: '#000000',
        noise: { type: 'gaussian', mean: 128, sigma: 60 },
      },
    }),
    'Carte « Bons coups – Nord-de-l’Île-de-Montréal » : témoignage d’une usagère de 89 ans à l’Hôpital Jean-Talon.',
    {
      template: 'highlights',
      heading: 'Bons coups',
      dateLabel: '14 mai 2026',
      bullets: [],
      anchor: { kind: 'section', sectionIndex: 3 },
    },
  );
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

let server: XServer | undefined;

afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function setUp(
  serverOptions: XServerOptions = {},
  adapterOptions: Partial<XAdapterOptions> = {},
): Promise<{ server: XServer; adapter: NetworkAdapter }> {
  server = await startXServer(serverOptions);
  const { consumerKey, consumerSecret, accessToken, accessSecret } = server.credentials;
  const adapter = createXAdapter({
    credentials: { appKey: consumerKey, appSecret: consumerSecret, accessToken, accessSecret },
    apiUrl: server.url,
    timeoutMs: 2_000,
    ...adapterOptions,
  });
  return { server, adapter };
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to fail');
}

describe('X adapter against the local X server', () => {
  it('posts the sample update’s X thread with its card and alt text, and reads it back identical', async () => {
    const { server, adapter } = await setUp();
    const update = parseUpdateFile(SAMPLE);
    const [draft] = composeDrafts(
      update,
      { networks: ['x'], hashtags: [], numbering: '(n/N)', maxThreadPosts: 4, formats: WHOLE_UPDATE_FORMATS },
      planCards(update),
    );
    const posts = draft!.posts;
    expect(posts.length).toBeGreaterThanOrEqual(3);
    const leadSpec = posts[0]!.cards[0]!;
    const card: RenderedCard = { ...keyFigures, spec: leadSpec, alt: altText(leadSpec, 1000) };
    expect(card.alt).toMatch(/22\s460/u);

    const media = [await adapter.uploadMedia(card)];
    const refs: RemoteRef[] = [];
    for (const [index, post] of posts.entries()) {
      const root = refs[0];
      const parent = refs.at(-1);
      const replyTo = root && parent ? { root, parent } : undefined;
      const postPart = { key: `2026-05-14-dsn:x:${index}`, index, total: posts.length, text: post.text };
      refs.push(await adapter.createPost(postPart, post.cards.length > 0 ? media : [], replyTo));
    }

    expect(server.posts.map((post) => post.text)).toEqual(posts.map((post) => post.text));
    expect(server.posts.map((post) => post.id)).toEqual(refs.map((ref) => ref.id));
    expect(server.posts.map((post) => post.inReplyToId)).toEqual([
      undefined,
      ...refs.slice(0, -1).map((ref) => ref.id),
    ]);
    expect(server.posts.map((post) => post.mediaIds)).toEqual(
      posts.map((_, index) => (index === 0 ? [media[0]!.id] : [])),
    );
    const stored = server.media.get(media[0]!.id)!;
    expect(stored.bytes!.equals(await readFile(card.path))).toBe(true);
    expect(stored.altText).toBe(card.alt);
    // X rewrote the link in post 1 to t.co; what was sent is still what was approved.
    expect(server.posts[0]!.returnedText).toMatch(/https:\/\/t\.co\/\w{10}/);
    expect(server.posts[0]!.text).toContain('https://www.santequebec.gouv.qc.ca/');
  });

  it('posts a thread with two cards, one spanning several upload segments, and reads it back identical', async () => {
    const { server, adapter } = await setUp();
    for (const text of THREAD) expect(twitterText.parseTweet(text).valid).toBe(true);

    const lead = await adapter.uploadMedia(keyFigures);
    const third = await adapter.uploadMedia(highlights);
    expect(highlights.bytes).toBeGreaterThan(1024 * 1024);

    const refs: RemoteRef[] = [];
    for (const [index, text] of THREAD.entries()) {
      const media = index === 0 ? [lead] : index === 2 ? [third] : [];
      const previous = refs[index - 1];
      const replyTo = previous ? { root: refs[0]!, parent: previous } : undefined;
      refs.push(await adapter.createPost(part(text, index, THREAD.length), media, replyTo));
    }

    expect(server.posts.map((post) => post.text)).toEqual(THREAD);
    expect(server.posts.map((post) => post.id)).toEqual(refs.map((ref) => ref.id));
    expect(server.posts.map((post) => post.inReplyToId)).toEqual([undefined, refs[0]!.id, refs[1]!.id, refs[2]!.id]);
    expect(new Set(server.posts.map((post) => post.conversationId))).toEqual(new Set([refs[0]!.id]));
    expect(refs[0]!.url).toBe(`https://x.com/i/web/status/${refs[0]!.id}`);
    expect(refs.every((ref) => ref.network === 'x' && /^\d+$/.test(ref.id))).toBe(true);

    expect(server.posts.map((post) => post.mediaIds)).toEqual([[lead.id], [], [third.id], []]);
    for (const [ref, card] of [
      [lead, keyFigures],
      [third, highlights],
    ] as const) {
      const stored = server.media.get(ref.id)!;
      expect(stored.bytes!.equals(await readFile(card.path))).toBe(true);
      expect(stored.altText).toBe(card.alt);
      expect(stored.mediaType).toBe('image/png');
      expect(ref).toMatchObject({ network: 'x', alt: card.alt, width: 1200, height: 675 });
    }
    expect(server.media.get(third.id)!.segments.size).toBe(Math.ceil(highlights.bytes / (1024 * 1024)));
    expect(server.authFailures).toEqual([]);
  });

  it('verify names the account and takes no expiry for OAuth 1.0a tokens', async () => {
    const { adapter, server } = await setUp();
    const account = await adapter.verify();
    expect(account).toEqual({ network: 'x', account: `@${server.user.username}` });
  });

  describe('errors are classified', () => {
    it('401 for a revoked token is an AuthError naming X_ACCESS_TOKEN', async () => {
      const { adapter, server } = await setUp({}, {});
      const revoked = createXAdapter({
        credentials: {
          appKey: server.credentials.consumerKey,
          appSecret: server.credentials.consumerSecret,
          accessToken: 'revoked-token',
          accessSecret: server.credentials.accessSecret,
        },
        apiUrl: server.url,
      });
      const error = await rejection(revoked.verify());
      expect(error).toBeInstanceOf(AuthError);
      expect((error as AuthError).status).toBe(401);
      expect((error as AuthError).retry).toBe('never');
      expect((error as AuthError).messageFr).toContain('X_ACCESS_TOKEN');
      expect(await rejection(revoked.createPost(part(THREAD[0]!), []))).toBeInstanceOf(AuthError);
      expect(server.authFailures.map((failure) => failure.reason)).toEqual([
        'unknown or revoked token',
        'unknown or revoked token',
      ]);
      expect(server.posts).toEqual([]);
      await expect(adapter.verify()).resolves.toMatchObject({ network: 'x' });
    });

    it('a wrong consumer secret fails the signature check', async () => {
      const { server } = await setUp();
      const wrong = createXAdapter({
        credentials: {
          appKey: server.credentials.consumerKey,
          appSecret: 'not-the-secret',
          accessToken: server.credentials.accessToken,
          accessSecret: server.credentials.accessSecret,
        },
        apiUrl: server.url,
      });
      expect(await rejection(wrong.uploadMedia(keyFigures))).toBeInstanceOf(AuthError);
      expect(server.authFailures).toEqual([
        { method: 'POST', path: '/2/media/upload/initialize', reason: 'signature mismatch' },
      ]);
      expect(server.media.size).toBe(0);
    });

    it('a request without an OAuth header is refused with X’s 401 body', async () => {
      const { server } = await setUp();
      const response = await fetch(`${server.url}/2/users/me`);
      expect(response.status).toBe(401);
      expect(await response.json()).toEqual({
        title: 'Unauthorized',
        type: 'about:blank',
        status: 401,
        detail: 'Unauthorized',
      });
      expect(server.authFailures[0]!.reason).toBe('missing Authorization header');
    });

    it('429 gives retryAfterMs from x-rate-limit-reset', async () => {
      const at = Date.UTC(2026, 4, 14, 13, 0, 0);
      const { adapter, server } = await setUp({}, { now: () => new Date(at) });
      server.faults.add({
        method: 'POST',
        path: '/2/tweets',
        fault: {
          kind: 'respond',
          status: 429,
          headers: {
            'x-rate-limit-limit': '100',
            'x-rate-limit-remaining': '0',
            'x-rate-limit-reset': String(at / 1000 + 600),
          },
          body: { title: 'Too Many Requests', detail: 'Too Many Requests', type: 'about:blank', status: 429 },
        },
      });
      const error = await rejection(adapter.createPost(part(THREAD[0]!), []));
      expect(error).toBeInstanceOf(RateLimitedError);
      expect((error as RateLimitedError).retryAfterMs).toBe(600_000);
      expect((error as RateLimitedError).messageFr).toContain('10 minutes');
      expect(server.posts).toEqual([]);
    });

    it('429 once the 24-hour user limit is spent waits for x-user-limit-24hour-reset', async () => {
      const at = Date.now();
      const { adapter, server } = await setUp({ postsPerDay: 1, now: () => at }, { now: () => new Date(at) });
      await adapter.createPost(part(THREAD[0]!), []);
      const error = await rejection(adapter.createPost(part(THREAD[1]!), []));
      expect(error).toBeInstanceOf(RateLimitedError);
      expect((error as RateLimitedError).retryAfterMs).toBe(Math.ceil((at + 86_400_000) / 1000) * 1000 - at);
      expect(server.posts).toHaveLength(1);
    });

    it.each([500, 503])(
      '%i on a create is an unknown outcome; on reads and uploads it is transient',
      async (status) => {
        const { adapter, server } = await setUp();
        const body = { title: 'Service Unavailable', detail: 'Service Unavailable', type: 'about:blank', status };
        server.faults.add({ method: 'POST', path: '/2/tweets', fault: { kind: 'respond', status, body } });
        server.faults.add({ method: 'GET', path: '/2/users/me', fault: { kind: 'respond', status, body } });
        server.faults.add({ path: '/2/media/upload/initialize', fault: { kind: 'respond', status, body } });

        const created = await rejection(adapter.createPost(part(THREAD[0]!), []));
        expect(created).toBeInstanceOf(OutcomeUnknownError);
        expect((created as OutcomeUnknownError).status).toBe(status);
        expect((created as OutcomeUnknownError).retry).toBe('unknown');
        const read = await rejection(adapter.verify());
        expect(read).toBeInstanceOf(TransientError);
        expect((read as TransientError).failureClass).toBe('server');
        expect(await rejection(adapter.uploadMedia(keyFigures))).toBeInstanceOf(TransientError);
      },
    );

    it('a timeout on a create is an unknown outcome; on a read it is transient', async () => {
      const { adapter, server } = await setUp({}, { timeoutMs: 300 });
      server.faults.add({ method: 'POST', path: '/2/tweets', fault: { kind: 'hang' } });
      server.faults.add({ method: 'GET', path: '/2/users/me', fault: { kind: 'hang' } });
      const created = await rejection(adapter.createPost(part(THREAD[0]!), []));
      expect(created).toBeInstanceOf(OutcomeUnknownError);
      expect(String((created as Error).message)).toContain('timeout');
      const read = await rejection(adapter.verify());
      expect(read).toBeInstanceOf(TransientError);
      expect((read as TransientError).failureClass).toBe('network');
    });

    it('a connection reset on a create is an unknown outcome; on a read it is transient', async () => {
      const { adapter, server } = await setUp();
      server.faults.add({ method: 'POST', path: '/2/tweets', fault: { kind: 'reset' } });
      server.faults.add({ method: 'GET', path: '/2/users/me', fault: { kind: 'reset' } });
      expect(await rejection(adapter.createPost(part(THREAD[0]!), []))).toBeInstanceOf(OutcomeUnknownError);
      expect(await rejection(adapter.verify())).toBeInstanceOf(TransientError);
      expect(server.posts).toEqual([]);
    });

    it('a refused connection sent nothing: transient even for a create', async () => {
      const { adapter, server } = await setUp();
      await server.close();
      const error = await rejection(adapter.createPost(part(THREAD[0]!), []));
      expect(error).toBeInstanceOf(TransientError);
      expect((error as TransientError).retry).toBe('safe');
      expect((error as Error).message).toContain('ECONNREFUSED');
    });

    it('the same text twice is a DuplicateError', async () => {
      const { adapter, server } = await setUp();
      await adapter.createPost(part(THREAD[0]!), []);
      const error = await rejection(adapter.createPost(part(THREAD[0]!), []));
      expect(error).toBeInstanceOf(DuplicateError);
      expect((error as DuplicateError).status).toBe(403);
      expect(server.posts).toHaveLength(1);
    });

    it('content X refuses is a ContentRejectedError', async () => {
      const { adapter, server } = await setUp();
      const tooLong = await rejection(adapter.createPost(part('é'.repeat(281)), []));
      expect(tooLong).toBeInstanceOf(ContentRejectedError);
      expect((tooLong as ContentRejectedError).status).toBe(403);

      const orphan = await rejection(
        adapter.createPost(part(THREAD[1]!), [], {
          root: { network: 'x', id: '1790000000000000000' },
          parent: { network: 'x', id: '1790000000000000000' },
        }),
      );
      expect(orphan).toBeInstanceOf(ContentRejectedError);

      const longAlt = await rejection(adapter.uploadMedia({ ...keyFigures, alt: 'a'.repeat(1001) }));
      expect(longAlt).toBeInstanceOf(ContentRejectedError);
      expect((longAlt as ContentRejectedError).status).toBe(400);

      const notPng = join(dir, 'not-a-png.png');
      await writeFile(notPng, Buffer.from('GIF89a is not what the header says'));
      expect(await rejection(adapter.uploadMedia({ ...keyFigures, path: notPng }))).toBeInstanceOf(
        ContentRejectedError,
      );

      const unknownMedia = await rejection(
        adapter.createPost(part(THREAD[2]!), [
          { network: 'x', id: '1790000000000000001', alt: '', width: 1, height: 1 },
        ]),
      );
      expect(unknownMedia).toBeInstanceOf(ContentRejectedError);
      expect(server.posts).toEqual([]);
    });

    it('an upload whose STATUS reports failed processing is a ContentRejectedError', async () => {
      const { adapter, server } = await setUp();
      server.faults.add({
        method: 'POST',
        path: /^\/2\/media\/upload\/[^/]+\/finalize$/,
        fault: {
          kind: 'respond',
          status: 200,
          body: { data: { id: '1', media_key: '3_1', processing_info: { state: 'pending', check_after_secs: 0 } } },
        },
      });
      server.faults.add({
        method: 'GET',
        path: '/2/media/upload',
        fault: {
          kind: 'respond',
          status: 200,
          body: { data: { id: '1', processing_info: { state: 'failed', error: { message: 'InvalidMedia' } } } },
        },
      });
      const error = await rejection(adapter.uploadMedia(keyFigures));
      expect(error).toBeInstanceOf(ContentRejectedError);
      expect((error as ContentRejectedError).retry).toBe('never');
      expect((error as Error).message).toContain('InvalidMedia');
    });

    it('403 for an app without write permission is an AuthError', async () => {
      const { adapter, server } = await setUp();
      server.faults.add({
        path: '/2/tweets',
        fault: {
          kind: 'respond',
          status: 403,
          body: {
            title: 'Forbidden',
            type: 'https://api.twitter.com/2/problems/oauth1-permissions',
            status: 403,
            detail: 'Your client app is not configured with the appropriate oauth1 app permissions for this endpoint.',
          },
        },
      });
      const error = await rejection(adapter.createPost(part(THREAD[0]!), []));
      expect(error).toBeInstanceOf(AuthError);
      expect((error as AuthError).messageFr).toContain('Read and Write');
    });
  });

  describe('findPost reconciles an unknown outcome', () => {
    it('finds a post whose response was lost, and a resend is refused as a duplicate', async () => {
      const { adapter, server } = await setUp();
      const since = new Date();
      const first = await adapter.createPost(part(THREAD[0]!, 0, 4), []);
      server.faults.add({ method: 'POST', path: '/2/tweets', fault: { kind: 'accept-then-drop' } });
      const lost = part(THREAD[1]!, 1, 4);
      const error = await rejection(adapter.createPost(lost, [], { root: first, parent: first }));
      expect(error).toBeInstanceOf(OutcomeUnknownError);
      expect(server.posts).toHaveLength(2);

      const found = await adapter.findPost(lost, since);
      expect(found).toEqual({
        network: 'x',
        id: server.posts[1]!.id,
        url: `https://x.com/i/web/status/${server.posts[1]!.id}`,
      });
      expect(await rejection(adapter.createPost(lost, [], { root: first, parent: first }))).toBeInstanceOf(
        DuplicateError,
      );
      expect(await adapter.findPost(part(THREAD[2]!, 2, 4), since)).toBeNull();
    });

    it('matches text X rewrote (t.co links, media link, HTML escapes)', async () => {
      const { adapter, server } = await setUp();
      const since = new Date();
      const media = await adapter.uploadMedia(keyFigures);
      const text =
        'Santé & R&D <DSN> : tous les détails sur santequebec.gouv.qc.ca et https://www.quebec.ca/sante 🩺 (1/1)';
      server.faults.add({ method: 'POST', path: '/2/tweets', fault: { kind: 'accept-then-drop' } });
      expect(await rejection(adapter.createPost(part(text), [media]))).toBeInstanceOf(OutcomeUnknownError);
      const returned = server.posts[0]!.returnedText;
      expect(returned).not.toContain('santequebec.gouv.qc.ca');
      expect(returned).toContain('&amp;');
      expect(returned.match(/https:\/\/t\.co\/\w{10}/g)).toHaveLength(3);

      const found = await adapter.findPost(part(text), since);
      expect(found?.id).toBe(server.posts[0]!.id);
      expect(await adapter.findPost(part('Santé & R&D <DSN> : autre chose (1/1)'), since)).toBeNull();
    });

    it('ignores posts older than `since` and pages through the timeline', async () => {
      let clock = Date.now() - 3_600_000;
      const { adapter, server } = await setUp(
        { now: () => clock, timestampSkewSeconds: 7_200, rateLimits: { 'POST /2/tweets': 300 }, postsPerDay: 300 },
        { maxFindPages: 5 },
      );
      const old = part('Une publication d’hier, même texte que rien. (1/1)');
      await adapter.createPost(old, []);
      clock += 1_800_000;
      const since = new Date(clock);
      for (let i = 0; i < 150; i++) {
        clock += 1_000;
        await adapter.createPost(part(`Publication numéro ${i} du fil de vérification. (1/1)`), []);
      }
      expect(await adapter.findPost(old, since)).toBeNull();
      const oldest = await adapter.findPost(part('Publication numéro 0 du fil de vérification. (1/1)'), since);
      expect(oldest?.id).toBe(server.posts[1]!.id);
      const timelineReads = server.requests.filter(
        (request) => request.path.endsWith('/tweets') && request.path !== '/2/tweets',
      );
      expect(timelineReads.length).toBeGreaterThanOrEqual(2);
    });
  });
});

describe('normaliseXText', () => {
  it('drops URLs and t.co links, unescapes entities and collapses spaces', () => {
    expect(normaliseXText('Voir https://t.co/AbCdEfGhIj  &amp; plus https://t.co/ZyXwVuTsRq')).toBe('Voir & plus');
    expect(normaliseXText('Voir example.com & plus')).toBe('Voir & plus');
    expect(normaliseXText('👩‍👩‍👧 Lien https://x.com/a et fin')).toBe('👩‍👩‍👧 Lien et fin');
    expect(normaliseXText('Cafe\u0301')).toBe('Café');
  });
});

describe('local X server OAuth 1.0a checks', () => {
  it('computes the signature of X’s documented example request', () => {
    const signature = oauthSignature({
      method: 'POST',
      baseUrl: 'https://api.twitter.com/1.1/statuses/update.json',
      params: [
        ['include_entities', 'true'],
        ['status', 'Hello Ladies + Gentlemen, a signed OAuth request!'],
        ['oauth_consumer_key', 'xvz1evFS4wEEPTGEFPHBog'],
        ['oauth_nonce', 'kYjzVBB8Y0ZFabxSWbWovY3uYSQ2pTgmZeNu2VS4cg'],
        ['oauth_signature_method', 'HMAC-SHA1'],
        ['oauth_timestamp', '1318622958'],
        ['oauth_token', '370773112-GmHxMAgYyLbNEtIKZeRNFsMKPR9EyMZeS9weJAEb'],
        ['oauth_version', '1.0'],
      ],
      consumerSecret: 'kAcSOqF21Fu85e7zjz7ZN2U4ZRhfV3WpwPAoE3Z7kBw',
      tokenSecret: 'LswwdoUaIvS8ltyTt5jkRh4J50vUPVVHtR2YPi5kE',
    });
    expect(signature).toBe('hCtSmYh+iHYCEqBWrE7C7hYmtUk=');
  });

  it('checks the production-URL signature of a client that rewrites URLs to the local origin', async () => {
    server = await startXServer();
    const origin = new URL(server.url);
    const { consumerKey, consumerSecret, accessToken, accessSecret } = server.credentials;
    const rewriting = new TwitterApi(
      { appKey: consumerKey, appSecret: consumerSecret, accessToken, accessSecret },
      {
        plugins: [
          {
            onBeforeRequest({ computedParams, requestOptions }) {
              computedParams.url.protocol = 'http:';
              computedParams.url.host = origin.host;
              requestOptions.agent = new http.Agent();
            },
          },
        ],
      },
    );
    const me = await rewriting.v2.me();
    expect(me.data.username).toBe(server.user.username);
    const timeline = await rewriting.v2.get(
      'users/:id/tweets',
      { max_results: 5, start_time: '2026-05-14T13:00:00Z' },
      {
        params: { id: server.user.id },
      },
    );
    expect(timeline).toEqual({ meta: { result_count: 0 } });
    expect(server.authFailures).toEqual([]);
  });

  it('accepts a hand-signed request once and refuses its replay', async () => {
    server = await startXServer();
    const { consumerKey, consumerSecret, accessToken, accessSecret } = server.credentials;
    const oauth: Array<[string, string]> = [
      ['oauth_consumer_key', consumerKey],
      ['oauth_nonce', 'bm9uY2UtZm9yLXJlcGxheS10ZXN0'],
      ['oauth_signature_method', 'HMAC-SHA1'],
      ['oauth_timestamp', String(Math.floor(Date.now() / 1000))],
      ['oauth_token', accessToken],
      ['oauth_version', '1.0'],
    ];
    const signature = oauthSignature({
      method: 'GET',
      baseUrl: 'https://api.x.com/2/users/me',
      params: oauth,
      consumerSecret,
      tokenSecret: accessSecret,
    });
    const header = `OAuth ${[...oauth, ['oauth_signature', signature]]
      .map(([key, value]) => `${key}="${oauthPercentEncode(value!)}"`)
      .join(', ')}`;
    const first = await fetch(`${server.url}/2/users/me`, { headers: { authorization: header } });
    expect(first.status).toBe(200);
    expect(first.headers.get('x-rate-limit-remaining')).toBe('74');
    expect(await first.json()).toEqual({ data: server.user });
    const replay = await fetch(`${server.url}/2/users/me`, { headers: { authorization: header } });
    expect(replay.status).toBe(401);
    expect(server.authFailures.map((failure) => failure.reason)).toEqual(['nonce already used']);
  });
});

describe('classifyXError outside the SDK’s own error types', () => {
  it('a refused connection is transient, any other socket error on a create is an unknown outcome', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9'), { code: 'ECONNREFUSED' });
    const reset = Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' });
    expect(classifyXError(refused, 'create')).toBeInstanceOf(TransientError);
    expect(classifyXError(reset, 'create')).toBeInstanceOf(OutcomeUnknownError);
    expect(classifyXError(reset, 'read')).toBeInstanceOf(TransientError);
    expect(classifyXError(new Error('unexpected'), 'create')).toBeInstanceOf(OutcomeUnknownError);
  });

  it('a 429 without reset headers has no retry delay, and a v1 duplicate body is a duplicate', () => {
    const limited = classifyXError(
      { type: 'response', code: 429, message: 'Request failed with code 429', data: {} },
      'create',
    );
    expect(limited).toBeInstanceOf(RateLimitedError);
    expect((limited as RateLimitedError).retryAfterMs).toBeUndefined();
    const v1 = { errors: [{ code: 187, message: 'Status is a duplicate.' }] };
    expect(classifyXError({ type: 'response', code: 403, message: 'failed', data: v1 }, 'create')).toBeInstanceOf(
      DuplicateError,
    );
  });
});
