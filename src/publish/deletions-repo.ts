import type { Db } from '../store/db.js';

export const DELETION_STATES = ['pending', 'deleting', 'deleted', 'failed', 'unknown'] as const;
export type DeletionState = (typeof DELETION_STATES)[number];

/** One post (or comment) a retraction deletes: its own ledger row, like a create's. */
export interface DeletionRow {
  draftId: number;
  /** Order of deletion: leaf first. */
  seq: number;
  targetDraftId: number;
  targetPart: number;
  remoteId: string;
  remoteCid: string | null;
  remoteUrl: string | null;
  state: DeletionState;
  attempt: number;
  errorClass: string | null;
  errorMessage: string | null;
  updatedAt: string;
}

const SELECT = `SELECT draft_id AS draftId, seq, target_draft_id AS targetDraftId, target_part AS targetPart,
  remote_id AS remoteId, remote_cid AS remoteCid, remote_url AS remoteUrl, state, attempt,
  error_class AS errorClass, error_message AS errorMessage, updated_at AS updatedAt FROM ledger_deletions`;

export function deletionRows(db: Db, draftId: number): DeletionRow[] {
  return db.prepare(`${SELECT} WHERE draft_id = ? ORDER BY seq`).all(draftId) as DeletionRow[];
}

/** Every deletion row whose post belongs to one of these drafts (the history's "deleted" marks). */
export function deletionsOfTargets(db: Db, targetIds: readonly number[]): DeletionRow[] {
  if (targetIds.length === 0) return [];
  const marks = targetIds.map(() => '?').join(', ');
  return db
    .prepare(`${SELECT} WHERE target_draft_id IN (${marks}) ORDER BY draft_id, seq`)
    .all(...targetIds) as DeletionRow[];
}

export function insertDeletion(
  db: Db,
  row: Pick<
    DeletionRow,
    'draftId' | 'seq' | 'targetDraftId' | 'targetPart' | 'remoteId' | 'remoteCid' | 'remoteUrl'
  > & {
    at: string;
  },
): void {
  db.prepare(
    `INSERT INTO ledger_deletions (draft_id, seq, target_draft_id, target_part, remote_id, remote_cid,
       remote_url, state, attempt, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, 'pending', 0, ?)
     ON CONFLICT DO NOTHING`,
  ).run(row.draftId, row.seq, row.targetDraftId, row.targetPart, row.remoteId, row.remoteCid, row.remoteUrl, row.at);
}

export function updateDeletion(
  db: Db,
  draftId: number,
  seq: number,
  fields: {
    state: DeletionState;
    attempt?: number;
    errorClass?: string | null;
    errorMessage?: string | null;
    at: string;
  },
): void {
  db.prepare(
    `UPDATE ledger_deletions SET state = ?, attempt = COALESCE(?, attempt), error_class = ?, error_message = ?,
       updated_at = ? WHERE draft_id = ? AND seq = ?`,
  ).run(
    fields.state,
    fields.attempt ?? null,
    fields.errorClass ?? null,
    fields.errorMessage ?? null,
    fields.at,
    draftId,
    seq,
  );
}
