import { appendEvent } from '../audit/journal.js';
import { SYSTEM_ACTOR } from '../audit/types.js';
import { CrieurError } from '../errors.js';
import { LeaseLostError } from '../leadership/lease-lost.js';
import type { NotPostedPart, PostedPart } from '../notify/types.js';
import { contentHashFromFiles } from '../queue/content-hash.js';
import type { QueueContext } from '../queue/context.js';
import { approvalOf, findDraft } from '../queue/read.js';
import { transition } from '../queue/transition.js';
import type { DraftRecord } from '../queue/types.js';
import { formatDraftId } from '../queue/types.js';
import { localDraftMedia } from '../store/media-rows.js';
import { maxAttemptsPerPart, retryBackoffMs } from './backoff.js';
import { correctionAdapter } from './correct.js';
import type { PublishDeps } from './deps.js';
import {
  ledgerParts,
  markPartFailed,
  markPartNotFound,
  markPartPosted,
  markPartPostedThenSending,
  markPartSending,
  markPartUnknown,
} from './ledger.js';
import type { LedgerPart } from './ledger-repo.js';
import { type LookUpState, lookUp } from './look-up.js';
import { knownMedia, uploadPartMedia } from './media.js';
import { asPartFailure, checkPartBudget, classOf, messageOf, PartFailure } from './part-failure.js';
import { partOf } from './part-of.js';
import type { MediaRef, PostPart, RemoteRef } from './port.js';
import { DuplicateError, PublishError } from './port-errors.js';
import { retractThread } from './retract.js';
import { type PublicationStart, type SendingPart, startPublication } from './start.js';
import { wait, waitFor } from './wait.js';

/**
 * One draft's publication on one network, step by step: `start.ts` (to publishing, first part
 * marked sending), this file (part after part, each committed before and after its create),
 * `look-up.ts` (a part whose outcome is unknown), `media.ts` (uploads), `wait.ts` and `backoff.ts`
 * (retries), `part-failure.ts` (what the team is told).
 */
export type { PublishDeps } from './deps.js';
export { uploadMediaAhead } from './media.js';
export { type PublicationStart, type StartOptions, startPublication } from './start.js';

export interface PublishOutcome {
  draftId: number;
  status: 'published' | 'partly_published' | 'failed' | 'refused';
  posted: PostedPart[];
  notPosted: NotPostedPart[];
  /** Milliseconds from the start of this call to the last part accepted. */
  elapsedMs: number;
}

/**
 * Between two parts: the part just created, whose remote id is not committed yet, and the part
 * committed `sending` whose create call comes next.
 */
interface Handoff {
  posted?: { index: number; ref: RemoteRef };
  sending?: SendingPart;
}

/**
 * Publishes one approved draft, part after part, exactly once: a ledger row is committed before each
 * create and the remote id after it (with the next part's row, in one commit, when that part goes at
 * once); a part whose outcome is unknown (or left `sending` by a crash) is looked up with `findPost`
 * before any resend. Retries stop at `deadline`. `start` is the publication's start when the caller
 * made it already (see `startPublication`).
 */
export async function publishDraft(
  deps: PublishDeps,
  draftId: number,
  deadline: Date,
  start?: PublicationStart,
): Promise<PublishOutcome> {
  try {
    return await publishFenced(deps, draftId, deadline, start);
  } catch (error) {
    // Another instance leads now: nothing is marked failed and the team is not told; it resumes
    // the thread at the first part not known posted.
    if (error instanceof LeaseLostError) {
      deps.log.warn(
        { draft: formatDraftId(draftId), network: deps.adapter.id, token: error.token, err: error.message },
        'lost the publishing lease; stopping this publication, the new leader resumes it',
      );
    }
    throw error;
  }
}

async function publishFenced(
  deps: PublishDeps,
  draftId: number,
  deadline: Date,
  start?: PublicationStart,
): Promise<PublishOutcome> {
  const { queue, log } = deps;
  const started = queue.now().getTime();
  const begun = start ?? startPublication(deps, draftId, deadline);
  if (!begun.ok) {
    const { error } = begun;
    if (!(error instanceof CrieurError)) throw error;
    const existing = findDraft(queue, draftId);
    log.error({ draft: formatDraftId(draftId), err: error.message }, 'draft refused at publish time; nothing sent');
    if (existing && hashMismatch(queue, existing)) {
      recordFailure(queue, draftId, 'hash-mismatch', error.message);
      await deps.notify({ kind: 'hash-mismatch', date: existing.date, network: existing.network });
    }
    return { draftId, status: 'refused', posted: [], notPosted: [], elapsedMs: 0 };
  }
  const { draft } = begun;
  if (draft.kind === 'retraction') return retractThread(deps, draft, deadline);
  if (draft.kind === 'correction') deps = { ...deps, adapter: correctionAdapter(queue.store, deps.adapter, draft) };
  const handoff: Handoff = begun.sending ? { sending: begun.sending } : {};
  const label = formatDraftId(draft.id);
  const posts = draft.content.posts;
  const posted: PostedPart[] = [];
  const notPosted: NotPostedPart[] = [];
  let root: RemoteRef | undefined;
  let parent: RemoteRef | undefined;
  let failure: PartFailure | undefined;
  let lastAccepted = started;

  try {
    for (let index = 0; index < posts.length; index++) {
      const part = partOf(draft, index);
      if (failure) {
        notPosted.push({ index, reason: 'non envoyée : une partie précédente a échoué' });
        continue;
      }
      try {
        const ref = await publishPart(
          deps,
          draft,
          part,
          root && parent ? { root, parent } : undefined,
          deadline,
          handoff,
        );
        root ??= ref;
        parent = ref;
        posted.push(ref.url === undefined ? { index } : { index, url: ref.url });
        lastAccepted = queue.now().getTime();
      } catch (error) {
        if (error instanceof LeaseLostError) throw error;
        failure =
          error instanceof PartFailure
            ? error
            : new PartFailure('internal', (error as Error).message, `erreur interne : ${(error as Error).message}`);
        notPosted.push({ index, reason: failure.messageFr });
        log.error(
          { draft: label, network: draft.network, part: index + 1, class: failure.errorClass },
          failure.message,
        );
      }
    }
    recordPosted(queue, draft.id, handoff);
  } catch (error) {
    if (error instanceof LeaseLostError) await withdrawDuplicate(deps, draft, handoff.posted);
    throw error;
  }
  const status = failure === undefined ? 'published' : posted.length > 0 ? 'partly_published' : 'failed';
  transition(queue, draft.id, status, failure ? { reason: failure.message } : {});
  const outcome: PublishOutcome = { draftId: draft.id, status, posted, notPosted, elapsedMs: lastAccepted - started };
  if (failure === undefined) {
    log.info({ draft: label, network: draft.network, parts: posted.length }, 'draft published');
    await deps.notify({ kind: 'published', date: draft.date, network: draft.network, posted, ...actionOf(draft) });
  } else {
    await deps.notify({
      kind: status === 'failed' ? 'failed' : 'partly-published',
      date: draft.date,
      network: draft.network,
      posted,
      notPosted,
      errorClass: failure.errorClass,
      messageFr: failure.messageFr,
      ...actionOf(draft),
    });
  }
  return outcome;
}

/**
 * A create that came back after this instance lost the lease, its id never recorded (the instance
 * was paused between its last check and the request). When the new leader has meanwhile posted
 * that part itself, under another id, this one is a duplicate: it is deleted. Otherwise it is left
 * online for the new leader's look-up to find.
 */
async function withdrawDuplicate(deps: PublishDeps, draft: DraftRecord, posted: Handoff['posted']): Promise<void> {
  if (posted === undefined) return;
  const { log, adapter } = deps;
  const where = { draft: formatDraftId(draft.id), network: draft.network, part: posted.index + 1, id: posted.ref.id };
  const recorded = ledgerParts(deps.queue.store, draft.id)[posted.index];
  if (recorded?.state !== 'posted' || recorded.remoteId === posted.ref.id) {
    log.warn(where, 'a part created after the publishing lease was lost is left online for the new leader to find');
    return;
  }
  if (adapter.deletePost === undefined) {
    log.error(
      { ...where, kept: recorded.remoteId },
      'a duplicate created after the lease was lost cannot be deleted on this network: delete it by hand',
    );
    return;
  }
  try {
    await adapter.deletePost(posted.ref, { text: '', at: deps.queue.now() });
    log.warn({ ...where, kept: recorded.remoteId }, 'deleted a duplicate created after the publishing lease was lost');
  } catch (error) {
    log.error(
      { ...where, kept: recorded.remoteId, err: (error as Error).message },
      'could not delete a duplicate created after the lease was lost: delete it by hand',
    );
  }
}

/** Notifications say when a publication was a correction. */
function actionOf(draft: DraftRecord): { draftKind?: 'correction' } {
  return draft.kind === 'correction' ? { draftKind: 'correction' } : {};
}

/**
 * Sends one part until it is posted (or fails for good). The part created just before, if its remote
 * id is not committed yet, is committed with this part's `sending` row when this part can go at
 * once, and alone before anything else (a look-up, an upload, a wait) otherwise. The returned part is
 * left in `handoff.posted` for the caller to commit.
 */
async function publishPart(
  deps: PublishDeps,
  draft: DraftRecord,
  part: PostPart,
  replyTo: { root: RemoteRef; parent: RemoteRef } | undefined,
  deadline: Date,
  handoff: Handoff,
): Promise<RemoteRef> {
  const { queue, adapter } = deps;
  const maxAttempts = maxAttemptsPerPart(deps);
  let resentAfterLookUp = false;
  let duplicateChecks = 0;
  const lookUps: LookUpState = { unavailable: false };
  for (let attempt = 0; ; attempt++) {
    let media: MediaRef[] | undefined = takeSending(handoff, part.index);
    if (media === undefined) {
      const ledger = currentPart(queue, draft.id, part.index);
      const sendable =
        (ledger.state === 'pending' || ledger.state === 'failed') &&
        attempt < maxAttempts &&
        queue.now().getTime() <= deadline.getTime();
      const known = handoff.posted && sendable ? knownMedia(queue, draft, part.index) : undefined;
      if (handoff.posted && known) {
        markPartPostedThenSending(queue, draft.id, handoff.posted, { index: part.index, attempt: ledger.attempt + 1 });
        handoff.posted = undefined;
        media = known;
      } else {
        recordPosted(queue, draft.id, handoff);
        const prepared = await prepareSend(deps, draft, part, ledger, attempt, deadline, lookUps);
        if (prepared === 'posted') return refFromLedger(draft, ledger);
        if (prepared === 'retry') continue;
        if (!Array.isArray(prepared)) return prepared;
        // A look-up did not find the part: this create is a resend.
        if (ledger.state === 'sending' || ledger.state === 'unknown') resentAfterLookUp = true;
        markPartSending(queue, draft.id, part.index, ledger.attempt + 1);
        media = prepared;
      }
    }
    // Re-checked right before the network call: a paused instance that lost the lease sends nothing.
    queue.fence?.();
    try {
      const ref = await adapter.createPost(part, media, replyTo);
      handoff.posted = { index: part.index, ref };
      return ref;
    } catch (error) {
      const failure = { errorClass: classOf(error), message: messageOf(error) };
      // Without a look-up the refusal is the only answer: the part is there, where cannot be told.
      if (error instanceof DuplicateError && resentAfterLookUp && lookUps.unavailable) {
        markPartFailed(queue, draft.id, part.index, failure);
        throw new PartFailure(
          'duplicate',
          `${error.message}: the part is most likely online already (an earlier create whose answer was lost) but the network cannot be searched to find it; check the account`,
          `${error.messageFr} Cette partie est très probablement déjà en ligne (un envoi précédent dont la réponse s’est perdue), mais le réseau ne permet pas de la retrouver : vérifiez le compte avant toute nouvelle publication.`,
        );
      }
      if (error instanceof DuplicateError && resentAfterLookUp && duplicateChecks < 3) {
        // The network already holds this text, right after a look-up did not find it: most likely our
        // own earlier create, not yet visible to its search. Look again rather than fail the thread.
        duplicateChecks++;
        markPartUnknown(queue, draft.id, part.index, failure);
        await wait(deps, retryBackoffMs(deps, attempt + 1, deps.random), deadline);
        continue;
      }
      if (error instanceof PublishError && error.retry !== 'unknown') {
        markPartFailed(queue, draft.id, part.index, failure);
        if (error.retry === 'never') throw asPartFailure(error);
        await wait(deps, waitFor(deps, error, attempt), deadline);
        continue;
      }
      // Unknown outcome (or an unexpected error): the post may exist; the next turn looks it up first.
      markPartUnknown(queue, draft.id, part.index, failure);
      await wait(deps, retryBackoffMs(deps, attempt, deps.random), deadline);
    }
  }
}

/**
 * Everything before a create that is not the fast path: the attempt and deadline limits, the look-up
 * of a part whose outcome is unknown, the upload of images not uploaded ahead. Returns the images to
 * send, the part found on the network, `posted` when the ledger has it already, or `retry`.
 */
async function prepareSend(
  deps: PublishDeps,
  draft: DraftRecord,
  part: PostPart,
  ledger: LedgerPart,
  attempt: number,
  deadline: Date,
  lookUps: LookUpState,
): Promise<MediaRef[] | RemoteRef | 'posted' | 'retry'> {
  const { queue } = deps;
  const maxAttempts = maxAttemptsPerPart(deps);
  if (ledger.state === 'posted') return 'posted';
  checkPartBudget(
    { attempt, maxAttempts, now: queue.now(), deadline },
    {
      en: 'the lateness window closed before this part could be sent',
      fr: 'la fenêtre de publication s’est refermée avant l’envoi de cette partie',
    },
  );
  if (ledger.state === 'sending' || ledger.state === 'unknown') {
    const found = await lookUp(deps, draft, part, ledger, attempt, deadline, lookUps);
    if (found === 'retry') return 'retry';
    if (found) {
      markPartPosted(queue, draft.id, part.index, found);
      return found;
    }
    markPartNotFound(queue, draft.id, part.index);
  }
  try {
    return (await uploadPartMedia(deps, draft, part.index, deadline)).refs;
  } catch (error) {
    if (
      error instanceof PublishError &&
      (error.retry === 'safe' || error.retry === 'after' || error.retry === 'unknown')
    ) {
      await wait(deps, waitFor(deps, error, attempt), deadline);
      return 'retry';
    }
    throw asPartFailure(error);
  }
}

/** The images of the part this run marked `sending` already, if it is this one. */
function takeSending(handoff: Handoff, index: number): MediaRef[] | undefined {
  const sending = handoff.sending;
  if (sending?.index !== index) return undefined;
  handoff.sending = undefined;
  return sending.media;
}

/** Commits the remote id of the part created last, if not committed yet. */
function recordPosted(queue: QueueContext, draftId: number, handoff: Handoff): void {
  const posted = handoff.posted;
  if (posted === undefined) return;
  markPartPosted(queue, draftId, posted.index, posted.ref);
  handoff.posted = undefined;
}

function currentPart(queue: QueueContext, draftId: number, index: number): LedgerPart {
  const part = ledgerParts(queue.store, draftId)[index];
  if (part === undefined) throw new Error(`ledger row missing for part ${index + 1}`);
  return part;
}

function refFromLedger(draft: DraftRecord, part: LedgerPart): RemoteRef {
  const ref: RemoteRef = { network: draft.network, id: part.remoteId ?? '' };
  if (part.remoteCid) ref.cid = part.remoteCid;
  if (part.remoteUrl) ref.url = part.remoteUrl;
  return ref;
}

/** Approved, but what is stored now (text or media files) is not what was approved. */
function hashMismatch(queue: QueueContext, draft: DraftRecord): boolean {
  const approval = approvalOf(queue, draft);
  if (approval !== null) localDraftMedia(queue.store, draft.content);
  return approval !== null && contentHashFromFiles(draft.content, queue.store.mediaDir) !== approval.contentHash;
}

function recordFailure(queue: QueueContext, draftId: number, errorClass: string, message: string): void {
  queue.store.transaction(() =>
    appendEvent(
      queue.store.db,
      {
        at: queue.now(),
        actor: SYSTEM_ACTOR,
        action: 'failure',
        subject: formatDraftId(draftId),
        data: { class: errorClass, message },
      },
      queue.store.secrets,
    ),
  );
}
