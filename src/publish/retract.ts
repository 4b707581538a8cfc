import { appendEvent } from '../audit/journal.js';
import { SYSTEM_ACTOR } from '../audit/types.js';
import { LeaseLostError } from '../leadership/lease-lost.js';
import type { NotPostedPart, PostedPart } from '../notify/types.js';
import { transition } from '../queue/transition.js';
import type { DraftRecord } from '../queue/types.js';
import { formatDraftId } from '../queue/types.js';
import { draftsTargeting, getDraft } from '../store/drafts-repo.js';
import { maxAttemptsPerPart, retryBackoffMs } from './backoff.js';
import {
  type DeletionRow,
  type DeletionState,
  deletionRows,
  insertDeletion,
  updateDeletion,
} from './deletions-repo.js';
import type { PublishDeps } from './deps.js';
import { markPartNotFound, markPartPosted } from './ledger.js';
import { type LedgerPart, ledgerParts, mayBeOnline } from './ledger-repo.js';
import { asPartFailure, checkPartBudget, classOf, messageOf, PartFailure } from './part-failure.js';
import { partOf } from './part-of.js';
import type { RemoteRef } from './port.js';
import { ContentRejectedError, PublishError } from './port-errors.js';
import { wait, waitFor } from './wait.js';

/** What a retraction did on one network (the same shape as a publication's outcome). */
export interface RetractOutcome {
  draftId: number;
  status: 'published' | 'partly_published' | 'failed';
  posted: PostedPart[];
  notPosted: NotPostedPart[];
  elapsedMs: number;
}

/**
 * Deletes every post of a published thread on one network, our correction replies and comments
 * included, leaf first (the latest correction's last part first, the thread's first post last), so an
 * interrupted retraction never leaves a reply under a deleted post. Each deletion is a ledger row
 * committed before the delete call and after it; a row left `deleting` by a crash, or whose outcome is
 * unknown, is looked up before any new call, and a post already gone counts as deleted. Only the ids
 * of our own ledger are ever deleted.
 */
export async function retractThread(deps: PublishDeps, draft: DraftRecord, deadline: Date): Promise<RetractOutcome> {
  const { queue, log } = deps;
  const started = queue.now().getTime();
  await lookUpUncertainParts(deps, draft);
  const rows = planDeletions(deps, draft);
  const posted: PostedPart[] = [];
  const notPosted: NotPostedPart[] = [];
  let failure: PartFailure | undefined;
  const notice = { text: draft.content.posts[0]?.text ?? '', at: queue.now() };
  for (const row of rows) {
    if (failure) {
      notPosted.push({ index: row.seq, reason: 'non supprimée : une suppression précédente a échoué' });
      continue;
    }
    try {
      await deleteOne(deps, draft, row, deadline, notice);
      posted.push(row.remoteUrl ? { index: row.seq, url: row.remoteUrl } : { index: row.seq });
    } catch (error) {
      // A lost lease is rethrown here: the new leader resumes the retraction.
      failure = asPartFailure(error);
      notPosted.push({ index: row.seq, reason: failure.messageFr });
      log.error({ draft: formatDraftId(draft.id), network: draft.network, seq: row.seq }, failure.message);
    }
  }
  // Posts that may be online with no id known: the retraction cannot say they are gone.
  const uncertain = uncertainParts(deps, draft);
  if (failure === undefined && uncertain.length > 0) {
    failure = uncertainFailure(draft, uncertain);
    log.error(
      {
        draft: formatDraftId(draft.id),
        network: draft.network,
        parts: uncertain.map(({ source, part }) => `${formatDraftId(source.id)}#${part.partIndex + 1}`),
      },
      failure.message,
    );
  }
  for (const { source, part } of uncertain) {
    notPosted.push({
      index: rows.length + notPosted.length,
      reason: `issue inconnue : la partie ${part.partIndex + 1} de ${formatDraftId(source.id)} est peut-être en ligne sans que crieur sache où ; vérifiez le compte et supprimez-la à la main`,
    });
  }
  const status = failure === undefined ? 'published' : posted.length > 0 ? 'partly_published' : 'failed';
  transition(queue, draft.id, status, failure ? { reason: failure.message } : {});
  const base = { date: draft.date, network: draft.network, posted, draftKind: 'retraction' as const };
  if (failure === undefined) {
    log.info({ draft: formatDraftId(draft.id), network: draft.network, deleted: rows.length }, 'thread retracted');
    await deps.notify({ kind: 'published', ...base });
  } else {
    await deps.notify({
      kind: status === 'failed' ? 'failed' : 'partly-published',
      ...base,
      notPosted,
      errorClass: failure.errorClass,
      messageFr: failure.messageFr,
    });
  }
  return { draftId: draft.id, status, posted, notPosted, elapsedMs: queue.now().getTime() - started };
}

/** A post of the thread or of a correction whose create may have reached the network unanswered. */
interface UncertainPart {
  source: DraftRecord;
  part: LedgerPart;
}

/**
 * The parts of the retracted thread and of its corrections on this network left `unknown` or
 * `sending` with no id: their create may have reached the network without its answer coming back.
 */
function uncertainParts(deps: PublishDeps, draft: DraftRecord): UncertainPart[] {
  const { db } = deps.queue.store;
  if (draft.targetId === null) return [];
  const target = getDraft(db, draft.targetId);
  if (target === null) return [];
  const corrections = draftsTargeting(db, target.id).filter(
    (other) => other.kind === 'correction' && other.network === draft.network,
  );
  return [target, ...corrections].flatMap((source) =>
    ledgerParts(db, source.id)
      .filter(mayBeOnline)
      .map((part) => ({ source, part })),
  );
}

/**
 * Before the retraction is planned, each post of the thread whose outcome was left unknown is
 * looked up on the network: found, it is recorded as posted (and so deleted with the others); not
 * there, it is recorded as not posted. One that cannot be looked up (the network cannot be
 * searched, or fails) stays uncertain, and the retraction says so rather than claim it is complete.
 * A correction's reply is not looked up (its look-up needs the post it answers): it is reported.
 */
async function lookUpUncertainParts(deps: PublishDeps, draft: DraftRecord): Promise<void> {
  if (deletionRows(deps.queue.store.db, draft.id).length > 0) return;
  for (const { source, part } of uncertainParts(deps, draft)) {
    if (source.kind !== 'update') continue;
    const since = new Date(new Date(part.sendingAt ?? part.updatedAt).getTime() - 5 * 60_000);
    try {
      const found = await deps.adapter.findPost(partOf(source, part.partIndex), since);
      if (found) markPartPosted(deps.queue, source.id, part.partIndex, found);
      else markPartNotFound(deps.queue, source.id, part.partIndex);
    } catch (error) {
      if (error instanceof LeaseLostError) throw error;
      deps.log.warn(
        { draft: formatDraftId(draft.id), network: draft.network, part: part.partIndex + 1, err: messageOf(error) },
        'could not look up a post whose outcome is unknown before retracting; reported for a person to check',
      );
    }
  }
}

function uncertainFailure(draft: DraftRecord, uncertain: readonly UncertainPart[]): PartFailure {
  const which = uncertain.map(({ source, part }) => `part ${part.partIndex + 1} of ${formatDraftId(source.id)}`);
  const lesquelles = uncertain.map(
    ({ source, part }) => `la partie ${part.partIndex + 1} de ${formatDraftId(source.id)}`,
  );
  return new PartFailure(
    'outcome-unknown',
    `${which.join(', ')} may be online on ${draft.network} (its create was never answered and it could not be found): check the account and delete it by hand`,
    `${lesquelles.join(', ')} est peut-être en ligne (son envoi n’a jamais reçu de réponse et crieur n’a pas pu la retrouver) : vérifiez le compte et supprimez-la à la main.`,
  );
}

/**
 * The rows of this retraction, created once (in one commit) from the ledger: the thread's corrections,
 * newest first and each from its last part, then the thread from its last part.
 */
function planDeletions(deps: PublishDeps, draft: DraftRecord): DeletionRow[] {
  const { store } = deps.queue;
  return store.transaction(() => {
    deps.queue.fence?.();
    const existing = deletionRows(store.db, draft.id);
    if (existing.length > 0 || draft.targetId === null) return existing;
    const target = getDraft(store.db, draft.targetId);
    if (target === null) return existing;
    const corrections = draftsTargeting(store.db, target.id)
      .filter((other) => other.kind === 'correction' && other.network === draft.network)
      .reverse();
    const at = deps.queue.now().toISOString();
    let seq = 0;
    for (const source of [...corrections, target]) {
      const parts = ledgerParts(store.db, source.id)
        .filter((part) => part.remoteId !== null && part.remoteId !== '')
        .reverse();
      for (const part of parts) {
        insertDeletion(store.db, {
          draftId: draft.id,
          seq: seq++,
          targetDraftId: source.id,
          targetPart: part.partIndex,
          remoteId: part.remoteId as string,
          remoteCid: part.remoteCid,
          remoteUrl: part.remoteUrl,
          at,
        });
      }
    }
    return deletionRows(store.db, draft.id);
  });
}

async function deleteOne(
  deps: PublishDeps,
  draft: DraftRecord,
  row: DeletionRow,
  deadline: Date,
  notice: { text: string; at: Date },
): Promise<void> {
  const { adapter, queue } = deps;
  const { deletePost, postExists } = adapter;
  if (deletePost === undefined || postExists === undefined) {
    throw new ContentRejectedError(
      draft.network,
      `the ${draft.network} adapter cannot delete posts`,
      'Ce réseau ne permet pas de supprimer une publication depuis crieur.',
    );
  }
  const ref: RemoteRef = {
    network: draft.network,
    id: row.remoteId,
    ...(row.remoteCid ? { cid: row.remoteCid } : {}),
    ...(row.remoteUrl ? { url: row.remoteUrl } : {}),
  };
  const maxAttempts = maxAttemptsPerPart(deps);
  let current = row;
  for (let attempt = 0; ; attempt++) {
    if (current.state === 'deleted') return;
    checkPartBudget(
      { attempt, maxAttempts, now: queue.now(), deadline },
      {
        en: 'the window closed before this post could be deleted',
        fr: 'la fenêtre s’est refermée avant la suppression de cette publication',
      },
    );
    if (current.state === 'deleting' || current.state === 'unknown') {
      // The last delete may have happened: look before calling again.
      let exists: boolean;
      try {
        exists = await postExists(ref);
      } catch (error) {
        if (error instanceof PublishError && error.retry === 'never') throw asPartFailure(error);
        await wait(deps, waitFor(deps, error, attempt), deadline);
        continue;
      }
      if (!exists) {
        current = change(deps, draft, current, 'deleted', { lookedUp: 'gone' });
        return;
      }
      current = change(deps, draft, current, 'pending', { lookedUp: 'still there' });
    }
    current = change(deps, draft, current, 'deleting', { attempt: current.attempt + 1 });
    queue.fence?.();
    try {
      const result = await deletePost(ref, notice);
      current = change(deps, draft, current, 'deleted', { result });
      return;
    } catch (error) {
      const failure = { errorClass: classOf(error), message: messageOf(error) };
      if (error instanceof PublishError && error.retry !== 'unknown') {
        current = change(deps, draft, current, 'failed', failure);
        if (error.retry === 'never') throw asPartFailure(error);
        await wait(deps, waitFor(deps, error, attempt), deadline);
        continue;
      }
      current = change(deps, draft, current, 'unknown', failure);
      await wait(deps, retryBackoffMs(deps, attempt, deps.random), deadline);
    }
  }
}

/** One deletion row's change with its audit event, in one commit. */
function change(
  deps: PublishDeps,
  draft: DraftRecord,
  row: DeletionRow,
  state: DeletionState,
  data: { attempt?: number; errorClass?: string; message?: string; lookedUp?: string; result?: string },
): DeletionRow {
  const { store } = deps.queue;
  return store.transaction(() => {
    deps.queue.fence?.();
    const at = deps.queue.now();
    const iso = at.toISOString();
    updateDeletion(store.db, draft.id, row.seq, {
      state,
      ...(data.attempt === undefined ? {} : { attempt: data.attempt }),
      errorClass: data.errorClass ?? null,
      errorMessage: data.message ?? null,
      at: iso,
    });
    appendEvent(
      store.db,
      {
        at,
        actor: SYSTEM_ACTOR,
        action:
          state === 'deleting'
            ? 'delete-attempt'
            : state === 'deleted'
              ? 'deleted'
              : state === 'unknown'
                ? 'outcome-unknown'
                : state === 'failed'
                  ? 'failure'
                  : 'status',
        subject: formatDraftId(draft.id),
        data: {
          network: draft.network,
          seq: row.seq,
          target: formatDraftId(row.targetDraftId),
          part: row.targetPart + 1,
          remoteId: row.remoteId,
          state,
          ...data,
        },
      },
      store.secrets,
    );
    const updated = deletionRows(store.db, draft.id).find((candidate) => candidate.seq === row.seq);
    if (updated === undefined) throw new Error(`deletion row ${row.seq} of ${formatDraftId(draft.id)} vanished`);
    return updated;
  });
}
