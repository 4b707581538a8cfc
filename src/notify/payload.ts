import { type FormatOptions, formatNotification } from './format.js';
import type { Notification } from './types.js';

/**
 * The webhook body. Slack and Teams incoming webhooks display `text` (Teams also `title`); generic
 * receivers get the structured fields.
 */
export interface NotificationPayload {
  text: string;
  title: string;
  kind: Notification['kind'];
  date: string;
  network?: string;
  posted?: Array<{ index: number; url?: string }>;
  notPosted?: Array<{ index: number; reason: string }>;
  action?: string;
  errorClass?: string;
  publishAt?: string;
  deadline?: string;
  status?: string;
  drafts?: Array<{ network: string; status: string }>;
  /** token-expiring: when the token ends. */
  expiresAt?: string;
}

export function notificationPayload(notification: Notification, options: FormatOptions = {}): NotificationPayload {
  const { title, text, action } = formatNotification(notification, options);
  const payload: NotificationPayload = { text, title, kind: notification.kind, date: notification.date };
  switch (notification.kind) {
    case 'unapproved-reminder':
      payload.publishAt = notification.publishAt.toISOString();
      payload.drafts = notification.drafts.map((draft) => ({ network: draft.network, status: draft.status }));
      break;
    case 'part-failed':
    case 'partly-published':
    case 'failed':
      payload.network = notification.network;
      payload.posted = notification.posted.map(copyPosted);
      payload.notPosted = notification.notPosted.map((part) => ({ index: part.index, reason: part.reason }));
      payload.errorClass = notification.errorClass;
      break;
    case 'missed':
      payload.network = notification.network;
      payload.publishAt = notification.publishAt.toISOString();
      payload.deadline = notification.deadline.toISOString();
      payload.status = notification.status;
      break;
    case 'published':
      payload.network = notification.network;
      payload.posted = notification.posted.map(copyPosted);
      break;
    case 'hash-mismatch':
      payload.network = notification.network;
      break;
    case 'token-expiring':
      payload.network = notification.network;
      payload.expiresAt = notification.expiresAt.toISOString();
      payload.status = notification.expired ? 'expired' : 'expiring';
      break;
  }
  if (action !== undefined) payload.action = action;
  return payload;
}

function copyPosted(part: { index: number; url?: string }): { index: number; url?: string } {
  return part.url === undefined ? { index: part.index } : { index: part.index, url: part.url };
}
