import type { NetworkId } from '../networks/index.js';
import type { DraftStatus } from '../store/types.js';

/** A thread part that reached the network; `url` when the network gives one. */
export interface PostedPart {
  /** 0-based position in the thread. */
  index: number;
  url?: string;
}

/** A thread part that did not reach the network, and why (French, for the team). */
export interface NotPostedPart {
  index: number;
  reason: string;
}

/** Drafts still awaiting approval shortly before the publish time. */
export interface UnapprovedReminder {
  kind: 'unapproved-reminder';
  date: string;
  publishAt: Date;
  drafts: Array<{ network: NetworkId; status: DraftStatus | string }>;
}

/** A publication that stopped: one part failed, the thread is partly out, or nothing went out. */
export interface PublishFailure {
  kind: 'part-failed' | 'partly-published' | 'failed';
  date: string;
  network: NetworkId;
  posted: PostedPart[];
  notPosted: NotPostedPart[];
  /** The failure class (`auth`, `rate-limit`, `content-rejected`, …), see adapters/errors.ts. */
  errorClass: string;
  /** What went wrong, in French. */
  messageFr: string;
  /** What to do, in French; a default is derived from `errorClass` when absent. */
  action?: string;
  /** Set when the publication was a correction or a retraction (absent: the daily update). */
  draftKind?: 'correction' | 'retraction';
}

/** A draft not published before the end of its lateness window: stale figures are never posted. */
export interface MissedNotification {
  kind: 'missed';
  date: string;
  network: NetworkId;
  publishAt: Date;
  deadline: Date;
  status: DraftStatus | string;
}

export interface PublishedNotification {
  kind: 'published';
  date: string;
  network: NetworkId;
  posted: PostedPart[];
  /** Set when the publication was a correction or a retraction (absent: the daily update). */
  draftKind?: 'correction' | 'retraction';
}

/** What was about to be sent differs from what was approved: nothing was sent. */
export interface HashMismatchNotification {
  kind: 'hash-mismatch';
  date: string;
  network: NetworkId;
}

/** A network token ends soon (or has ended): after that nothing is published on that network. */
export interface TokenExpiringNotification {
  kind: 'token-expiring';
  /** The day of the check, YYYY-MM-DD in the team's zone. */
  date: string;
  network: NetworkId;
  /** The variables to renew: the token's, then the one holding its expiry. */
  tokenVariable: string;
  expiryVariable: string;
  expiresAt: Date;
  /** The expiry was written as a day: say the day, not a time. */
  dateOnly?: boolean;
  /** Whole days from the check to the expiry; negative once expired. */
  daysLeft: number;
  expired: boolean;
  /** The account was connected in the page: an administrator reconnects it there (this address). */
  accountsPage?: string;
}

export type Notification =
  | UnapprovedReminder
  | PublishFailure
  | MissedNotification
  | PublishedNotification
  | HashMismatchNotification
  | TokenExpiringNotification;

export type NotificationKind = Notification['kind'];

export interface Notifier {
  /** Delivers the notification; never throws, never waits longer than the timeout; false when not delivered. */
  send(notification: Notification): Promise<boolean>;
}

export interface NotifyLog {
  warn(obj: object, msg: string): void;
  info(obj: object, msg: string): void;
}
