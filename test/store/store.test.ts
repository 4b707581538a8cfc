import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/db.js';
import { MIGRATIONS, migrate, schemaVersion } from '../../src/store/migrations.js';
import { formatDraftId, parseDraftId } from '../../src/store/types.js';
import { getUser, insertUser, listUsers, setUserPassword } from '../../src/store/users-repo.js';
import { tempDir } from '../queue/fixtures.js';

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

function freshStore() {
  const dir = tempDir('crieur-store-');
  const path = join(dir.path, 'data', 'crieur.sqlite');
  const store = openStore(path);
  cleanups.push(() => {
    store.close();
    dir.remove();
  });
  return { store, path, dir: dir.path };
}

describe('openStore', () => {
  it('creates the file, the media directory and the schema, with durable settings', () => {
    const { store, path } = freshStore();
    expect(existsSync(path)).toBe(true);
    expect(existsSync(store.mediaDir)).toBe(true);
    expect(store.db.prepare('PRAGMA journal_mode').pluck().get()).toBe('wal');
    expect(store.db.prepare('PRAGMA synchronous').pluck().get()).toBe(2);
    expect(store.db.prepare('PRAGMA foreign_keys').pluck().get()).toBe(1);
    const tables = (store.db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[])
      .map((row) => row.name)
      .sort();
    expect(tables).toEqual(
      expect.arrayContaining([
        'approvals',
        'audit_events',
        'audit_head',
        'draft_versions',
        'drafts',
        'ledger_media',
        'ledger_parts',
        'schema_migrations',
        'updates',
        'users',
      ]),
    );
    expect(schemaVersion(store.db)).toBe(MIGRATIONS.at(-1)?.version);
  });

  it('applies each migration once, also when reopened', () => {
    const { store, path } = freshStore();
    expect(migrate(store.db, () => new Date())).toBe(0);
    store.close();
    const again = openStore(path);
    cleanups.unshift(() => again.close());
    const rows = again.db.prepare('SELECT version FROM schema_migrations').all();
    expect(rows).toHaveLength(MIGRATIONS.length);
  });

  it('enforces foreign keys', () => {
    const { store } = freshStore();
    expect(() =>
      store.db
        .prepare(
          "INSERT INTO drafts (update_id, date, network, status, version, content_hash, created_at, updated_at) VALUES (999, '2026-05-14', 'x', 'awaiting_review', 1, 'h', 't', 't')",
        )
        .run(),
    ).toThrow(/FOREIGN KEY/);
  });

  it('rolls a transaction back entirely when it throws', () => {
    const { store } = freshStore();
    expect(() =>
      store.transaction(() => {
        insertUser(store.db, { name: 'ana', role: 'redaction', passwordHash: null, createdAt: 't' });
        throw new Error('boom');
      }),
    ).toThrow('boom');
    expect(listUsers(store.db)).toEqual([]);
  });
});

describe('users', () => {
  it('stores users with a role and a password hash', () => {
    const { store } = freshStore();
    insertUser(store.db, {
      name: 'ana',
      role: 'approbation',
      passwordHash: null,
      createdAt: '2026-05-14T12:00:00.000Z',
    });
    expect(setUserPassword(store.db, 'ana', 'scrypt$hash')).toBe(true);
    expect(setUserPassword(store.db, 'nobody', 'x')).toBe(false);
    expect(getUser(store.db, 'ana')).toEqual({
      name: 'ana',
      role: 'approbation',
      passwordHash: 'scrypt$hash',
      createdAt: '2026-05-14T12:00:00.000Z',
    });
    expect(() =>
      insertUser(store.db, { name: 'bob', role: 'root' as 'admin', passwordHash: null, createdAt: 't' }),
    ).toThrow(/CHECK/);
  });
});

describe('draft ids', () => {
  it('reads what people type and writes d<N>', () => {
    expect(formatDraftId(12)).toBe('d12');
    expect(parseDraftId('d12')).toBe(12);
    expect(parseDraftId('D12')).toBe(12);
    expect(parseDraftId(' 7 ')).toBe(7);
    expect(parseDraftId('d0')).toBeNull();
    expect(parseDraftId('x12')).toBeNull();
    expect(parseDraftId('')).toBeNull();
  });
});
