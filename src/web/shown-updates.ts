import { updateHeadings } from '../queue/page-reads.js';
import type { PublishSlot } from '../schedule/due.js';
import { slotFinder } from '../schedule/slots.js';
import type { WebDeps } from './types.js';

/**
 * The titles and publish slots of the updates a page shows, their headings read in one query
 * rather than two queries an update (the queue and the history list many drafts of few updates).
 */
export function shownUpdates(
  deps: Pick<WebDeps, 'queue' | 'loaded'>,
  drafts: readonly { updateId: number }[],
): {
  titleOf: (updateId: number) => string | undefined;
  slotOf: (draft: { updateId: number; date: string }) => PublishSlot;
} {
  const headings = updateHeadings(
    deps.queue,
    drafts.map((draft) => draft.updateId),
  );
  const slotOf = slotFinder(
    deps.queue.store,
    deps.loaded.config,
    [...headings].map(([id, heading]) => [id, heading.publishAt]),
  );
  return { titleOf: (updateId) => headings.get(updateId)?.title, slotOf };
}
