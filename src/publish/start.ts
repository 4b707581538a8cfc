import type { QueueContext } from '../queue/context.js';
import { findDraft } from '../queue/read.js';
import { approvedContent, type FileSha256, transition } from '../queue/transition.js';
import type { DraftRecord } from '../queue/types.js';
import { maxAttemptsPerPart } from './backoff.js';
import type { PublishDeps } from './deps.js';
import { ledgerParts, markPartSending } from './ledger.js';
import { knownMedia } from './media.js';
import type { MediaRef } from './port.js';

export interface StartOptions {
  /** How media files are hashed for the approved-hash check (see `fileHashesOnce` for a batch). */
  sha256Of?: FileSha256;
}

/** What starting a publication did, in one commit (see `startPublication`). */
export type PublicationStart = { ok: true; draft: DraftRecord; sending?: SendingPart } | { ok: false; error: unknown };

/** A part this run has committed as `sending`, with its images: its create call is next. */
export interface SendingPart {
  index: number;
  attempt: number;
  media: MediaRef[];
}

/**
 * Starts a publication without sending anything, in one commit: moves the draft to `publishing`
 * (the approved hash checked against the stored text and media files) and, when the first part not
 * posted yet can go at once (its images uploaded ahead), marks that part `sending`, so its create call
 * follows with no other write. Synchronous and self-contained, so that the scheduler can start every
 * network's publication in one transaction; a refusal rolls back only this draft's changes.
 */
export function startPublication(
  deps: PublishDeps,
  draftId: number,
  deadline: Date,
  options: StartOptions = {},
): PublicationStart {
  const { queue } = deps;
  try {
    return queue.store.transaction((): PublicationStart => {
      // A resumed publication may write nothing else here: the lease is checked all the same.
      queue.fence?.();
      const draft = startPublishing(queue, draftId, options.sha256Of);
      const ledger = ledgerParts(queue.store, draft.id);
      const index = ledger.findIndex((part) => part.state !== 'posted');
      const part = ledger[index];
      const sendable =
        part !== undefined &&
        (part.state === 'pending' || part.state === 'failed') &&
        maxAttemptsPerPart(deps) > 0 &&
        queue.now().getTime() <= deadline.getTime();
      const media = sendable ? knownMedia(queue, draft, index) : undefined;
      if (part === undefined || media === undefined) return { ok: true, draft };
      const attempt = part.attempt + 1;
      markPartSending(queue, draft.id, index, attempt);
      return { ok: true, draft, sending: { index, attempt, media } };
    });
  } catch (error) {
    return { ok: false, error };
  }
}

function startPublishing(queue: QueueContext, draftId: number, sha256Of?: FileSha256): DraftRecord {
  const current = findDraft(queue, draftId);
  if (current?.status === 'publishing') return approvedContent(queue.store, draftId, sha256Of).draft;
  return transition(queue, draftId, 'publishing', sha256Of ? { sha256Of } : {});
}
