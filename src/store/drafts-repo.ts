import { NETWORKS, type NetworkId } from '../networks/index.js';
import type { Db } from './db.js';
import { rowsForIds } from './rows-for-ids.js';
import type { DraftContent, DraftKind, DraftRecord, DraftStatus, DraftSummary } from './types.js';

interface DraftRow {
  id: number;
  updateId: number;
  date: string;
  network: NetworkId;
  status: DraftStatus;
  kind: DraftKind;
  targetId: number | null;
  version: number;
  contentHash: string;
  reason: string | null;
  author: string;
  createdAt: string;
  updatedAt: string;
  content: string;
}

const DRAFT_COLUMNS = `d.id, d.update_id AS updateId, d.date, d.network, d.status, d.kind,
  d.target_draft_id AS targetId, d.version,
  d.content_hash AS contentHash, d.reason, v.author, d.created_at AS createdAt, d.updated_at AS updatedAt`;
const FROM_DRAFTS = 'FROM drafts d JOIN draft_versions v ON v.draft_id = d.id AND v.version = d.version';
const SELECT_DRAFT = `SELECT ${DRAFT_COLUMNS}, v.content ${FROM_DRAFTS}`;
// Counted by the database: a listing of a year of drafts need not parse every draft's content in JavaScript.
const SUMMARY_COUNTS: Record<Db['dialect'], string> = {
  sqlite: `json_array_length(v.content, '$.posts') AS posts,
  (SELECT COALESCE(SUM(json_array_length(v.content, p.fullkey || '.media')), 0)
   FROM json_each(v.content, '$.posts') AS p) AS media`,
  postgres: `jsonb_array_length(v.content::jsonb -> 'posts') AS posts,
  (SELECT COALESCE(SUM(jsonb_array_length(p.value -> 'media')), 0)
   FROM jsonb_array_elements(v.content::jsonb -> 'posts') AS p) AS media`,
};

function selectSummary(db: Db): string {
  return `SELECT ${DRAFT_COLUMNS}, ${SUMMARY_COUNTS[db.dialect]} ${FROM_DRAFTS}`;
}

export interface DraftFilter {
  date?: string;
  statuses?: readonly DraftStatus[];
  /** Drafts dated on or after `since`, and older ones still in one of `statuses` (the queue's days at hand). */
  recentOrOpen?: { since: string; statuses: readonly DraftStatus[] };
  kinds?: readonly DraftKind[];
}

function toRecord(row: DraftRow): DraftRecord {
  return { ...row, content: JSON.parse(row.content) as DraftContent };
}

export function insertDraft(
  db: Db,
  row: {
    updateId: number;
    date: string;
    network: NetworkId;
    status: DraftStatus;
    contentHash: string;
    at: string;
    kind?: DraftKind;
    targetId?: number;
  },
): number {
  const result = db
    .prepare(
      `INSERT INTO drafts (update_id, date, network, status, kind, target_draft_id, version, content_hash, reason,
         created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, 1, ?, NULL, ?, ?) RETURNING id`,
    )
    .get(
      row.updateId,
      row.date,
      row.network,
      row.status,
      row.kind ?? 'update',
      row.targetId ?? null,
      row.contentHash,
      row.at,
      row.at,
    ) as { id: number };
  return Number(result.id);
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

export function listDrafts(db: Db, filter: DraftFilter = {}): DraftRecord[] {
  const { where, params } = draftFilter(filter);
  return (db.prepare(`${SELECT_DRAFT} ${where} ORDER BY d.date, d.id`).all(...params) as DraftRow[]).map(toRecord);
}

/** Drafts read per query by `iterateDrafts` on PostgreSQL: a few MB of content at most. */
export const DRAFTS_PER_PAGE = 500;

/**
 * The drafts `listDrafts` lists, in the same order, without holding them all: on PostgreSQL (or with
 * `pageSize`) read a page at a time by date, then id, since its driver hands a query's rows over at
 * once; on SQLite one query, streamed.
 */
export function* iterateDrafts(
  db: Db,
  filter: DraftFilter = {},
  pageSize?: number,
): Generator<DraftRecord, void, undefined> {
  const { where, params } = draftFilter(filter);
  if (db.dialect === 'sqlite' && pageSize === undefined) {
    for (const row of db.prepare(`${SELECT_DRAFT} ${where} ORDER BY d.date, d.id`).iterate(...params)) {
      yield toRecord(row as DraftRow);
    }
    return;
  }
  const size = pageSize ?? DRAFTS_PER_PAGE;
  const and = where === '' ? 'WHERE' : `${where} AND`;
  const first = db.prepare(`${SELECT_DRAFT} ${where} ORDER BY d.date, d.id LIMIT ?`);
  const next = db.prepare(
    `${SELECT_DRAFT} ${and} (d.date > ? OR (d.date = ? AND d.id > ?)) ORDER BY d.date, d.id LIMIT ?`,
  );
  let last: DraftRow | undefined;
  for (;;) {
    const rows = (
      last === undefined ? first.all(...params, size) : next.all(...params, last.date, last.date, last.id, size)
    ) as DraftRow[];
    for (const row of rows) yield toRecord(row);
    if (rows.length < size) return;
    last = rows[rows.length - 1];
  }
}

/** Like `listDrafts`, without the content: for pages that list many drafts. */
export function listDraftSummaries(db: Db, filter: DraftFilter = {}): DraftSummary[] {
  const { where, params } = draftFilter(filter);
  return db.prepare(`${selectSummary(db)} ${where} ORDER BY d.date, d.id`).all(...params) as DraftSummary[];
}

/**
 * One page of drafts in the given statuses, newest date first (the history), and how many there are
 * in all: read through the (status, date, id) index, so a page of a year costs what a page of a week does.
 */
export function pageDraftSummaries(
  db: Db,
  statuses: readonly DraftStatus[],
  options: { offset: number; limit: number },
): { drafts: DraftSummary[]; total: number } {
  const marks = statuses.map(() => '?').join(', ') || "''";
  // The page's ids first, from the index alone; only their rows then have their content counted
  // (sorting the summaries themselves would count every draft's posts and images first).
  const drafts = db
    .prepare(
      `${selectSummary(db)} WHERE d.id IN (
         SELECT id FROM drafts WHERE status IN (${marks}) ORDER BY date DESC, id LIMIT ? OFFSET ?
       ) ORDER BY d.date DESC, d.id`,
    )
    .all(...statuses, options.limit, options.offset) as DraftSummary[];
  const { n } = db.prepare(`SELECT COUNT(*) AS n FROM drafts WHERE status IN (${marks})`).get(...statuses) as {
    n: number;
  };
  return { drafts, total: n };
}

/**
 * Each network's latest draft in one of `statuses` (newest date, then newest id): one indexed
 * look-up per network however long the history (the networks crieur knows: asking the table which
 * networks it holds read every draft, ~10 ms over ten years on PostgreSQL).
 */
export function latestDraftPerNetwork(db: Db, statuses: readonly DraftStatus[]): DraftSummary[] {
  const marks = statuses.map(() => '?').join(', ') || "''";
  const latest = db.prepare(
    `${selectSummary(db)} WHERE d.id = (
       SELECT id FROM drafts WHERE network = ? AND status IN (${marks}) ORDER BY date DESC, id DESC LIMIT 1
     )`,
  );
  return NETWORKS.flatMap((network) => latest.all(network, ...statuses) as DraftSummary[]);
}

function draftFilter(filter: DraftFilter): { where: string; params: unknown[] } {
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
  if (filter.recentOrOpen !== undefined) {
    const { since, statuses } = filter.recentOrOpen;
    where.push(`(d.date >= ? OR d.status IN (${statuses.map(() => '?').join(', ') || "''"}))`);
    params.push(since, ...statuses);
  }
  if (filter.kinds !== undefined) {
    where.push(`d.kind IN (${filter.kinds.map(() => '?').join(', ') || "''"})`);
    params.push(...filter.kinds);
  }
  return { where: where.length > 0 ? `WHERE ${where.join(' AND ')}` : '', params };
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

/** The corrections and retractions of an update draft, oldest first. */
export function draftsTargeting(db: Db, targetId: number): DraftRecord[] {
  return (db.prepare(`${SELECT_DRAFT} WHERE d.target_draft_id = ? ORDER BY d.id`).all(targetId) as DraftRow[]).map(
    toRecord,
  );
}

/**
 * The corrections and retractions of each of these update drafts, oldest first, read together (a
 * page of drafts): one query per 500 drafts instead of one per draft. A draft without any has none
 * in the map.
 */
export function draftsTargetingEach(db: Db, targetIds: readonly number[]): Map<number, DraftRecord[]> {
  const byTarget = new Map<number, DraftRecord[]>();
  const rows = rowsForIds<DraftRow>(
    db,
    targetIds,
    (marks) => `${SELECT_DRAFT} WHERE d.target_draft_id IN (${marks}) ORDER BY d.id`,
  );
  for (const draft of rows.map(toRecord)) {
    if (draft.targetId === null) continue;
    const followUps = byTarget.get(draft.targetId);
    if (followUps) followUps.push(draft);
    else byTarget.set(draft.targetId, [draft]);
  }
  return byTarget;
}
