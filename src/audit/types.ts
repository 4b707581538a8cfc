export const AUDIT_ACTIONS = [
  'import',
  'edit',
  'approve',
  'reject',
  'supersede',
  'status',
  'schedule',
  'publish-attempt',
  'media-uploaded',
  'published',
  'failure',
  'outcome-unknown',
  'missed',
  'config-loaded',
  'user-added',
  'account-connected',
  'account-disconnected',
  'account-renewed',
  'secret-key-rotated',
  'correct',
  'retract',
  'delete-attempt',
  'deleted',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/** What a caller records. */
export interface AuditEventInput {
  at: Date;
  /** A person's name, or `crieur` for the system. */
  actor: string;
  action: AuditAction;
  /** What it is about: `d12`, `update 3`, a config path… */
  subject: string;
  data?: Record<string, unknown>;
}

/** An event as stored: chained to the previous one by `prevHash`. */
export interface AuditEvent {
  id: number;
  /** 1, 2, 3… with no gap; part of the hashed content, so a moved row is detected. */
  seq: number;
  at: string;
  actor: string;
  action: string;
  subject: string;
  data: Record<string, unknown>;
  prevHash: string;
  hash: string;
}

export type ChainVerdict =
  | { ok: true; count: number }
  | { ok: false; count: number; firstBadId: number; reason: string; reasonFr: string };

/** Actor name for what crieur does by itself (scheduler, publisher). */
export const SYSTEM_ACTOR = 'crieur';
