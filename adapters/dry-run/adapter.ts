import { createHash } from 'node:crypto';
import { readFile as readFileFromDisk } from 'node:fs/promises';
import sharp from 'sharp';
import type { RenderedCard } from '../../src/cards/types.js';
import { MEASURES } from '../../src/compose/measure.js';
import { NETWORK_FACTS, type NetworkId } from '../../src/networks/index.js';
import type { DryRunEntry } from '../../src/publish/dry-run-journal.js';
import type { AccountInfo, MediaRef, NetworkAdapter, PostPart, RemoteRef } from '../../src/publish/port.js';
import { ContentRejectedError, DuplicateError } from '../../src/publish/port-errors.js';
import { readSiteText } from '../site/document.js';
import { sniffImage } from './image-format.js';

export interface DryRunAdapterOptions {
  /** Receives every upload and post the network would have received. */
  record: (entry: DryRunEntry) => void;
  now?: () => Date;
  readFile?: (path: string) => Promise<Uint8Array>;
}

/** LinkedIn's documented image maximum, in pixels. */
const LINKEDIN_MAX_PIXELS = 36_152_320;

/**
 * An adapter that sends nothing: it refuses what `network` would refuse (text length as that
 * network counts it, image count, size, type and dimensions, alt text, replies, duplicates) with
 * the same error types, records what it would have sent, and answers with `dry-run:<network>:<n>`.
 */
export function createDryRunAdapter(network: NetworkId, options: DryRunAdapterOptions): NetworkAdapter {
  const { label, limits } = NETWORK_FACTS[network];
  const now = options.now ?? (() => new Date());
  const readFile = options.readFile ?? readFileFromDisk;
  const measure = MEASURES[network];
  const media = new Map<string, MediaRef>();
  const posts: Array<{ ref: RemoteRef; part: PostPart; hasMedia: boolean; at: Date }> = [];
  const deleted = new Set<string>();
  let mediaCount = 0;
  let postCount = 0;

  function reject(message: string, messageFr: string): ContentRejectedError {
    return new ContentRejectedError(
      network,
      `dry run: ${label} would refuse this: ${message}`,
      `${label} refuserait : ${messageFr}`,
      {
        status: 400,
      },
    );
  }

  /** Numbers a post the network would have taken, keeps it (duplicates, deletes) and records it in the report. */
  function recordPost(
    part: PostPart,
    attached: MediaRef[],
    replyTo: { root: RemoteRef; parent: RemoteRef } | undefined,
  ): RemoteRef {
    postCount += 1;
    const ref: RemoteRef = { network, id: `dry-run:${network}:${postCount}` };
    const at = now();
    posts.push({ ref, part, hasMedia: attached.length > 0, at });
    options.record({
      kind: 'post',
      network,
      at,
      ref,
      part,
      text: part.text,
      media: attached,
      ...(replyTo ? { replyTo } : {}),
    });
    return ref;
  }

  function knownPost(ref: RemoteRef, role: string): void {
    if (ref.network !== network || !posts.some((post) => post.ref.id === ref.id)) {
      throw reject(
        `the reply ${role} ${ref.id} does not exist`,
        `la publication visée par la réponse (${ref.id}) n’existe pas.`,
      );
    }
  }

  /** The post this one would collide with on the network, if any. */
  function duplicateOf(part: PostPart, hasMedia: boolean): (typeof posts)[number] | undefined {
    switch (network) {
      case 'bluesky':
        // The Bluesky adapter writes each part under a key derived from the part key.
        return posts.find((post) => post.part.key === part.key);
      case 'facebook':
        // Only text posts are deduplicated; photo captions are not.
        return hasMedia ? undefined : posts.find((post) => !post.hasMedia && post.part.text === part.text);
      case 'site':
        // One page per update date: publishing it again rewrites the same page.
        return posts.find((post) => readSiteText(post.part.text).date === readSiteText(part.text).date);
      default:
        return posts.find((post) => post.part.text === part.text);
    }
  }

  return {
    id: network,
    limits,

    async verify(): Promise<AccountInfo> {
      return { network, account: `dry-run (${label})` };
    },

    async uploadMedia(card: RenderedCard): Promise<MediaRef> {
      let bytes: Uint8Array;
      try {
        bytes = await readFile(card.path);
      } catch (error) {
        throw reject(`cannot read ${card.path} (${(error as Error).message})`, `l’image ${card.path} est illisible.`);
      }
      const sha256 = createHash('sha256').update(bytes).digest('hex');
      if (sha256 !== card.sha256) {
        throw reject(
          `${card.path} changed since it was rendered`,
          `l’image ${card.path} a changé depuis son approbation.`,
        );
      }
      if (bytes.length > limits.maxImageBytes) {
        throw reject(
          `image of ${bytes.length} bytes exceeds ${limits.maxImageBytes}`,
          `l’image pèse ${bytes.length} octets, au-delà de la limite de ${limits.maxImageBytes} octets.`,
        );
      }
      const actual = sniffImage(bytes);
      if (actual === undefined || actual !== card.mime) {
        throw reject(
          `${card.path} is ${actual ?? 'not an image'}, declared ${card.mime}`,
          `le fichier ${card.path} n’est pas une image ${card.mime} valide.`,
        );
      }
      if (!limits.imageTypes.includes(actual)) {
        throw reject(
          `${label} does not take ${actual} images (only ${limits.imageTypes.join(', ')})`,
          `${label} n’accepte pas les images ${actual} (seulement ${limits.imageTypes.join(', ')}).`,
        );
      }
      const metadata = await sharp(bytes)
        .metadata()
        .catch(() => undefined);
      if (metadata?.width !== card.width || metadata?.height !== card.height) {
        throw reject(
          `${card.path} is ${metadata?.width}×${metadata?.height}, declared ${card.width}×${card.height}`,
          `les dimensions de l’image ${card.path} ne correspondent pas à celles annoncées.`,
        );
      }
      if (network === 'linkedin' && card.width * card.height > LINKEDIN_MAX_PIXELS) {
        throw reject(`image over ${LINKEDIN_MAX_PIXELS} pixels`, `l’image dépasse ${LINKEDIN_MAX_PIXELS} pixels.`);
      }
      const altLength = [...card.alt].length;
      if (card.alt.trim().length === 0) {
        throw reject('image without alt text', 'l’image n’a pas de texte de remplacement.');
      }
      if (altLength > limits.maxAltChars) {
        throw reject(
          `alt text of ${altLength} characters exceeds ${limits.maxAltChars}`,
          `le texte de remplacement compte ${altLength} caractères, au-delà de la limite de ${limits.maxAltChars}.`,
        );
      }
      mediaCount += 1;
      const ref: MediaRef = {
        network,
        id: `dry-run:${network}:media:${mediaCount}`,
        alt: card.alt,
        width: card.width,
        height: card.height,
      };
      media.set(ref.id, ref);
      options.record({
        kind: 'upload',
        network,
        at: now(),
        media: ref,
        path: card.path,
        mime: actual,
        bytes: bytes.length,
        sha256,
      });
      return ref;
    },

    async createPost(part: PostPart, attached: MediaRef[], replyTo?: { root: RemoteRef; parent: RemoteRef }) {
      const size = measure(part.text);
      if (!size.valid) {
        const bytes = size.byteLimit === undefined ? '' : `, ${size.bytes}/${size.byteLimit} bytes`;
        throw reject(
          `text length ${size.length}/${size.limit}${bytes}`,
          size.length === 0 || part.text.trim().length === 0
            ? 'le texte est vide.'
            : `le texte compte ${size.length} caractères pour une limite de ${size.limit}${size.byteLimit === undefined ? '' : ` (${size.bytes} octets sur ${size.byteLimit})`}.`,
        );
      }
      if (attached.length > limits.maxImages) {
        throw reject(
          `${attached.length} images, at most ${limits.maxImages}`,
          `${attached.length} images jointes, au plus ${limits.maxImages} permises.`,
        );
      }
      for (const item of attached) {
        if (item.network !== network || !media.has(item.id)) {
          throw reject(`media ${item.id} was not uploaded`, `l’image ${item.id} n’a pas été téléversée.`);
        }
      }
      // The website refuses a page whose text it cannot read, with its own error.
      if (network === 'site') readSiteText(part.text);
      if (replyTo) {
        if (!limits.threads) {
          throw reject('replies are not supported', `${label} ne publie pas de fil de réponses.`);
        }
        knownPost(replyTo.root, 'root');
        knownPost(replyTo.parent, 'parent');
      }
      const duplicate = duplicateOf(part, attached.length > 0);
      if (duplicate) {
        if (network === 'bluesky' && duplicate.part.text === part.text) return duplicate.ref;
        if (network === 'site') {
          duplicate.part = part;
          options.record({
            kind: 'post',
            network,
            at: now(),
            ref: duplicate.ref,
            part,
            text: part.text,
            media: attached,
          });
          return duplicate.ref;
        }
        throw new DuplicateError(
          network,
          `dry run: ${label} would refuse this as a duplicate of ${duplicate.ref.id}`,
          `${label} refuserait cette publication : elle double ${duplicate.ref.id}.`,
          { status: network === 'linkedin' ? 422 : 403 },
        );
      }
      return recordPost(part, attached, replyTo);
    },

    async createCorrection(part: PostPart, attached: MediaRef[], target: RemoteRef, replyTo) {
      const size = measure(part.text);
      if (!size.valid) {
        throw reject(
          `correction length ${size.length}/${size.limit}`,
          `le correctif compte ${size.length} caractères pour une limite de ${size.limit}.`,
        );
      }
      knownPost(target, 'target');
      if (deleted.has(target.id))
        throw reject(`${target.id} was deleted`, `la publication ${target.id} a été supprimée.`);
      return recordPost(part, attached, { root: target, parent: replyTo?.parent ?? target });
    },

    async findCorrection(part: PostPart, _target: RemoteRef, since: Date): Promise<RemoteRef | null> {
      return posts.findLast((post) => post.part.key === part.key && post.at.getTime() >= since.getTime())?.ref ?? null;
    },

    async deletePost(ref: RemoteRef): Promise<'deleted' | 'gone'> {
      knownPost(ref, 'to delete');
      if (deleted.has(ref.id)) return 'gone';
      deleted.add(ref.id);
      options.record({ kind: 'delete', network, at: now(), ref });
      return 'deleted';
    },

    async postExists(ref: RemoteRef): Promise<boolean> {
      return posts.some((post) => post.ref.id === ref.id) && !deleted.has(ref.id);
    },

    async findPost(part: PostPart, since: Date): Promise<RemoteRef | null> {
      const found = posts.findLast(
        (post) =>
          post.part.text === part.text &&
          post.at.getTime() >= since.getTime() &&
          (network !== 'bluesky' || post.part.key === part.key),
      );
      return found?.ref ?? null;
    },
  };
}
