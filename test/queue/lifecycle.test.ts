import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { exportJsonLines } from '../../src/audit/journal.js';
import { RefusedError } from '../../src/errors.js';
import { approve, approveDate } from '../../src/queue/approve.js';
import { editAltText, editPostText } from '../../src/queue/edit.js';
import { importDrafts } from '../../src/queue/import.js';
import { TRANSITIONS } from '../../src/queue/lifecycle.js';
import { reject } from '../../src/queue/reject.js';
import { transition } from '../../src/queue/transition.js';
import { getDraft } from '../../src/store/drafts-repo.js';
import { DRAFT_STATUSES, type DraftStatus } from '../../src/store/types.js';
import { type Fixture, makeFixture, makeUpdate } from './fixtures.js';
import { draftIn } from './states.js';

let fx: Fixture;
beforeEach(async () => {
  fx = await makeFixture();
});
afterEach(() => fx.close());

/** Runs `action` and checks it is refused with both messages and leaves the store exactly as it was. */
function expectRefusedUnchanged(id: number, action: () => unknown): RefusedError {
  const draftBefore = getDraft(fx.context.store.db, id);
  const auditBefore = exportJsonLines(fx.context.store.db);
  let caught: unknown;
  try {
    action();
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(RefusedError);
  const refusal = caught as RefusedError;
  expect(refusal.exitCode).toBe(2);
  expect(refusal.message).not.toBe('');
  expect(refusal.messageFr).not.toBe('');
  expect(getDraft(fx.context.store.db, id)).toEqual(draftBefore);
  expect(exportJsonLines(fx.context.store.db)).toBe(auditBefore);
  return refusal;
}

describe('every status can be reached', () => {
  it.each(DRAFT_STATUSES)('%s', (status) => {
    const id = draftIn(fx, status);
    expect(getDraft(fx.context.store.db, id)?.status).toBe(status);
  });
});

describe('approve', () => {
  it('is allowed from awaiting_review only', () => {
    const id = draftIn(fx, 'awaiting_review');
    expect(approve(fx.context, { draftId: id, by: 'bruno' }).status).toBe('approved');
  });
  const refusedFrom = DRAFT_STATUSES.filter((status) => status !== 'awaiting_review' && status !== 'needs_decision');
  it.each(refusedFrom)('is refused from %s, nothing changed', (status) => {
    const id = draftIn(fx, status);
    const refusal = expectRefusedUnchanged(id, () => approve(fx.context, { draftId: id, by: 'chloe' }));
    expect(refusal.message).toContain(status.replaceAll('_', ' '));
  });
  it('is refused from needs_decision unless what is left out is accepted, and the acceptance is audited', () => {
    const id = draftIn(fx, 'needs_decision');
    const refusal = expectRefusedUnchanged(id, () => approve(fx.context, { draftId: id, by: 'chloe' }));
    expect(refusal.message).toContain('--accept-omissions');
    expect(refusal.messageFr).toContain('laisse de côté 1 élément');
    const approved = approve(fx.context, { draftId: id, by: 'chloe', acceptOmissions: true });
    expect(approved.status).toBe('approved');
    const last = JSON.parse(exportJsonLines(fx.context.store.db).trim().split('\n').at(-1)!);
    expect(last).toMatchObject({
      action: 'approve',
      actor: 'chloe',
      data: {
        omissionsAccepted: [{ text: 'Une puce de trop', section: 'Faits saillants', reason: 'max-thread-posts' }],
      },
    });
  });
  it('approving a whole date needs the acceptance when one draft needs a decision: all or none', () => {
    const drafts = fx.drafts(['x', 'linkedin']).map((draft) =>
      draft.network === 'linkedin'
        ? {
            ...draft,
            format: 'full' as const,
            omitted: [{ text: '166 chirurgies', section: 'Mardi', reason: 'network-limit' as const }],
          }
        : draft,
    );
    const [x, linkedin] = importDrafts(fx.context, { update: makeUpdate('2026-05-20'), drafts, by: 'ana' }).drafts;
    expect([x!.status, linkedin!.status]).toEqual(['awaiting_review', 'needs_decision']);
    expect(() => approveDate(fx.context, { date: '2026-05-20', by: 'chloe' })).toThrow(/accept-omissions/);
    expect(getDraft(fx.context.store.db, x!.id)?.status).toBe('awaiting_review');
    const approved = approveDate(fx.context, { date: '2026-05-20', by: 'chloe', acceptOmissions: true });
    expect(approved.map((d) => d.status)).toEqual(['approved', 'approved']);
  });
});

describe('reject', () => {
  it.each(['awaiting_review', 'needs_decision', 'approved'] as const)(
    'is allowed from %s, with the reason kept',
    (status) => {
      const id = draftIn(fx, status);
      const rejected = reject(fx.context, { draftId: id, by: 'chloe', reason: 'Faute dans le titre' });
      expect(rejected.status).toBe('rejected');
      expect(rejected.reason).toBe('Faute dans le titre');
    },
  );
  const refusedFrom = DRAFT_STATUSES.filter(
    (status) => status !== 'awaiting_review' && status !== 'needs_decision' && status !== 'approved',
  );
  it.each(refusedFrom)('is refused from %s, nothing changed', (status) => {
    const id = draftIn(fx, status);
    expectRefusedUnchanged(id, () => reject(fx.context, { draftId: id, by: 'chloe', reason: 'Non' }));
  });
  it('needs a reason', () => {
    const id = draftIn(fx, 'awaiting_review');
    expectRefusedUnchanged(id, () => reject(fx.context, { draftId: id, by: 'chloe', reason: '  ' }));
  });
});

describe('edit', () => {
  it.each(['awaiting_review', 'approved', 'rejected'] as const)(
    'is allowed from %s and sends the draft back to review as a new version',
    (status) => {
      const id = draftIn(fx, status);
      const edited = editPostText(fx.context, { draftId: id, postIndex: 0, text: 'Nouveau texte 1/2', by: 'chloe' });
      expect(edited.status).toBe('awaiting_review');
      expect(edited.version).toBe(2);
      expect(edited.reason).toBeNull();
    },
  );
  it('keeps a draft that leaves content out in needs_decision after an edit', () => {
    const id = draftIn(fx, 'needs_decision');
    const edited = editPostText(fx.context, { draftId: id, postIndex: 0, text: 'Nouveau texte 1/2', by: 'chloe' });
    expect(edited.status).toBe('needs_decision');
    expect(edited.content.omitted).toHaveLength(1);
  });
  const refusedFrom = DRAFT_STATUSES.filter(
    (status) => !['awaiting_review', 'needs_decision', 'approved', 'rejected'].includes(status),
  );
  it.each(refusedFrom)('is refused from %s, nothing changed', (status) => {
    const id = draftIn(fx, status);
    expectRefusedUnchanged(id, () =>
      editPostText(fx.context, { draftId: id, postIndex: 0, text: 'Autre texte', by: 'chloe' }),
    );
    expectRefusedUnchanged(id, () =>
      editAltText(fx.context, { draftId: id, postIndex: 0, mediaIndex: 0, alt: 'Autre', by: 'chloe' }),
    );
  });
});

describe('transition (scheduler and publisher)', () => {
  const pairs: [DraftStatus, DraftStatus][] = DRAFT_STATUSES.flatMap((from) =>
    DRAFT_STATUSES.map((to): [DraftStatus, DraftStatus] => [from, to]),
  );
  const allowed = pairs.filter(([from, to]) => TRANSITIONS[from].includes(to));
  const refused = pairs.filter(([from, to]) => !TRANSITIONS[from].includes(to));

  it('allows exactly the documented moves', () => {
    expect(allowed.map(([from, to]) => `${from}→${to}`).sort()).toEqual(
      [
        'approved→missed',
        'approved→publishing',
        'awaiting_review→missed',
        'needs_decision→missed',
        'failed→missed',
        'failed→publishing',
        'missed→publishing',
        'partly_published→publishing',
        'publishing→failed',
        'publishing→partly_published',
        'publishing→published',
      ].sort(),
    );
  });
  it.each(allowed)('%s → %s is allowed and audited', (from, to) => {
    const id = draftIn(fx, from);
    const moved = transition(fx.context, id, to);
    expect(moved.status).toBe(to);
    const last = exportJsonLines(fx.context.store.db).trim().split('\n').at(-1)!;
    expect(JSON.parse(last)).toMatchObject({ subject: `d${id}`, data: { from, to } });
  });
  it.each(refused)('%s → %s is refused, nothing changed', (from, to) => {
    const id = draftIn(fx, from);
    expectRefusedUnchanged(id, () => transition(fx.context, id, to));
  });
});
