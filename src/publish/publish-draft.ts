import { appendEvent } from '../audit/log.js';
import { SYSTEM_ACTOR } from '../audit/types.js';
import type { RenderedCard } from '../cards/types.js';
import { CrieurError } from '../errors.js';
import type { Logger } from '../log.js';
import type { Notification, NotPostedPart, PostedPart } from '../notify/types.js';
import { contentHashFromFiles } from '../queue/content-hash.js';
import type { QueueContext } from '../queue/context.js';
import {
  ledgerParts,
  markPartFailed,
  markPartNotFound,
  markPartPosted,
  markPartPostedThenSending,
  markPartSending,
  markPartUnknown,
  mediaRef,
  saveMediaRef,
} from '../queue/ledger.js';
import { mediaPath } from '../queue/media-files.js';
import { approvedContent, type FileSha256, transition } from '../queue/transition.js';
import { approvalFor } from '../store/approvals-repo.js';
import { getDraft } from '../store/drafts-repo.js';
import type { LedgerPart } from '../store/ledger-repo.js';
import type { DraftRecord, StoredMedia } from '../store/types.js';
import { formatDraftId } from '../store/types.js';
import { backoffMs } from './backoff.js';
import type { MediaRef, NetworkAdapter, PostPart, RemoteRef } from './port.js';
import { DuplicateError, LookupUnavailableError, PublishError } from './port-errors.js';

export interface PublishDeps {
  queue: QueueContext;
  adapter: NetworkAdapter;
  sleep: (ms: number) => Promise<void>;
  random: () => number;
  log: Logger;
  notify: (notification: Notification) => Promise<unknown>;
  /** Backoff base and cap for safe retries, ms. */
  retryBaseMs?: number;
  retryCapMs?: number;
  /** Most attempts per part (creates and look-ups together) before giving up (default 30); the lateness window bounds them first. */
  maxAttemptsPerPart?: number;
}

export interface StartOptions {
  /** How media files are hashed for the approved-hash check (see `fileHashesOnce` for a batch). */
  sha256Of?: FileSha256;
}

export interface PublishOutcome {
  draftId: number;
  status: 'published' | 'partly_published' | 'failed' | 'refused';
  posted: PostedPart[];
  notPosted: NotPostedPart[];
  /** Milliseconds from the start of this call to the last part accepted. */
  elapsedMs: number;
}

/** A part that could not be sent, with the reason for the team and the class for operators. */
class PartFailure extends Error {
  override name = 'PartFailure';
  constructor(
    readonly errorClass: string,
    message: string,
    readonly messageFr: string,
  ) {
    super(message);
  }
}

/** What starting a publication did, in one commit (see `startPublication`). */
export type PublicationStart = { ok: true; draft: DraftRecord; sending?: SendingPart } | { ok: false; error: unknown };

/** A part this run has committed as `sending`, with its images: its create call is next. */
interface SendingPart {
  index: number;
  attempt: number;
  media: MediaRef[];
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
      const draft = startPublishing(queue, draftId, options.sha256Of);
      const ledger = ledgerParts(queue.store, draft.id);
      const index = ledger.findIndex((part) => part.state !== 'posted');
      const part = ledger[index];
      const sendable =
        part !== undefined &&
        (part.state === 'pending' || part.state === 'failed') &&
        (deps.maxAttemptsPerPart ?? 30) > 0 &&
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
  const { queue, log } = deps;
  const started = queue.now().getTime();
  const begun = start ?? startPublication(deps, draftId, deadline);
  if (!begun.ok) {
    const { error } = begun;
    if (!(error instanceof CrieurError)) throw error;
    const existing = getDraft(queue.store.db, draftId);
    log.error({ draft: formatDraftId(draftId), err: error.message }, 'draft refused at publish time; nothing sent');
    if (existing && hashMismatch(queue, existing)) {
      recordFailure(queue, draftId, 'hash-mismatch', error.message);
      await deps.notify({ kind: 'hash-mismatch', date: existing.date, network: existing.network });
    }
    return { draftId, status: 'refused', posted: [], notPosted: [], elapsedMs: 0 };
  }
  const { draft } = begun;
  const handoff: Handoff = begun.sending ? { sending: begun.sending } : {};
  const label = formatDraftId(draft.id);
  const posts = draft.content.posts;
  const posted: PostedPart[] = [];
  const notPosted: NotPostedPart[] = [];
  let root: RemoteRef | undefined;
  let parent: RemoteRef | undefined;
  let failure: PartFailure | undefined;
  let lastAccepted = started;

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
      failure =
        error instanceof PartFailure
          ? error
          : new PartFailure('internal', (error as Error).message, `erreur interne : ${(error as Error).message}`);
      notPosted.push({ index, reason: failure.messageFr });
      log.error({ draft: label, network: draft.network, part: index + 1, class: failure.errorClass }, failure.message);
    }
  }

  recordPosted(queue, draft.id, handoff);
  const status = failure === undefined ? 'published' : posted.length > 0 ? 'partly_published' : 'failed';
  transition(queue, draft.id, status, failure ? { reason: failure.message } : {});
  const outcome: PublishOutcome = { draftId: draft.id, status, posted, notPosted, elapsedMs: lastAccepted - started };
  if (failure === undefined) {
    log.info({ draft: label, network: draft.network, parts: posted.length }, 'draft published');
    await deps.notify({ kind: 'published', date: draft.date, network: draft.network, posted });
  } else {
    await deps.notify({
      kind: status === 'failed' ? 'failed' : 'partly-published',
      date: draft.date,
      network: draft.network,
      posted,
      notPosted,
      errorClass: failure.errorClass,
      messageFr: failure.messageFr,
    });
  }
  return outcome;
}

/** Uploads the draft's images ahead of the publish time, where not uploaded yet. Errors are left for publish time. */
export async function uploadMediaAhead(deps: PublishDeps, draftId: number, deadline: Date): Promise<number> {
  const { draft } = approvedContent(deps.queue.store, draftId);
  let uploaded = 0;
  for (let index = 0; index < draft.content.posts.length; index++) {
    const done = ledgerParts(deps.queue.store, draft.id)[index]?.state === 'posted';
    if (done) continue;
    try {
      uploaded += (await uploadPartMedia(deps, draft, index, deadline)).fresh;
    } catch (error) {
      deps.log.warn(
        { draft: formatDraftId(draft.id), network: draft.network, err: (error as Error).message },
        'media upload ahead of time failed; will retry at publish time',
      );
      return uploaded;
    }
  }
  return uploaded;
}

function startPublishing(queue: QueueContext, draftId: number, sha256Of?: FileSha256): DraftRecord {
  const current = getDraft(queue.store.db, draftId);
  if (current?.status === 'publishing') return approvedContent(queue.store, draftId, sha256Of).draft;
  return transition(queue, draftId, 'publishing', sha256Of ? { sha256Of } : {});
}

function partOf(draft: DraftRecord, index: number): PostPart {
  const post = draft.content.posts[index];
  if (post === undefined) throw new Error(`part ${index} missing`);
  return {
    key: `${draft.date}:${draft.network}:${draft.contentHash.slice(0, 16)}:${index}`,
    index,
    total: draft.content.posts.length,
    text: post.text,
  };
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
  const maxAttempts = deps.maxAttemptsPerPart ?? 30;
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
        await wait(
          deps,
          backoffMs(attempt + 1, deps.random, deps.retryBaseMs ?? 1000, deps.retryCapMs ?? 60_000),
          deadline,
        );
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
      await wait(deps, backoffMs(attempt, deps.random, deps.retryBaseMs ?? 1000, deps.retryCapMs ?? 60_000), deadline);
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
  const maxAttempts = deps.maxAttemptsPerPart ?? 30;
  if (ledger.state === 'posted') return 'posted';
  if (attempt >= maxAttempts) {
    throw new PartFailure(
      'gave-up',
      `gave up after ${maxAttempts} attempts`,
      `abandon après ${maxAttempts} tentatives`,
    );
  }
  if (queue.now().getTime() > deadline.getTime()) {
    throw new PartFailure(
      'deadline',
      'the lateness window closed before this part could be sent',
      "la fenêtre de publication s'est refermée avant l'envoi de cette partie",
    );
  }
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

/** The part's images when every one was uploaded already (ahead of time or by an earlier attempt). */
function knownMedia(queue: QueueContext, draft: DraftRecord, index: number): MediaRef[] | undefined {
  const refs: MediaRef[] = [];
  for (const mediaIndex of (draft.content.posts[index]?.media ?? []).keys()) {
    const known = mediaRef(queue.store, draft.id, index, mediaIndex);
    if (!known) return undefined;
    refs.push(known);
  }
  return refs;
}

/** Whether the network's look-up turned out not to be served, for this part. */
interface LookUpState {
  unavailable: boolean;
}

/**
 * Looks for a part whose outcome is unknown. When the server does not serve the look-up at all,
 * a network that refuses a second post with the same text makes a resend safe (the refusal then
 * says the part is there); on any other network the part fails for a person to check.
 */
async function lookUp(
  deps: PublishDeps,
  draft: DraftRecord,
  part: PostPart,
  ledger: LedgerPart,
  attempt: number,
  deadline: Date,
  lookUps: LookUpState,
): Promise<RemoteRef | null | 'retry'> {
  const since = new Date(new Date(ledger.sendingAt ?? ledger.updatedAt).getTime() - 5 * 60_000);
  try {
    return await deps.adapter.findPost(part, since);
  } catch (error) {
    if (error instanceof LookupUnavailableError && resendIsRefusedIfThere(deps.adapter, draft, part.index)) {
      lookUps.unavailable = true;
      deps.log.warn(
        { draft: formatDraftId(draft.id), network: draft.network, part: part.index + 1, err: error.message },
        'the network cannot be searched for a part with unknown outcome; resending, since it refuses a duplicate',
      );
      return null;
    }
    if (error instanceof PublishError && error.retry === 'never') throw asPartFailure(error);
    deps.log.warn(
      { draft: formatDraftId(draft.id), network: draft.network, part: part.index + 1, err: messageOf(error) },
      'look-up of a part with unknown outcome failed; retrying',
    );
    await wait(deps, waitFor(deps, error, attempt), deadline);
    return 'retry';
  }
}

async function uploadPartMedia(
  deps: PublishDeps,
  draft: DraftRecord,
  index: number,
  deadline: Date,
): Promise<{ refs: MediaRef[]; fresh: number }> {
  const { queue, adapter } = deps;
  const post = draft.content.posts[index];
  const refs: MediaRef[] = [];
  let fresh = 0;
  for (const [mediaIndex, media] of (post?.media ?? []).entries()) {
    const known = mediaRef(queue.store, draft.id, index, mediaIndex);
    if (known) {
      refs.push(known);
      continue;
    }
    if (queue.now().getTime() > deadline.getTime())
      throw new PartFailure('deadline', 'window closed', 'fenêtre refermée');
    const ref = await adapter.uploadMedia(renderedCard(queue.store.mediaDir, media));
    saveMediaRef(queue, { draftId: draft.id, partIndex: index, mediaIndex, ref });
    refs.push(ref);
    fresh++;
  }
  return { refs, fresh };
}

function renderedCard(mediaDir: string, media: StoredMedia): RenderedCard {
  return {
    spec: media.spec,
    path: mediaPath(mediaDir, media),
    alt: media.alt,
    mime: media.mime,
    width: media.width,
    height: media.height,
    bytes: media.bytes,
    sha256: media.sha256,
  };
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

function waitFor(deps: PublishDeps, error: unknown, attempt: number): number {
  if (error instanceof PublishError && error.retry === 'after') {
    const retryAfter = (error as PublishError & { retryAfterMs?: number }).retryAfterMs;
    if (retryAfter !== undefined) return retryAfter;
  }
  return backoffMs(attempt, deps.random, deps.retryBaseMs ?? 1000, deps.retryCapMs ?? 60_000);
}

/** Waits, unless the wait would end past the deadline: then fails now rather than sleep in vain. */
async function wait(deps: PublishDeps, ms: number, deadline: Date): Promise<void> {
  if (deps.queue.now().getTime() + ms > deadline.getTime()) {
    throw new PartFailure(
      'deadline',
      `the next retry (in ${Math.round(ms / 1000)} s) would fall after the lateness window`,
      `le prochain essai (dans ${Math.round(ms / 1000)} s) tomberait après la fenêtre de publication`,
    );
  }
  await deps.sleep(ms);
}

function resendIsRefusedIfThere(adapter: NetworkAdapter, draft: DraftRecord, index: number): boolean {
  const refuses = adapter.limits.refusesDuplicates;
  const hasMedia = (draft.content.posts[index]?.media.length ?? 0) > 0;
  return refuses === 'always' || (refuses === 'without-media' && !hasMedia);
}

function asPartFailure(error: unknown): PartFailure {
  if (error instanceof PartFailure) return error;
  if (error instanceof PublishError) return new PartFailure(error.failureClass, error.message, error.messageFr);
  return new PartFailure('internal', messageOf(error), `erreur interne : ${messageOf(error)}`);
}

function classOf(error: unknown): string {
  return error instanceof PublishError ? error.failureClass : 'internal';
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Approved, but what is stored now (text or media files) is not what was approved. */
function hashMismatch(queue: QueueContext, draft: DraftRecord): boolean {
  const approval = approvalFor(queue.store.db, draft.id, draft.version);
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
