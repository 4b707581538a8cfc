import type { Db } from './db.js';

export const USER_ROLES = ['redaction', 'approbation', 'admin'] as const;
export type UserRole = (typeof USER_ROLES)[number];

export interface UserRecord {
  name: string;
  role: UserRole;
  passwordHash: string | null;
  createdAt: string;
}

export function insertUser(db: Db, user: UserRecord): void {
  db.prepare('INSERT INTO users (name, role, password_hash, created_at) VALUES (?, ?, ?, ?)').run(
    user.name,
    user.role,
    user.passwordHash,
    user.createdAt,
  );
}

export function getUser(db: Db, name: string): UserRecord | null {
  const row = db
    .prepare('SELECT name, role, password_hash AS passwordHash, created_at AS createdAt FROM users WHERE name = ?')
    .get(name) as UserRecord | undefined;
  return row ?? null;
}

export function listUsers(db: Db): UserRecord[] {
  return db
    .prepare('SELECT name, role, password_hash AS passwordHash, created_at AS createdAt FROM users ORDER BY name')
    .all() as UserRecord[];
}

export function setUserPassword(db: Db, name: string, passwordHash: string): boolean {
  return db.prepare('UPDATE users SET password_hash = ? WHERE name = ?').run(passwordHash, name).changes === 1;
}
