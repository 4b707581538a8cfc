import type { Db } from './db.js';

/** Schema changes, applied in order; never edit one that has shipped, add a new one. */
export const MIGRATIONS: readonly { version: number; name: string; sql: string }[] = [
  {
    version: 1,
    name: 'initial schema',
    sql: `
      CREATE TABLE updates (
        id INTEGER PRIMARY KEY,
        date TEXT NOT NULL,
        source_path TEXT NOT NULL,
        sha256 TEXT NOT NULL,
        parsed TEXT NOT NULL,
        imported_by TEXT NOT NULL,
        imported_at TEXT NOT NULL
      );
      CREATE INDEX updates_by_date ON updates (date);

      CREATE TABLE drafts (
        id INTEGER PRIMARY KEY,
        update_id INTEGER NOT NULL REFERENCES updates (id),
        date TEXT NOT NULL,
        network TEXT NOT NULL CHECK (network IN ('x', 'bluesky', 'linkedin', 'facebook')),
        status TEXT NOT NULL CHECK (status IN ('awaiting_review', 'approved', 'publishing', 'published',
          'partly_published', 'failed', 'missed', 'rejected', 'superseded')),
        version INTEGER NOT NULL CHECK (version >= 1),
        content_hash TEXT NOT NULL,
        reason TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
      CREATE INDEX drafts_by_date ON drafts (date, network);

      CREATE TABLE draft_versions (
        draft_id INTEGER NOT NULL REFERENCES drafts (id),
        version INTEGER NOT NULL,
        content TEXT NOT NULL,
        content_hash TEXT NOT NULL,
        author TEXT NOT NULL,
        created_at TEXT NOT NULL,
        PRIMARY KEY (draft_id, version)
      );

      CREATE TABLE approvals (
        id INTEGER PRIMARY KEY,
        draft_id INTEGER NOT NULL REFERENCES drafts (id),
        version INTEGER NOT NULL,
        content_hash TEXT NOT NULL,
        approved_by TEXT NOT NULL,
        approved_at TEXT NOT NULL,
        FOREIGN KEY (draft_id, version) REFERENCES draft_versions (draft_id, version)
      );

      CREATE TABLE ledger_parts (
        draft_id INTEGER NOT NULL REFERENCES drafts (id),
        part_index INTEGER NOT NULL CHECK (part_index >= 0),
        state TEXT NOT NULL CHECK (state IN ('pending', 'sending', 'posted', 'failed', 'unknown')),
        attempt INTEGER NOT NULL DEFAULT 0,
        remote_id TEXT,
        remote_cid TEXT,
        remote_url TEXT,
        error_class TEXT,
        error_message TEXT,
        sending_at TEXT,
        updated_at TEXT NOT NULL,
        PRIMARY KEY (draft_id, part_index)
      );

      CREATE TABLE ledger_media (
        draft_id INTEGER NOT NULL REFERENCES drafts (id),
        part_index INTEGER NOT NULL,
        media_index INTEGER NOT NULL,
        network TEXT NOT NULL,
        media_sha256 TEXT NOT NULL,
        ref TEXT NOT NULL,
        uploaded_at TEXT NOT NULL,
        PRIMARY KEY (draft_id, part_index, media_index)
      );

      CREATE TABLE audit_events (
        id INTEGER PRIMARY KEY,
        seq INTEGER NOT NULL UNIQUE,
        at TEXT NOT NULL,
        actor TEXT NOT NULL,
        action TEXT NOT NULL,
        subject TEXT NOT NULL,
        data TEXT NOT NULL,
        prev_hash TEXT NOT NULL,
        hash TEXT NOT NULL
      );
      -- Append-only: the application never updates or deletes an event.
      CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events
        BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END;
      CREATE TRIGGER audit_events_no_delete BEFORE DELETE ON audit_events
        BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END;
      -- Last sequence number and hash, so a removed tail is detected too.
      CREATE TABLE audit_head (
        one INTEGER PRIMARY KEY CHECK (one = 1),
        seq INTEGER NOT NULL,
        hash TEXT NOT NULL
      );

      CREATE TABLE users (
        name TEXT PRIMARY KEY,
        role TEXT NOT NULL CHECK (role IN ('redaction', 'approbation', 'admin')),
        password_hash TEXT,
        created_at TEXT NOT NULL
      );
    `,
  },
  {
    version: 2,
    name: 'website channel: drafts.network accepts site',
    // SQLite cannot alter a CHECK constraint: the table is rebuilt (foreign keys are off while migrating).
    sql: `
      CREATE TABLE drafts_new (
        id INTEGER PRIMARY KEY,
        update_id INTEGER NOT NULL REFERENCES updates (id),
        date TEXT NOT NULL,
        network TEXT NOT NULL CHECK (network IN ('x', 'bluesky', 'linkedin', 'facebook', 'site')),
        status TEXT NOT NULL CHECK (status IN ('awaiting_review', 'approved', 'publishing', 'published',
          'partly_published', 'failed', 'missed', 'rejected', 'superseded')),
        version INTEGER NOT NULL CHECK (version >= 1),
        content_hash TEXT NOT NULL,
        reason TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
      INSERT INTO drafts_new SELECT id, update_id, date, network, status, version, content_hash, reason,
        created_at, updated_at FROM drafts;
      DROP TABLE drafts;
      ALTER TABLE drafts_new RENAME TO drafts;
      CREATE INDEX drafts_by_date ON drafts (date, network);
    `,
  },
  {
    version: 3,
    name: 'web page sessions survive a restart',
    sql: `
      CREATE TABLE web_sessions (
        id TEXT PRIMARY KEY,
        data TEXT NOT NULL,
        expires_at INTEGER NOT NULL
      );
      CREATE INDEX web_sessions_by_expiry ON web_sessions (expires_at);
      -- The key that signs session cookies: the same across restarts, so signed-in people stay so.
      CREATE TABLE web_secret (
        one INTEGER PRIMARY KEY CHECK (one = 1),
        secret TEXT NOT NULL
      );
    `,
  },
  {
    version: 4,
    name: 'drafts.status accepts needs_decision (a thread or post that leaves content out)',
    sql: `
      CREATE TABLE drafts_new (
        id INTEGER PRIMARY KEY,
        update_id INTEGER NOT NULL REFERENCES updates (id),
        date TEXT NOT NULL,
        network TEXT NOT NULL CHECK (network IN ('x', 'bluesky', 'linkedin', 'facebook', 'site')),
        status TEXT NOT NULL CHECK (status IN ('awaiting_review', 'needs_decision', 'approved', 'publishing',
          'published', 'partly_published', 'failed', 'missed', 'rejected', 'superseded')),
        version INTEGER NOT NULL CHECK (version >= 1),
        content_hash TEXT NOT NULL,
        reason TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
      INSERT INTO drafts_new SELECT id, update_id, date, network, status, version, content_hash, reason,
        created_at, updated_at FROM drafts;
      DROP TABLE drafts;
      ALTER TABLE drafts_new RENAME TO drafts;
      CREATE INDEX drafts_by_date ON drafts (date, network);
    `,
  },
  {
    version: 5,
    name: 'indexes for the paged history and journal',
    sql: `
      CREATE INDEX audit_events_by_action ON audit_events (action, id);
      CREATE INDEX audit_events_by_subject ON audit_events (subject, id);
      CREATE INDEX drafts_by_status_date ON drafts (status, date, id);
    `,
  },
  {
    version: 6,
    name: 'draft kinds (update, correction, retraction) and the ledger of deletions',
    sql: `
      ALTER TABLE drafts ADD COLUMN kind TEXT NOT NULL DEFAULT 'update'
        CHECK (kind IN ('update', 'correction', 'retraction'));
      ALTER TABLE drafts ADD COLUMN target_draft_id INTEGER REFERENCES drafts (id);
      CREATE INDEX drafts_by_target ON drafts (target_draft_id);

      CREATE TABLE ledger_deletions (
        draft_id INTEGER NOT NULL REFERENCES drafts (id),
        seq INTEGER NOT NULL CHECK (seq >= 0),
        target_draft_id INTEGER NOT NULL REFERENCES drafts (id),
        target_part INTEGER NOT NULL CHECK (target_part >= 0),
        remote_id TEXT NOT NULL,
        remote_cid TEXT,
        remote_url TEXT,
        state TEXT NOT NULL CHECK (state IN ('pending', 'deleting', 'deleted', 'failed', 'unknown')),
        attempt INTEGER NOT NULL DEFAULT 0,
        error_class TEXT,
        error_message TEXT,
        updated_at TEXT NOT NULL,
        PRIMARY KEY (draft_id, seq),
        UNIQUE (draft_id, target_draft_id, target_part)
      );
    `,
  },
  {
    version: 7,
    name: 'network accounts connected in the page, tokens encrypted',
    sql: `
      CREATE TABLE network_accounts (
        network TEXT PRIMARY KEY,
        account_id TEXT NOT NULL,
        handle TEXT NOT NULL,
        name TEXT NOT NULL,
        sealed TEXT NOT NULL,
        generation INTEGER NOT NULL DEFAULT 1,
        expires_at TEXT,
        renewable INTEGER NOT NULL DEFAULT 0,
        last_used_at TEXT,
        connected_by TEXT NOT NULL,
        connected_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
      CREATE TABLE secret_key_check (
        one INTEGER PRIMARY KEY CHECK (one = 1),
        sealed TEXT NOT NULL,
        created_at TEXT NOT NULL
      );
      CREATE TABLE oauth_states (
        state TEXT PRIMARY KEY,
        network TEXT NOT NULL,
        sealed TEXT NOT NULL,
        started_by TEXT NOT NULL,
        created_at TEXT NOT NULL
      );
    `,
  },
  {
    version: 8,
    name: 'crieur run instances and the publishing lease (one leader, fencing token)',
    sql: `
      CREATE TABLE instances (
        id TEXT PRIMARY KEY,
        host TEXT NOT NULL,
        pid INTEGER NOT NULL,
        started_at TEXT NOT NULL,
        last_seen_at TEXT NOT NULL
      );
      CREATE INDEX instances_by_last_seen ON instances (last_seen_at);

      CREATE TABLE leases (
        name TEXT PRIMARY KEY,
        holder TEXT,
        token INTEGER NOT NULL CHECK (token >= 0),
        expires_at TEXT NOT NULL,
        acquired_at TEXT,
        renewed_at TEXT
      );
    `,
  },
];

/** Applies the migrations not yet applied, each in its own transaction with its bookkeeping row. */
export function migrate(db: Db, now: () => Date): number {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    applied_at TEXT NOT NULL
  )`);
  // A table rebuild drops a referenced table: foreign keys are checked once each migration is done instead.
  const foreignKeys = db.pragma('foreign_keys', { simple: true }) === 1;
  db.pragma('foreign_keys = OFF');
  try {
    return applyPending(db, now);
  } finally {
    if (foreignKeys) db.pragma('foreign_keys = ON');
  }
}

function applyPending(db: Db, now: () => Date): number {
  let count = 0;
  for (const migration of MIGRATIONS) {
    // Checked inside the write transaction: two processes starting together apply each migration once.
    const appliedNow = db
      .transaction(() => {
        const done = db.prepare('SELECT 1 FROM schema_migrations WHERE version = ?').get(migration.version);
        if (done !== undefined) return false;
        db.exec(migration.sql);
        const broken = db.pragma('foreign_key_check') as unknown[];
        if (broken.length > 0) throw new Error(`migration ${migration.version} broke ${broken.length} foreign keys`);
        db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(
          migration.version,
          migration.name,
          now().toISOString(),
        );
        return true;
      })
      .immediate();
    if (appliedNow) count += 1;
  }
  return count;
}

export function schemaVersion(db: Db): number {
  const row = db.prepare('SELECT MAX(version) AS version FROM schema_migrations').get() as { version: number | null };
  return row.version ?? 0;
}
