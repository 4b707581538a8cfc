import { approvalFor } from '../store/approvals-repo.js';
import type { QueueContext } from './context.js';
import { followUpsOf, retractionOf, retractionsOf } from './corrections.js';
import type { DraftRecord } from './types.js';

/** What the page shows of an update draft's retraction: who asked, who approved, why, when. */
export interface RetractionSummary {
  draftId: number;
  by: string;
  approvedBy: string | null;
  reason: string;
  at: string;
}

/** The retraction of this update draft that went out (even in part), for the history and the draft page. */
export function retractionSummary(context: QueueContext, updateDraftId: number): RetractionSummary | null {
  const retraction = retractionOf(context, updateDraftId);
  return retraction === null ? null : summary(context, retraction);
}

/** `retractionSummary` of each of a page of update drafts, read together: only those retracted are in the map. */
export function retractionSummaries(
  context: QueueContext,
  updateDraftIds: readonly number[],
): Map<number, RetractionSummary> {
  const summaries = new Map<number, RetractionSummary>();
  for (const [id, retraction] of retractionsOf(context, updateDraftIds))
    summaries.set(id, summary(context, retraction));
  return summaries;
}

function summary(context: QueueContext, retraction: DraftRecord): RetractionSummary {
  return {
    draftId: retraction.id,
    by: retraction.author,
    approvedBy: approvalFor(context.store.db, retraction.id, retraction.version)?.approvedBy ?? null,
    reason: (retraction.content.posts[0]?.text ?? '').replace(/^Retrait : /u, ''),
    at: retraction.updatedAt,
  };
}

/** The corrections and retractions of an update draft (for its page), oldest first. */
export function followUps(context: QueueContext, updateDraftId: number): DraftRecord[] {
  return followUpsOf(context, updateDraftId);
}
