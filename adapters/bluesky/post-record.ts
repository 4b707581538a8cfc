import { type AppBskyFeedPost, type AppBskyRichtextFacet, type BlobRef, jsonToLex, RichText } from '@atproto/api';
import type { MediaRef, RemoteRef } from '../../src/publish/port.js';

export const POST_COLLECTION = 'app.bsky.feed.post';

export interface PostRecordInput {
  text: string;
  media: MediaRef[];
  replyTo?: { root: RemoteRef; parent: RemoteRef };
  langs: string[];
  createdAt: Date;
  /** DIDs of the handles mentioned in the text, as resolved before sending; an absent one stays plain text. */
  mentions?: ReadonlyMap<string, string>;
}

const MENTION = 'app.bsky.richtext.facet#mention';

/** The handles `@handle` in a text the way Bluesky detects them (lower case), to resolve before sending. */
export function mentionedHandles(text: string): string[] {
  const richText = new RichText({ text });
  richText.detectFacetsWithoutResolution();
  const handles = (richText.facets ?? []).flatMap((facet) =>
    facet.features.flatMap((feature) =>
      feature.$type === MENTION ? [String((feature as { did?: unknown }).did ?? '').toLowerCase()] : [],
    ),
  );
  return [...new Set(handles.filter((handle) => handle !== ''))];
}

/**
 * The `app.bsky.feed.post` record for one thread part: facets (links, hashtags) detected locally,
 * mentions whose DID was resolved, images with alt text and aspect ratio, and the reply chain.
 */
export function buildPostRecord(input: PostRecordInput): AppBskyFeedPost.Record {
  const richText = new RichText({ text: input.text });
  richText.detectFacetsWithoutResolution();
  const facets = resolvedFacets(richText.facets, input.mentions ?? new Map());
  const record: AppBskyFeedPost.Record = {
    $type: POST_COLLECTION,
    text: richText.text,
    langs: input.langs,
    createdAt: input.createdAt.toISOString(),
  };
  if (facets.length > 0) record.facets = facets;
  if (input.media.length > 0) {
    record.embed = {
      $type: 'app.bsky.embed.images',
      images: input.media.map((media) => ({
        image: blobOf(media),
        alt: media.alt,
        aspectRatio: { width: media.width, height: media.height },
      })),
    };
  }
  if (input.replyTo) {
    record.reply = {
      root: strongRef(input.replyTo.root),
      parent: strongRef(input.replyTo.parent),
    };
  }
  return record;
}

/** The JSON form of an uploaded blob, as stored in a MediaRef so it survives a restart. */
export interface BlobJson {
  $type: 'blob';
  ref: { $link: string };
  mimeType: string;
  size: number;
}

export function isBlobJson(value: unknown): value is BlobJson {
  if (typeof value !== 'object' || value === null) return false;
  const blob = value as Record<string, unknown>;
  const ref = blob.ref as Record<string, unknown> | undefined;
  return (
    blob.$type === 'blob' &&
    typeof ref?.$link === 'string' &&
    typeof blob.mimeType === 'string' &&
    typeof blob.size === 'number'
  );
}

function blobOf(media: MediaRef): BlobRef {
  if (!isBlobJson(media.data)) {
    throw new TypeError(`media ${media.id} was not uploaded to Bluesky (no blob reference)`);
  }
  return jsonToLex(media.data) as BlobRef;
}

function strongRef(ref: RemoteRef): { uri: string; cid: string } {
  if (ref.cid === undefined) throw new TypeError(`reply target ${ref.id} has no cid`);
  return { uri: ref.id, cid: ref.cid };
}

/**
 * Mentions found without resolution carry a handle where a DID belongs, which the PDS rejects: each
 * gets the DID resolved for its handle, and a mention whose handle could not be resolved stays plain
 * text (no facet).
 */
function resolvedFacets(
  facets: AppBskyRichtextFacet.Main[] | undefined,
  dids: ReadonlyMap<string, string>,
): AppBskyRichtextFacet.Main[] {
  if (!facets) return [];
  return facets
    .map((facet) => ({
      ...facet,
      features: facet.features.flatMap((feature) => {
        if (feature.$type !== MENTION) return [feature];
        const written = (feature as { did?: unknown }).did;
        if (typeof written === 'string' && written.startsWith('did:')) return [feature];
        const did = typeof written === 'string' ? dids.get(written.toLowerCase()) : undefined;
        return did === undefined ? [] : [{ ...feature, did }];
      }),
    }))
    .filter((facet) => facet.features.length > 0);
}
