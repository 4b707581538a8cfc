import { normaliseActor } from '../queue/context.js';
import type { Db } from '../store/db.js';
import { getDraft } from '../store/drafts-repo.js';
import { parseDraftId } from '../store/types.js';
import { listUsers } from '../store/users-repo.js';
import type { DraftFacts, SentenceContext } from './event-sentences.js';

/** What turning events into sentences needs from the store, each draft and the accounts read once. */
export function sentenceContext(db: Db): SentenceContext {
  const accounts = new Set(listUsers(db).map((user) => normaliseActor(user.name)));
  const drafts = new Map<string, DraftFacts | undefined>();
  return {
    isAccount: (name) => accounts.size === 0 || accounts.has(normaliseActor(name)),
    draftOf: (subject) => {
      if (!drafts.has(subject)) {
        const id = /^d\d{1,15}$/.test(subject) ? parseDraftId(subject) : null;
        const draft = id === null ? null : getDraft(db, id);
        drafts.set(subject, draft === null ? undefined : { network: draft.network, date: draft.date });
      }
      return drafts.get(subject);
    },
  };
}
