import { afterEach, describe, expect, it } from 'vitest';
import { createRunner } from '../../src/app/runner.js';
import { listEvents } from '../../src/audit/journal.js';
import { verifyChain } from '../../src/audit/verify.js';
import { silentLogger } from '../../src/log.js';
import type { NetworkId } from '../../src/networks/index.js';
import { ledgerParts } from '../../src/publish/ledger.js';
import type { NetworkAdapter } from '../../src/publish/port.js';
import { type PublishDeps, publishDraft, uploadMediaAhead } from '../../src/publish/publish-draft.js';
import { approve, importDrafts } from '../../src/queue/index.js';
import { getDraft } from '../../src/store/drafts-repo.js';
import { type Fixture, makeFixture, makeUpdate } from '../queue/fixtures.js';
import { openTestReader } from '../support/test-store.js';
import { MemoryNetwork, testClock } from './memory-adapter.js';

let fixture: Fixture;
afterEach(() => fixture?.close());

/** What another process reading the store file sees: only committed rows. */
function committedParts(path: string, draftId: number): Array<{ state: string; remoteId: string | null }> {
  const reader = openTestReader(path);
  try {
    return reader
      .prepare('SELECT state, remote_id AS remoteId FROM ledger_parts WHERE draft_id = ? ORDER BY part_index')
      .all(draftId) as Array<{ state: string; remoteId: string | null }>;
  } finally {
    reader.close();
  }
}

function committedStatus(path: string, draftId: number): string | undefined {
  const reader = openTestReader(path);
  try {
    return (reader.prepare('SELECT status FROM drafts WHERE id = ?').get(draftId) as { status: string } | undefined)
      ?.status;
  } finally {
    reader.close();
  }
}

/** Notes, at each create call, what the store file holds for the draft. */
function watchCreates(network: MemoryNetwork, path: string, draftId: () => number) {
  const seen: Array<{
    index: number;
    status: string | undefined;
    parts: Array<{ state: string; remoteId: string | null }>;
  }> = [];
  const create = network.createPost.bind(network);
  network.createPost = (part, media, replyTo) => {
    seen.push({ index: part.index, status: committedStatus(path, draftId()), parts: committedParts(path, draftId()) });
    return create(part, media, replyTo);
  };
  return seen;
}

async function setUp(networks: NetworkId[]) {
  fixture = await makeFixture();
  const clock = testClock('2026-05-14T12:50:00Z');
  const queue = { ...fixture.context, now: clock.now };
  const { drafts } = importDrafts(queue, { update: makeUpdate(), drafts: fixture.drafts(networks), by: 'redaction' });
  for (const draft of drafts) approve(queue, { draftId: draft.id, by: 'approbation' });
  const memory = new Map(networks.map((network) => [network, new MemoryNetwork(network, clock)]));
  const depsFor = (network: NetworkId): PublishDeps => ({
    queue,
    adapter: memory.get(network)!,
    sleep: clock.sleep,
    random: () => 0.5,
    log: silentLogger(),
    notify: async () => undefined,
  });
  return { clock, queue, drafts, memory, depsFor };
}

describe('ledger commits around each create', () => {
  it('each create finds its own part committed as sending and the previous part committed as posted', async () => {
    const { queue, drafts, memory, depsFor } = await setUp(['x']);
    const draftId = drafts[0]!.id;
    const deadline = new Date('2026-05-14T14:00:00Z');
    await uploadMediaAhead(depsFor('x'), draftId, deadline);
    const seen = watchCreates(memory.get('x')!, queue.store.path, () => draftId);
    const outcome = await publishDraft(depsFor('x'), draftId, deadline);
    expect(outcome.status).toBe('published');
    expect(seen).toEqual([
      {
        index: 0,
        status: 'publishing',
        parts: [
          { state: 'sending', remoteId: null },
          { state: 'pending', remoteId: null },
        ],
      },
      {
        index: 1,
        status: 'publishing',
        parts: [
          { state: 'posted', remoteId: 'p1' },
          { state: 'sending', remoteId: null },
        ],
      },
    ]);
    expect(committedParts(queue.store.path, draftId)).toEqual([
      { state: 'posted', remoteId: 'p1' },
      { state: 'posted', remoteId: 'p2' },
    ]);
    const actions = listEvents(queue.store.db)
      .filter((event) => ['publish-attempt', 'published'].includes(event.action))
      .map((event) => `${event.action} ${event.data.part}`);
    expect(actions).toEqual(['publish-attempt 1', 'published 1', 'publish-attempt 2', 'published 2']);
    expect(verifyChain(queue.store.db).ok).toBe(true);
  });

  it('records a posted part before uploading the next part’s image when it was not uploaded ahead', async () => {
    const { queue, drafts, memory, depsFor } = await setUp(['x']);
    const draftId = drafts[0]!.id;
    const network = memory.get('x')!;
    const uploads: Array<Array<{ state: string; remoteId: string | null }>> = [];
    const upload = network.uploadMedia.bind(network);
    network.uploadMedia = (card) => {
      uploads.push(committedParts(queue.store.path, draftId));
      return upload(card);
    };
    const outcome = await publishDraft(depsFor('x'), draftId, new Date('2026-05-14T14:00:00Z'));
    expect(outcome.status).toBe('published');
    expect(network.calls).toEqual(['upload', 'create 0', 'upload', 'create 1']);
    expect(uploads[1]).toEqual([
      { state: 'posted', remoteId: 'p1' },
      { state: 'pending', remoteId: null },
    ]);
  });

  it('a part that fails for good leaves the earlier part committed as posted', async () => {
    const { queue, drafts, memory, depsFor } = await setUp(['x']);
    const draftId = drafts[0]!.id;
    const deadline = new Date('2026-05-14T14:00:00Z');
    await uploadMediaAhead(depsFor('x'), draftId, deadline);
    memory.get('x')!.script = ['ok', 'never'];
    const outcome = await publishDraft(depsFor('x'), draftId, deadline);
    expect(outcome.status).toBe('partly_published');
    expect(ledgerParts(queue.store, draftId).map((part) => [part.state, part.remoteId])).toEqual([
      ['posted', 'p1'],
      ['failed', null],
    ]);
  });
});

describe('scheduler start at the publish time', () => {
  it('starts every network with its first part committed as sending; a refused draft holds no other back', async () => {
    const { clock, queue, drafts, memory } = await setUp(['x', 'bluesky', 'linkedin']);
    const [x, bluesky, linkedin] = drafts as [(typeof drafts)[0], (typeof drafts)[0], (typeof drafts)[0]];
    const runner = createRunner({
      queue,
      adapters: memory as Map<NetworkId, NetworkAdapter>,
      rules: { timezone: 'America/Toronto', publishTime: '09:00', latenessWindowMinutes: 60, mediaLeadMinutes: 10 },
      sleep: clock.sleep,
      random: () => 0.5,
      log: silentLogger(),
      notify: async () => undefined,
    });
    await runner.tick();
    // Bluesky's stored text is no longer what was approved.
    queue.store.db
      .prepare(
        queue.store.dialect === 'postgres'
          ? `UPDATE draft_versions SET content = jsonb_set(content::jsonb, '{posts,0,text}', '"Autre texte"')::text
             WHERE draft_id = ?`
          : "UPDATE draft_versions SET content = json_set(content, '$.posts[0].text', 'Autre texte') WHERE draft_id = ?",
      )
      .run(bluesky.id);
    const seenX = watchCreates(memory.get('x')!, queue.store.path, () => x.id);
    const seenLinkedIn = watchCreates(memory.get('linkedin')!, queue.store.path, () => linkedin.id);
    clock.set('2026-05-14T13:00:00Z');
    const report = await runner.tick();
    const outcomes = await Promise.all(report.started);
    expect(outcomes.map((outcome) => [outcome.draftId, outcome.status])).toEqual([
      [x.id, 'published'],
      [bluesky.id, 'refused'],
      [linkedin.id, 'published'],
    ]);
    expect(memory.get('bluesky')!.calls).toEqual(['upload', 'upload']);
    expect(getDraft(queue.store.db, bluesky.id)?.status).toBe('approved');
    expect(committedParts(queue.store.path, bluesky.id)).toEqual([]);
    expect(seenX[0]).toEqual({
      index: 0,
      status: 'publishing',
      parts: [
        { state: 'sending', remoteId: null },
        { state: 'pending', remoteId: null },
      ],
    });
    expect(seenLinkedIn[0]).toEqual({ index: 0, status: 'publishing', parts: [{ state: 'sending', remoteId: null }] });
    expect(verifyChain(queue.store.db).ok).toBe(true);
  });
});
