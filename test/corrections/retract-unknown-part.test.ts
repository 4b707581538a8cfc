import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NetworkId } from '../../src/networks/index.js';
import { ledgerParts } from '../../src/publish/ledger.js';
import { type Bluesky, loadTestConfig, startBluesky, withQueue } from '../reliability/world.js';
import { APPROVER, AUTHOR, type PublishedWorld, publishedWorld, UPDATE_DATE } from './thread-world.js';

/**
 * A retraction of an update some of whose posts were left with an unknown outcome (their create
 * reached the network but the answer never came back, and the publication ended before a look-up
 * found them): the ledger has no id for them. The retraction looks each one up first and deletes
 * it with the others when found; a post the network never made is not looked for again; a post
 * that cannot be looked up is not claimed gone: the retraction says so, in both languages.
 */

let bluesky: Bluesky;
let world: PublishedWorld;
/** The id each network gave the post whose answer is "lost" below. */
const lost = new Map<NetworkId, string>();
let neverMade: string | undefined;

/** The ledger as a publication cut off after a create's answer was lost leaves it. */
function loseAnswer(network: NetworkId, partIndex: number, state: 'unknown' | 'sending'): string {
  return withQueue(loadTestConfig(world.env), (queue) => {
    const draft = world.drafts().find((d) => d.kind === 'update' && d.network === network);
    if (!draft) throw new Error(`no ${network} update draft`);
    const part = ledgerParts(queue.store, draft.id)[partIndex];
    if (!part?.remoteId) throw new Error(`${network} part ${partIndex + 1} was not posted`);
    queue.store.db
      .prepare(
        `UPDATE ledger_parts SET state = ?, remote_id = NULL, remote_cid = NULL, remote_url = NULL
         WHERE draft_id = ? AND part_index = ?`,
      )
      .run(state, draft.id, partIndex);
    return part.remoteId;
  });
}

beforeAll(async () => {
  bluesky = await startBluesky();
  world = await publishedWorld(bluesky, 'retract-unknown-part');
  const xParts = world.networks.x.posts.length;
  expect(xParts).toBeGreaterThanOrEqual(3);
  lost.set('x', loseAnswer('x', 1, 'unknown'));
  lost.set('bluesky', loseAnswer('bluesky', 1, 'unknown'));
  lost.set('linkedin', loseAnswer('linkedin', 0, 'sending'));
  lost.set('facebook', loseAnswer('facebook', 0, 'unknown'));
  // X's last part: the create never reached X (the answer lost was a refused connection).
  neverMade = loseAnswer('x', xParts - 1, 'unknown');
  const index = world.networks.x.posts.findIndex((post) => post.id === neverMade);
  world.networks.x.posts.splice(index, 1);
  // Facebook's searches are not served: its lost post cannot be found.
  world.networks.facebook.faults.add({
    method: 'GET',
    path: /\/(posts|feed)$/,
    fault: {
      kind: 'respond',
      status: 404,
      body: { error: { message: 'Unknown path components: /posts', type: 'OAuthException', code: 2500 } },
    },
    times: 1000,
  });
}, 180_000);

afterAll(async () => {
  await world?.close();
  await bluesky?.close();
});

describe('retracting an update with posts of unknown outcome', () => {
  it('finds and deletes the posts a look-up finds, and says which one it could not check', async () => {
    const xBefore = world.networks.x.posts.map((post) => post.id);
    expect(xBefore).toContain(lost.get('x'));
    const asked = await world.cli('retract', '--date', UPDATE_DATE, '--by', AUTHOR, '--reason', 'Erreur de chiffres.');
    expect(asked.code, asked.stderr).toBe(0);
    const approved = await world.cli('approve', '--date', UPDATE_DATE, '--by', APPROVER);
    expect(approved.code, approved.stderr).toBe(0);
    const run = await world.publish();
    expect(run.code, world.log()).not.toBeNull();

    // X: the lost post was found and deleted with the others; the one never made was not looked for twice.
    expect(world.networks.x.posts).toEqual([]);
    expect([...world.networks.x.deletions].sort()).toEqual([...xBefore].sort());
    expect(world.networks.x.deletions).not.toContain(neverMade);
    // Bluesky and LinkedIn: found through their look-ups, deleted.
    const { data } = await bluesky.reader.com.atproto.repo.listRecords({
      repo: world.account.did,
      collection: 'app.bsky.feed.post',
      limit: 100,
    });
    expect(data.records).toEqual([]);
    expect(world.networks.linkedin.posts).toEqual([]);
    expect(world.networks.linkedin.deletions).toContain(lost.get('linkedin'));

    const retractions = world.drafts().filter((draft) => draft.kind === 'retraction');
    const status = Object.fromEntries(retractions.map((draft) => [draft.network, draft.status]));
    expect(status).toMatchObject({ x: 'published', bluesky: 'published', linkedin: 'published', site: 'published' });
    // Facebook: its post may be online with no id known, so the retraction is not complete.
    expect(world.networks.facebook.posts.map((post) => post.id)).toContain(lost.get('facebook'));
    expect(status.facebook).not.toBe('published');
    const log = readFileSync(join(world.dir, 'publisher.log'), 'utf8');
    expect(log).toMatch(/part 1 of d\d+ may be online on facebook .*check the account and delete it by hand/u);
    expect(log).toMatch(/la partie 1 de d\d+ est peut-être en ligne/u);
    const facebook = retractions.find((draft) => draft.network === 'facebook')!;
    const show = await world.cli('show', `d${facebook.id}`);
    expect(show.code).toBe(0);
    expect(show.stdout).toMatch(/failed/u);
    expect(show.stdout).toMatch(/reason: part 1 of d\d+ may be online on facebook/u);

    // The update's own ledger now says what the look-ups found.
    withQueue(loadTestConfig(world.env), (queue) => {
      const update = (network: NetworkId) =>
        world.drafts().find((draft) => draft.kind === 'update' && draft.network === network)!;
      expect(ledgerParts(queue.store, update('x').id)[1]).toMatchObject({ state: 'posted', remoteId: lost.get('x') });
      expect(ledgerParts(queue.store, update('x').id).at(-1)).toMatchObject({ state: 'pending', remoteId: null });
      expect(ledgerParts(queue.store, update('facebook').id)[0]).toMatchObject({ state: 'unknown', remoteId: null });
    });
  }, 180_000);
});
