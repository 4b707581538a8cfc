import { join } from 'node:path';
import { Writable } from 'node:stream';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { listEvents } from '../../src/audit/journal.js';
import { verifyChain } from '../../src/audit/verify.js';
import { registerInstance } from '../../src/leadership/instance.js';
import { acquireOrRenew, fenceFor } from '../../src/leadership/lease.js';
import { LeaseLostError } from '../../src/leadership/lease-lost.js';
import type { Notification } from '../../src/notify/types.js';
import { ledgerParts, markPartPosted, markPartSending, saveMediaRef } from '../../src/publish/ledger.js';
import { type PublishDeps, publishDraft, startPublication, uploadMediaAhead } from '../../src/publish/publish-draft.js';
import type { QueueContext } from '../../src/queue/context.js';
import { approve, importDrafts } from '../../src/queue/index.js';
import { transition } from '../../src/queue/transition.js';
import type { Store } from '../../src/store/db.js';
import { getDraft } from '../../src/store/drafts-repo.js';
import { MemoryNetwork, testClock } from '../publish/memory-adapter.js';
import { type Fixture, makeFixture, makeUpdate } from '../queue/fixtures.js';
import { openTestStore } from '../support/test-store.js';

/**
 * Two instances on one store file: `a` leads first, with token 1, then `b` takes the lease over
 * (token 2) while `a` still has work in progress. Every write of `a`'s work is refused in its own
 * transaction and leaves the store as it was.
 */

let fixture: Fixture;
let other: Store | undefined;
afterEach(() => {
  other?.close();
  other = undefined;
  fixture?.close();
});

async function twoInstances() {
  fixture = await makeFixture();
  other = openTestStore(join(fixture.dir, 'data', 'crieur.sqlite'));
  const clock = testClock('2026-05-14T13:00:00Z');
  const queue: QueueContext = { ...fixture.context, now: clock.now };
  const imported = importDrafts(queue, { update: makeUpdate(), drafts: fixture.drafts(['x']), by: 'redaction' });
  const draftId = imported.drafts[0]!.id;
  approve(queue, { draftId, by: 'approbation' });
  // The lease's own wall clock, moved by the test.
  let leaseTime = Date.parse('2026-05-14T12:59:00Z');
  const leaseClock = () => new Date(leaseTime);
  const a = registerInstance(fixture.context.store, leaseClock());
  const b = registerInstance(other, leaseClock());
  expect(acquireOrRenew(fixture.context.store, { instanceId: a.id, seconds: 10, now: leaseClock() })).toMatchObject({
    held: true,
    token: 1,
  });
  const fencedA: QueueContext = {
    ...queue,
    fence: fenceFor(fixture.context.store, { instanceId: a.id, token: 1, clock: leaseClock }),
  };
  const otherQueue: QueueContext = { ...queue, store: other };
  /** `a` stops renewing; `b` takes the lease once it has run out. */
  const takeOver = (): QueueContext => {
    leaseTime += 11_000;
    const state = acquireOrRenew(otherQueue.store, { instanceId: b.id, seconds: 10, now: leaseClock() });
    expect(state).toMatchObject({ held: true, token: 2 });
    return {
      ...otherQueue,
      fence: fenceFor(otherQueue.store, { instanceId: b.id, token: 2, clock: leaseClock }),
    };
  };
  const network = new MemoryNetwork('x', clock);
  const notifications: Notification[] = [];
  const logged: string[] = [];
  const log = pino(
    { level: 'info' },
    new Writable({ write: (chunk, _encoding, done) => done(void logged.push(String(chunk))) }),
  );
  const depsOf = (context: QueueContext): PublishDeps => ({
    queue: context,
    adapter: network,
    sleep: clock.sleep,
    random: () => 0.5,
    log,
    notify: async (notification) => notifications.push(notification),
  });
  const deadline = new Date('2026-05-14T14:00:00Z');
  return { queue, fencedA, takeOver, draftId, network, notifications, logged, depsOf, deadline };
}

/** What a refused write must leave as it was. */
function snapshot(store: Store, draftId: number) {
  return {
    status: getDraft(store.db, draftId)?.status,
    ledger: ledgerParts(store, draftId),
    events: listEvents(store.db).length,
  };
}

describe('fencing of the ledger by the publishing lease', () => {
  it('lets the holder write, and refuses every write of an instance whose lease was taken over', async () => {
    const { fencedA, takeOver, draftId } = await twoInstances();
    const { store } = fencedA;
    transition(fencedA, draftId, 'publishing');
    markPartSending(fencedA, draftId, 0, 1);
    takeOver();
    const before = snapshot(store, draftId);
    expect(() => markPartPosted(fencedA, draftId, 0, { network: 'x', id: 'p1' })).toThrow(LeaseLostError);
    expect(() => markPartSending(fencedA, draftId, 1, 1)).toThrow(LeaseLostError);
    expect(() =>
      saveMediaRef(fencedA, {
        draftId,
        partIndex: 1,
        mediaIndex: 0,
        ref: { network: 'x', id: 'm9', alt: '', width: 1, height: 1 },
      }),
    ).toThrow(LeaseLostError);
    expect(() => transition(fencedA, draftId, 'published')).toThrow(LeaseLostError);
    expect(snapshot(store, draftId)).toEqual(before);
    expect(before.ledger.map((part) => part.state)).toEqual(['sending', 'pending']);
    expect(verifyChain(store.db).ok).toBe(true);
  });

  it('refuses the move to publishing and the start of a publication, writing nothing', async () => {
    const { fencedA, takeOver, draftId, depsOf, deadline } = await twoInstances();
    takeOver();
    const before = snapshot(fencedA.store, draftId);
    expect(() => transition(fencedA, draftId, 'publishing')).toThrow(LeaseLostError);
    const start = startPublication(depsOf(fencedA), draftId, deadline);
    expect(start.ok === false && start.error).toBeInstanceOf(LeaseLostError);
    expect(snapshot(fencedA.store, draftId)).toEqual(before);
    expect(before).toMatchObject({ status: 'approved', ledger: [] });
  });

  it('leaves the commands and the page unfenced: a context without a fence writes as before', async () => {
    const { queue, takeOver, draftId } = await twoInstances();
    takeOver();
    expect(transition(queue, draftId, 'publishing').status).toBe('publishing');
    expect(markPartSending(queue, draftId, 0, 1).state).toBe('sending');
  });

  it('checks the lease again right before a create: a part already marked sending is not sent', async () => {
    const { fencedA, takeOver, draftId, depsOf, deadline, network, notifications } = await twoInstances();
    await uploadMediaAhead(depsOf(fencedA), draftId, deadline);
    const start = startPublication(depsOf(fencedA), draftId, deadline);
    expect(start.ok && start.sending?.index).toBe(0);
    takeOver();
    await expect(publishDraft(depsOf(fencedA), draftId, deadline, start)).rejects.toThrow(LeaseLostError);
    expect(network.calls.filter((call) => call.startsWith('create'))).toEqual([]);
    expect(notifications).toEqual([]);
  });

  it('stops a publication quietly when the lease is lost mid-thread; the new leader finishes it exactly once', async () => {
    const { fencedA, takeOver, draftId, depsOf, deadline, network, notifications, logged } = await twoInstances();
    let fencedB: QueueContext | undefined;
    const create = network.createPost.bind(network);
    network.createPost = async (...args) => {
      const ref = await create(...args);
      // The leader is paused after its first post went out; another instance takes the lease.
      fencedB ??= takeOver();
      return ref;
    };
    await expect(publishDraft(depsOf(fencedA), draftId, deadline)).rejects.toThrow(LeaseLostError);
    expect(notifications).toEqual([]);
    expect(getDraft(fencedA.store.db, draftId)?.status).toBe('publishing');
    // Part 1's id could not be recorded: it stays `sending`, to be looked up, never marked failed.
    expect(ledgerParts(fencedA.store, draftId).map((part) => part.state)).toEqual(['sending', 'pending']);
    const stopped = logged.map((line) => JSON.parse(line)).filter((line) => line.msg.includes('lost the publishing'));
    expect(stopped).toEqual([
      expect.objectContaining({
        level: 40,
        draft: `d${draftId}`,
        network: 'x',
        token: 1,
        msg: 'lost the publishing lease; stopping this publication, the new leader resumes it',
      }),
    ]);

    const outcome = await publishDraft(depsOf(fencedB!), draftId, deadline);
    expect(outcome.status).toBe('published');
    expect(network.posts.map((post) => [post.text, post.replyTo])).toEqual([
      ['Mise à jour du 14 mai 1/2', undefined],
      ['Faits saillants 2/2', 'p1'],
    ]);
    expect(network.calls.filter((call) => call.startsWith('create') || call.startsWith('find'))).toEqual([
      'create 0',
      'find 0',
      'create 1',
    ]);
    expect(notifications.map((notification) => notification.kind)).toEqual(['published']);
    expect(verifyChain(fencedA.store.db).ok).toBe(true);
  });

  it('deletes a create that went out after the new leader had posted the same part: the network keeps one', async () => {
    const { fencedA, takeOver, draftId, depsOf, deadline, network, notifications, logged } = await twoInstances();
    const deleted: string[] = [];
    const create = network.createPost.bind(network);
    let paused = true;
    network.createPost = async (...args) => {
      if (paused) {
        // The leader was paused past its last check, before its request left: meanwhile another
        // instance took the lease and published the whole thread (its look-up found nothing yet).
        paused = false;
        const outcome = await publishDraft(depsOf(takeOver()), draftId, deadline);
        expect(outcome.status).toBe('published');
      }
      return create(...args);
    };
    const deps: PublishDeps = {
      ...depsOf(fencedA),
      adapter: Object.assign(Object.create(network) as typeof network, {
        deletePost: async (ref: { id: string }) => {
          deleted.push(ref.id);
          const at = network.posts.findIndex((post) => post.id === ref.id);
          if (at >= 0) network.posts.splice(at, 1);
          return 'deleted' as const;
        },
      }),
    };
    await expect(publishDraft(deps, draftId, deadline)).rejects.toThrow(LeaseLostError);
    // The late create of the old leader is deleted; the new leader's thread stays whole.
    const parts = ledgerParts(fencedA.store, draftId);
    expect(parts.map((part) => part.state)).toEqual(['posted', 'posted']);
    expect(deleted).toHaveLength(1);
    expect(parts.map((part) => part.remoteId)).not.toContain(deleted[0]);
    expect(network.posts.map((post) => post.text)).toEqual(['Mise à jour du 14 mai 1/2', 'Faits saillants 2/2']);
    expect(logged.map((line) => JSON.parse(line).msg)).toContain(
      'deleted a duplicate created after the publishing lease was lost',
    );
    expect(notifications.map((notification) => notification.kind)).toEqual(['published']);
  });
});
