import type { CardSpec } from '../cards/types.js';
import type { NetworkId } from '../networks/index.js';

export const DRAFT_STATUSES = [
  'awaiting_review',
  /** Awaiting review, and part of the update did not fit: approval requires acknowledging what is left out. */
  'needs_decision',
  'approved',
  'publishing',
  'published',
  'partly_published',
  'failed',
  'missed',
  'rejected',
  'superseded',
] as const;
export type DraftStatus = (typeof DRAFT_STATUSES)[number];

/**
 * What a draft does: the daily update's thread; a correction under a published update (reply,
 * comment, the site's « Correctif » box); a retraction that deletes a published update's posts.
 */
export const DRAFT_KINDS = ['update', 'correction', 'retraction'] as const;
export type DraftKind = (typeof DRAFT_KINDS)[number];

/** A rendered card as kept in the store: the file is a content-addressed copy in the media directory. */
export interface StoredMedia {
  /** File name inside the store's media directory: `<sha256>.<ext>`. */
  file: string;
  sha256: string;
  mime: 'image/png' | 'image/jpeg';
  width: number;
  height: number;
  bytes: number;
  alt: string;
  spec: CardSpec;
}

export interface StoredPost {
  text: string;
  media: StoredMedia[];
}

/** One version of a draft: exactly what would be sent, in order (the order is the reply chain). */
export interface DraftContent {
  network: NetworkId;
  posts: StoredPost[];
  warnings: string[];
  /** Absent in drafts stored before formats existed: those hold the whole update. */
  format?: 'digest' | 'thread' | 'full';
  /** What of the update this draft does not hold; absent in older drafts (nothing was listed then). */
  omitted?: StoredOmission[];
}

/** As composed (`Omitted` in src/compose): what of the update a draft does not hold, and why. */
export interface StoredOmission {
  text: string;
  section: string;
  reason: 'on-site-only' | 'max-thread-posts' | 'network-limit' | 'figure-too-long';
}

export interface DraftRecord {
  id: number;
  updateId: number;
  date: string;
  network: NetworkId;
  status: DraftStatus;
  /** `update` for every draft stored before corrections existed. */
  kind: DraftKind;
  /** A correction's or retraction's update draft (the published thread it acts on); null for an update. */
  targetId: number | null;
  version: number;
  contentHash: string;
  /** Why it was rejected or superseded. */
  reason: string | null;
  /** Who wrote the current version (the importer for version 1, else the last editor). */
  author: string;
  createdAt: string;
  updatedAt: string;
  content: DraftContent;
}

/** A draft as listed: everything but its content, with the number of posts and images it holds. */
export interface DraftSummary extends Omit<DraftRecord, 'content'> {
  posts: number;
  media: number;
}

export interface ApprovalRecord {
  id: number;
  draftId: number;
  version: number;
  contentHash: string;
  approvedBy: string;
  approvedAt: string;
}

export interface UpdateRecord {
  id: number;
  date: string;
  sourcePath: string;
  sha256: string;
  importedBy: string;
  importedAt: string;
}

/** Drafts are numbered by the store; people type them as `d12`. */
export function formatDraftId(id: number): string {
  return `d${id}`;
}

/** Accepts `d12`, `D12` or `12`; null when it is not a draft id. */
export function parseDraftId(text: string): number | null {
  const match = /^[dD]?(\d{1,15})$/.exec(text.trim());
  if (match === null) return null;
  const id = Number(match[1]);
  return Number.isSafeInteger(id) && id > 0 ? id : null;
}
