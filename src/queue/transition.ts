import { appendEvent } from '../audit/journal.js';
import { SYSTEM_ACTOR } from '../audit/types.js';
import { statusExplained } from '../i18n/fr.js';
import { ensureLedgerParts } from '../publish/ledger-repo.js';
import { approvalFor } from '../store/approvals-repo.js';
import type { Store } from '../store/db.js';
import { getDraft, setDraftStatus } from '../store/drafts-repo.js';
import { localDraftMedia } from '../store/media-rows.js';
import type { ApprovalRecord, DraftRecord, DraftStatus } from '../store/types.js';
import { formatDraftId } from '../store/types.js';
import { contentHashFromFiles, fileSha256 } from './content-hash.js';
import type { QueueContext } from './context.js';
import { canTransition } from './lifecycle.js';
import { refused, unknownDraft, wrongStatus } from './refusals.js';

/**
 * The scheduler's and publisher's moves (see TRANSITIONS). Entering `publishing` re-checks that the
 * approved hash is the hash of what is stored now, and creates the ledger rows of the thread.
 */
export function transition(
  context: QueueContext,
  draftId: number,
  to: DraftStatus,
  options: { actor?: string; reason?: string; data?: Record<string, unknown>; sha256Of?: FileSha256 } = {},
): DraftRecord {
  const { store } = context;
  return store.transaction(() => {
    // The publisher's moves are fenced (see QueueContext.fence): a lost lease writes nothing.
    context.fence?.();
    const draft = getDraft(store.db, draftId);
    if (draft === null) throw unknownDraft(draftId);
    if (!canTransition(draft.status, to)) {
      throw wrongStatus(draft.id, draft.status, `move to ${to}`, `de passer à l’état « ${statusExplained(to)} »`);
    }
    const at = context.now();
    const iso = at.toISOString();
    let data: Record<string, unknown> = { from: draft.status, to, ...(options.data ?? {}) };
    if (to === 'publishing') {
      const approval = verifiedApproval(store, draft, options.sha256Of);
      // A retraction's rows are its deletions (src/publish/retract.ts), made when it starts.
      if (draft.kind !== 'retraction') ensureLedgerParts(store.db, draft.id, draft.content.posts.length, iso);
      data = { ...data, version: draft.version, contentHash: approval.contentHash, approvedBy: approval.approvedBy };
    }
    setDraftStatus(store.db, draft.id, to, options.reason ?? null, iso);
    appendEvent(
      store.db,
      {
        at,
        actor: options.actor ?? SYSTEM_ACTOR,
        action: to === 'missed' ? 'missed' : 'status',
        subject: formatDraftId(draft.id),
        data: options.reason === undefined ? data : { ...data, reason: options.reason },
      },
      store.secrets,
    );
    const updated = getDraft(store.db, draft.id);
    if (updated === null) throw unknownDraft(draft.id);
    return updated;
  });
}

/**
 * The draft as it may be sent now: approved (or being published) and with the approved hash equal to
 * the hash of the stored text and media files. Call before every send.
 */
export function approvedContent(
  store: Store,
  draftId: number,
  sha256Of: FileSha256 = fileSha256,
): { draft: DraftRecord; approval: ApprovalRecord } {
  const draft = getDraft(store.db, draftId);
  if (draft === null) throw unknownDraft(draftId);
  if (!['approved', 'publishing', 'partly_published', 'failed'].includes(draft.status)) {
    throw wrongStatus(draft.id, draft.status, 'send', 'd’envoyer');
  }
  return { draft, approval: verifiedApproval(store, draft, sha256Of) };
}

/** Reads a media file and returns the sha256 of its bytes; throws when it cannot be read. */
export type FileSha256 = (path: string) => string;

/**
 * Each distinct file read and hashed once, for checks made together in one synchronous transaction
 * (the networks' drafts often share their cards); a fresh one for every such batch, never kept.
 */
export function fileHashesOnce(): FileSha256 {
  const hashes = new Map<string, string>();
  return (path) => {
    const known = hashes.get(path);
    if (known !== undefined) return known;
    const hash = fileSha256(path);
    hashes.set(path, hash);
    return hash;
  };
}

function verifiedApproval(store: Store, draft: DraftRecord, sha256Of: FileSha256 = fileSha256): ApprovalRecord {
  const label = formatDraftId(draft.id);
  const approval = approvalFor(store.db, draft.id, draft.version);
  if (approval === null) {
    throw refused(
      `version ${draft.version} of ${label} was never approved`,
      `la version ${draft.version} de ${label} n’a jamais été approuvée`,
    );
  }
  localDraftMedia(store, draft.content);
  const actual = contentHashFromFiles(draft.content, store.mediaDir, sha256Of);
  if (actual !== approval.contentHash || draft.contentHash !== approval.contentHash) {
    throw refused(
      `${label} is not what was approved (content hash ${actual?.slice(0, 12) ?? 'missing file'}, approved ${approval.contentHash.slice(0, 12)}); nothing is sent`,
      `${label} ne correspond pas à ce qui a été approuvé (empreinte ${actual?.slice(0, 12) ?? 'fichier manquant'}, approuvée ${approval.contentHash.slice(0, 12)}) ; rien n’est envoyé`,
    );
  }
  return approval;
}
