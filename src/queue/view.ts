import { join } from 'node:path';
import type { DraftFormat } from '../compose/formats.js';
import type { Omitted } from '../compose/omitted.js';
import type { DraftRecord } from '../store/types.js';
import { formatDraftId } from '../store/types.js';

/** The JSON shape of a draft for `draft --json` and `queue --json`; later checks rely on it, keep it exact. */
export interface DraftView {
  id: string;
  date: string;
  network: string;
  status: string;
  /** `update`, `correction` or `retraction`. */
  kind: string;
  /** The update draft a correction or retraction acts on (`d12`); absent for an update. */
  target?: string;
  version: number;
  contentHash: string;
  posts: {
    text: string;
    media: { path: string; alt: string; mime: string; width: number; height: number; bytes: number }[];
  }[];
  /** `digest`, `thread` (X, Bluesky) or `full` (LinkedIn, Facebook, the website). */
  format: DraftFormat;
  /** What of the update this draft does not hold, and why (`on-site-only` in a digest is expected). */
  omitted: Omitted[];
}

/** The format of a stored draft; drafts stored before formats existed hold the whole update. */
export function draftFormat(draft: DraftRecord): DraftFormat {
  if (draft.content.format) return draft.content.format;
  return draft.network === 'x' || draft.network === 'bluesky' ? 'thread' : 'full';
}

export function draftView(draft: DraftRecord, mediaDir: string): DraftView {
  return {
    id: formatDraftId(draft.id),
    date: draft.date,
    network: draft.network,
    status: draft.status,
    kind: draft.kind,
    ...(draft.targetId === null ? {} : { target: formatDraftId(draft.targetId) }),
    version: draft.version,
    contentHash: draft.contentHash,
    posts: draft.content.posts.map((post) => ({
      text: post.text,
      media: post.media.map((media) => ({
        path: join(mediaDir, media.file),
        alt: media.alt,
        mime: media.mime,
        width: media.width,
        height: media.height,
        bytes: media.bytes,
      })),
    })),
    format: draftFormat(draft),
    omitted: draft.content.omitted ?? [],
  };
}
