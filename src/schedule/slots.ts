import type { Config } from '../config/schema.js';
import type { Store } from '../store/db.js';
import type { DraftRecord } from '../store/types.js';
import { publishAtOfUpdate } from '../store/updates-repo.js';
import { type PublishSlot, publishSlot } from './due.js';

/**
 * The publish slot of each draft: the update's own `publishAt` when it has one, else the configured time.
 * Drafts of one date share their slot: a page listing a year of drafts computes each slot once.
 * `known` holds updates' publish times already read (an update not in it is read when asked for).
 */
export function slotFinder(
  store: Store,
  config: Config,
  known: Iterable<[number, string | undefined]> = [],
): (draft: Pick<DraftRecord, 'updateId' | 'date'>) => PublishSlot {
  const publishAtByUpdate = new Map<number, string | undefined>(known);
  const slots = new Map<string, PublishSlot>();
  return (draft) => {
    if (!publishAtByUpdate.has(draft.updateId)) {
      publishAtByUpdate.set(draft.updateId, publishAtOfUpdate(store.db, draft.updateId));
    }
    const publishAt = publishAtByUpdate.get(draft.updateId);
    const key = `${draft.date} ${publishAt ?? ''}`;
    let slot = slots.get(key);
    if (slot === undefined) {
      slot = publishSlot(draft.date, config, publishAt);
      slots.set(key, slot);
    }
    return slot;
  };
}
