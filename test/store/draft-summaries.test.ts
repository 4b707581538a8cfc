import { afterEach, describe, expect, it } from 'vitest';
import { editPostText } from '../../src/queue/edit.js';
import { importDrafts } from '../../src/queue/import.js';
import {
  iterateDrafts,
  latestDraftPerNetwork,
  listDraftSummaries,
  listDrafts,
  pageDraftSummaries,
  setDraftStatus,
} from '../../src/store/drafts-repo.js';
import { publishAtOfUpdate, updateHeadings, updateTitle } from '../../src/store/updates-repo.js';
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

  it("is what updateHeadings reads for many updates at once, with each update's title", async () => {
    fixture = await makeFixture();
    const { context } = fixture;
    const own = importDrafts(context, {
      update: { ...makeUpdate(), title: 'Bilan « spécial » : 7 %', publishAt: '10:30' },
      drafts: fixture.drafts(['x']),
      by: 'A',
    });
    const plain = importDrafts(context, { update: makeUpdate('2026-05-15'), drafts: fixture.drafts(['x']), by: 'A' });
    const { db } = context.store;
    // More ids than one query takes, most of them unknown, one twice.
    const ids = [
      own.updateId,
      ...Array.from({ length: 1200 }, (_, index) => 5000 + index),
      plain.updateId,
      own.updateId,
    ];
    const headings = updateHeadings(db, ids);
    expect([...headings.keys()].sort()).toEqual([own.updateId, plain.updateId].sort());
    expect(headings.get(own.updateId)).toEqual({ title: 'Bilan « spécial » : 7 %', publishAt: '10:30' });
    expect(headings.get(plain.updateId)).toEqual({ title: updateTitle(db, plain.updateId), publishAt: undefined });
    expect(updateTitle(db, plain.updateId)).toBe(makeUpdate().title);
    expect(updateHeadings(db, [])).toEqual(new Map());
  });
});

describe('frenchInstantFormat', () => {
  it('writes what frenchInstant writes, for every instant given to it', () => {
    const format = frenchInstantFormat('America/Toronto');
    for (const instant of ['2026-05-14T13:00:00Z', '2026-11-27T14:05:00Z', '2026-03-08T07:30:00Z']) {
      expect(format(instant)).toBe(frenchInstant(instant, 'America/Toronto'));
      expect(format(new Date(instant))).toBe(frenchInstant(instant, 'America/Toronto'));
    }
    // No-break spaces: a time never breaks across lines between its hour, « h » and minutes.
    expect(format('2026-05-14T13:00:00Z')).toBe('14 mai 2026, 9\u00a0h');
    expect(format('2026-11-27T14:05:00Z')).toBe('27 novembre 2026, 9\u00a0h\u00a005');
  });
});

describe('the queue’s and the history’s reads over a long history', () => {
  it('reads only recent or open drafts, each network’s last publication however old, and history pages in order', async () => {
    fixture = await makeFixture();
    const { context } = fixture;
    const dates = ['2026-01-05', '2026-02-10', '2026-03-15', '2026-05-01', '2026-05-13', '2026-05-14'];
    const ids = new Map<string, number>();
    for (const date of dates) {
      for (const draft of importDrafts(context, {
        update: makeUpdate(date),
        drafts: fixture.drafts(['x', 'bluesky']),
        by: 'A',
      }).drafts) {
        ids.set(`${date}|${draft.network}`, draft.id);
      }
    }
    const db = context.store.db;
    const at = '2026-05-14T12:00:00Z';
    const id = (key: string) => ids.get(key) as number;
    setDraftStatus(db, id('2026-01-05|x'), 'published', null, at);
    setDraftStatus(db, id('2026-01-05|bluesky'), 'failed', 'refusé', at);
    setDraftStatus(db, id('2026-02-10|x'), 'failed', 'refusé', at);
    setDraftStatus(db, id('2026-03-15|x'), 'published', null, at);
    setDraftStatus(db, id('2026-02-10|bluesky'), 'rejected', 'non', at);
    setDraftStatus(db, id('2026-03-15|bluesky'), 'rejected', 'non', at);
    setDraftStatus(db, id('2026-05-01|x'), 'rejected', 'non', at);
    setDraftStatus(db, id('2026-05-01|bluesky'), 'rejected', 'non', at);

    const shown = listDraftSummaries(db, { recentOrOpen: { since: '2026-05-01', statuses: ['awaiting_review'] } });
    expect(shown.map((draft) => `${draft.date}|${draft.network}`)).toEqual([
      '2026-05-01|x',
      '2026-05-01|bluesky',
      '2026-05-13|x',
      '2026-05-13|bluesky',
      '2026-05-14|x',
      '2026-05-14|bluesky',
    ]);

    const latest = latestDraftPerNetwork(db, ['published', 'failed', 'partly_published']);
    expect(latest.map((draft) => [draft.network, draft.date, draft.status]).sort()).toEqual([
      ['bluesky', '2026-01-05', 'failed'],
      ['x', '2026-03-15', 'published'],
    ]);

    const history = ['published', 'failed', 'rejected'] as const;
    const all = pageDraftSummaries(db, history, { offset: 0, limit: 100 });
    expect(all.total).toBe(8);
    const pages = [0, 3, 6].flatMap((offset) => pageDraftSummaries(db, history, { offset, limit: 3 }).drafts);
    expect(pages.map((draft) => draft.id)).toEqual(all.drafts.map((draft) => draft.id));
    expect(all.drafts.map((draft) => draft.date)).toEqual([...all.drafts.map((draft) => draft.date)].sort().reverse());
    expect(all.drafts[0]).toMatchObject({ date: '2026-05-01', posts: 2, media: 2 });
  });
});

describe('iterateDrafts', () => {
  it('reads what listDrafts lists, in the same order, a page at a time, with or without a filter', async () => {
    fixture = await makeFixture();
    const { context } = fixture;
    // Imported out of date order, and a date imported twice (its first drafts superseded).
    for (const date of ['2026-05-16', '2026-05-14', '2026-05-15', '2026-05-14', '2026-05-13']) {
      importDrafts(context, {
        update: makeUpdate(date),
        drafts: fixture.drafts(['x', 'linkedin', 'bluesky']),
        by: 'A',
      });
    }
    const { db } = context.store;
    const all = listDrafts(db);
    expect(all.length).toBeGreaterThan(12);
    // Without a page size: streamed on SQLite, pages of DRAFTS_PER_PAGE on PostgreSQL.
    for (const pageSize of [undefined, 1, 2, 3, 5, all.length, all.length + 1]) {
      expect([...iterateDrafts(db, {}, pageSize)]).toEqual(all);
      expect([...iterateDrafts(db, { date: '2026-05-14' }, pageSize)]).toEqual(listDrafts(db, { date: '2026-05-14' }));
      expect([...iterateDrafts(db, { statuses: ['superseded'] }, pageSize)]).toEqual(
        listDrafts(db, { statuses: ['superseded'] }),
      );
    }
    expect(listDrafts(db, { statuses: ['superseded'] }).length).toBeGreaterThan(0);
    expect([...iterateDrafts(db, { date: '2026-06-01' }, 2)]).toEqual([]);
  });
});
