import type { DraftRecord } from '../queue/types.js';
import { formatDraftId } from '../queue/types.js';
import type { Store } from '../store/db.js';
import { draftsTargeting, getDraft } from '../store/drafts-repo.js';
import { ledgerParts } from './ledger-repo.js';
import type { NetworkAdapter, RemoteRef } from './port.js';
import { ContentRejectedError } from './port-errors.js';

/**
 * A correction is published like a thread, through the same ledger, look-ups and retries: this
 * adapter sends its parts under the corrected thread's first post (a reply, a comment, the page's
 * « Correctif » box) and looks them up there.
 */
export function correctionAdapter(store: Store, adapter: NetworkAdapter, draft: DraftRecord): NetworkAdapter {
  const target = targetPost(store, draft);
  const retracted = draft.targetId !== null && isRetracted(store, draft.targetId);
  const refuse = (): never => {
    if (retracted) {
      throw new ContentRejectedError(
        draft.network,
        `${formatDraftId(draft.id)} corrects an update that was retracted: nothing sent`,
        'La mise à jour a été retirée de ce réseau : le correctif n’est pas envoyé.',
      );
    }
    throw new ContentRejectedError(
      draft.network,
      target === null
        ? `${formatDraftId(draft.id)} corrects a thread with no published first post`
        : `the ${draft.network} adapter cannot publish corrections`,
      target === null
        ? 'Le fil à corriger n’a pas de première publication en ligne sur ce réseau : rien n’est envoyé.'
        : 'Ce réseau ne permet pas de publier un correctif depuis crieur.',
    );
  };
  return {
    ...adapter,
    createPost: (part, media, replyTo) =>
      target !== null && !retracted && adapter.createCorrection
        ? adapter.createCorrection(part, media, target, replyTo ? { root: target, parent: replyTo.parent } : undefined)
        : refuse(),
    findPost: (part, since) =>
      target !== null && !retracted && adapter.findCorrection ? adapter.findCorrection(part, target, since) : refuse(),
  };
}

/** Whether a retraction of this update draft went out, even in part. */
function isRetracted(store: Store, updateDraftId: number): boolean {
  return draftsTargeting(store.db, updateDraftId).some(
    (other) => other.kind === 'retraction' && ['publishing', 'published', 'partly_published'].includes(other.status),
  );
}

/** The first post of the corrected thread, from the ledger; null when it is not known to be online. */
export function targetPost(store: Store, draft: DraftRecord): RemoteRef | null {
  if (draft.targetId === null) return null;
  const target = getDraft(store.db, draft.targetId);
  const first = target === null ? undefined : ledgerParts(store.db, target.id)[0];
  if (first === undefined || first.state !== 'posted' || first.remoteId === null) return null;
  return {
    network: draft.network,
    id: first.remoteId,
    ...(first.remoteCid ? { cid: first.remoteCid } : {}),
    ...(first.remoteUrl ? { url: first.remoteUrl } : {}),
  };
}
