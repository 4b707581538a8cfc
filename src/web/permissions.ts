import type { UserRole } from '../users/accounts.js';

export type Capability = 'view' | 'edit' | 'approve' | 'reject' | 'import' | 'rehearse' | 'operate' | 'connect';

/**
 * What each role may do. Rédaction writes and corrects; approbation also approves and rejects;
 * admin does everything, including the operators' actions (a late publication, a retry). The four-eyes rule applies on top: nobody approves a version they wrote.
 */
const CAPABILITIES: Record<UserRole, readonly Capability[]> = {
  redaction: ['view', 'edit', 'import', 'rehearse'],
  approbation: ['view', 'edit', 'approve', 'reject', 'import', 'rehearse'],
  admin: ['view', 'edit', 'approve', 'reject', 'import', 'rehearse', 'operate', 'connect'],
};

export const ROLE_LABELS: Record<UserRole, string> = {
  redaction: 'Rédaction',
  approbation: 'Approbation',
  admin: 'Administration',
};

export function can(role: UserRole, capability: Capability): boolean {
  return CAPABILITIES[role].includes(capability);
}
