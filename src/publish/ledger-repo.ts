import type { NetworkId } from '../networks/index.js';
import type { Db } from '../store/db.js';
import { rowsForIds } from '../store/rows-for-ids.js';

/** An uploaded image's reference as the store keeps it: JSON, tagged with its network. */
interface StoredMediaRef {
  network: NetworkId;
}

export const PART_STATES = ['pending', 'sending', 'posted', 'failed', 'unknown'] as const;
export type PartState = (typeof PART_STATES)[number];

/** One thread part's publication record on one network. */
export interface LedgerPart {
  draftId: number;
  partIndex: number;
  state: PartState;
  attempt: number;
  remoteId: string | null;
  remoteCid: string | null;
  remoteUrl: string | null;
  errorClass: string | null;
  errorMessage: string | null;
  /** When the latest attempt was started (for `findPost(part, since)`). */
  sendingAt: string | null;
  updatedAt: string;
}

/** A part whose create may have reached the network without its answer: no id known, not known absent. */
export function mayBeOnline(part: LedgerPart): boolean {
  return (part.state === 'unknown' || part.state === 'sending') && !part.remoteId;
}

const SELECT_PART = `SELECT draft_id AS draftId, part_index AS partIndex, state, attempt, remote_id AS remoteId,
  remote_cid AS remoteCid, remote_url AS remoteUrl, error_class AS errorClass, error_message AS errorMessage,
  sending_at AS sendingAt, updated_at AS updatedAt FROM ledger_parts`;

/** Creates the pending rows of a thread; rows that exist already are kept as they are. */
export function ensureLedgerParts(db: Db, draftId: number, count: number, at: string): void {
  const insert = db.prepare(
    `INSERT INTO ledger_parts (draft_id, part_index, state, attempt, updated_at) VALUES (?, ?, 'pending', 0, ?)
     ON CONFLICT DO NOTHING`,
  );
  for (let index = 0; index < count; index += 1) insert.run(draftId, index, at);
}

export function ledgerParts(db: Db, draftId: number): LedgerPart[] {
  return db.prepare(`${SELECT_PART} WHERE draft_id = ? ORDER BY part_index`).all(draftId) as LedgerPart[];
}

/**
 * The ledger of each of these drafts, read together (a page of drafts): a draft without parts has
 * an empty list. One query per 500 drafts instead of one per draft.
 */
export function ledgerPartsOf(db: Db, draftIds: readonly number[]): Map<number, LedgerPart[]> {
  const parts = new Map<number, LedgerPart[]>(draftIds.map((id) => [id, []]));
  const rows = rowsForIds<LedgerPart>(
    db,
    draftIds,
    (marks) => `${SELECT_PART} WHERE draft_id IN (${marks}) ORDER BY draft_id, part_index`,
  );
  for (const row of rows) parts.get(Number(row.draftId))?.push(row);
  return parts;
}

export function ledgerPart(db: Db, draftId: number, partIndex: number): LedgerPart | null {
  const row = db.prepare(`${SELECT_PART} WHERE draft_id = ? AND part_index = ?`).get(draftId, partIndex) as
    | LedgerPart
    | undefined;
  return row ?? null;
}

export function updateLedgerPart(
  db: Db,
  draftId: number,
  partIndex: number,
  fields: Partial<Omit<LedgerPart, 'draftId' | 'partIndex'>> & { updatedAt: string },
): void {
  const columns: Record<string, string> = {
    state: 'state',
    attempt: 'attempt',
    remoteId: 'remote_id',
    remoteCid: 'remote_cid',
    remoteUrl: 'remote_url',
    errorClass: 'error_class',
    errorMessage: 'error_message',
    sendingAt: 'sending_at',
    updatedAt: 'updated_at',
  };
  const sets: string[] = [];
  const params: unknown[] = [];
  for (const [key, value] of Object.entries(fields)) {
    const column = columns[key];
    if (column === undefined || value === undefined) continue;
    sets.push(`${column} = ?`);
    params.push(value);
  }
  db.prepare(`UPDATE ledger_parts SET ${sets.join(', ')} WHERE draft_id = ? AND part_index = ?`).run(
    ...params,
    draftId,
    partIndex,
  );
}

export function saveMediaRef(
  db: Db,
  row: { draftId: number; partIndex: number; mediaIndex: number; sha256: string; ref: StoredMediaRef; at: string },
): void {
  db.prepare(
    `INSERT INTO ledger_media (draft_id, part_index, media_index, network, media_sha256, ref, uploaded_at)
     VALUES (?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (draft_id, part_index, media_index) DO UPDATE SET
       network = excluded.network, media_sha256 = excluded.media_sha256, ref = excluded.ref,
       uploaded_at = excluded.uploaded_at`,
  ).run(row.draftId, row.partIndex, row.mediaIndex, row.ref.network, row.sha256, JSON.stringify(row.ref), row.at);
}

export function mediaRef<Ref extends StoredMediaRef>(
  db: Db,
  draftId: number,
  partIndex: number,
  mediaIndex: number,
): { ref: Ref; sha256: string; uploadedAt: string } | null {
  const row = db
    .prepare(
      `SELECT ref, media_sha256 AS sha256, uploaded_at AS uploadedAt FROM ledger_media
       WHERE draft_id = ? AND part_index = ? AND media_index = ?`,
    )
    .get(draftId, partIndex, mediaIndex) as { ref: string; sha256: string; uploadedAt: string } | undefined;
  return row === undefined ? null : { ref: JSON.parse(row.ref) as Ref, sha256: row.sha256, uploadedAt: row.uploadedAt };
}
