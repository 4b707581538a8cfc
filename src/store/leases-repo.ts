import type { Db } from './db.js';

/**
 * The `crieur run` processes sharing this store and the leases they hold (see src/leadership/).
 * Plain SQL that PostgreSQL runs as well (the lease is one upsert); instants are ISO 8601 UTC strings,
 * all written by `toISOString()`, so that comparing two of them as text compares the instants.
 */
export interface InstanceRow {
  id: string;
  host: string;
  pid: number;
  startedAt: string;
  lastSeenAt: string;
}

export interface LeaseRow {
  name: string;
  /** The instance holding it; null once released. */
  holder: string | null;
  /** Increases by one each time the lease changes hands. */
  token: number;
  expiresAt: string;
  acquiredAt: string | null;
  renewedAt: string | null;
}

export function insertInstance(db: Db, row: InstanceRow): void {
  db.prepare('INSERT INTO instances (id, host, pid, started_at, last_seen_at) VALUES (?, ?, ?, ?, ?)').run(
    row.id,
    row.host,
    row.pid,
    row.startedAt,
    row.lastSeenAt,
  );
}

/** The instance's heartbeat; false when its row is gone. */
export function touchInstance(db: Db, id: string, at: string): boolean {
  return db.prepare('UPDATE instances SET last_seen_at = ? WHERE id = ?').run(at, id).changes > 0;
}

export function deleteInstance(db: Db, id: string): void {
  db.prepare('DELETE FROM instances WHERE id = ?').run(id);
}

/** Rows of instances last seen before `before` (processes killed long ago). */
export function deleteInstancesSeenBefore(db: Db, before: string): number {
  return db.prepare('DELETE FROM instances WHERE last_seen_at < ?').run(before).changes;
}

export function instancesSeenSince(db: Db, since: string): InstanceRow[] {
  return db
    .prepare(
      `SELECT id, host, pid, started_at AS startedAt, last_seen_at AS lastSeenAt FROM instances
       WHERE last_seen_at >= ? ORDER BY started_at, id`,
    )
    .all(since) as InstanceRow[];
}

export function leaseRow(db: Db, name: string): LeaseRow | null {
  const row = db
    .prepare(
      `SELECT name, holder, token, expires_at AS expiresAt, acquired_at AS acquiredAt, renewed_at AS renewedAt
       FROM leases WHERE name = ?`,
    )
    .get(name) as LeaseRow | undefined;
  return row ?? null;
}

/**
 * Takes the lease for `holder` when it is free (never held, released or expired at `at`), or renews
 * it when `holder` has it already; a new holder gets the next token. One statement, so that two
 * instances asking together cannot both get it. Returns whether `holder` holds it now.
 */
export function takeLease(db: Db, input: { name: string; holder: string; at: string; expiresAt: string }): boolean {
  const result = db
    .prepare(
      `INSERT INTO leases (name, holder, token, expires_at, acquired_at, renewed_at)
       VALUES (@name, @holder, 1, @expiresAt, @at, @at)
       ON CONFLICT (name) DO UPDATE SET
         token = CASE WHEN leases.holder = excluded.holder THEN leases.token ELSE leases.token + 1 END,
         acquired_at = CASE WHEN leases.holder = excluded.holder THEN leases.acquired_at ELSE excluded.acquired_at END,
         holder = excluded.holder,
         expires_at = excluded.expires_at,
         renewed_at = excluded.renewed_at
       WHERE leases.holder = excluded.holder OR leases.holder IS NULL OR leases.expires_at <= excluded.renewed_at`,
    )
    .run(input);
  return result.changes > 0;
}

/** Gives the lease up at once (a clean stop), keeping its token; false when `holder` did not hold it. */
export function releaseLease(db: Db, input: { name: string; holder: string; at: string }): boolean {
  return (
    db
      .prepare(
        'UPDATE leases SET holder = NULL, expires_at = @at, renewed_at = @at WHERE name = @name AND holder = @holder',
      )
      .run(input).changes > 0
  );
}
