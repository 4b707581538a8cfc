import type { DraftRecord } from '../queue/types.js';
import type { PostPart } from './port.js';

/** Part `index` of a draft as the adapters take it, with its stable key. */
export function partOf(draft: DraftRecord, index: number): PostPart {
  const post = draft.content.posts[index];
  if (post === undefined) throw new Error(`part ${index} missing`);
  return {
    key: `${draft.date}:${draft.network}:${draft.contentHash.slice(0, 16)}:${index}`,
    index,
    total: draft.content.posts.length,
    text: post.text,
  };
}
