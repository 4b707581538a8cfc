import type { DraftStatus } from '../store/types.js';

/** Statuses from which a person may still change a draft (edit) or drop it (supersede). */
export const EDITABLE: readonly DraftStatus[] = ['awaiting_review', 'needs_decision', 'approved', 'rejected'];
/** Statuses a person may reject from. */
export const REJECTABLE: readonly DraftStatus[] = ['awaiting_review', 'needs_decision', 'approved'];
/** Statuses of a draft waiting for a person's approval. */
export const AWAITING: readonly DraftStatus[] = ['awaiting_review', 'needs_decision'];
/** Statuses in which something may be on a network already: a new update never replaces these. */
export const ON_NETWORK: readonly DraftStatus[] = ['publishing', 'published', 'partly_published'];

/**
 * Moves made by the scheduler and the publisher through `transition()`. Approve, reject, edit and
 * supersede have their own functions with their own checks.
 * - failed / partly_published → publishing: a retry resumes from the first part not known to be posted.
 * - missed → publishing: only by `publish --now`, a person deciding the figures are still current,
 *   and only with an approval of the current version (given before, or after the miss).
 */
export const TRANSITIONS: Readonly<Record<DraftStatus, readonly DraftStatus[]>> = {
  awaiting_review: ['missed'],
  needs_decision: ['missed'],
  approved: ['publishing', 'missed'],
  publishing: ['published', 'partly_published', 'failed'],
  partly_published: ['publishing'],
  failed: ['publishing', 'missed'],
  published: [],
  missed: ['publishing'],
  rejected: [],
  superseded: [],
};

export function canTransition(from: DraftStatus, to: DraftStatus): boolean {
  return TRANSITIONS[from].includes(to);
}
