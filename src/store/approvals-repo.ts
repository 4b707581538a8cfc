import type { Db } from './db.js';
import type { ApprovalRecord } from './types.js';

export function insertApproval(db: Db, row: Omit<ApprovalRecord, 'id'>): number {
  const result = db
    .prepare(
      'INSERT INTO approvals (draft_id, version, content_hash, approved_by, approved_at) VALUES (?, ?, ?, ?, ?) RETURNING id',
    )
    .get(row.draftId, row.version, row.contentHash, row.approvedBy, row.approvedAt) as { id: number };
  return Number(result.id);
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
