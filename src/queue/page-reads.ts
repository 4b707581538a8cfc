/**
 * What the review page reads from the store beyond the queue's actions: titles, pages of history,
 * draft facts for journal sentences, account names. The page goes through here, never to the store.
 */
import type { Db } from '../store/db.js';
import { pageDraftSummaries as pageOfDrafts } from '../store/drafts-repo.js';
import { type DraftStatus, type DraftSummary, parseDraftId } from '../store/types.js';
import { updateTitle as storedTitle } from '../store/updates-repo.js';
import { listUsers } from '../store/users-repo.js';
import type { QueueContext } from './context.js';

export type { DraftRecord, DraftStatus, DraftSummary } from '../store/types.js';

/** One page of the history: drafts in the given statuses, newest date first, and how many there are. */
export function pageDraftSummaries(
  queue: QueueContext,
  statuses: readonly DraftStatus[],
  options: { offset: number; limit: number },
): { drafts: DraftSummary[]; total: number } {
  return pageOfDrafts(queue.store.db, statuses, options);
}

/** The update's title, as its front matter gives it. */
export function updateTitle(queue: QueueContext, updateId: number): string | undefined {
  return storedTitle(queue.store.db, updateId);
}

/** The network and date of a draft named `d12`, or undefined when there is no such draft. */
export function draftFacts(db: Db, subject: string): { network: string; date: string } | undefined {
  const id = /^d\d{1,15}$/.test(subject) ? parseDraftId(subject) : null;
  if (id === null) return undefined;
  // Only two columns: a journal page names a dozen drafts, whose content it does not need.
  return db.prepare('SELECT network, date FROM drafts WHERE id = ?').get(id) as
    | { network: string; date: string }
    | undefined;
}

/** Every account's name. */
export function accountNames(db: Db): string[] {
  return listUsers(db).map((user) => user.name);
}
