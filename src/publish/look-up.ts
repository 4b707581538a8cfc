import type { DraftRecord } from '../queue/types.js';
import { formatDraftId } from '../queue/types.js';
import type { PublishDeps } from './deps.js';
import type { LedgerPart } from './ledger-repo.js';
import { asPartFailure, messageOf } from './part-failure.js';
import type { NetworkAdapter, PostPart, RemoteRef } from './port.js';
import { LookupUnavailableError, PublishError } from './port-errors.js';
import { wait, waitFor } from './wait.js';

/** Whether the network's look-up turned out not to be served, for this part. */
export interface LookUpState {
  unavailable: boolean;
}

/**
 * Looks for a part whose outcome is unknown. When the server does not serve the look-up at all,
 * a network that refuses a second post with the same text makes a resend safe (the refusal then
 * says the part is there); on any other network the part fails for a person to check.
 */
export async function lookUp(
  deps: PublishDeps,
  draft: DraftRecord,
  part: PostPart,
  ledger: LedgerPart,
  attempt: number,
  deadline: Date,
  lookUps: LookUpState,
): Promise<RemoteRef | null | 'retry'> {
  const since = new Date(new Date(ledger.sendingAt ?? ledger.updatedAt).getTime() - 5 * 60_000);
  try {
    return await deps.adapter.findPost(part, since);
  } catch (error) {
    if (error instanceof LookupUnavailableError && resendIsRefusedIfThere(deps.adapter, draft, part.index)) {
      lookUps.unavailable = true;
      deps.log.warn(
        { draft: formatDraftId(draft.id), network: draft.network, part: part.index + 1, err: error.message },
        'the network cannot be searched for a part with unknown outcome; resending, since it refuses a duplicate',
      );
      return null;
    }
    if (error instanceof PublishError && error.retry === 'never') throw asPartFailure(error);
    deps.log.warn(
      { draft: formatDraftId(draft.id), network: draft.network, part: part.index + 1, err: messageOf(error) },
      'look-up of a part with unknown outcome failed; retrying',
    );
    await wait(deps, waitFor(deps, error, attempt), deadline);
    return 'retry';
  }
}

/** Whether a resend of this part would be refused by the network if the part were there already. */
function resendIsRefusedIfThere(adapter: NetworkAdapter, draft: DraftRecord, index: number): boolean {
  const refuses = adapter.limits.refusesDuplicates;
  const hasMedia = (draft.content.posts[index]?.media.length ?? 0) > 0;
  return refuses === 'always' || (refuses === 'without-media' && !hasMedia);
}
