import { appendEvent } from '../audit/journal.js';
import { SYSTEM_ACTOR } from '../audit/types.js';
import type { QueueContext } from '../queue/context.js';
import { findDraft } from '../queue/read.js';
import { refused, unknownDraft } from '../queue/refusals.js';
import { formatDraftId } from '../queue/types.js';
import type { Store } from '../store/db.js';
import type { LedgerPart, PartState } from './ledger-repo.js';
import * as repo from './ledger-repo.js';
import type { MediaRef, RemoteRef } from './port.js';

/**
 * The publish ledger: one row per thread part, written before and after each network call, each
 * change with its audit event in the same transaction. A part is `sending` while a create is in
 * flight; a crash leaves it so, and the publisher must treat it like `unknown` (look it up first).
 */
export function ledgerParts(store: Store, draftId: number): LedgerPart[] {
  return repo.ledgerParts(store.db, draftId);
}

/** The ledgers of a page of drafts, read together (see `ledgerParts`). */
export function ledgerPartsOf(store: Store, draftIds: readonly number[]): Map<number, LedgerPart[]> {
  return repo.ledgerPartsOf(store.db, draftIds);
}

/** Before a create call. Refused for a part posted already, or whose last outcome is not known. */
export function markPartSending(
  context: QueueContext,
  draftId: number,
  partIndex: number,
  attempt: number,
): LedgerPart {
  return changePart(context, draftId, partIndex, ['pending', 'failed'], (part, iso) => ({
    fields: { state: 'sending', attempt, sendingAt: iso, errorClass: null, errorMessage: null },
    action: 'publish-attempt',
    data: { part: partIndex + 1, attempt, previousState: part.state },
  }));
}

/** After a create call returned, or after `findPost` found the part on the network. */
export function markPartPosted(context: QueueContext, draftId: number, partIndex: number, ref: RemoteRef): LedgerPart {
  return changePart(context, draftId, partIndex, ['sending', 'unknown', 'pending', 'failed'], () => ({
    fields: {
      state: 'posted',
      remoteId: ref.id,
      remoteCid: ref.cid ?? null,
      remoteUrl: ref.url ?? null,
      errorClass: null,
      errorMessage: null,
    },
    action: 'published',
    data: { part: partIndex + 1, network: ref.network, remoteId: ref.id, url: ref.url ?? null, cid: ref.cid ?? null },
  }));
}

/**
 * Part `posted.index` came back from the network and part `next` is about to be sent: both recorded in
 * one commit, before the next create call. A crash before this commit leaves the earlier part
 * `sending`, so it is looked up, never resent blindly.
 */
export function markPartPostedThenSending(
  context: QueueContext,
  draftId: number,
  posted: { index: number; ref: RemoteRef },
  next: { index: number; attempt: number },
): LedgerPart {
  return context.store.transaction(() => {
    markPartPosted(context, draftId, posted.index, posted.ref);
    return markPartSending(context, draftId, next.index, next.attempt);
  });
}

/** The network said no, or the request never reached it: nothing was created. */
export function markPartFailed(
  context: QueueContext,
  draftId: number,
  partIndex: number,
  failure: { errorClass: string; message: string },
): LedgerPart {
  return changePart(context, draftId, partIndex, ['sending', 'pending', 'unknown'], () => ({
    fields: { state: 'failed', errorClass: failure.errorClass, errorMessage: failure.message },
    action: 'failure',
    data: { part: partIndex + 1, class: failure.errorClass, message: failure.message },
  }));
}

/** The create may have happened (timeout, reset, 5xx after send): never resend before a lookup. */
export function markPartUnknown(
  context: QueueContext,
  draftId: number,
  partIndex: number,
  failure: { errorClass: string; message: string },
): LedgerPart {
  return changePart(context, draftId, partIndex, ['sending', 'unknown'], () => ({
    fields: { state: 'unknown', errorClass: failure.errorClass, errorMessage: failure.message },
    action: 'outcome-unknown',
    data: { part: partIndex + 1, class: failure.errorClass, message: failure.message },
  }));
}

/** `findPost` looked for an unknown (or interrupted) part and it is not there: it may be sent again. */
export function markPartNotFound(context: QueueContext, draftId: number, partIndex: number): LedgerPart {
  return changePart(context, draftId, partIndex, ['unknown', 'sending'], (part) => ({
    fields: { state: 'pending' },
    action: 'status',
    data: { part: partIndex + 1, from: part.state, to: 'pending', lookedUp: 'not found' },
  }));
}

export function saveMediaRef(
  context: QueueContext,
  input: { draftId: number; partIndex: number; mediaIndex: number; ref: MediaRef },
): void {
  const { store } = context;
  store.transaction(() => {
    context.fence?.();
    const draft = findDraft(context, input.draftId);
    if (draft === null) throw unknownDraft(input.draftId);
    const media = draft.content.posts[input.partIndex]?.media[input.mediaIndex];
    if (media === undefined) {
      throw refused(
        `${formatDraftId(draft.id)} has no image ${input.partIndex + 1}:${input.mediaIndex + 1}`,
        `${formatDraftId(draft.id)} n’a pas d’image ${input.partIndex + 1}:${input.mediaIndex + 1}`,
      );
    }
    const at = context.now();
    repo.saveMediaRef(store.db, { ...input, sha256: media.sha256, at: at.toISOString() });
    appendEvent(
      store.db,
      {
        at,
        actor: SYSTEM_ACTOR,
        action: 'media-uploaded',
        subject: formatDraftId(draft.id),
        data: {
          part: input.partIndex + 1,
          media: input.mediaIndex + 1,
          network: input.ref.network,
          remoteId: input.ref.id,
        },
      },
      store.secrets,
    );
  });
}

/** The network's reference for an image uploaded earlier, so a resumed thread does not upload it again. */
export function mediaRef(store: Store, draftId: number, partIndex: number, mediaIndex: number): MediaRef | null {
  return repo.mediaRef<MediaRef>(store.db, draftId, partIndex, mediaIndex)?.ref ?? null;
}

function changePart(
  context: QueueContext,
  draftId: number,
  partIndex: number,
  from: readonly PartState[],
  change: (
    part: LedgerPart,
    iso: string,
  ) => {
    fields: Partial<Omit<LedgerPart, 'draftId' | 'partIndex' | 'updatedAt'>>;
    action: 'publish-attempt' | 'published' | 'failure' | 'outcome-unknown' | 'status';
    data: Record<string, unknown>;
  },
): LedgerPart {
  const { store } = context;
  return store.transaction(() => {
    // Fenced: an instance that lost the publishing lease writes nothing, in this same commit.
    context.fence?.();
    const part = repo.ledgerPart(store.db, draftId, partIndex);
    const label = formatDraftId(draftId);
    if (part === null) {
      throw refused(
        `${label} has no ledger row for part ${partIndex + 1} (is it publishing?)`,
        `${label} n’a pas de ligne de registre pour la partie ${partIndex + 1} (est-il en cours de publication ?)`,
      );
    }
    if (!from.includes(part.state)) {
      throw refused(
        `part ${partIndex + 1} of ${label} is ${part.state}; expected ${from.join(' or ')}`,
        `la partie ${partIndex + 1} de ${label} est à l’état ${part.state} ; attendu : ${from.join(' ou ')}`,
      );
    }
    const at = context.now();
    const iso = at.toISOString();
    const { fields, action, data } = change(part, iso);
    repo.updateLedgerPart(store.db, draftId, partIndex, { ...fields, updatedAt: iso });
    appendEvent(store.db, { at, actor: SYSTEM_ACTOR, action, subject: label, data }, store.secrets);
    const updated = repo.ledgerPart(store.db, draftId, partIndex);
    if (updated === null) throw unknownDraft(draftId);
    return updated;
  });
}
