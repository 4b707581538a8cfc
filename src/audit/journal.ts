import { createHash } from 'node:crypto';
import type { Db } from '../store/db.js';
import { canonicalJson } from './canonical-json.js';
import { redactValue } from './redact.js';
import type { AuditEvent, AuditEventInput } from './types.js';

export const GENESIS_HASH = '0'.repeat(64);

export interface AuditRow {
  id: number;
  seq: number;
  at: string;
  actor: string;
  action: string;
  subject: string;
  data: string;
  prevHash: string;
  hash: string;
}

/** The hash of an event: binds its sequence number, content and the previous event's hash. */
export function eventHash(
  prevHash: string,
  event: { seq: number; at: string; actor: string; action: string; subject: string; data: unknown },
): string {
  const body = canonicalJson({
    seq: event.seq,
    at: event.at,
    actor: event.actor,
    action: event.action,
    subject: event.subject,
    data: event.data,
  });
  return createHash('sha256').update(prevHash).update('\n').update(body).digest('hex');
}

/**
 * The hash of a stored event computed from its row as stored: the same as `eventHash` whenever the
 * row's `data` is the canonical JSON appendEvent writes, without parsing and re-serialising it
 * (~30 % less time per row; reading the rows is most of the rest). A row whose text differs in any way
 * gives another hash: the caller then checks it through `eventHash`.
 */
export function storedEventHash(prevHash: string, row: AuditRow): string {
  const body = `{"action":${JSON.stringify(row.action)},"actor":${JSON.stringify(row.actor)},"at":${JSON.stringify(row.at)},"data":${row.data},"seq":${row.seq},"subject":${JSON.stringify(row.subject)}}`;
  return createHash('sha256').update(prevHash).update('\n').update(body).digest('hex');
}

/**
 * Appends one event after scrubbing `secrets` from it. Call it inside the transaction that makes the
 * change it records, so both are written or neither.
 */
export function appendEvent(db: Db, input: AuditEventInput, secrets: readonly string[] = []): AuditEvent {
  const clean = redactValue(
    { actor: input.actor, subject: input.subject, data: JSON.parse(canonicalJson(input.data ?? {})) as unknown },
    secrets,
  );
  return db.transaction((): AuditEvent => {
    const head = db.prepare('SELECT seq, hash FROM audit_head WHERE one = 1').get() as
      | { seq: number; hash: string }
      | undefined;
    const seq = (head?.seq ?? 0) + 1;
    const prevHash = head?.hash ?? GENESIS_HASH;
    const at = input.at.toISOString();
    const data = clean.data as Record<string, unknown>;
    const hash = eventHash(prevHash, {
      seq,
      at,
      actor: clean.actor,
      action: input.action,
      subject: clean.subject,
      data,
    });
    const result = db
      .prepare(
        `INSERT INTO audit_events (seq, at, actor, action, subject, data, prev_hash, hash)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
      )
      .get(seq, at, clean.actor, input.action, clean.subject, canonicalJson(data), prevHash, hash) as { id: number };
    db.prepare(
      'INSERT INTO audit_head (one, seq, hash) VALUES (1, ?, ?) ON CONFLICT (one) DO UPDATE SET seq = excluded.seq, hash = excluded.hash',
    ).run(seq, hash);
    return {
      id: Number(result.id),
      seq,
      at,
      actor: clean.actor,
      action: input.action,
      subject: clean.subject,
      data,
      prevHash,
      hash,
    };
  });
}

export function listEvents(db: Db, filter: { subject?: string } = {}): AuditEvent[] {
  const sql = `SELECT id, seq, at, actor, action, subject, data, prev_hash AS prevHash, hash FROM audit_events
    ${filter.subject === undefined ? '' : 'WHERE subject = ?'} ORDER BY id`;
  const rows = (
    filter.subject === undefined ? db.prepare(sql).all() : db.prepare(sql).all(filter.subject)
  ) as AuditRow[];
  return rows.map(toEvent);
}

/** Iterates the events in order without loading them all. */
export function* iterateEvents(db: Db): Generator<AuditEvent> {
  for (const row of iterateRows(db)) yield toEvent(row);
}

/** Iterates the rows of the log in order, as stored (`data` as its JSON text). */
export function iterateRows(db: Db): IterableIterator<AuditRow> {
  return db
    .prepare(
      'SELECT id, seq, at, actor, action, subject, data, prev_hash AS prevHash, hash FROM audit_events ORDER BY id',
    )
    .iterate() as IterableIterator<AuditRow>;
}

/** The whole log, one JSON object per line, oldest first. */
export function exportJsonLines(db: Db): string {
  let out = '';
  for (const event of iterateEvents(db)) out += `${JSON.stringify(event)}\n`;
  return out;
}

export function toEvent(row: AuditRow): AuditEvent {
  let data: Record<string, unknown>;
  try {
    data = JSON.parse(row.data) as Record<string, unknown>;
  } catch {
    // A row whose data no longer parses was tampered with; keep the raw text so verification reports it.
    data = { unparseable: row.data };
  }
  return { ...row, data };
}
