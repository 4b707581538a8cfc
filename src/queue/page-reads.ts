/**
 * What the review page reads from the store beyond the queue's actions: titles, pages of history,
 * draft facts for journal sentences, account names. The page goes through here, never to the store.
 */
import type { Db } from '../store/db.js';
import { pageDraftSummaries as pageOfDrafts } from '../store/drafts-repo.js';
import { type DraftStatus, type DraftSummary, parseDraftId } from '../store/types.js';
import { updateHeadings as storedHeadings, updateTitle as storedTitle } from '../store/updates-repo.js';
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

/** The title and own publish time of each of these updates, read together (a page of updates). */
export function updateHeadings(
  queue: QueueContext,
  updateIds: readonly number[],
): Map<number, { title: string | undefined; publishAt: string | undefined }> {
  return storedHeadings(queue.store.db, updateIds);
}

/** The network and date of a draft named `d12`, or undefined when there is no such draft. */
export function draftFacts(db: Db, subject: string): { network: string; date: string } | undefined {
  return draftFactsOf(db, [subject]).get(subject);
}

/**
 * The network and date of each draft named in `subjects` (`d12`…), in one query: a journal page names
 * up to fifty drafts, and a round trip each cost ~0.5 ms on PostgreSQL. Other subjects are left out.
 * Only two columns: the page does not need the drafts' content.
 */
export function draftFactsOf(db: Db, subjects: readonly string[]): Map<string, { network: string; date: string }> {
  const idOf = new Map<string, number>();
  for (const subject of subjects) {
    const id = /^d\d{1,15}$/.test(subject) ? parseDraftId(subject) : null;
    if (id !== null) idOf.set(subject, id);
  }
  const facts = new Map<string, { network: string; date: string }>();
  const ids = [...new Set(idOf.values())];
  if (ids.length === 0) return facts;
  const rows = db
    .prepare(`SELECT id, network, date FROM drafts WHERE id IN (${ids.map(() => '?').join(', ')})`)
    .all(...ids) as { id: number | string; network: string; date: string }[];
  const byId = new Map(rows.map((row) => [Number(row.id), { network: row.network, date: row.date }]));
  for (const [subject, id] of idOf) {
    const found = byId.get(id);
    if (found !== undefined) facts.set(subject, found);
  }
  return facts;
}

/** Every account's name. */
export function accountNames(db: Db): string[] {
  return listUsers(db).map((user) => user.name);
}
