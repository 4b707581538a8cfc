import { afterEach, describe, expect, it } from 'vitest';
import { editPostText } from '../../src/queue/edit.js';
import { importDrafts } from '../../src/queue/import.js';
import { listDraftSummaries, listDrafts } from '../../src/store/drafts-repo.js';
import { publishAtOfUpdate } from '../../src/store/updates-repo.js';
import { frenchInstant, frenchInstantFormat } from '../../src/web/time-format.js';
import { type Fixture, makeFixture, makeUpdate } from '../queue/fixtures.js';

let fixture: Fixture | undefined;
afterEach(() => {
  fixture?.close();
  fixture = undefined;
});

describe('listDraftSummaries', () => {
  it('lists the drafts listDrafts lists, with their posts and images counted instead of their content', async () => {
    fixture = await makeFixture();
    const { context } = fixture;
    importDrafts(context, { update: makeUpdate(), drafts: fixture.drafts(['x', 'linkedin', 'bluesky']), by: 'A' });
    const thread = fixture.drafts(['x']);
    const [first] = thread[0]?.posts ?? [];
    if (first === undefined) throw new Error('fixture thread has no post');
    importDrafts(context, {
      update: makeUpdate('2026-05-15'),
      drafts: [{ network: 'x', posts: [{ text: 'Sans image 1/3', media: [] }, first, first], warnings: [] }],
      by: 'A',
    });
    const full = listDrafts(context.store.db);
    const summaries = listDraftSummaries(context.store.db);
    expect(summaries.map((summary) => summary.id)).toEqual(full.map((draft) => draft.id));
    for (const [index, draft] of full.entries()) {
      const { content, ...rest } = draft;
      expect(summaries[index]).toEqual({
        ...rest,
        posts: content.posts.length,
        media: content.posts.reduce((sum, post) => sum + post.media.length, 0),
      });
    }
    expect(summaries.map((summary) => [summary.network, summary.posts, summary.media])).toEqual([
      ['x', 2, 2],
      ['linkedin', 1, 2],
      ['bluesky', 2, 2],
      ['x', 3, 2],
    ]);
  });

  it('counts the current version and applies the date and status filters', async () => {
    fixture = await makeFixture();
    const { context } = fixture;
    const [x] = importDrafts(context, { update: makeUpdate(), drafts: fixture.drafts(['x']), by: 'A' }).drafts;
    importDrafts(context, { update: makeUpdate('2026-05-15'), drafts: fixture.drafts(['linkedin']), by: 'A' });
    if (x === undefined) throw new Error('no draft imported');
    fixture.tick();
    editPostText(context, { draftId: x.id, by: 'B', postIndex: 1, text: 'Faits saillants, revus 2/2' });
    const [edited] = listDraftSummaries(context.store.db, { date: '2026-05-14' });
    expect(edited).toMatchObject({ id: x.id, version: 2, author: 'B', posts: 2, media: 2 });
    expect(listDraftSummaries(context.store.db, { statuses: ['approved'] })).toEqual([]);
    expect(listDraftSummaries(context.store.db, { statuses: ['awaiting_review'] }).map((d) => d.date)).toEqual([
      '2026-05-14',
      '2026-05-15',
    ]);
  });
});

describe('publishAtOfUpdate', () => {
  it("reads the update's own publish time, and nothing when it has none", async () => {
    fixture = await makeFixture();
    const { context } = fixture;
    const own = importDrafts(context, {
      update: { ...makeUpdate(), publishAt: '10:30' },
      drafts: fixture.drafts(['x']),
      by: 'A',
    });
    const plain = importDrafts(context, { update: makeUpdate('2026-05-15'), drafts: fixture.drafts(['x']), by: 'A' });
    expect(publishAtOfUpdate(context.store.db, own.updateId)).toBe('10:30');
    expect(publishAtOfUpdate(context.store.db, plain.updateId)).toBeUndefined();
    expect(publishAtOfUpdate(context.store.db, 9999)).toBeUndefined();
  });
});

describe('frenchInstantFormat', () => {
  it('writes what frenchInstant writes, for every instant given to it', () => {
    const format = frenchInstantFormat('America/Toronto');
    for (const instant of ['2026-05-14T13:00:00Z', '2026-11-27T14:05:00Z', '2026-03-08T07:30:00Z']) {
      expect(format(instant)).toBe(frenchInstant(instant, 'America/Toronto'));
      expect(format(new Date(instant))).toBe(frenchInstant(instant, 'America/Toronto'));
    }
    expect(format('2026-05-14T13:00:00Z')).toBe('14 mai 2026, 9 h');
    expect(format('2026-11-27T14:05:00Z')).toBe('27 novembre 2026, 9 h 05');
  });
});
