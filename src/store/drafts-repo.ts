import type { NetworkId } from '../networks.js';
import type { Db } from './db.js';
import type { DraftContent, DraftRecord, DraftStatus } from './types.js';

interface DraftRow {
  id: number;
  updateId: number;
  date: string;
  network: NetworkId;
  status: DraftStatus;
  version: number;
  contentHash: string;
  reason: string | null;
  author: string;
  createdAt: string;
  updatedAt: string;
  content: string;
}

const SELECT_DRAFT = `
  SELECT d.id, d.update_id AS updateId, d.date, d.network, d.status, d.version, d.content_hash AS contentHash,
         d.reason, v.author, d.created_at AS createdAt, d.updated_at AS updatedAt, v.content
  FROM drafts d JOIN draft_versions v ON v.draft_id = d.id AND v.version = d.version`;

function toRecord(row: DraftRow): DraftRecord {
  return { ...row, content: JSON.parse(row.content) as DraftContent };
}

export function insertDraft(
  db: Db,
  row: { updateId: number; date: string; network: NetworkId; status: DraftStatus; contentHash: string; at: string },
): number {
  const result = db
    .prepare(
      `INSERT INTO drafts (update_id, date, network, status, version, content_hash, reason, created_at, updated_at)
       VALUES (?, ?, ?, ?, 1, ?, NULL, ?, ?)`,
    )
    .run(row.updateId, row.date, row.network, row.status, row.contentHash, row.at, row.at);
  return Number(result.lastInsertRowid);
}

export function insertDraftVersion(
  db: Db,
  row: { draftId: number; version: number; content: DraftContent; contentHash: string; author: string; at: string },
): void {
  db.prepare(
    'INSERT INTO draft_versions (draft_id, version, content, content_hash, author, created_at) VALUES (?, ?, ?, ?, ?, ?)',
  ).run(row.draftId, row.version, JSON.stringify(row.content), row.contentHash, row.author, row.at);
}

export function setDraftVersion(
  db: Db,
  draftId: number,
  row: { version: number; contentHash: string; status: DraftStatus; at: string },
): void {
  db.prepare(
    'UPDATE drafts SET version = ?, content_hash = ?, status = ?, reason = NULL, updated_at = ? WHERE id = ?',
  ).run(row.version, row.contentHash, row.status, row.at, draftId);
}

export function setDraftStatus(db: Db, draftId: number, status: DraftStatus, reason: string | null, at: string): void {
  db.prepare('UPDATE drafts SET status = ?, reason = ?, updated_at = ? WHERE id = ?').run(status, reason, at, draftId);
}

export function getDraft(db: Db, id: number): DraftRecord | null {
  const row = db.prepare(`${SELECT_DRAFT} WHERE d.id = ?`).get(id) as DraftRow | undefined;
  return row === undefined ? null : toRecord(row);
}

export function listDrafts(db: Db, filter: { date?: string; statuses?: readonly DraftStatus[] } = {}): DraftRecord[] {
  const where: string[] = [];
  const params: unknown[] = [];
  if (filter.date !== undefined) {
    where.push('d.date = ?');
    params.push(filter.date);
  }
  if (filter.statuses !== undefined) {
    where.push(`d.status IN (${filter.statuses.map(() => '?').join(', ') || "''"})`);
    params.push(...filter.statuses);
  }
  const sql = `${SELECT_DRAFT} ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY d.date, d.id`;
  return (db.prepare(sql).all(...params) as DraftRow[]).map(toRecord);
}

export function getDraftVersion(
  db: Db,
  draftId: number,
  version: number,
): { content: DraftContent; contentHash: string; author: string; createdAt: string } | null {
  const row = db
    .prepare(
      `SELECT content, content_hash AS contentHash, author, created_at AS createdAt
       FROM draft_versions WHERE draft_id = ? AND version = ?`,
    )
    .get(draftId, version) as { content: string; contentHash: string; author: string; createdAt: string } | undefined;
  return row === undefined ? null : { ...row, content: JSON.parse(row.content) as DraftContent };
}
