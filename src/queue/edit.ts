import { appendEvent } from '../audit/journal.js';
import type { RenderedCard } from '../cards/types.js';
import { MEASURES } from '../compose/measure.js';
import { frenchBytes } from '../i18n/sizes.js';
import { NETWORK_FACTS, NETWORKS, networkLabel } from '../networks/index.js';
import { getDraft, insertDraftVersion, setDraftVersion } from '../store/drafts-repo.js';
import type { DraftContent, DraftRecord, StoredMedia } from '../store/types.js';
import { formatDraftId } from '../store/types.js';
import { contentHash } from './content-hash.js';
import type { QueueContext } from './context.js';
import { reviewStatus } from './import.js';
import { EDITABLE } from './lifecycle.js';
import { storeCardFile } from './media-files.js';
import { refused, staleHash, unknownDraft, wrongStatus } from './refusals.js';

/** The strictest alt-text limit of the networks (X: 1000 characters), so one alt text fits all. */
export const MAX_ALT_CHARS = Math.min(...NETWORKS.map((network) => NETWORK_FACTS[network].limits.maxAltChars));

interface EditBase {
  draftId: number;
  by: string;
  /** The content hash the editor saw; when it no longer matches, someone else changed the draft. */
  expectedHash?: string;
}

/** Replaces one post's text (0-based `postIndex`). A new version, back to review. */
export function editPostText(
  context: QueueContext,
  input: EditBase & { postIndex: number; text: string },
): DraftRecord {
  const text = input.text.normalize('NFC').trim();
  return applyEdit(context, input, (draft) => {
    const post = draft.content.posts[input.postIndex];
    if (post === undefined) throw noSuchPost(draft, input.postIndex);
    if (text === '') throw refused('the new text is empty', 'le nouveau texte est vide');
    const measure = MEASURES[draft.network](text);
    if (!measure.valid) {
      const over =
        measure.length > measure.limit
          ? `${measure.length}/${measure.limit}`
          : `${measure.bytes}/${measure.byteLimit} bytes`;
      const overFr =
        measure.length > measure.limit
          ? `${measure.length}/${measure.limit}`
          : `${frenchBytes(measure.bytes)} sur ${frenchBytes(measure.byteLimit ?? 0)}`;
      throw refused(
        `post ${input.postIndex + 1} is too long for ${networkLabel(draft.network)} (${over})`,
        `la publication ${input.postIndex + 1} est trop longue pour ${networkLabel(draft.network)} (${overFr})`,
      );
    }
    if (text === post.text) throw unchanged(draft);
    return {
      content: replacePost(draft.content, input.postIndex, { ...post, text }),
      data: { post: input.postIndex + 1, text },
    };
  });
}

/** Replaces the alt text of one image (0-based post and media indexes). */
export function editAltText(
  context: QueueContext,
  input: EditBase & { postIndex: number; mediaIndex: number; alt: string },
): DraftRecord {
  const alt = input.alt.normalize('NFC').trim();
  return applyEdit(context, input, (draft) => {
    const { post, media } = findMedia(draft, input.postIndex, input.mediaIndex);
    if (alt === '') throw refused('the alt text is empty', 'le texte de remplacement est vide');
    if ([...alt].length > MAX_ALT_CHARS) {
      throw refused(
        `the alt text is longer than ${MAX_ALT_CHARS} characters`,
        `le texte de remplacement dépasse ${MAX_ALT_CHARS} caractères`,
      );
    }
    if (alt === media.alt) throw unchanged(draft);
    const mediaList = post.media.map((item, index) => (index === input.mediaIndex ? { ...item, alt } : item));
    return {
      content: replacePost(draft.content, input.postIndex, { ...post, media: mediaList }),
      data: { post: input.postIndex + 1, media: input.mediaIndex + 1, alt },
    };
  });
}

/** Replaces an image with a card rendered again (e.g. after its figures were corrected). */
export function replaceCard(
  context: QueueContext,
  input: EditBase & {
    postIndex: number;
    mediaIndex: number;
    card: RenderedCard;
    /** What else the audit records about the change (e.g. the figures chosen). */
    audit?: Record<string, unknown>;
    /**
     * The figures on the card are a person's choice now: key figures listed as too long for any
     * card (`figure-too-long`) are no longer left out by crieur, and need no other decision.
     */
    figuresChosen?: boolean;
  },
): DraftRecord {
  const stored = storeCardFile(input.card, context.store);
  return applyEdit(context, input, (draft) => {
    const { post, media } = findMedia(draft, input.postIndex, input.mediaIndex);
    if (stored.sha256 === media.sha256 && stored.alt === media.alt) throw unchanged(draft);
    const mediaList = post.media.map((item, index) => (index === input.mediaIndex ? stored : item));
    const content = replacePost(draft.content, input.postIndex, { ...post, media: mediaList });
    if (input.figuresChosen && content.omitted) {
      content.omitted = content.omitted.filter((item) => item.reason !== 'figure-too-long');
    }
    return {
      content,
      data: {
        post: input.postIndex + 1,
        media: input.mediaIndex + 1,
        sha256: stored.sha256,
        alt: stored.alt,
        ...input.audit,
      },
    };
  });
}

/** One edit of a draft: a new version, back to review (approval cleared), audited with `data`. */
export function applyEdit(
  context: QueueContext,
  input: EditBase,
  change: (draft: DraftRecord) => { content: DraftContent; data: Record<string, unknown> },
): DraftRecord {
  const { store } = context;
  const by = input.by.trim();
  if (by === '') throw refused('the editor name is empty', 'le nom de l’auteur de la modification est vide');
  return store.transaction(() => {
    const draft = getDraft(store.db, input.draftId);
    if (draft === null) throw unknownDraft(input.draftId);
    if (!EDITABLE.includes(draft.status)) throw wrongStatus(draft.id, draft.status, 'edit', 'de modifier');
    if (input.expectedHash !== undefined && input.expectedHash !== draft.contentHash) {
      throw staleHash(draft.id, input.expectedHash, draft.contentHash);
    }
    const { content, data } = change(draft);
    const at = context.now();
    const iso = at.toISOString();
    const hash = contentHash(content);
    const version = draft.version + 1;
    insertDraftVersion(store.db, { draftId: draft.id, version, content, contentHash: hash, author: by, at: iso });
    setDraftVersion(store.db, draft.id, { version, contentHash: hash, status: reviewStatus(content), at: iso });
    appendEvent(
      store.db,
      {
        at,
        actor: by,
        action: 'edit',
        subject: formatDraftId(draft.id),
        data: {
          ...data,
          version,
          contentHash: hash,
          previousStatus: draft.status,
          approvalCleared: draft.status === 'approved',
        },
      },
      store.secrets,
    );
    const updated = getDraft(store.db, draft.id);
    if (updated === null) throw unknownDraft(draft.id);
    return updated;
  });
}

function replacePost(content: DraftContent, index: number, post: DraftContent['posts'][number]): DraftContent {
  return { ...content, posts: content.posts.map((item, i) => (i === index ? post : item)) };
}

function findMedia(
  draft: DraftRecord,
  postIndex: number,
  mediaIndex: number,
): { post: DraftContent['posts'][number]; media: StoredMedia } {
  const post = draft.content.posts[postIndex];
  if (post === undefined) throw noSuchPost(draft, postIndex);
  const media = post.media[mediaIndex];
  if (media === undefined) {
    throw refused(
      `post ${postIndex + 1} of ${formatDraftId(draft.id)} has no image ${mediaIndex + 1} (it has ${post.media.length})`,
      `la publication ${postIndex + 1} de ${formatDraftId(draft.id)} n’a pas d’image ${mediaIndex + 1} (elle en a ${post.media.length})`,
    );
  }
  return { post, media };
}

function noSuchPost(draft: DraftRecord, postIndex: number) {
  const count = draft.content.posts.length;
  return refused(
    `${formatDraftId(draft.id)} has no post ${postIndex + 1} (it has ${count})`,
    `${formatDraftId(draft.id)} n’a pas de publication ${postIndex + 1} (il en a ${count})`,
  );
}

function unchanged(draft: DraftRecord) {
  return refused(
    `nothing to change in ${formatDraftId(draft.id)}: the new value is the current one`,
    `rien à changer dans ${formatDraftId(draft.id)} : la nouvelle valeur est déjà celle du brouillon`,
  );
}
