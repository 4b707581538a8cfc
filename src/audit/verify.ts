import type { Db } from '../store/db.js';
import { eventHash, GENESIS_HASH, iterateRows, storedEventHash, toEvent } from './journal.js';
import type { ChainVerdict } from './types.js';

/**
 * Walks the chain from the first event: each must carry the next sequence number, the previous event's
 * hash and a hash of its own content. Names the first row that breaks it (edited, deleted or moved),
 * and checks the recorded head so a removed tail is detected too.
 */
export function verifyChain(db: Db): ChainVerdict {
  let expectedSeq = 1;
  let prevHash = GENESIS_HASH;
  let lastId = 0;
  let count = 0;
  for (const event of iterateRows(db)) {
    const bad = (reason: string): ChainVerdict => ({ ok: false, count, firstBadId: event.id, reason });
    if (event.seq !== expectedSeq) {
      return bad(
        event.seq > expectedSeq
          ? `event ${event.id} has sequence ${event.seq}, expected ${expectedSeq}: an event was deleted or moved`
          : `event ${event.id} has sequence ${event.seq}, expected ${expectedSeq}: events were reordered`,
      );
    }
    if (event.prevHash !== prevHash) {
      return bad(`event ${event.id} does not follow the previous event (previous hash differs)`);
    }
    // The stored text hashed as is matches for every row appendEvent wrote; any other row is checked
    // the slow way (its data parsed and written canonically), so a row is never judged on its format.
    if (
      storedEventHash(event.prevHash, event) !== event.hash &&
      eventHash(event.prevHash, toEvent(event)) !== event.hash
    ) {
      return bad(`event ${event.id} was modified (its hash does not match its content)`);
    }
    prevHash = event.hash;
    lastId = event.id;
    expectedSeq += 1;
    count += 1;
  }
  const head = db.prepare('SELECT seq, hash FROM audit_head WHERE one = 1').get() as
    | { seq: number; hash: string }
    | undefined;
  const headSeq = head?.seq ?? 0;
  if (headSeq === count && head !== undefined && head.hash !== prevHash) {
    return {
      ok: false,
      count,
      firstBadId: lastId,
      reason: `the last event ${lastId} is not the one recorded as the end of the log`,
    };
  }
  if (headSeq !== count) {
    return {
      ok: false,
      count,
      firstBadId: lastId + 1,
      reason: `the log ends at sequence ${count} but ${headSeq} events were recorded: the last events were deleted`,
    };
  }
  return { ok: true, count };
}
