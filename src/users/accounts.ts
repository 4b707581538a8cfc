import { appendEvent } from '../audit/log.js';
import { RefusedError } from '../errors.js';
import type { QueueContext } from '../queue/context.js';
import { getUser, insertUser, listUsers, USER_ROLES, type UserRecord, type UserRole } from '../store/users-repo.js';
import { checkPasswordStrength, hashPassword } from './passwords.js';

export { USER_ROLES, type UserRecord, type UserRole } from '../store/users-repo.js';

/** The account of this name, or null. */
export function findUser(context: QueueContext, name: string): UserRecord | null {
  return getUser(context.store.db, name);
}

/** Every account, by name. */
export function listAccounts(context: QueueContext): UserRecord[] {
  return listUsers(context.store.db);
}

export function isUserRole(value: string | undefined): value is UserRole {
  return value !== undefined && (USER_ROLES as readonly string[]).includes(value);
}

export interface NewAccount {
  name: string;
  role: UserRole;
  password: string;
  /** Who adds it, for the audit. */
  by: string;
}

/**
 * Adds a web page account: refuses a weak password or a name taken already; the account and its
 * audit event are written in one transaction.
 */
export async function addUser(context: QueueContext, account: NewAccount): Promise<void> {
  checkPasswordStrength(account.password);
  const passwordHash = await hashPassword(account.password);
  const { name, role } = account;
  context.store.transaction(() => {
    if (getUser(context.store.db, name) !== null) {
      throw new RefusedError(`the account "${name}" exists already`, `le compte « ${name} » existe déjà`);
    }
    const at = context.now();
    insertUser(context.store.db, { name, role, passwordHash, createdAt: at.toISOString() });
    appendEvent(
      context.store.db,
      { at, actor: account.by, action: 'user-added', subject: `user ${name}`, data: { name, role } },
      context.store.secrets,
    );
  });
}
