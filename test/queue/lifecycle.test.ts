import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { exportJsonLines } from '../../src/audit/journal.js';
import { RefusedError } from '../../src/errors.js';
import { approve } from '../../src/queue/approve.js';
import { editAltText, editPostText } from '../../src/queue/edit.js';
import { TRANSITIONS } from '../../src/queue/lifecycle.js';
import { reject } from '../../src/queue/reject.js';
import { transition } from '../../src/queue/transition.js';
import { getDraft } from '../../src/store/drafts-repo.js';
import { DRAFT_STATUSES, type DraftStatus } from '../../src/store/types.js';
import { type Fixture, makeFixture } from './fixtures.js';
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
  const refusedFrom = DRAFT_STATUSES.filter((status) => status !== 'awaiting_review');
  it.each(refusedFrom)('is refused from %s, nothing changed', (status) => {
    const id = draftIn(fx, status);
    const refusal = expectRefusedUnchanged(id, () => approve(fx.context, { draftId: id, by: 'chloe' }));
    expect(refusal.message).toContain(status.replaceAll('_', ' '));
  });
  it('is refused for an unknown draft', () => {
    expect(() => approve(fx.context, { draftId: 999, by: 'bruno' })).toThrow(/unknown draft d999/);
  });
  it('takes a missed draft never approved, which stays missed: the scheduler never sends it, publish --now may', () => {
    const id = draftIn(fx, 'awaiting_review');
    transition(fx.context, id, 'missed');
    expect(() => transition(fx.context, id, 'publishing')).toThrow();
    const approved = approve(fx.context, { draftId: id, by: 'bruno' });
    expect(approved.status).toBe('missed');
    const last = JSON.parse(exportJsonLines(fx.context.store.db).trim().split('\n').at(-1)!);
    expect(last).toMatchObject({ action: 'approve', actor: 'bruno', data: { afterMissed: true } });
    expect(transition(fx.context, id, 'publishing').status).toBe('publishing');
  });
});

describe('reject', () => {
  it.each(['awaiting_review', 'approved'] as const)('is allowed from %s, with the reason kept', (status) => {
    const id = draftIn(fx, status);
    const rejected = reject(fx.context, { draftId: id, by: 'chloe', reason: 'Faute dans le titre' });
    expect(rejected.status).toBe('rejected');
    expect(rejected.reason).toBe('Faute dans le titre');
  });
  const refusedFrom = DRAFT_STATUSES.filter((status) => status !== 'awaiting_review' && status !== 'approved');
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
  const refusedFrom = DRAFT_STATUSES.filter((status) => !['awaiting_review', 'approved', 'rejected'].includes(status));
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
