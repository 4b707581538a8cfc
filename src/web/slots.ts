import type { Config } from '../config/schema.js';
import { type PublishSlot, publishSlot } from '../schedule/due.js';
import type { Store } from '../store/db.js';
import type { DraftRecord } from '../store/types.js';
import { getUpdate } from '../store/updates-repo.js';

/** The publish slot of each draft: the update's own `publishAt` when it has one, else the configured time. */
export function slotFinder(store: Store, config: Config): (draft: DraftRecord) => PublishSlot {
  const publishAtByUpdate = new Map<number, string | undefined>();
  return (draft) => {
    if (!publishAtByUpdate.has(draft.updateId)) {
      const parsed = getUpdate(store.db, draft.updateId)?.parsed as { publishAt?: unknown } | undefined;
      publishAtByUpdate.set(draft.updateId, typeof parsed?.publishAt === 'string' ? parsed.publishAt : undefined);
    }
    return publishSlot(draft.date, config, publishAtByUpdate.get(draft.updateId));
  };
}
