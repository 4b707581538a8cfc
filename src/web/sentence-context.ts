import { isNetworkId } from '../networks/index.js';
import type { QueueContext } from '../queue/context.js';
import { normaliseActor } from '../queue/context.js';
import { accountNames, draftFacts, draftFactsOf } from '../queue/page-reads.js';
import type { DraftFacts, SentenceContext } from './event-sentences.js';

/**
 * What turning events into sentences needs from the store, each draft and the accounts read once.
 * The drafts the caller names in `subjects` (the events of a page) are read together, in one query.
 */
export function sentenceContext(queue: QueueContext, subjects: readonly string[] = []): SentenceContext {
  const db = queue.store.db;
  const accounts = new Set(accountNames(db).map(normaliseActor));
  const drafts = new Map<string, DraftFacts | undefined>();
  const known = draftFactsOf(db, subjects);
  for (const subject of new Set(subjects)) drafts.set(subject, drafted(known.get(subject)));
  return {
    isAccount: (name) => accounts.size === 0 || accounts.has(normaliseActor(name)),
    draftOf: (subject) => {
      if (!drafts.has(subject)) drafts.set(subject, drafted(draftFacts(db, subject)));
      return drafts.get(subject);
    },
  };
}

function drafted(facts: { network: string; date: string } | undefined): DraftFacts | undefined {
  return facts !== undefined && isNetworkId(facts.network) ? { network: facts.network, date: facts.date } : undefined;
}
