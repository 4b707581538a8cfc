import type { Db } from './db.js';
import type { ApprovalRecord } from './types.js';

/** The PostgreSQL notification channel every approval is announced on (see `listenForApprovals`). */
export const APPROVALS_CHANNEL = 'crieur_approvals';

/**
 * Records an approval. On PostgreSQL it is also announced to the leader (NOTIFY, with the approval's
 * id): inside the caller's transaction, so the leader hears of it only once it is committed.
 */
export function insertApproval(db: Db, row: Omit<ApprovalRecord, 'id'>): number {
  const result = db
    .prepare(
      'INSERT INTO approvals (draft_id, version, content_hash, approved_by, approved_at) VALUES (?, ?, ?, ?, ?) RETURNING id',
    )
    .get(row.draftId, row.version, row.contentHash, row.approvedBy, row.approvedAt) as { id: number };
  const id = Number(result.id);
  if (db.dialect === 'postgres') db.prepare(`SELECT pg_notify('${APPROVALS_CHANNEL}', ?)`).get(String(id));
  return id;
}

/** The latest approval of this exact version, if any. */
export function approvalFor(db: Db, draftId: number, version: number): ApprovalRecord | null {
  const row = db
    .prepare(
      `SELECT id, draft_id AS draftId, version, content_hash AS contentHash, approved_by AS approvedBy,
              approved_at AS approvedAt
       FROM approvals WHERE draft_id = ? AND version = ? ORDER BY id DESC LIMIT 1`,
    )
    .get(draftId, version) as ApprovalRecord | undefined;
  return row ?? null;
}

/** The newest approval's id (0 when none): changes with every approval given, from any process. */
export function latestApprovalId(db: Db): number {
  const row = db.prepare('SELECT MAX(id) AS id FROM approvals').get() as { id: number | null };
  return row.id ?? 0;
}
