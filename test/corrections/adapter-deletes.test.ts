import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NetworkId } from '../../src/networks/index.js';
import type { NetworkAdapter, PostPart, RemoteRef } from '../../src/publish/port.js';
import { PublishError } from '../../src/publish/port-errors.js';
import type { PdsAccount } from '../fakes/pds.js';
import { testAdapters } from '../reliability/test-adapters.js';
import {
  type Bluesky,
  createBlueskyAccount,
  type FakeNetworks,
  startBluesky,
  startFakeNetworks,
} from '../reliability/world.js';

/**
 * Each adapter's correction and delete against the answers platforms-wave2.md documents: a second
 * delete (X 404 then "Not Found Error", Bluesky `200 {}`, LinkedIn 204 again, Facebook 400 code
 * 100/33) counts as gone only once a look-up confirms it; a post of another account is refused and
 * stays.
 */

let bluesky: Bluesky;
let networks: FakeNetworks;
let account: PdsAccount;
let adapters: Map<NetworkId, NetworkAdapter>;
const notice = { text: 'Retrait : essai', at: new Date() };

function part(network: string, text: string, index = 0): PostPart {
  return { key: `2026-05-14:${network}:${'a'.repeat(16)}:${index}:${text.length}`, index, total: 1, text };
}

function adapter(network: NetworkId): Required<NetworkAdapter> {
  const found = adapters.get(network);
  if (!found?.createCorrection || !found.deletePost || !found.postExists || !found.findCorrection) {
    throw new Error(`${network} adapter lacks the correction port`);
  }
  return found as Required<NetworkAdapter>;
}

beforeAll(async () => {
  bluesky = await startBluesky();
  networks = await startFakeNetworks();
  account = await createBlueskyAccount(bluesky);
  adapters = testAdapters(networks, bluesky, account, { timeoutMs: 5000 });
}, 120_000);

afterAll(async () => {
  await networks?.close();
  await bluesky?.close();
});

describe.each(['x', 'bluesky', 'linkedin', 'facebook'] as const)('%s: correction and delete', (network) => {
  it('publishes a correction under the post, finds it, deletes it, and counts a second delete as gone', async () => {
    const port = adapter(network);
    const post = await port.createPost(part(network, `Mise à jour du 14 mai (${network})`), []);
    const correctionPart = part(network, `Correctif : 1 016 (${network})`);
    const correction = await port.createCorrection(correctionPart, [], post);
    expect(await port.findCorrection(correctionPart, post, new Date(Date.now() - 60_000))).toMatchObject({
      id: correction.id,
    });
    expect(await port.postExists(correction)).toBe(true);
    expect(await port.deletePost(correction, notice)).toBe('deleted');
    expect(await port.postExists(correction)).toBe(false);
    expect(await port.deletePost(post, notice)).toBe('deleted');
    expect(await port.postExists(post)).toBe(false);
    // A second delete: gone (LinkedIn's post delete is idempotent: 204 again, "deleted").
    expect(await port.deletePost(post, notice)).toBe(network === 'linkedin' ? 'deleted' : 'gone');
    expect(await port.deletePost(correction, notice)).toBe('gone');
  });
});

describe('another account’s post is never deleted', () => {
  it('X answers 403 and the post stays', async () => {
    networks.x.posts.push({
      id: '1888888888888888888',
      text: 'Autre compte',
      returnedText: 'Autre compte',
      authorId: '7',
      createdAt: new Date(),
      mediaIds: [],
      inReplyToId: undefined,
      conversationId: '1888888888888888888',
    });
    const error = await adapter('x')
      .deletePost({ network: 'x', id: '1888888888888888888' }, notice)
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(PublishError);
    expect((error as PublishError).retry).toBe('never');
    expect(networks.x.posts.some((post) => post.id === '1888888888888888888')).toBe(true);
  });

  it('Facebook answers (#200) and the post stays', async () => {
    networks.facebook.foreign.add('999_111');
    const error = await adapter('facebook')
      .deletePost({ network: 'facebook', id: '999_111' }, notice)
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(PublishError);
    expect((error as PublishError).retry).toBe('never');
  });

  it('Bluesky refuses a record of another repository without calling the server', async () => {
    const other: RemoteRef = { network: 'bluesky', id: 'at://did:plc:someoneelse/app.bsky.feed.post/3kabc' };
    const error = await adapter('bluesky')
      .deletePost(other, notice)
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(PublishError);
    expect((error as PublishError).messageFr).toMatch(/n’appartient pas au compte/u);
  });

  it('LinkedIn answers 403 for another author’s post and it stays', async () => {
    networks.linkedin.posts.push({
      id: 'urn:li:share:42',
      author: 'urn:li:organization:1',
      commentary: 'Autre',
      sentCommentary: 'Autre',
      createdAt: Date.now(),
      body: {},
    });
    const error = await adapter('linkedin')
      .deletePost({ network: 'linkedin', id: 'urn:li:share:42' }, notice)
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(PublishError);
    expect(networks.linkedin.posts.some((post) => post.id === 'urn:li:share:42')).toBe(true);
  });
});
