import { isNetworkId } from '../networks/index.js';
import type { QueueContext } from '../queue/context.js';
import { normaliseActor } from '../queue/context.js';
import { accountNames, draftFacts } from '../queue/page-reads.js';
import type { DraftFacts, SentenceContext } from './event-sentences.js';

/** What turning events into sentences needs from the store, each draft and the accounts read once. */
export function sentenceContext(queue: QueueContext): SentenceContext {
  const db = queue.store.db;
  const accounts = new Set(accountNames(db).map(normaliseActor));
  const drafts = new Map<string, DraftFacts | undefined>();
  return {
    isAccount: (name) => accounts.size === 0 || accounts.has(normaliseActor(name)),
    draftOf: (subject) => {
      if (!drafts.has(subject)) {
        const facts = draftFacts(db, subject);
        drafts.set(
          subject,
          facts !== undefined && isNetworkId(facts.network) ? { network: facts.network, date: facts.date } : undefined,
        );
      }
      return drafts.get(subject);
    },
  };
}
