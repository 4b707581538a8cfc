/**
 * What the review page reads from the store beyond the queue's actions: titles, pages of history,
 * draft facts for journal sentences, account names. The page goes through here, never to the store.
 */
export { pageDraftSummaries } from '../store/drafts-repo.js';
export type { DraftRecord, DraftStatus, DraftSummary } from '../store/types.js';
export { updateTitle } from '../store/updates-repo.js';

import type { Db } from '../store/db.js';
import { parseDraftId } from '../store/types.js';
import { listUsers } from '../store/users-repo.js';

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
