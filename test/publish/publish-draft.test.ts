import { writeFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { listEvents } from '../../src/audit/log.js';
import { verifyChain } from '../../src/audit/verify.js';
import { silentLogger } from '../../src/log.js';
import type { Notification } from '../../src/notify/types.js';
import { ledgerParts, markPartSending } from '../../src/publish/ledger.js';
import { type PublishDeps, publishDraft, uploadMediaAhead } from '../../src/publish/publish-draft.js';
import { approve, importDrafts } from '../../src/queue/index.js';
import { mediaPath } from '../../src/queue/media-files.js';
import { transition } from '../../src/queue/transition.js';
import { getDraft } from '../../src/store/drafts-repo.js';
import { type Fixture, makeFixture, makeUpdate } from '../queue/fixtures.js';
import { MemoryNetwork, testClock } from './memory-adapter.js';

let fixture: Fixture;
afterEach(() => fixture?.close());

async function setUp() {
  fixture = await makeFixture();
  const clock = testClock('2026-05-14T13:00:00Z');
  const queue = { ...fixture.context, now: clock.now };
  const imported = importDrafts(queue, { update: makeUpdate(), drafts: fixture.drafts(['x']), by: 'redaction' });
  const draftId = imported.drafts[0]!.id;
  approve(queue, { draftId, by: 'approbation' });
  const network = new MemoryNetwork('x', clock);
  const notifications: Notification[] = [];
  const deps: PublishDeps = {
    queue,
    adapter: network,
    sleep: clock.sleep,
    random: () => 0.5,
    log: silentLogger(),
    notify: async (notification) => notifications.push(notification),
  };
  const deadline = new Date('2026-05-14T14:00:00Z');
  return { clock, queue, draftId, network, notifications, deps, deadline };
}

describe('publishDraft', () => {
  it('posts the thread in order, each part replying to the previous, and records every remote id', async () => {
    const { deps, draftId, network, queue, notifications, deadline } = await setUp();
    const outcome = await publishDraft(deps, draftId, deadline);
    expect(outcome.status).toBe('published');
    expect(network.posts.map((post) => [post.text, post.replyTo, post.media.length])).toEqual([
      ['Mise à jour du 14 mai 1/2', undefined, 1],
      ['Faits saillants 2/2', 'p1', 1],
    ]);
    expect(ledgerParts(queue.store, draftId).map((part) => [part.state, part.remoteId])).toEqual([
      ['posted', 'p1'],
      ['posted', 'p2'],
    ]);
    expect(getDraft(queue.store.db, draftId)?.status).toBe('published');
    const published = listEvents(queue.store.db).filter((event) => event.action === 'published');
    expect(published.map((event) => event.data.remoteId)).toEqual(['p1', 'p2']);
    expect(verifyChain(queue.store.db).ok).toBe(true);
    expect(notifications.map((n) => n.kind)).toEqual(['published']);
  });

  it('looks a part up after a lost reply and does not post it twice', async () => {
    const { deps, draftId, network, deadline } = await setUp();
    network.script = ['lost-reply'];
    const outcome = await publishDraft(deps, draftId, deadline);
    expect(outcome.status).toBe('published');
    expect(network.posts).toHaveLength(2);
    expect(network.calls).toEqual(['upload', 'create 0', 'find 0', 'upload', 'create 1']);
  });

  it('resends a part whose unknown outcome turns out not to have been created', async () => {
    const { deps, draftId, network, deadline } = await setUp();
    network.script = ['timeout'];
    await publishDraft(deps, draftId, deadline);
    expect(network.posts.map((post) => post.text)).toEqual(['Mise à jour du 14 mai 1/2', 'Faits saillants 2/2']);
    expect(network.calls.slice(0, 4)).toEqual(['upload', 'create 0', 'find 0', 'create 0']);
  });

  it('when a look-up misses a post the network then calls a duplicate, looks again instead of failing', async () => {
    const { deps, draftId, network, deadline } = await setUp();
    network.script = ['lost-reply'];
    network.searchLag = 1;
    network.refuseDuplicates = true;
    const outcome = await publishDraft(deps, draftId, deadline);
    expect(outcome.status).toBe('published');
    expect(network.posts.map((post) => post.text)).toEqual(['Mise à jour du 14 mai 1/2', 'Faits saillants 2/2']);
    expect(network.calls.slice(0, 5)).toEqual(['upload', 'create 0', 'find 0', 'create 0', 'find 0']);
  });

  describe('on a server that does not serve the look-up', () => {
    it('resends where the network refuses a duplicate: a create that did not happen is made', async () => {
      const { deps, draftId, network, deadline } = await setUp();
      network.script = ['timeout'];
      network.lookupUnavailable = true;
      network.refuseDuplicates = true;
      const outcome = await publishDraft(deps, draftId, deadline);
      expect(outcome.status).toBe('published');
      expect(network.posts.map((post) => post.text)).toEqual(['Mise à jour du 14 mai 1/2', 'Faits saillants 2/2']);
      expect(network.calls.slice(0, 4)).toEqual(['upload', 'create 0', 'find 0', 'create 0']);
    });

    it('and a create that did happen is refused as a duplicate: the part fails, never posted twice', async () => {
      const { deps, draftId, network, deadline, notifications } = await setUp();
      network.script = ['lost-reply'];
      network.lookupUnavailable = true;
      network.refuseDuplicates = true;
      const outcome = await publishDraft(deps, draftId, deadline);
      expect(outcome.status).toBe('failed');
      expect(network.posts).toHaveLength(1);
      expect(network.calls).toEqual(['upload', 'create 0', 'find 0', 'create 0']);
      const notice = notifications[0];
      expect(notice?.kind === 'failed' && notice.errorClass).toBe('duplicate');
      expect(notice?.kind === 'failed' && notice.notPosted[0]?.reason).toContain('très probablement déjà en ligne');
    });

    it('fails the part at once where the network takes the same text twice', async () => {
      const { deps, draftId, network, deadline, notifications } = await setUp();
      network.script = ['timeout'];
      network.lookupUnavailable = true;
      const outcome = await publishDraft(deps, draftId, deadline);
      expect(outcome.status).toBe('failed');
      expect(network.posts).toHaveLength(0);
      expect(network.calls).toEqual(['upload', 'create 0', 'find 0']);
      expect(notifications[0]?.kind === 'failed' && notifications[0].errorClass).toBe('outcome-unknown');
    });
  });

  it('retries a look-up that fails instead of resending blindly', async () => {
    const { deps, draftId, network, deadline } = await setUp();
    network.script = ['lost-reply'];
    network.findFails = 2;
    await publishDraft(deps, draftId, deadline);
    expect(network.posts).toHaveLength(2);
    expect(network.calls.filter((call) => call === 'create 0')).toHaveLength(1);
  });

  it("waits for the network's reset time after a rate limit", async () => {
    const { deps, draftId, network, deadline } = await setUp();
    network.script = ['rate'];
    await publishDraft(deps, draftId, deadline);
    expect(network.posts[0]?.at.toISOString()).toBe('2026-05-14T13:00:30.000Z');
  });

  it('stops at a permanent error: partly published, with what went out and what did not', async () => {
    const { deps, draftId, network, notifications, queue, deadline } = await setUp();
    network.script = ['ok', 'never'];
    const outcome = await publishDraft(deps, draftId, deadline);
    expect(outcome.status).toBe('partly_published');
    expect(network.posts).toHaveLength(1);
    expect(getDraft(queue.store.db, draftId)?.status).toBe('partly_published');
    const notice = notifications[0];
    expect(notice?.kind).toBe('partly-published');
    if (notice?.kind === 'partly-published') {
      expect(notice.posted).toEqual([{ index: 0, url: 'https://example.test/p1' }]);
      expect(notice.notPosted[0]?.reason).toBe('refusé');
    }
  });

  it('resumes after a crash: a part left "sending" is looked up before any resend', async () => {
    const { deps, draftId, network, queue, deadline } = await setUp();
    transition(queue, draftId, 'publishing');
    // The crashed process had created part 1 and died before recording it.
    markPartSending(queue, draftId, 0, 1);
    network.posts.push({ id: 'p1', text: 'Mise à jour du 14 mai 1/2', media: [], replyTo: undefined, at: queue.now() });
    const outcome = await publishDraft(deps, draftId, deadline);
    expect(outcome.status).toBe('published');
    expect(network.posts).toHaveLength(2);
    expect(network.posts[1]?.replyTo).toBe('p1');
    expect(network.calls[0]).toBe('find 0');
  });

  it('sends nothing when a media file no longer matches the approved hash', async () => {
    const { deps, draftId, network, notifications, queue, deadline } = await setUp();
    const media = getDraft(queue.store.db, draftId)!.content.posts[0]!.media[0]!;
    writeFileSync(mediaPath(queue.store.mediaDir, media), 'tampered');
    const outcome = await publishDraft(deps, draftId, deadline);
    expect(outcome.status).toBe('refused');
    expect(network.calls).toEqual([]);
    expect(notifications.map((n) => n.kind)).toEqual(['hash-mismatch']);
    expect(getDraft(queue.store.db, draftId)?.status).toBe('approved');
  });

  it('gives up at the deadline when the network keeps failing', async () => {
    const { deps, draftId, network, clock, deadline } = await setUp();
    network.script = Array(50).fill('safe');
    const outcome = await publishDraft({ ...deps, maxAttemptsPerPart: 50, retryCapMs: 600_000 }, draftId, deadline);
    expect(outcome.status).toBe('failed');
    expect(network.posts).toHaveLength(0);
    expect(clock.now().getTime()).toBeLessThanOrEqual(deadline.getTime());
  });

  it('uploads media ahead of time, so publish time only creates', async () => {
    const { deps, draftId, network, deadline } = await setUp();
    expect(await uploadMediaAhead(deps, draftId, deadline)).toBe(2);
    network.calls.length = 0;
    await publishDraft(deps, draftId, deadline);
    expect(network.calls).toEqual(['create 0', 'create 1']);
  });
});
