import type { AtpAgent } from '@atproto/api';
import type { NetworkId } from '../../src/networks/index.js';
import { ledgerParts } from '../../src/publish/ledger.js';
import type { QueueContext } from '../../src/queue/context.js';
import type { DraftRecord } from '../../src/store/types.js';
import type { FakeNetworks } from './world.js';

export type SocialNetwork = 'x' | 'bluesky' | 'linkedin' | 'facebook';

/** One post as a network holds it, reduced to what exactly-once and threading are about. */
export interface HeldPost {
  id: string;
  text: string;
  /** The post it replies to (X, Bluesky parent), if any. */
  parent?: string;
  /** Bluesky thread root, if any. */
  root?: string;
  media: number;
}

interface BlueskyPostRecord {
  text: string;
  createdAt: string;
  reply?: { root: { uri: string; cid: string }; parent: { uri: string; cid: string } };
  embed?: { images?: unknown[] };
}

/** What each network holds now, in creation order. */
export async function heldPosts(
  networks: FakeNetworks,
  reader: AtpAgent,
  blueskyDid: string,
): Promise<Record<SocialNetwork, HeldPost[]>> {
  const x = networks.x.posts.map((post) => ({
    id: post.id,
    text: post.text,
    media: post.mediaIds.length,
    ...(post.inReplyToId ? { parent: post.inReplyToId } : {}),
  }));
  const linkedin = networks.linkedin.posts.map((post) => ({
    id: post.id,
    text: post.sentCommentary,
    media: post.media ? 1 : 0,
  }));
  const facebook = networks.facebook.posts.map((post) => ({
    id: post.id,
    text: post.message,
    media: post.kind === 'photo' ? 1 : 0,
  }));
  const { data } = await reader.com.atproto.repo.listRecords({
    repo: blueskyDid,
    collection: 'app.bsky.feed.post',
    limit: 100,
  });
  const bluesky = data.records
    .map((record) => ({ uri: record.uri, value: record.value as unknown as BlueskyPostRecord }))
    .sort((a, b) => a.value.createdAt.localeCompare(b.value.createdAt))
    .map(({ uri, value }) => ({
      id: uri,
      text: value.text,
      media: value.embed?.images?.length ?? 0,
      ...(value.reply ? { parent: value.reply.parent.uri, root: value.reply.root.uri } : {}),
    }));
  return { x, bluesky, linkedin, facebook };
}

/**
 * Every way a network's posts can be wrong against a draft, as readable lines (empty when right):
 * a part missing or held twice, out of order, not replying to the previous part, or not the id the
 * ledger recorded. With `prefix`, only the first `prefix` parts must be there (a partly published draft).
 */
export function threadProblems(
  queue: QueueContext,
  draft: DraftRecord,
  held: HeldPost[],
  options: { prefix?: number } = {},
): string[] {
  const problems: string[] = [];
  const texts = draft.content.posts.map((post) => post.text);
  const expected = options.prefix === undefined ? texts : texts.slice(0, options.prefix);
  const heldTexts = held.map((post) => normalise(draft.network, post.text));
  const wanted = expected.map((text) => normalise(draft.network, text));
  if (JSON.stringify(heldTexts) !== JSON.stringify(wanted)) {
    problems.push(`${draft.network}: holds ${JSON.stringify(heldTexts)}, expected ${JSON.stringify(wanted)}`);
    return problems;
  }
  const ledger = ledgerParts(queue.store, draft.id);
  held.forEach((post, index) => {
    const previous = held[index - 1];
    if (index === 0 && (post.parent !== undefined || post.root !== undefined)) {
      problems.push(`${draft.network}: part 1 replies to ${post.parent}`);
    }
    if (index > 0 && post.parent !== previous?.id) {
      problems.push(`${draft.network}: part ${index + 1} replies to ${post.parent}, not to part ${index}`);
    }
    if (index > 0 && draft.network === 'bluesky' && post.root !== held[0]?.id) {
      problems.push(`${draft.network}: part ${index + 1} has root ${post.root}, not part 1`);
    }
    const media = draft.content.posts[index]?.media.length ?? 0;
    if (post.media !== media)
      problems.push(`${draft.network}: part ${index + 1} has ${post.media} images, not ${media}`);
    const recorded = ledger[index];
    if (recorded?.state !== 'posted' || recorded.remoteId !== post.id) {
      problems.push(
        `${draft.network}: ledger part ${index + 1} is ${recorded?.state} ${recorded?.remoteId}, network has ${post.id}`,
      );
    }
  });
  return problems;
}

/**
 * What is wrong with a draft whose publication ended, against what its network holds: a published
 * draft must be there whole (see `threadProblems`); a failed or partly published one must hold its
 * posted parts, in order, and nothing else, except the one part whose outcome stayed unknown, which
 * may or may not exist (never twice).
 */
export function outcomeProblems(queue: QueueContext, draft: DraftRecord, held: HeldPost[]): string[] {
  if (draft.status === 'published') return threadProblems(queue, draft, held);
  if (draft.status !== 'failed' && draft.status !== 'partly_published') {
    return [`${draft.network}: ended ${draft.status}`];
  }
  const ledger = ledgerParts(queue.store, draft.id);
  const posted = ledger.filter((part) => part.state === 'posted').length;
  const unknown = ledger[posted]?.state === 'unknown' || ledger[posted]?.state === 'sending';
  const known = unknown && held.length === posted + 1 ? held.slice(0, posted) : held;
  return threadProblems(queue, draft, known, { prefix: posted });
}

/** LinkedIn keeps the commentary with little-text escapes; the draft has the plain text. */
export function normalise(network: NetworkId, text: string): string {
  return network === 'linkedin' ? text.replace(/\\([\\|{}@[\]()<>#*_~])/g, '$1') : text;
}
