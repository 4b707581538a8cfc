import { approvalFor } from '../store/approvals-repo.js';
import {
  type DraftFilter,
  getDraft,
  iterateDrafts,
  latestDraftPerNetwork,
  listDraftSummaries,
  listDrafts,
} from '../store/drafts-repo.js';
import type { ApprovalRecord, DraftRecord, DraftStatus, DraftSummary } from '../store/types.js';
import type { QueueContext } from './context.js';

/** What the CLI and the page read about drafts: they go through these, never through the store. */

export function findDraft(context: QueueContext, id: number): DraftRecord | null {
  return getDraft(context.store.db, id);
}

/** Drafts in full, by date then id; `filter` narrows to one date or some statuses. */
export function queuedDrafts(context: QueueContext, filter: DraftFilter = {}): DraftRecord[] {
  return listDrafts(context.store.db, filter);
}

/** The drafts `queuedDrafts` returns, read as they are asked for (a listing of years of drafts). */
export function queuedDraftsAsRead(context: QueueContext, filter: DraftFilter = {}): Iterable<DraftRecord> {
  return iterateDrafts(context.store.db, filter);
}

/** Drafts without their content (lists of a year of drafts stay light). */
export function draftSummaries(context: QueueContext, filter: DraftFilter = {}): DraftSummary[] {
  return listDraftSummaries(context.store.db, filter);
}

/** The approval of this version of the draft, if it has one. */
export function approvalOf(context: QueueContext, draft: Pick<DraftRecord, 'id' | 'version'>): ApprovalRecord | null {
  return approvalFor(context.store.db, draft.id, draft.version);
}

/** Each network's latest draft in one of these statuses (the last publication sent or tried). */
export function latestDrafts(context: QueueContext, statuses: readonly DraftStatus[]): DraftSummary[] {
  return latestDraftPerNetwork(context.store.db, statuses);
}
