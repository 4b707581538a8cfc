import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FacebookAdsApi } from 'facebook-nodejs-business-sdk';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createFacebookAdapter, type FacebookAdapterOptions } from '../../adapters/facebook/index.js';
import type { RenderedCard } from '../../src/cards/types.js';
import { composeDrafts } from '../../src/compose/compose.js';
import { WHOLE_UPDATE_FORMATS } from '../../src/compose/formats.js';
import { FACEBOOK } from '../../src/networks/facebook.js';
import type { PostPart } from '../../src/publish/port.js';
import {
  AuthError,
  ContentRejectedError,
  DuplicateError,
  OutcomeUnknownError,
  RateLimitedError,
  TransientError,
} from '../../src/publish/port-errors.js';
import { parseUpdateFile } from '../../src/update/parse.js';
import { plainCard } from '../fakes/card-file.js';
import { type FacebookServer, graphErrorFault, startFacebookServer } from '../fakes/facebook-server.js';

const POST_TEXT = [
  'Mise à jour quotidienne — Dossier santé numérique (DSN), 14 mai 2026',
  '',
  'Un réseau qui apprend et s’adapte en temps réel. Nous travaillons à la concordance des données entre le DSQ (Dossier Santé Québec) et le DSN.',
  '• 22 460 utilisateurs connectés sur 30 000 ; *74,88 %* des accès effectués.',
  '• Billets quotidiens : 1790 [1245 résolus] — « une dame de 89 ans donne 100 % aux équipes! » 👏',
  'Écrivez-nous @SantéQuébec.',
  '',
  '#DSN #SantéQuébec',
].join('\n');

let dir: string;
let card: RenderedCard;
let cardBytes: Buffer;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'crieur-facebook-'));
  ({ card, bytes: cardBytes } = await plainCard(dir, {
    width: FACEBOOK.card.width,
    height: FACEBOOK.card.height,
    background: '#1d6b4f',
    alt: 'Carte des chiffres clés du 14 mai 2026 : 74,88 % des accès effectués.',
  }));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

let server: FacebookServer;

beforeEach(async () => {
  server = await startFacebookServer();
});

afterEach(async () => {
  await server.close();
});

function adapter(overrides: Partial<FacebookAdapterOptions> = {}) {
  return createFacebookAdapter({
    pageId: server.pageId,
    pageToken: server.token,
    graphUrl: server.url,
    timeoutMs: 2000,
    ...overrides,
  });
}

/** The sample update's text as the composer writes it for this network (one post). */
function sampleText(network: 'facebook'): string {
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
  return { key: 'draft-2026-05-14:facebook:0', index: 0, total: 1, text };
}

describe('Facebook adapter against the local Graph API', () => {
  it('verifies the Page token and names the Page', async () => {
    expect(await adapter().verify()).toEqual({ network: 'facebook', account: `Santé Québec (${server.pageId})` });
    const request = server.requests[0]!;
    expect(request.path).toBe(`/v24.0/${server.pageId}`);
    expect(new URLSearchParams(request.query).get('fields')).toBe('name');
  });

  it('leaves the SDK process-wide state alone: no crash reporter, no default API, no GRAPH override', async () => {
    const handlers = process.listenerCount('uncaughtException');
    await adapter().verify();
    await adapter({ graphVersion: 'v23.0' }).createPost(part('État global intact'), []);
    expect(process.listenerCount('uncaughtException')).toBe(handlers);
    expect(FacebookAdsApi.getDefaultApi()).toBeUndefined();
    expect(FacebookAdsApi.GRAPH).toBe('https://graph.facebook.com');
    expect(FacebookAdsApi.VERSION).toBe('v24.0');
  });

  it('posts the sample update as composed for Facebook and reads it back identical', async () => {
    const text = sampleText('facebook');
    const facebook = adapter();
    const ref = await facebook.createPost(part(text), [await facebook.uploadMedia(card)]);
    expect(server.photos[0]?.message).toBe(text);
    expect(server.photos[0]?.bytes.equals(cardBytes)).toBe(true);
    expect(await facebook.findPost(part(text), new Date(Date.now() - 60_000))).toEqual(ref);
  });

  it('posts one photo post with its card and reads it back identical', async () => {
    const facebook = adapter();
    const media = await facebook.uploadMedia(card);
    expect(server.requests).toHaveLength(0);
    const ref = await facebook.createPost(part(POST_TEXT), [media]);

    expect(server.photos).toHaveLength(1);
    const photo = server.photos[0]!;
    expect(ref).toEqual({ network: 'facebook', id: photo.postId, url: `https://www.facebook.com/${photo.postId}` });
    expect(photo.message).toBe(POST_TEXT);
    expect(photo.altText).toBe(card.alt);
    expect(photo.published).toBe(true);
    expect(photo.format).toBe('png');
    expect(photo.mime).toBe('image/png');
    expect(photo.bytes.equals(cardBytes)).toBe(true);
    expect(server.posts).toEqual([expect.objectContaining({ id: photo.postId, message: POST_TEXT, kind: 'photo' })]);
    expect(server.requests[0]?.path).toBe(`/v24.0/${server.pageId}/photos`);
  });

  it('leaves out alt_text_custom, an optional field, when the card has no alt text', async () => {
    const facebook = adapter();
    const media = await facebook.uploadMedia({ ...card, alt: '' });
    await facebook.createPost(part('Carte sans texte de remplacement'), [media]);
    expect(server.photos[0]?.altText).toBeUndefined();
    expect(server.photos[0]?.message).toBe('Carte sans texte de remplacement');
  });

  it('posts a text-only post through the SDK', async () => {
    const ref = await adapter().createPost(part('Bonjour (test) sans carte'), []);
    expect(server.posts).toEqual([
      expect.objectContaining({ id: ref.id, message: 'Bonjour (test) sans carte', kind: 'status' }),
    ]);
    expect(server.requests[0]?.path).toBe(`/v24.0/${server.pageId}/feed`);
  });

  it('uses the configured Graph version', async () => {
    await adapter({ graphVersion: 'v23.0' }).createPost(part('Version configurée'), [
      await adapter().uploadMedia(card),
    ]);
    expect(server.requests[0]?.path).toBe(`/v23.0/${server.pageId}/photos`);
  });

  it('refuses to reply: a Page post is one post', async () => {
    const ref = { network: 'facebook' as const, id: `${server.pageId}_1` };
    await expect(adapter().createPost(part('Suite'), [], { root: ref, parent: ref })).rejects.toBeInstanceOf(
      ContentRejectedError,
    );
    expect(server.requests).toHaveLength(0);
  });

  it('gets a file that is not an image refused as content rejected', async () => {
    const path = join(dir, 'not-an-image.png');
    await writeFile(path, 'pas une image');
    const media = await adapter().uploadMedia({ ...card, path });
    const error = await adapter()
      .createPost(part('Image invalide'), [media])
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ContentRejectedError);
    expect((error as ContentRejectedError).message).toContain('code 324');
  });
});

describe('local Graph API checks', () => {
  it('takes the Page token only as access_token in the query or the form, not from a header', async () => {
    const response = await fetch(`${server.url}/v24.0/${server.pageId}?fields=name`, {
      headers: { Authorization: `Bearer ${server.token}` },
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: { code: 104 } });
  });

  it('takes the photo caption from message only', async () => {
    const form = new FormData();
    form.set('source', new Blob([cardBytes], { type: 'image/png' }), 'card.png');
    form.set('caption', 'Légende dans le mauvais champ');
    form.set('access_token', server.token);
    const response = await fetch(`${server.url}/v24.0/${server.pageId}/photos`, { method: 'POST', body: form });
    expect(response.status).toBe(200);
    expect(server.photos[0]?.message).toBe('');
  });
});

describe('Facebook error classification', () => {
  it('reports an invalid token as an auth error (190)', async () => {
    const error = await adapter({ pageToken: 'wrong-token' })
      .verify()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthError);
    expect((error as AuthError).messageFr).toContain('FACEBOOK_PAGE_TOKEN');
  });

  it('reports an expired token (190/463) on a photo post as an auth error', async () => {
    server.faults.add({ method: 'POST', path: /\/photos$/, fault: graphErrorFault('expired-token', server.pageId) });
    const error = await adapter()
      .createPost(part('Jeton expiré'), [await adapter().uploadMedia(card)])
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthError);
    expect((error as AuthError).messageFr).toContain('expiré');
  });

  it('waits as long as X-Business-Use-Case-Usage says after a Page rate limit (32)', async () => {
    server.faults.add({
      method: 'POST',
      path: /\/photos$/,
      fault: graphErrorFault('page-rate-limit', server.pageId, 7),
    });
    const error = await adapter()
      .createPost(part('Limite de la page'), [await adapter().uploadMedia(card)])
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RateLimitedError);
    expect((error as RateLimitedError).retryAfterMs).toBe(7 * 60_000);
  });

  it('reads the wait from the SDK error too (80001 on a text post)', async () => {
    server.faults.add({
      method: 'POST',
      path: /\/feed$/,
      fault: graphErrorFault('business-rate-limit', server.pageId, 12),
    });
    const error = await adapter()
      .createPost(part('Limite commerciale'), [])
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RateLimitedError);
    expect((error as RateLimitedError).retryAfterMs).toBe(12 * 60_000);
  });

  it('reports a transient 500 (code 2) on a create as outcome unknown, on a read as transient', async () => {
    server.faults.add({ method: 'POST', path: /\/photos$/, fault: graphErrorFault('transient', server.pageId) });
    server.faults.add({ method: 'GET', path: /\/posts$/, fault: graphErrorFault('unavailable', server.pageId) });
    const facebook = adapter();
    await expect(facebook.createPost(part('Erreur 500'), [await facebook.uploadMedia(card)])).rejects.toBeInstanceOf(
      OutcomeUnknownError,
    );
    await expect(facebook.findPost(part('Erreur 503'), new Date())).rejects.toBeInstanceOf(TransientError);
  });

  it('reports a timeout on a create as outcome unknown, on a read as transient', async () => {
    server.faults.add({ method: 'POST', path: /\/photos$/, fault: { kind: 'hang' } });
    server.faults.add({ method: 'POST', path: /\/feed$/, fault: { kind: 'hang' } });
    server.faults.add({ method: 'GET', fault: { kind: 'hang' } });
    const facebook = adapter({ timeoutMs: 200 });
    await expect(facebook.createPost(part('Délai photo'), [await facebook.uploadMedia(card)])).rejects.toBeInstanceOf(
      OutcomeUnknownError,
    );
    await expect(facebook.createPost(part('Délai texte'), [])).rejects.toBeInstanceOf(OutcomeUnknownError);
    const error = await facebook.verify().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TransientError);
    expect((error as TransientError).failureClass).toBe('network');
  });

  it('reports a connection reset on a create as outcome unknown, on a read as transient', async () => {
    server.faults.add({ method: 'POST', path: /\/photos$/, fault: { kind: 'reset' } });
    server.faults.add({ method: 'GET', fault: { kind: 'reset' } });
    const facebook = adapter();
    await expect(
      facebook.createPost(part('Connexion coupée'), [await facebook.uploadMedia(card)]),
    ).rejects.toBeInstanceOf(OutcomeUnknownError);
    await expect(facebook.verify()).rejects.toBeInstanceOf(TransientError);
    expect(server.photos).toHaveLength(0);
  });

  it('reports a refused connection on a photo post as transient', async () => {
    const graphUrl = server.url;
    await server.close();
    const facebook = adapter({ graphUrl });
    server = await startFacebookServer();
    const error = await facebook
      .createPost(part('Serveur absent'), [await facebook.uploadMedia(card)])
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TransientError);
    expect(error).toMatchObject({ retry: 'safe', failureClass: 'network' });
  });

  it('reports a duplicate text post (506)', async () => {
    const facebook = adapter();
    await facebook.createPost(part('Même message'), []);
    await expect(facebook.createPost(part('Même message'), [])).rejects.toBeInstanceOf(DuplicateError);
    server.faults.add({ method: 'POST', path: /\/photos$/, fault: graphErrorFault('duplicate', server.pageId) });
    await expect(
      facebook.createPost(part('Photo en double'), [await facebook.uploadMedia(card)]),
    ).rejects.toBeInstanceOf(DuplicateError);
  });

  it('does not deduplicate photo captions, as Facebook does not', async () => {
    const facebook = adapter();
    const media = await facebook.uploadMedia(card);
    await facebook.createPost(part(POST_TEXT), [media]);
    await facebook.createPost(part(POST_TEXT), [media]);
    expect(server.photos).toHaveLength(2);
  });

  it('reports a message over the limit as content rejected (100)', async () => {
    await expect(adapter().createPost(part('a'.repeat(63_207)), [])).rejects.toBeInstanceOf(ContentRejectedError);
  });

  it('finds the photo post after the create was accepted and the answer dropped', async () => {
    const facebook = adapter();
    const since = new Date();
    server.faults.add({ method: 'POST', path: /\/photos$/, fault: { kind: 'accept-then-drop' } });
    await expect(facebook.createPost(part(POST_TEXT), [await facebook.uploadMedia(card)])).rejects.toBeInstanceOf(
      OutcomeUnknownError,
    );
    expect(server.photos).toHaveLength(1);

    const found = await facebook.findPost(part(POST_TEXT), since);
    const postId = server.photos[0]!.postId;
    expect(found).toEqual({ network: 'facebook', id: postId, url: `https://www.facebook.com/${postId}` });
    expect(await facebook.findPost(part('Une autre publication'), since)).toBeNull();
  });

  it('finds a text post after the SDK create was accepted and the answer dropped', async () => {
    const facebook = adapter();
    server.faults.add({ method: 'POST', path: /\/feed$/, fault: { kind: 'accept-then-drop' } });
    const error = await facebook.createPost(part('Texte perdu en route'), []).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OutcomeUnknownError);
    expect((error as OutcomeUnknownError).message).not.toContain(server.token);
    expect((error as OutcomeUnknownError).cause).toBeUndefined();
    const found = await facebook.findPost(part('Texte perdu en route'), new Date());
    expect(found?.id).toBe(server.posts[0]!.id);
  });
});
