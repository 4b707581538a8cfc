import type { Db } from '../store/db.js';
import { type AuditRow, eventHash, GENESIS_HASH, iterateRows, storedEventHash, toEvent } from './journal.js';
import type { ChainVerdict } from './types.js';

/**
 * How many times the rows are read on after the recorded end of the log moved on while they were
 * read (events appended meanwhile): once is the rule, more only under a stream of appends.
 */
const MAX_CATCH_UPS = 10;

/**
 * Walks the chain from the first event: each must carry the next sequence number, the previous event's
 * hash and a hash of its own content. Names the first row that breaks it (edited, deleted or moved),
 * and checks the recorded head so a removed tail is detected too. The log is read a page at a time;
 * events appended while it is read are verified too, so a busy instance is not reported as broken.
 */
export function verifyChain(db: Db, options: { pageSize?: number } = {}): ChainVerdict {
  let expectedSeq = 1;
  let prevHash = GENESIS_HASH;
  let lastId: number | undefined;
  let count = 0;
  for (let round = 0; ; round++) {
    let read = 0;
    for (const event of iterateRows(db, { ...options, ...(lastId === undefined ? {} : { afterId: lastId }) })) {
      const reason = brokenLink(event, expectedSeq, prevHash);
      if (reason !== undefined) return { ok: false, count, firstBadId: event.id, reason };
      prevHash = event.hash;
      lastId = event.id;
      expectedSeq += 1;
      count += 1;
      read += 1;
    }
    const head = db.prepare('SELECT seq, hash FROM audit_head WHERE one = 1').get() as
      | { seq: number; hash: string }
      | undefined;
    const headSeq = head?.seq ?? 0;
    // The end recorded after the rows ran out lies further: events were appended since, or the
    // last rows were deleted. Reading on tells which.
    if (headSeq > count && read > 0 && round < MAX_CATCH_UPS) continue;
    const after = (lastId ?? 0) + 1;
    if (headSeq === count && head !== undefined && head.hash !== prevHash) {
      return {
        ok: false,
        count,
        firstBadId: lastId ?? after,
        reason: `the last event ${lastId} is not the one recorded as the end of the log`,
      };
    }
    if (head === undefined && count > 0) {
      return { ok: false, count, firstBadId: after, reason: 'the record of where the log ends was deleted' };
    }
    if (headSeq < count) {
      const extra = db.prepare('SELECT id FROM audit_events WHERE seq = ? ORDER BY id LIMIT 1').get(headSeq + 1) as
        | { id: number }
        | undefined;
      return {
        ok: false,
        count,
        firstBadId: extra?.id ?? after,
        reason: `the log goes on after sequence ${headSeq}, recorded as its end: events were added outside crieur`,
      };
    }
    if (headSeq > count) {
      return {
        ok: false,
        count,
        firstBadId: after,
        reason: `the log ends at sequence ${count} but ${headSeq} events were recorded: the last events were deleted`,
      };
    }
    return { ok: true, count };
  }
}

/** Why `event` does not follow the chain verified so far, or undefined when it does. */
function brokenLink(event: AuditRow, expectedSeq: number, prevHash: string): string | undefined {
  if (event.seq !== expectedSeq) {
    return event.seq > expectedSeq
      ? `event ${event.id} has sequence ${event.seq}, expected ${expectedSeq}: an event was deleted or moved`
      : `event ${event.id} has sequence ${event.seq}, expected ${expectedSeq}: events were reordered`;
  }
  if (event.prevHash !== prevHash)
    return `event ${event.id} does not follow the previous event (previous hash differs)`;
  // The stored text hashed as is matches for every row appendEvent wrote; any other row is checked
  // the slow way (its data parsed and written canonically), so a row is never judged on its format.
  if (
    storedEventHash(event.prevHash, event) !== event.hash &&
    eventHash(event.prevHash, toEvent(event)) !== event.hash
  ) {
    return `event ${event.id} was modified (its hash does not match its content)`;
  }
  return undefined;
}
