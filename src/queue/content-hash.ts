import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { canonicalJson } from '../audit/canonical-json.js';
import type { DraftContent } from '../store/types.js';

/**
 * The hash approval is bound to: every post's text in order (the order is the reply chain) and, for
 * each image, the sha256 of its bytes, its type, size and alt text. Warnings are not sent, so not hashed.
 */
export function contentHash(content: DraftContent): string {
  const sent = {
    network: content.network,
    posts: content.posts.map((post) => ({
      text: post.text,
      media: post.media.map((media) => ({
        sha256: media.sha256,
        mime: media.mime,
        width: media.width,
        height: media.height,
        alt: media.alt,
      })),
    })),
  };
  return createHash('sha256').update(canonicalJson(sent)).digest('hex');
}

export function fileSha256(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}

/**
 * The hash of what would be sent now, read from the media files themselves: a file changed on disk
 * since the draft was stored gives a different hash. A missing file gives `null`.
 */
export function contentHashFromFiles(
  content: DraftContent,
  mediaDir: string,
  sha256Of: (path: string) => string = fileSha256,
): string | null {
  const posts = [];
  for (const post of content.posts) {
    const media = [];
    for (const item of post.media) {
      let sha256: string;
      try {
        sha256 = sha256Of(join(mediaDir, item.file));
      } catch {
        return null;
      }
      media.push({ ...item, sha256 });
    }
    posts.push({ ...post, media });
  }
  return contentHash({ ...content, posts });
}
