import type { Db } from '../store/db.js';
import { type AuditRow, eventHash, GENESIS_HASH, iterateRows, storedEventHash, toEvent } from './journal.js';
import type { ChainVerdict } from './types.js';

/**
 * How many times the rows are read on after the recorded end of the log moved on while they were
 * read (events appended meanwhile): once is the rule, more only under a stream of appends.
 */
const MAX_CATCH_UPS = 10;

/** How to read the log: rows per query (see `iterateRows`; SQLite streams one query without it). */
export interface VerifyOptions {
  pageSize?: number;
}

/**
 * Walks the chain from the first event: each must carry the next sequence number, the previous event's
 * hash and a hash of its own content. Names the first row that breaks it (edited, deleted or moved),
 * and checks the recorded head so a removed tail is detected too. The log is read a page at a time;
 * events appended while it is read are verified too, so a busy instance is not reported as broken.
 */
export function verifyChain(db: Db, options: VerifyOptions = {}): ChainVerdict {
  const check = chainCheck(db, options, Number.POSITIVE_INFINITY);
  for (;;) {
    const step = check.next();
    if (step.done) return step.value;
  }
}

/** Rows checked between two pauses of `verifyChainInTurns`: a few milliseconds of work. */
export const ROWS_PER_TURN = 1000;

/**
 * `verifyChain` for a process that serves others meanwhile (the web page's button): the log is read
 * in pages (one query each, none left open), and between pages the event loop runs whatever is
 * waiting, so ten years of events delay no page and no publication by more than one page's work.
 */
export async function verifyChainInTurns(
  db: Db,
  options: VerifyOptions = {},
  pause: () => Promise<void> = () => new Promise((resolve) => setImmediate(resolve)),
): Promise<ChainVerdict> {
  const pageSize = options.pageSize ?? ROWS_PER_TURN;
  const check = chainCheck(db, { pageSize }, pageSize);
  for (;;) {
    const step = check.next();
    if (step.done) return step.value;
    await pause();
  }
}

/**
 * The check itself, pausing (`yield`) after every `turn` rows: between two pages when `turn` is the
 * page size, so that no query is open while it pauses.
 */
function* chainCheck(db: Db, options: VerifyOptions, turn: number): Generator<void, ChainVerdict, undefined> {
  let expectedSeq = 1;
  let prevHash = GENESIS_HASH;
  let lastId: number | undefined;
  let count = 0;
  for (let round = 0; ; round++) {
    let read = 0;
    for (const event of iterateRows(db, { ...options, ...(lastId === undefined ? {} : { afterId: lastId }) })) {
      const why = brokenLink(event, expectedSeq, prevHash);
      if (why !== undefined) return broken(count, event.id, why);
      prevHash = event.hash;
      lastId = event.id;
      expectedSeq += 1;
      count += 1;
      read += 1;
      if (read % turn === 0) yield;
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
      return broken(count, lastId ?? after, {
        reason: `the last event ${lastId} is not the one recorded as the end of the log`,
        reasonFr: `le dernier événement (${lastId}) n’est pas celui inscrit comme la fin du journal`,
      });
    }
    if (head === undefined && count > 0) {
      return broken(count, after, {
        reason: 'the record of where the log ends was deleted',
        reasonFr: 'l’inscription de la fin du journal a été supprimée',
      });
    }
    if (headSeq < count) {
      const extra = db.prepare('SELECT id FROM audit_events WHERE seq = ? ORDER BY id LIMIT 1').get(headSeq + 1) as
        | { id: number }
        | undefined;
      return broken(count, extra?.id ?? after, {
        reason: `the log goes on after sequence ${headSeq}, recorded as its end: events were added outside crieur`,
        reasonFr: `le journal continue après le numéro ${headSeq}, inscrit comme sa fin : des événements ont été ajoutés en dehors de crieur`,
      });
    }
    if (headSeq > count) {
      return broken(count, after, {
        reason: `the log ends at sequence ${count} but ${headSeq} events were recorded: the last events were deleted`,
        reasonFr: `le journal s’arrête au numéro ${count}, mais ${headSeq} événements avaient été inscrits : les derniers événements ont été supprimés`,
      });
    }
    return { ok: true, count };
  }
}

/** Why the chain breaks: in English for operators, in French for the journal page. */
interface Why {
  reason: string;
  reasonFr: string;
}

function broken(count: number, firstBadId: number, why: Why): ChainVerdict {
  return { ok: false, count, firstBadId, ...why };
}

/** Why `event` does not follow the chain verified so far, or undefined when it does. */
function brokenLink(event: AuditRow, expectedSeq: number, prevHash: string): Why | undefined {
  const { id, seq } = event;
  if (seq !== expectedSeq) {
    return seq > expectedSeq
      ? {
          reason: `event ${id} has sequence ${seq}, expected ${expectedSeq}: an event was deleted or moved`,
          reasonFr: `l’événement ${id} porte le numéro ${seq} au lieu de ${expectedSeq} : un événement a été supprimé ou déplacé`,
        }
      : {
          reason: `event ${id} has sequence ${seq}, expected ${expectedSeq}: events were reordered`,
          reasonFr: `l’événement ${id} porte le numéro ${seq} au lieu de ${expectedSeq} : des événements ont changé d’ordre`,
        };
  }
  if (event.prevHash !== prevHash) {
    return {
      reason: `event ${id} does not follow the previous event (previous hash differs)`,
      reasonFr: `l’événement ${id} ne suit pas l’événement précédent (l’empreinte de celui-ci diffère)`,
    };
  }
  // The stored text hashed as is matches for every row appendEvent wrote; any other row is checked
  // the slow way (its data parsed and written canonically), so a row is never judged on its format.
  if (
    storedEventHash(event.prevHash, event) !== event.hash &&
    eventHash(event.prevHash, toEvent(event)) !== event.hash
  ) {
    return {
      reason: `event ${id} was modified (its hash does not match its content)`,
      reasonFr: `l’événement ${id} a été modifié (son empreinte ne correspond plus à son contenu)`,
    };
  }
  return undefined;
}
