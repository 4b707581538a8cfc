import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { verifyChain } from '../../src/audit/verify.js';
import { MEASURES } from '../../src/compose/measure.js';
import { RefusedError } from '../../src/errors.js';
import { contentHash } from '../../src/queue/content-hash.js';
import { editAltText, editPostText, MAX_ALT_CHARS } from '../../src/queue/edit.js';
import { importDrafts } from '../../src/queue/import.js';
import { getDraft } from '../../src/store/drafts-repo.js';
import type { DraftRecord } from '../../src/store/types.js';
import { makeFixture, makeUpdate } from '../queue/fixtures.js';
import { emojiRun, hostileText } from './hostile.js';

type Edit =
  | { kind: 'text'; draft: number; post: number; text: string }
  | { kind: 'alt'; draft: number; post: number; media: number; text: string };

const editText = fc.oneof(
  { weight: 6, arbitrary: hostileText(30) },
  {
    weight: 1,
    arbitrary: fc.constantFrom(emojiRun(10_000), emojiRun(10_000, '👩‍⚕️'), 'x'.repeat(100_000), '\u202e'.repeat(300)),
  },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 400 }) },
);
const editArb: fc.Arbitrary<Edit> = fc.oneof(
  fc.record({
    kind: fc.constant('text' as const),
    draft: fc.nat(3),
    post: fc.integer({ min: -1, max: 2 }),
    text: editText,
  }),
  fc.record({
    kind: fc.constant('alt' as const),
    draft: fc.nat(3),
    post: fc.integer({ min: -1, max: 2 }),
    media: fc.integer({ min: -1, max: 2 }),
    text: editText,
  }),
);

/** What a stored text must be once accepted: what the editor typed, normalised and trimmed. */
const accepted = (text: string) => text.normalize('NFC').trim();

describe('queue edits with hostile text', () => {
  it('refuse with RefusedError or store exactly what was accepted, keeping hashes and the audit chain whole', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(editArb, { minLength: 1, maxLength: 6 }), async (edits) => {
        const fx = await makeFixture();
        try {
          const { drafts } = importDrafts(fx.context, {
            update: makeUpdate(),
            drafts: fx.drafts(['x', 'bluesky', 'linkedin', 'facebook']),
            by: 'ana',
          });
          const db = fx.context.store.db;
          const expected = new Map<number, DraftRecord>(drafts.map((d) => [d.id, d]));
          for (const edit of edits) {
            const id = drafts[edit.draft]!.id;
            const before = getDraft(db, id)!;
            fx.tick();
            let after: DraftRecord;
            try {
              after =
                edit.kind === 'text'
                  ? editPostText(fx.context, { draftId: id, by: 'béa', postIndex: edit.post, text: edit.text })
                  : editAltText(fx.context, {
                      draftId: id,
                      by: 'béa',
                      postIndex: edit.post,
                      mediaIndex: edit.media,
                      alt: edit.text,
                    });
            } catch (error) {
              if (!(error instanceof RefusedError)) throw error;
              expect(getDraft(db, id)).toEqual(before);
              continue;
            }
            const stored = getDraft(db, id)!;
            expect(stored).toEqual(after);
            expect(stored.version).toBe(before.version + 1);
            expect(stored.status).toBe('awaiting_review');
            expect(stored.contentHash).toBe(contentHash(stored.content));
            const post = stored.content.posts[edit.post]!;
            if (edit.kind === 'text') {
              expect(post.text).toBe(accepted(edit.text));
              expect(MEASURES[stored.network](post.text).valid).toBe(true);
            } else {
              expect(post.media[edit.media]!.alt).toBe(accepted(edit.text));
              expect([...post.media[edit.media]!.alt].length).toBeLessThanOrEqual(MAX_ALT_CHARS);
            }
            // Everything else is as it was.
            stored.content.posts.forEach((other, i) => {
              if (i === edit.post) return;
              expect(other).toEqual(before.content.posts[i]);
            });
            expected.set(id, stored);
          }
          for (const [id, record] of expected) expect(getDraft(db, id)).toEqual(record);
          expect(verifyChain(db)).toMatchObject({ ok: true });
        } finally {
          fx.close();
        }
      }),
      { numRuns: 30 },
    );
  });
});
