import { AtpAgent } from '@atproto/api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBlueskyAdapter } from '../../adapters/bluesky/adapter.js';
import { memorySessionStore } from '../../adapters/bluesky/session-store.js';
import { composeDrafts } from '../../src/compose/compose.js';
import { DEFAULT_FORMATS } from '../../src/compose/formats.js';
import type { RemoteRef } from '../../src/publish/port.js';
import { parseUpdateText } from '../../src/update/parse.js';
import { type LocalPds, type PdsAccount, startPds } from '../fakes/pds.js';

let pds: LocalPds;
let reader: AtpAgent;
let org: PdsAccount;
let poster: PdsAccount;

beforeAll(async () => {
  pds = await startPds();
  reader = new AtpAgent({ service: pds.url });
  org = await pds.createAccount('santequebec.test');
  poster = await pds.createAccount('crieur-mentions.test');
}, 120_000);

afterAll(async () => {
  await pds?.close();
});

function adapter(fetchImpl: typeof globalThis.fetch = globalThis.fetch, mentionTimeoutMs?: number) {
  return createBlueskyAdapter({
    service: pds.url,
    handle: poster.handle,
    appPassword: poster.appPassword,
    sessionStore: memorySessionStore(),
    fetch: fetchImpl,
    timeoutMs: 20_000,
    ...(mentionTimeoutMs === undefined ? {} : { mentionTimeoutMs }),
  });
}

async function record(ref: RemoteRef) {
  const [, , did, collection, rkey] = ref.id.split('/');
  const { data } = await reader.com.atproto.repo.getRecord({ repo: did!, collection: collection!, rkey: rkey! });
  return data.value as {
    text: string;
    facets?: Array<{ index: { byteStart: number; byteEnd: number }; features: Array<Record<string, unknown>> }>;
  };
}

function facetText(text: string, facet: { index: { byteStart: number; byteEnd: number } }): string {
  return Buffer.from(text, 'utf8').subarray(facet.index.byteStart, facet.index.byteEnd).toString('utf8');
}

const MENTION = 'app.bsky.richtext.facet#mention';

describe('Bluesky mentions against a real PDS', () => {
  it('an @handle of the configured accounts becomes a mention facet carrying the DID the PDS resolves', async () => {
    // The update names the organisation by its configured handle; the Bluesky draft writes its handle there.
    const update = parseUpdateText(
      '---\ndate: 2026-05-14\ntitle: Mise à jour quotidienne\nsummary: Merci à @SanteQc et à @Inconnu pour leur soutien.\n---\n\n# Déploiement\n\n- Tout va bien.\n',
      'mentions.md',
    );
    const [draft] = composeDrafts(
      update,
      {
        networks: ['bluesky'],
        hashtags: [],
        numbering: 'n/N',
        maxThreadPosts: 25,
        formats: DEFAULT_FORMATS,
        accounts: { SanteQc: { x: '@SanteQc', bluesky: '@santequebec.test' } },
      },
      [],
    );
    const text = draft!.posts[0]!.text;
    expect(text).toContain('Merci à @santequebec.test et à @Inconnu pour leur soutien.');

    const ref = await adapter().createPost({ key: '2026-05-14:bluesky:mentions:0', index: 0, total: 1, text }, []);
    const stored = await record(ref);
    expect(stored.text).toBe(text);
    const mentions = (stored.facets ?? []).filter((facet) => facet.features[0]?.$type === MENTION);
    expect(mentions.map((facet) => facetText(text, facet))).toEqual(['@santequebec.test']);
    expect(mentions[0]!.features[0]!.did).toBe(org.did);
  }, 60_000);

  it('a handle the network does not know, or cannot resolve in time, is sent as plain text: the post still goes', async () => {
    const text = 'Merci à @personne-inconnue.test et à @santequebec.test.';
    const unknown = await adapter().createPost({ key: '2026-05-14:bluesky:unknown:0', index: 0, total: 1, text }, []);
    const resolved = (await record(unknown)).facets ?? [];
    expect(resolved.map((facet) => facetText(text, facet))).toEqual(['@santequebec.test']);

    // A server that never answers resolveHandle: the post is sent without the mention facets.
    const silent: typeof globalThis.fetch = (input, init) => {
      const url = input instanceof Request ? input.url : String(input);
      if (url.includes('com.atproto.identity.resolveHandle')) return new Promise<Response>(() => undefined);
      return globalThis.fetch(input, init);
    };
    const late = await adapter(silent, 200).createPost(
      { key: '2026-05-14:bluesky:silent:0', index: 0, total: 1, text },
      [],
    );
    const stored = await record(late);
    expect(stored.text).toBe(text);
    expect((stored.facets ?? []).filter((facet) => facet.features[0]?.$type === MENTION)).toEqual([]);
  }, 60_000);
});
