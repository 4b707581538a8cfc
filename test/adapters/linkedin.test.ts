import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createLinkedInAdapter, type LinkedInAdapterOptions } from '../../adapters/linkedin/index.js';
import type { RenderedCard } from '../../src/cards/types.js';
import { composeDrafts } from '../../src/compose/compose.js';
import { WHOLE_UPDATE_FORMATS } from '../../src/compose/formats.js';
import { escapeLittleText } from '../../src/compose/measure.js';
import { LINKEDIN } from '../../src/networks/linkedin.js';
import type { PostPart } from '../../src/publish/port.js';
import {
  AuthError,
  ContentRejectedError,
  DuplicateError,
  NetworkConfigError,
  OutcomeUnknownError,
  RateLimitedError,
  TransientError,
} from '../../src/publish/port-errors.js';
import { parseUpdateFile } from '../../src/update/parse.js';
import { plainCard } from '../fakes/card-file.js';
import {
  type LinkedInServer,
  linkedInErrorFault,
  startLinkedInServer,
  truncateLikeLinkedIn,
  unescapeLittleTextForTest,
} from '../fakes/linkedin-server.js';

const POST_TEXT = [
  'Mise à jour quotidienne — Dossier santé numérique (DSN), 14 mai 2026',
  '',
  'Un réseau qui apprend et s’adapte en temps réel. Nous travaillons à la concordance des données entre le DSQ (Dossier Santé Québec) et le DSN.',
  '• 22 460 utilisateurs connectés sur 30 000 ; *74,88 %* des accès effectués.',
  '• Billets quotidiens : 1790 [1245 résolus] <objectif> ~ cadence_maintenue | suivi {quotidien}',
  'Écrivez-nous @SantéQuébec ou à info\\dsn.',
  '',
  '#DSN #SantéQuébec',
].join('\n');

let dir: string;
let card: RenderedCard;
let cardBytes: Buffer;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'crieur-linkedin-'));
  ({ card, bytes: cardBytes } = await plainCard(dir, {
    width: LINKEDIN.card.width,
    height: LINKEDIN.card.height,
    background: '#0b3d91',
    alt: 'Carte des chiffres clés du 14 mai 2026 : 22 460 utilisateurs connectés au DSN.',
  }));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

let server: LinkedInServer;

beforeEach(async () => {
  server = await startLinkedInServer();
});

afterEach(async () => {
  await server.close();
});

function adapter(overrides: Partial<LinkedInAdapterOptions> = {}) {
  return createLinkedInAdapter({
    accessToken: server.token,
    organization: server.organizationId,
    apiUrl: server.url,
    timeoutMs: 2000,
    imagePollIntervalMs: 1,
    ...overrides,
  });
}

/** The sample update's text as the composer writes it for this network (one post). */
function sampleText(network: 'linkedin'): string {
  const update = parseUpdateFile(fileURLToPath(new URL('../../examples/2026-05-14-dsn.md', import.meta.url)));
  const [draft] = composeDrafts(
    update,
    { networks: [network], hashtags: [], numbering: 'off', maxThreadPosts: 1, formats: WHOLE_UPDATE_FORMATS },
    [],
  );
  expect(draft?.posts).toHaveLength(1);
  return draft!.posts[0]!.text;
}

function part(text: string): PostPart {
  return { key: 'draft-2026-05-14:linkedin:0', index: 0, total: 1, text };
}

describe('LinkedIn adapter against the local LinkedIn server', () => {
  it('verifies the organisation and names it', async () => {
    const account = await adapter().verify();
    expect(account).toEqual({ network: 'linkedin', account: `Santé Québec (${server.organizationUrn})` });
  });

  it('accepts the organisation as a URN', async () => {
    const account = await adapter({ organization: server.organizationUrn }).verify();
    expect(account.account).toContain(server.organizationUrn);
  });

  it('posts the sample update as composed for LinkedIn and reads it back identical', async () => {
    const text = sampleText('linkedin');
    const linkedin = adapter();
    const ref = await linkedin.createPost(part(text), [await linkedin.uploadMedia(card)]);
    const stored = server.posts[0]!;
    expect(ref.id).toBe(stored.id);
    expect(stored.commentary).toBe(stored.sentCommentary);
    expect(unescapeLittleTextForTest(stored.commentary)).toBe(text);
    expect(stored.sentCommentary.length).toBeLessThanOrEqual(3000);
    expect(await linkedin.findPost(part(text), new Date(Date.now() - 60_000))).toEqual(ref);
  });

  it('posts one post with its card and reads it back identical', async () => {
    const linkedin = adapter();
    const media = await linkedin.uploadMedia(card);
    const ref = await linkedin.createPost(part(POST_TEXT), [media]);

    expect(server.posts).toHaveLength(1);
    const stored = server.posts[0]!;
    expect(ref).toEqual({
      network: 'linkedin',
      id: stored.id,
      url: `https://www.linkedin.com/feed/update/${stored.id}/`,
    });
    expect(stored.commentary).toBe(stored.sentCommentary);
    expect(unescapeLittleTextForTest(stored.commentary)).toBe(POST_TEXT);
    expect(stored.commentary).toContain('#DSN #SantéQuébec');
    expect(stored.media).toEqual({ id: media.id, altText: card.alt });
    expect(server.images.get(media.id)?.bytes?.equals(cardBytes)).toBe(true);
    expect(stored.body).toMatchObject({
      author: server.organizationUrn,
      visibility: 'PUBLIC',
      distribution: { feedDistribution: 'MAIN_FEED', targetEntities: [], thirdPartyDistributionChannels: [] },
      lifecycleState: 'PUBLISHED',
      isReshareDisabledByAuthor: false,
    });
    const postRequest = server.requests.find((request) => request.method === 'POST' && request.path === '/rest/posts');
    expect(postRequest?.headers).toMatchObject({
      'linkedin-version': '202610',
      'x-restli-protocol-version': '2.0.0',
      'content-type': 'application/json',
      authorization: `Bearer ${server.token}`,
    });
  });

  it('posts text without media when there is no card', async () => {
    await adapter().createPost(part('Bonjour (test) sans carte'), []);
    expect(server.posts[0]?.media).toBeUndefined();
    expect(unescapeLittleTextForTest(server.posts[0]!.commentary)).toBe('Bonjour (test) sans carte');
  });

  it('gets its commentary cut by LinkedIn when it is not escaped', async () => {
    const response = await fetch(`${server.url}/rest/posts`, {
      method: 'POST',
      headers: {
        Authorization: `Bearer ${server.token}`,
        'LinkedIn-Version': '202610',
        'X-Restli-Protocol-Version': '2.0.0',
        'Content-Type': 'application/json',
      },
      body: JSON.stringify({
        author: server.organizationUrn,
        commentary: POST_TEXT,
        visibility: 'PUBLIC',
        distribution: { feedDistribution: 'MAIN_FEED', targetEntities: [], thirdPartyDistributionChannels: [] },
        lifecycleState: 'PUBLISHED',
        isReshareDisabledByAuthor: false,
      }),
    });
    expect(response.status).toBe(201);
    const stored = server.posts[0]!.commentary;
    expect(stored).toBe(POST_TEXT.slice(0, POST_TEXT.indexOf('(')));
    expect(unescapeLittleTextForTest(stored)).not.toBe(POST_TEXT);
    expect(truncateLikeLinkedIn(escapeLittleText(POST_TEXT))).toBe(escapeLittleText(POST_TEXT));
  });

  it('refuses to reply: LinkedIn takes one post', async () => {
    const ref = { network: 'linkedin' as const, id: 'urn:li:share:1' };
    await expect(adapter().createPost(part('Suite'), [], { root: ref, parent: ref })).rejects.toBeInstanceOf(
      ContentRejectedError,
    );
    expect(server.posts).toHaveLength(0);
  });

  it('uploads and posts when the server does not serve the optional image status poll', async () => {
    server.faults.add({
      method: 'GET',
      path: '/rest/images/',
      fault: { kind: 'respond', status: 404, body: { status: 404, message: 'Not Found' } },
    });
    const linkedin = adapter();
    const first = await linkedin.uploadMedia(card);
    // Every poll answers without a status: nothing to wait for (not ten polls, then a failure).
    server.faults.add({
      method: 'GET',
      path: '/rest/images/',
      fault: { kind: 'respond', status: 200, body: {} },
      times: 20,
    });
    const second = await linkedin.uploadMedia(card);
    expect(server.images.get(first.id)?.status).toBe('AVAILABLE');
    expect(server.images.get(second.id)?.status).toBe('AVAILABLE');
    expect(server.requests.filter((request) => request.path.startsWith('/rest/images/'))).toHaveLength(2);
    const ref = await linkedin.createPost(part('Image sans suivi de traitement'), [second]);
    expect(server.posts[0]?.id).toBe(ref.id);
  });

  it('uploads a GIF card, a format LinkedIn takes', async () => {
    const gif = await sharp({ create: { width: 120, height: 63, channels: 3, background: '#0b3d91' } })
      .gif()
      .toBuffer();
    const path = join(dir, 'card.gif');
    await writeFile(path, gif);
    const media = await adapter().uploadMedia({ ...card, path, bytes: gif.length });
    expect(server.images.get(media.id)?.format).toBe('gif');
  });

  it('rejects an image that was never uploaded', async () => {
    const media = { network: 'linkedin' as const, id: 'urn:li:image:NOPE', alt: 'x', width: 1, height: 1 };
    await expect(adapter().createPost(part('Avec image fantôme'), [media])).rejects.toBeInstanceOf(
      ContentRejectedError,
    );
  });
});

describe('LinkedIn error classification', () => {
  it('reports an invalid token as an auth error (401, 65600)', async () => {
    const error = await adapter({ accessToken: 'wrong-token' })
      .verify()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthError);
    expect(error).toMatchObject({ status: 401, retry: 'never' });
    expect((error as AuthError).messageFr).toContain('LINKEDIN_ACCESS_TOKEN');
  });

  it('reports an expired token on a create as an auth error', async () => {
    server.faults.add({ method: 'POST', path: '/rest/posts', fault: linkedInErrorFault('expired-token') });
    await expect(adapter().createPost(part('Jeton expiré'), [])).rejects.toBeInstanceOf(AuthError);
  });

  it('reports a retired LinkedIn-Version as a configuration error naming LINKEDIN_VERSION', async () => {
    const error = await adapter({ version: '202401' })
      .createPost(part('Version retirée'), [])
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NetworkConfigError);
    expect(error).toMatchObject({ variable: 'LINKEDIN_VERSION', status: 426 });
    expect((error as NetworkConfigError).messageFr).toContain('LINKEDIN_VERSION=202401');
    expect(server.posts).toHaveLength(0);
  });

  it('waits until midnight UTC after a 429, LinkedIn sending no reset header', async () => {
    server.faults.add({ method: 'POST', path: '/rest/posts', fault: linkedInErrorFault('throttled') });
    const now = () => new Date('2026-05-14T13:00:00Z');
    const error = await adapter({ now })
      .createPost(part('Limite atteinte'), [])
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RateLimitedError);
    expect((error as RateLimitedError).retryAfterMs).toBe(11 * 3600 * 1000);
  });

  it('uses the configured delay after a 429 when there is one', async () => {
    server.faults.add({ method: 'GET', path: '/rest/organizations', fault: linkedInErrorFault('throttled') });
    const error = await adapter({ rateLimitDelayMs: 900_000 })
      .verify()
      .catch((e: unknown) => e);
    expect((error as RateLimitedError).retryAfterMs).toBe(900_000);
  });

  it('reports a 500 on a create as outcome unknown', async () => {
    server.faults.add({ method: 'POST', path: '/rest/posts', fault: linkedInErrorFault('server-error') });
    await expect(adapter().createPost(part('Erreur 500'), [])).rejects.toBeInstanceOf(OutcomeUnknownError);
  });

  it('reports a 503 on a read or an upload as transient', async () => {
    server.faults.add({ method: 'GET', path: '/rest/posts', fault: linkedInErrorFault('unavailable') });
    server.faults.add({ method: 'POST', path: '/rest/images', fault: linkedInErrorFault('unavailable') });
    await expect(adapter().findPost(part('x'), new Date())).rejects.toBeInstanceOf(TransientError);
    await expect(adapter().uploadMedia(card)).rejects.toBeInstanceOf(TransientError);
  });

  it('reports a timeout on a create as outcome unknown, and on a read as transient', async () => {
    server.faults.add({ method: 'POST', path: '/rest/posts', fault: { kind: 'hang' } });
    server.faults.add({ method: 'GET', path: '/rest/organizations', fault: { kind: 'hang' } });
    const linkedin = adapter({ timeoutMs: 200 });
    await expect(linkedin.createPost(part('Délai dépassé'), [])).rejects.toBeInstanceOf(OutcomeUnknownError);
    const error = await linkedin.verify().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TransientError);
    expect((error as TransientError).failureClass).toBe('network');
  });

  it('reports a connection reset on a create as outcome unknown, and on an upload as transient', async () => {
    server.faults.add({ method: 'POST', path: '/rest/posts', fault: { kind: 'reset' } });
    server.faults.add({ method: 'PUT', path: '/dms-uploads/', fault: { kind: 'reset' } });
    await expect(adapter().createPost(part('Connexion coupée'), [])).rejects.toBeInstanceOf(OutcomeUnknownError);
    await expect(adapter().uploadMedia(card)).rejects.toBeInstanceOf(TransientError);
  });

  it('reports a refused connection as transient, even on a create', async () => {
    const apiUrl = server.url;
    await server.close();
    const linkedin = adapter({ apiUrl });
    server = await startLinkedInServer();
    const error = await linkedin.createPost(part('Serveur absent'), []).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TransientError);
    expect(error).toMatchObject({ retry: 'safe', failureClass: 'network' });
  });

  it('reports a duplicate post (422 DUPLICATE_POST)', async () => {
    const linkedin = adapter();
    await linkedin.createPost(part('Même texte (deux fois)'), []);
    await expect(linkedin.createPost(part('Même texte (deux fois)'), [])).rejects.toBeInstanceOf(DuplicateError);
    expect(server.posts).toHaveLength(1);
  });

  it('reports a 422 whose body only says the content is a duplicate as a duplicate', async () => {
    server.faults.add({
      method: 'POST',
      path: '/rest/posts',
      fault: {
        kind: 'respond',
        status: 422,
        body: { message: 'Content is a duplicate of urn:li:share:7000000000000000001', status: 422 },
      },
    });
    await expect(adapter().createPost(part('Déjà publié'), [])).rejects.toBeInstanceOf(DuplicateError);
  });

  it('reports commentary over 3000 characters as content rejected', async () => {
    const error = await adapter()
      .createPost(part('é'.repeat(3001)), [])
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ContentRejectedError);
    expect((error as ContentRejectedError).message).toContain('FIELD_ARRAY_SIZE_TOO_HIGH');
  });

  it('finds the post after the create was accepted and the answer dropped', async () => {
    const linkedin = adapter();
    const since = new Date();
    const media = await linkedin.uploadMedia(card);
    server.faults.add({ method: 'POST', path: '/rest/posts', fault: { kind: 'accept-then-drop' } });
    await expect(linkedin.createPost(part(POST_TEXT), [media])).rejects.toBeInstanceOf(OutcomeUnknownError);
    expect(server.posts).toHaveLength(1);

    const found = await linkedin.findPost(part(POST_TEXT), since);
    expect(found).toEqual({
      network: 'linkedin',
      id: server.posts[0]!.id,
      url: `https://www.linkedin.com/feed/update/${server.posts[0]!.id}/`,
    });
    expect(await linkedin.findPost(part('Une autre publication'), since)).toBeNull();
  });

  it('finds a post whose commentary the server returns unescaped', async () => {
    const id = 'urn:li:share:7000000000000000042';
    server.faults.add({
      method: 'GET',
      path: '/rest/posts',
      fault: {
        kind: 'respond',
        status: 200,
        body: { elements: [{ id, author: server.organizationUrn, commentary: POST_TEXT, createdAt: Date.now() }] },
      },
    });
    expect(await adapter().findPost(part(POST_TEXT), new Date())).toEqual({
      network: 'linkedin',
      id,
      url: `https://www.linkedin.com/feed/update/${id}/`,
    });
  });

  it('does not report "not found" when the post search answers without an elements list', async () => {
    server.faults.add({ method: 'GET', path: '/rest/posts', fault: { kind: 'respond', status: 200, body: {} } });
    const error = await adapter()
      .findPost(part(POST_TEXT), new Date())
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TransientError);
    expect(error).toMatchObject({ retry: 'safe' });
  });
});
