import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Bluesky, startBluesky } from '../reliability/world.js';
import { APPROVER, AUTHOR, correctionFile, type PublishedWorld, publishedWorld, UPDATE_DATE } from './thread-world.js';

/**
 * The whole path a team takes, against the test servers and the real PDS: an update published on
 * the four networks and the website; `crieur correct`, approval by another person, publication at
 * once; then `crieur retract`, approval, publication: every post of the thread is gone, corrections
 * included, each deleted once; a correction of the retracted update is then refused.
 */

let bluesky: Bluesky;
let world: PublishedWorld;

interface BlueskyPost {
  text: string;
  reply?: { root: { uri: string; cid: string }; parent: { uri: string; cid: string } };
}

async function blueskyRecords(): Promise<Array<{ uri: string; value: BlueskyPost }>> {
  const { data } = await bluesky.reader.com.atproto.repo.listRecords({
    repo: world.account.did,
    collection: 'app.bsky.feed.post',
    limit: 100,
  });
  return data.records.map((record) => ({ uri: record.uri, value: record.value as unknown as BlueskyPost }));
}

beforeAll(async () => {
  bluesky = await startBluesky();
  world = await publishedWorld(bluesky, 'correct-retract');
}, 180_000);

afterAll(async () => {
  await world?.close();
  await bluesky?.close();
});

describe('a correction, then a retraction, of a published update', () => {
  it('queues one correction draft per channel where the update is online, kind correction', async () => {
    const file = correctionFile(world, 'Le nombre de prélèvements d’hier était de 1 016, et non de 1 106.');
    const run = await world.cli('correct', '--date', UPDATE_DATE, '--text-file', file, '--by', AUTHOR, '--json');
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const { drafts } = JSON.parse(run.stdout) as {
      drafts: Array<{
        id: string;
        network: string;
        kind: string;
        target: string;
        status: string;
        posts: { text: string }[];
      }>;
    };
    expect(drafts.map((draft) => draft.network).sort()).toEqual(['bluesky', 'facebook', 'linkedin', 'site', 'x']);
    for (const draft of drafts) {
      expect(draft.kind).toBe('correction');
      expect(draft.status).toBe('awaiting_review');
      expect(draft.target).toMatch(/^d\d+$/);
      expect(draft.posts[0]?.text).toMatch(/^Correctif\u00A0: Le nombre de prélèvements/u);
    }
    const queue = JSON.parse((await world.cli('queue', '--json')).stdout) as { drafts: Array<{ kind: string }> };
    expect(queue.drafts.filter((draft) => draft.kind === 'correction')).toHaveLength(5);
  });

  it('refuses its approval by its author (four-eyes), then publishes it at once once another approves', async () => {
    const self = await world.cli('approve', '--date', UPDATE_DATE, '--by', AUTHOR);
    expect(self.code).toBe(2);
    expect(self.stderr).toMatch(/quatre yeux/u);
    const approved = await world.cli('approve', '--date', UPDATE_DATE, '--by', APPROVER);
    expect(approved.code).toBe(0);
    const run = await world.publish();
    expect(run.code, world.log()).toBe(0);

    const updates = world.drafts().filter((draft) => draft.kind === 'update');
    const firstOf = (network: string) => {
      const draft = updates.find((candidate) => candidate.network === network);
      return draft ? world.remoteIds(draft.id)[0] : undefined;
    };
    // X: a reply to the thread's first post.
    const xReply = world.networks.x.posts.find((post) => post.text.startsWith('Correctif'));
    expect(xReply?.inReplyToId).toBe(firstOf('x'));
    // Bluesky: reply.root and reply.parent are the thread's first post, with its cid.
    const records = await blueskyRecords();
    const reply = records.find((record) => record.value.text.startsWith('Correctif'));
    expect(reply?.value.reply?.root.uri).toBe(firstOf('bluesky'));
    expect(reply?.value.reply?.parent.uri).toBe(firstOf('bluesky'));
    expect(reply?.value.reply?.root.cid).toMatch(/^bafy/);
    // LinkedIn: a comment by the organisation on the post.
    expect(world.networks.linkedin.comments).toHaveLength(1);
    expect(world.networks.linkedin.comments[0]).toMatchObject({
      actor: world.networks.linkedin.organizationUrn,
      object: firstOf('linkedin'),
    });
    expect(world.networks.linkedin.comments[0]?.text).toMatch(/^Correctif/u);
    // Facebook: a comment by the Page, and the post's message edited with the « Correctif » line.
    expect(world.networks.facebook.comments).toHaveLength(1);
    expect(world.networks.facebook.comments[0]?.postId).toBe(firstOf('facebook'));
    expect(world.networks.facebook.edits).toHaveLength(1);
    const post = world.networks.facebook.posts.find((candidate) => candidate.id === firstOf('facebook'));
    expect(post?.message).toMatch(/\n\nCorrectif\u00A0: Le nombre/u);
    // Website: a « Correctif » box with its date and time, and the feed entry updated.
    const page = readFileSync(join(world.siteDir, '2026', '05', '14', 'index.html'), 'utf8');
    expect(page).toMatch(
      /<aside class="correctif"[^>]*>\n<p class="correctif-titre"><strong>Correctif<\/strong> — <time datetime="[^"]+">/u,
    );
    const feed = readFileSync(join(world.siteDir, 'feed.xml'), 'utf8');
    const entry = /<entry>[\s\S]*?<\/entry>/u.exec(feed)?.[0] ?? '';
    const published = /<published>([^<]+)<\/published>/u.exec(entry)?.[1];
    const updated = /<updated>([^<]+)<\/updated>/u.exec(entry)?.[1];
    expect(updated && published && updated > published).toBe(true);
    expect(entry).toContain('Correctif');

    const corrections = world.drafts().filter((draft) => draft.kind === 'correction');
    expect(corrections.map((draft) => draft.status)).toEqual(Array(5).fill('published'));
  }, 120_000);

  it('retracts: every post of each thread is deleted once, leaf first, corrections included', async () => {
    const refused = await world.cli('retract', '--date', UPDATE_DATE, '--by', AUTHOR);
    expect(refused.code).toBe(2);
    const asked = await world.cli('retract', '--date', UPDATE_DATE, '--by', AUTHOR, '--reason', 'Chiffres erronés.');
    expect(asked.code, asked.stderr).toBe(0);
    const xIds = world.networks.x.posts.map((post) => post.id);
    expect(xIds.length).toBeGreaterThanOrEqual(3);
    const approved = await world.cli('approve', '--date', UPDATE_DATE, '--by', APPROVER);
    expect(approved.code).toBe(0);
    const run = await world.publish();
    expect(run.code, world.log()).toBe(0);

    expect(world.networks.x.posts).toEqual([]);
    expect([...world.networks.x.deletions].sort()).toEqual([...xIds].sort());
    // Leaf first: the correction reply, then the thread from its last post.
    expect(world.networks.x.deletions.at(-1)).toBe(xIds[0]);
    expect(await blueskyRecords()).toEqual([]);
    expect(world.networks.linkedin.posts).toEqual([]);
    expect(world.networks.linkedin.comments).toEqual([]);
    expect(world.networks.linkedin.deletions).toHaveLength(2);
    expect(world.networks.linkedin.deletions[0]).toMatch(/^urn:li:comment:/);
    expect(world.networks.facebook.posts).toEqual([]);
    expect(world.networks.facebook.comments).toEqual([]);
    expect(world.networks.facebook.deletions).toHaveLength(2);
    const page = readFileSync(join(world.siteDir, '2026', '05', '14', 'index.html'), 'utf8');
    expect(page).toContain('<h1>Publication retirée</h1>');
    expect(page).toContain('Chiffres erronés.');
    const feed = readFileSync(join(world.siteDir, 'feed.xml'), 'utf8');
    expect(feed).toContain('Publication retirée');

    const retractions = world.drafts().filter((draft) => draft.kind === 'retraction');
    expect(retractions.map((draft) => draft.status)).toEqual(Array(5).fill('published'));
  }, 120_000);

  it('refuses a correction of the retracted update, with the reason, and stores nothing', async () => {
    const before = world.drafts().length;
    const file = correctionFile(world, 'Encore une précision.');
    const run = await world.cli('correct', '--date', UPDATE_DATE, '--text-file', file, '--by', AUTHOR);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/a été retirée/u);
    expect(world.drafts()).toHaveLength(before);
  });
});
