/** The shapes the queue hands out, for the CLI and the page (which never import the store). */
export {
  type ApprovalRecord,
  DRAFT_KINDS,
  DRAFT_STATUSES,
  type DraftKind,
  type DraftRecord,
  type DraftStatus,
  type DraftSummary,
  formatDraftId,
  parseDraftId,
  type StoredMedia,
  type StoredPost,
} from '../store/types.js';
