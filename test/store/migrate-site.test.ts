import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/db.js';
import { MIGRATIONS } from '../../src/store/migrations.js';

let dir: string | undefined;
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

describe('migration to the website channel', () => {
  it('keeps existing drafts and their versions, accepts site drafts, and still enforces foreign keys', () => {
    dir = mkdtempSync(join(tmpdir(), 'crieur-migrate-'));
    const path = join(dir, 'crieur.sqlite');
    const old = new Database(path);
    old.exec(
      'CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)',
    );
    old.exec(MIGRATIONS[0]!.sql);
    old.prepare("INSERT INTO schema_migrations VALUES (1, 'initial schema', '2026-05-01T00:00:00Z')").run();
    old.exec(`
      INSERT INTO updates VALUES (1, '2026-05-14', 'u.md', 'aa', '{}', 'redaction', '2026-05-13T12:00:00Z');
      INSERT INTO drafts VALUES (1, 1, '2026-05-14', 'x', 'approved', 1, 'h1', NULL, '2026-05-13T12:00:00Z', '2026-05-13T12:00:00Z');
      INSERT INTO draft_versions VALUES (1, 1, '{}', 'h1', 'redaction', '2026-05-13T12:00:00Z');
    `);
    expect(() =>
      old.prepare("INSERT INTO drafts VALUES (2, 1, '2026-05-14', 'site', 'approved', 1, 'h2', NULL, 'a', 'a')").run(),
    ).toThrow(/CHECK/);
    old.close();

    const store = openStore(path);
    const { db } = store;
    expect(db.prepare('SELECT id, network, status FROM drafts').all()).toEqual([
      { id: 1, network: 'x', status: 'approved' },
    ]);
    db.prepare(
      "INSERT INTO drafts (id, update_id, date, network, status, version, content_hash, reason, created_at, updated_at) VALUES (2, 1, '2026-05-14', 'site', 'approved', 1, 'h2', NULL, 'a', 'a')",
    ).run();
    expect(() =>
      db
        .prepare(
          "INSERT INTO drafts (id, update_id, date, network, status, version, content_hash, reason, created_at, updated_at) VALUES (3, 1, '2026-05-14', 'mastodon', 'approved', 1, 'h', NULL, 'a', 'a')",
        )
        .run(),
    ).toThrow(/CHECK/);
    expect(() => db.prepare("INSERT INTO draft_versions VALUES (99, 1, '{}', 'h', 'x', 'a')").run()).toThrow(
      /FOREIGN KEY/,
    );
    expect(db.prepare('PRAGMA foreign_key_check').all()).toEqual([]);
    store.close();
  });
});
