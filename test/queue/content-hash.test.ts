import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { contentHash, contentHashFromFiles } from '../../src/queue/content-hash.js';
import { getDraft } from '../../src/store/drafts-repo.js';
import type { DraftContent } from '../../src/store/types.js';
import { type Fixture, makeFixture } from './fixtures.js';
import { draftIn } from './states.js';

let fx: Fixture;
let content: DraftContent;
beforeEach(async () => {
  fx = await makeFixture();
  content = getDraft(fx.context.store.db, draftIn(fx, 'awaiting_review'))!.content;
});
afterEach(() => fx.close());

function withFirstMedia(change: (media: DraftContent['posts'][number]['media'][number]) => object): DraftContent {
  const [first, ...rest] = content.posts;
  const [media, ...others] = first!.media;
  return { ...content, posts: [{ ...first!, media: [{ ...media!, ...change(media!) }, ...others] }, ...rest] };
}

describe('content hash', () => {
  it('is stable and equal to the hash recomputed from the stored files', () => {
    expect(contentHash(content)).toMatch(/^[0-9a-f]{64}$/);
    expect(contentHash(structuredClone(content))).toBe(contentHash(content));
    expect(contentHashFromFiles(content, fx.context.store.mediaDir)).toBe(contentHash(content));
  });

  it('covers what is sent: text, order (reply structure), network, image bytes, type, size and alt text', () => {
    const base = contentHash(content);
    const variants: DraftContent[] = [
      { ...content, posts: content.posts.map((post, i) => (i === 1 ? { ...post, text: `${post.text} ` } : post)) },
      { ...content, posts: [...content.posts].reverse() },
      { ...content, posts: content.posts.slice(0, 1) },
      { ...content, network: 'bluesky' },
      withFirstMedia(() => ({ sha256: 'f'.repeat(64) })),
      withFirstMedia(() => ({ mime: 'image/jpeg' })),
      withFirstMedia((media) => ({ width: media.width + 1 })),
      withFirstMedia((media) => ({ alt: `${media.alt}.` })),
    ];
    const hashes = variants.map(contentHash);
    for (const hash of hashes) expect(hash).not.toBe(base);
    expect(new Set(hashes).size).toBe(hashes.length);
  });

  it('ignores what is not sent: warnings and the file name', () => {
    expect(contentHash({ ...content, warnings: ['autre chose'] })).toBe(contentHash(content));
    expect(contentHash(withFirstMedia(() => ({ file: 'renamed.png' })))).toBe(contentHash(content));
  });

  it('recomputed from files changes when an image file is altered, and is null when one is missing', () => {
    const media = content.posts[0]!.media[0]!;
    writeFileSync(join(fx.context.store.mediaDir, media.file), Buffer.from('tampered'));
    expect(contentHashFromFiles(content, fx.context.store.mediaDir)).not.toBe(contentHash(content));
    expect(
      contentHashFromFiles(
        withFirstMedia(() => ({ file: 'absent.png' })),
        fx.context.store.mediaDir,
      ),
    ).toBeNull();
  });
});
