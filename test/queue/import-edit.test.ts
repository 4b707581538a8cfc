import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { listEvents } from '../../src/audit/log.js';
import { RefusedError } from '../../src/errors.js';
import { markPartPosted, markPartSending } from '../../src/publish/ledger.js';
import { contentHash } from '../../src/queue/content-hash.js';
import { editAltText, editPostText, replaceCard } from '../../src/queue/edit.js';
import { importDrafts } from '../../src/queue/import.js';
import { transition } from '../../src/queue/transition.js';
import { getDraft, getDraftVersion, listDrafts } from '../../src/store/drafts-repo.js';
import { getUpdate } from '../../src/store/updates-repo.js';
import { type Fixture, makeCard, makeFixture, makeUpdate } from './fixtures.js';
import { draftIn } from './states.js';

let fx: Fixture;
beforeEach(async () => {
  fx = await makeFixture();
});
afterEach(() => fx.close());

describe('importDrafts', () => {
  it('stores the update and one draft per network awaiting review, with content-addressed media', () => {
    const result = importDrafts(fx.context, { update: makeUpdate(), drafts: fx.drafts(['x', 'linkedin']), by: 'ana' });
    expect(result.drafts.map((draft) => [draft.network, draft.status, draft.version, draft.author])).toEqual([
      ['x', 'awaiting_review', 1, 'ana'],
      ['linkedin', 'awaiting_review', 1, 'ana'],
    ]);
    expect(getUpdate(fx.context.store.db, result.updateId)).toMatchObject({ date: '2026-05-14', importedBy: 'ana' });
    const x = result.drafts[0]!;
    expect(x.content.posts.map((post) => post.text)).toEqual(['Mise à jour du 14 mai 1/2', 'Faits saillants 2/2']);
    const media = x.content.posts[0]!.media[0]!;
    expect(media.file).toBe(`${fx.cards[0]!.sha256}.png`);
    const stored = join(fx.context.store.mediaDir, media.file);
    expect(readFileSync(stored)).toEqual(readFileSync(fx.cards[0]!.path));
    expect(x.contentHash).toBe(contentHash(x.content));
    expect(listEvents(fx.context.store.db).map((event) => [event.action, event.subject])).toEqual([
      ['import', `update ${result.updateId}`],
      ['import', `d${x.id}`],
      ['import', `d${result.drafts[1]!.id}`],
    ]);
  });

  it.each(['awaiting_review', 'rejected', 'approved'] as const)(
    'supersedes a %s draft of the same date and says so',
    (status) => {
      const old = draftIn(fx, status);
      const otherDay = draftIn(fx, 'awaiting_review', '2026-05-15');
      const result = importDrafts(fx.context, { update: makeUpdate(), drafts: fx.drafts(['x']), by: 'ana' });
      expect(result.superseded).toEqual([{ id: old, network: 'x', previousStatus: status }]);
      expect(getDraft(fx.context.store.db, old)).toMatchObject({
        status: 'superseded',
        reason: `replaced by update ${result.updateId}`,
      });
      expect(listEvents(fx.context.store.db, { subject: `d${old}` }).at(-1)).toMatchObject({
        action: 'supersede',
        data: { previousStatus: status },
      });
      expect(getDraft(fx.context.store.db, otherDay)?.status).toBe('awaiting_review');
      expect(result.drafts).toHaveLength(1);
    },
  );

  it('leaves drafts of other networks alone', () => {
    const x = draftIn(fx, 'awaiting_review');
    importDrafts(fx.context, { update: makeUpdate(), drafts: fx.drafts(['linkedin']), by: 'ana' });
    expect(getDraft(fx.context.store.db, x)?.status).toBe('awaiting_review');
  });

  it.each(['published', 'partly_published', 'publishing'] as const)(
    'never touches a %s draft and does not queue that network again',
    (status) => {
      const id = draftIn(fx, status);
      const before = getDraft(fx.context.store.db, id);
      const result = importDrafts(fx.context, {
        update: makeUpdate(),
        drafts: fx.drafts(['x', 'linkedin']),
        by: 'ana',
      });
      expect(getDraft(fx.context.store.db, id)).toEqual(before);
      expect(result.skipped).toEqual([{ network: 'x', existingId: id, existingStatus: status }]);
      expect(result.drafts.map((draft) => draft.network)).toEqual(['linkedin']);
    },
  );

  it('replaces a failed draft only when nothing of it may be on the network', () => {
    const clean = draftIn(fx, 'failed');
    const result = importDrafts(fx.context, { update: makeUpdate(), drafts: fx.drafts(['x']), by: 'ana' });
    expect(result.superseded.map((old) => old.id)).toEqual([clean]);

    const id = draftIn(fx, 'approved', '2026-05-16');
    transition(fx.context, id, 'publishing');
    markPartSending(fx.context, id, 0, 1);
    markPartPosted(fx.context, id, 0, { network: 'x', id: '1901', url: 'https://x.com/i/status/1901' });
    transition(fx.context, id, 'failed');
    const again = importDrafts(fx.context, { update: makeUpdate('2026-05-16'), drafts: fx.drafts(['x']), by: 'ana' });
    expect(again.skipped.map((skip) => skip.existingId)).toEqual([id]);
    expect(getDraft(fx.context.store.db, id)?.status).toBe('failed');
  });

  it('refuses bad input with nothing stored', () => {
    const twice = [...fx.drafts(['x']), ...fx.drafts(['x'])];
    expect(() => importDrafts(fx.context, { update: makeUpdate(), drafts: twice, by: 'ana' })).toThrow(RefusedError);
    expect(() => importDrafts(fx.context, { update: makeUpdate(), drafts: fx.drafts(['x']), by: ' ' })).toThrow(
      RefusedError,
    );
    expect(listDrafts(fx.context.store.db)).toEqual([]);
    expect(listEvents(fx.context.store.db)).toEqual([]);
  });
});

describe('editing', () => {
  it('keeps every version and records the editor', () => {
    const id = draftIn(fx, 'awaiting_review');
    const edited = editPostText(fx.context, {
      draftId: id,
      postIndex: 1,
      text: '  Faits saillants revus 2/2\n',
      by: 'chloe',
    });
    expect(edited).toMatchObject({ version: 2, author: 'chloe' });
    expect(edited.content.posts[1]!.text).toBe('Faits saillants revus 2/2');
    expect(getDraftVersion(fx.context.store.db, id, 1)?.content.posts[1]?.text).toBe('Faits saillants 2/2');
    expect(getDraftVersion(fx.context.store.db, id, 1)?.author).toBe('ana');
    expect(edited.contentHash).not.toBe(getDraftVersion(fx.context.store.db, id, 1)?.contentHash);
    const last = listEvents(fx.context.store.db, { subject: `d${id}` }).at(-1);
    expect(last).toMatchObject({ actor: 'chloe', action: 'edit', data: { post: 2, version: 2 } });
  });

  it('changes the hash when an alt text changes, and keeps the image', () => {
    const id = draftIn(fx, 'awaiting_review');
    const before = getDraft(fx.context.store.db, id)!;
    const edited = editAltText(fx.context, {
      draftId: id,
      postIndex: 1,
      mediaIndex: 0,
      alt: 'Trois faits.',
      by: 'chloe',
    });
    expect(edited.content.posts[1]!.media[0]).toEqual({ ...before.content.posts[1]!.media[0], alt: 'Trois faits.' });
    expect(edited.contentHash).not.toBe(before.contentHash);
  });

  it('replaces a card rendered again', async () => {
    const id = draftIn(fx, 'approved');
    const card = await makeCard(fx.dir, 'corrected', '#ffffff', 'Chiffres corrigés.');
    const edited = replaceCard(fx.context, { draftId: id, postIndex: 0, mediaIndex: 0, card, by: 'chloe' });
    expect(edited.status).toBe('awaiting_review');
    expect(edited.content.posts[0]!.media[0]).toMatchObject({ sha256: card.sha256, alt: 'Chiffres corrigés.' });
    expect(existsSync(join(fx.context.store.mediaDir, `${card.sha256}.png`))).toBe(true);
  });

  it('refuses a text too long for the network, an empty text, no change, or a post that does not exist', () => {
    const id = draftIn(fx, 'awaiting_review');
    const refusals = [
      () => editPostText(fx.context, { draftId: id, postIndex: 0, text: 'é'.repeat(281), by: 'chloe' }),
      () => editPostText(fx.context, { draftId: id, postIndex: 0, text: '   ', by: 'chloe' }),
      () => editPostText(fx.context, { draftId: id, postIndex: 0, text: 'Mise à jour du 14 mai 1/2', by: 'chloe' }),
      () => editPostText(fx.context, { draftId: id, postIndex: 5, text: 'Texte', by: 'chloe' }),
      () => editAltText(fx.context, { draftId: id, postIndex: 0, mediaIndex: 3, alt: 'Texte', by: 'chloe' }),
      () => editAltText(fx.context, { draftId: id, postIndex: 0, mediaIndex: 0, alt: 'a'.repeat(1001), by: 'chloe' }),
      () => editPostText(fx.context, { draftId: 404, postIndex: 0, text: 'Texte', by: 'chloe' }),
    ];
    for (const attempt of refusals) expect(attempt).toThrow(RefusedError);
    expect(getDraft(fx.context.store.db, id)?.version).toBe(1);
  });

  it('accepts a LinkedIn text far longer than an X post', () => {
    const { drafts } = importDrafts(fx.context, { update: makeUpdate(), drafts: fx.drafts(['linkedin']), by: 'ana' });
    const long = 'Une phrase assez longue pour LinkedIn. '.repeat(40).trim();
    expect(editPostText(fx.context, { draftId: drafts[0]!.id, postIndex: 0, text: long, by: 'chloe' }).version).toBe(2);
  });
});
