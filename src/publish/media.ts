import type { RenderedCard } from '../cards/types.js';
import type { QueueContext } from '../queue/context.js';
import { approvedContent } from '../queue/transition.js';
import type { DraftRecord, StoredMedia } from '../queue/types.js';
import { formatDraftId } from '../queue/types.js';
import { localMediaFile } from '../store/media-rows.js';
import type { PublishDeps } from './deps.js';
import { ledgerParts, mediaRef, saveMediaRef } from './ledger.js';
import { PartFailure } from './part-failure.js';
import type { MediaRef } from './port.js';

/** Uploads the draft's images ahead of the publish time, where not uploaded yet. Errors are left for publish time. */
export async function uploadMediaAhead(deps: PublishDeps, draftId: number, deadline: Date): Promise<number> {
  const { draft } = approvedContent(deps.queue.store, draftId);
  let uploaded = 0;
  for (let index = 0; index < draft.content.posts.length; index++) {
    const done = ledgerParts(deps.queue.store, draft.id)[index]?.state === 'posted';
    if (done) continue;
    try {
      uploaded += (await uploadPartMedia(deps, draft, index, deadline)).fresh;
    } catch (error) {
      deps.log.warn(
        { draft: formatDraftId(draft.id), network: draft.network, err: (error as Error).message },
        'media upload ahead of time failed; will retry at publish time',
      );
      return uploaded;
    }
  }
  return uploaded;
}

/** The part's images when every one was uploaded already (ahead of time or by an earlier attempt). */
export function knownMedia(queue: QueueContext, draft: DraftRecord, index: number): MediaRef[] | undefined {
  const refs: MediaRef[] = [];
  for (const mediaIndex of (draft.content.posts[index]?.media ?? []).keys()) {
    const known = mediaRef(queue.store, draft.id, index, mediaIndex);
    if (!known) return undefined;
    refs.push(known);
  }
  return refs;
}

/** Uploads the part's images not uploaded yet; `fresh` counts those uploaded now. */
export async function uploadPartMedia(
  deps: PublishDeps,
  draft: DraftRecord,
  index: number,
  deadline: Date,
): Promise<{ refs: MediaRef[]; fresh: number }> {
  const { queue, adapter } = deps;
  const post = draft.content.posts[index];
  const refs: MediaRef[] = [];
  let fresh = 0;
  for (const [mediaIndex, media] of (post?.media ?? []).entries()) {
    const known = mediaRef(queue.store, draft.id, index, mediaIndex);
    if (known) {
      refs.push(known);
      continue;
    }
    if (queue.now().getTime() > deadline.getTime())
      throw new PartFailure('deadline', 'window closed', 'fenêtre refermée');
    const ref = await adapter.uploadMedia(renderedCard(localMediaFile(queue.store, media.file), media));
    saveMediaRef(queue, { draftId: draft.id, partIndex: index, mediaIndex, ref });
    refs.push(ref);
    fresh++;
  }
  return { refs, fresh };
}

function renderedCard(path: string, media: StoredMedia): RenderedCard {
  return {
    spec: media.spec,
    path,
    alt: media.alt,
    mime: media.mime,
    width: media.width,
    height: media.height,
    bytes: media.bytes,
    sha256: media.sha256,
  };
}
