import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RefusedError } from '../../src/errors.js';
import { approve, approveDate } from '../../src/queue/approve.js';
import { contentHashFromFiles } from '../../src/queue/content-hash.js';
import { editAltText, editPostText } from '../../src/queue/edit.js';
import { importDrafts } from '../../src/queue/import.js';
import { approvedContent, transition } from '../../src/queue/transition.js';
import { approvalFor } from '../../src/store/approvals-repo.js';
import { getDraft, listDrafts } from '../../src/store/drafts-repo.js';
import { type Fixture, makeFixture, makeUpdate } from './fixtures.js';
import { draftIn } from './states.js';

let fx: Fixture;
beforeEach(async () => {
  fx = await makeFixture();
});
afterEach(() => fx.close());

describe('approval records who, when and the content hash', () => {
  it('binds the approval to the hash recomputed from the media files', () => {
    const id = draftIn(fx, 'awaiting_review');
    const at = fx.tick();
    const approved = approve(fx.context, { draftId: id, by: 'bruno' });
    const approval = approvalFor(fx.context.store.db, id, 1);
    expect(approval).toMatchObject({ approvedBy: 'bruno', approvedAt: at.toISOString(), version: 1 });
    expect(approval?.contentHash).toBe(approved.contentHash);
    expect(contentHashFromFiles(approved.content, fx.context.store.mediaDir)).toBe(approval?.contentHash);
    expect(approvedContent(fx.context.store, id).approval.id).toBe(approval?.id);
  });
});

describe('four-eyes rule', () => {
  it('refuses the importer, whatever the case or spacing of the name', () => {
    const id = draftIn(fx, 'awaiting_review');
    expect(() => approve(fx.context, { draftId: id, by: 'ana' })).toThrow(/four-eyes/);
    expect(() => approve(fx.context, { draftId: id, by: ' ANA ' })).toThrow(RefusedError);
    expect(getDraft(fx.context.store.db, id)?.status).toBe('awaiting_review');
  });
  it('refuses the author of the last edit, and lets the importer approve it', () => {
    const id = draftIn(fx, 'awaiting_review');
    editPostText(fx.context, { draftId: id, postIndex: 1, text: 'Faits saillants corrigés 2/2', by: 'chloe' });
    expect(() => approve(fx.context, { draftId: id, by: 'chloe' })).toThrow(/chloe wrote version 2/);
    expect(approve(fx.context, { draftId: id, by: 'ana' }).status).toBe('approved');
  });
  it('gives the refusal in French too', () => {
    const id = draftIn(fx, 'awaiting_review');
    try {
      approve(fx.context, { draftId: id, by: 'ana' });
      expect.unreachable();
    } catch (error) {
      expect((error as RefusedError).messageFr).toContain('règle des quatre yeux');
    }
  });
  it('can be turned off', () => {
    fx.context.fourEyes = false;
    const id = draftIn(fx, 'awaiting_review');
    expect(approve(fx.context, { draftId: id, by: 'ana' }).status).toBe('approved');
  });
});

describe('hash binding', () => {
  it('an edit after approval clears it: back to review, not publishable', () => {
    const id = draftIn(fx, 'approved');
    const edited = editAltText(fx.context, {
      draftId: id,
      postIndex: 0,
      mediaIndex: 0,
      alt: 'Autre texte',
      by: 'chloe',
    });
    expect(edited.status).toBe('awaiting_review');
    expect(approvalFor(fx.context.store.db, id, edited.version)).toBeNull();
    expect(() => transition(fx.context, id, 'publishing')).toThrow(RefusedError);
    expect(() => approvedContent(fx.context.store, id)).toThrow(RefusedError);
  });

  it('refuses an approval for content other than the one reviewed (concurrent edit)', () => {
    const id = draftIn(fx, 'awaiting_review');
    const reviewed = getDraft(fx.context.store.db, id)!.contentHash;
    editPostText(fx.context, { draftId: id, postIndex: 0, text: 'Texte changé entre-temps 1/2', by: 'chloe' });
    expect(() => approve(fx.context, { draftId: id, by: 'bruno', expectedHash: reviewed })).toThrow(
      /changed since it was reviewed/,
    );
    expect(getDraft(fx.context.store.db, id)?.status).toBe('awaiting_review');
    const current = getDraft(fx.context.store.db, id)!.contentHash;
    expect(approve(fx.context, { draftId: id, by: 'bruno', expectedHash: current }).status).toBe('approved');
  });

  it('refuses a concurrent edit based on a stale hash', () => {
    const id = draftIn(fx, 'awaiting_review');
    const seen = getDraft(fx.context.store.db, id)!.contentHash;
    editPostText(fx.context, { draftId: id, postIndex: 0, text: 'Première modification 1/2', by: 'chloe' });
    expect(() =>
      editPostText(fx.context, { draftId: id, postIndex: 0, text: 'Seconde 1/2', by: 'dany', expectedHash: seen }),
    ).toThrow(RefusedError);
    expect(getDraft(fx.context.store.db, id)?.version).toBe(2);
  });

  it('a media file changed on disk after approval blocks publishing', () => {
    const id = draftIn(fx, 'approved');
    const media = getDraft(fx.context.store.db, id)!.content.posts[0]!.media[0]!;
    writeFileSync(join(fx.context.store.mediaDir, media.file), Buffer.from('not the approved image'));
    expect(() => transition(fx.context, id, 'publishing')).toThrow(/not what was approved/);
    expect(() => approvedContent(fx.context.store, id)).toThrow(RefusedError);
    expect(getDraft(fx.context.store.db, id)?.status).toBe('approved');
  });

  it('a media file changed on disk before approval blocks the approval', () => {
    const id = draftIn(fx, 'awaiting_review');
    const media = getDraft(fx.context.store.db, id)!.content.posts[1]!.media[0]!;
    writeFileSync(join(fx.context.store.mediaDir, media.file), Buffer.from('changed'));
    expect(() => approve(fx.context, { draftId: id, by: 'bruno' })).toThrow(/an image file changed/);
  });

  it('stored text changed behind the queue blocks publishing', () => {
    const id = draftIn(fx, 'approved');
    const { db } = fx.context.store;
    const row = db.prepare('SELECT content FROM draft_versions WHERE draft_id = ?').get(id) as { content: string };
    db.prepare('UPDATE draft_versions SET content = ? WHERE draft_id = ?').run(
      row.content.replace('Mise à jour du 14 mai', 'Texte jamais approuvé'),
      id,
    );
    expect(() => approvedContent(fx.context.store, id)).toThrow(/not what was approved/);
    expect(() => transition(fx.context, id, 'publishing')).toThrow(RefusedError);
  });
});

describe('approve --date', () => {
  it('approves every draft awaiting review for the date', () => {
    importDrafts(fx.context, { update: makeUpdate(), drafts: fx.drafts(['x', 'bluesky', 'linkedin']), by: 'ana' });
    const approved = approveDate(fx.context, { date: '2026-05-14', by: 'bruno' });
    expect(approved.map((draft) => draft.status)).toEqual(['approved', 'approved', 'approved']);
  });
  it('approves none when one is refused', () => {
    const { drafts } = importDrafts(fx.context, {
      update: makeUpdate(),
      drafts: fx.drafts(['x', 'linkedin']),
      by: 'ana',
    });
    editPostText(fx.context, { draftId: drafts[1]!.id, postIndex: 0, text: 'Corrigé par Bruno.', by: 'bruno' });
    expect(() => approveDate(fx.context, { date: '2026-05-14', by: 'bruno' })).toThrow(/four-eyes/);
    expect(listDrafts(fx.context.store.db).map((draft) => draft.status)).toEqual([
      'awaiting_review',
      'awaiting_review',
    ]);
  });
  it('refuses a date with nothing to approve', () => {
    expect(() => approveDate(fx.context, { date: '2026-05-15', by: 'bruno' })).toThrow(/no draft awaiting review/);
  });
});
