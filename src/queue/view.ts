import { join } from 'node:path';
import type { DraftRecord } from '../store/types.js';
import { formatDraftId } from '../store/types.js';

/** The JSON shape of a draft for `draft --json` and `queue --json`; later checks rely on it, keep it exact. */
export interface DraftView {
  id: string;
  date: string;
  network: string;
  status: string;
  version: number;
  contentHash: string;
  posts: {
    text: string;
    media: { path: string; alt: string; mime: string; width: number; height: number; bytes: number }[];
  }[];
}

export function draftView(draft: DraftRecord, mediaDir: string): DraftView {
  return {
    id: formatDraftId(draft.id),
    date: draft.date,
    network: draft.network,
    status: draft.status,
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
  };
}
