import type { ComposedDraft, RenderedDraft } from '../compose/types.js';
import type { CardRenderer } from './renderer.js';

/** Renders every post's cards for its draft's network: `cards` become `media`, in order. */
export async function renderDraftCards(
  drafts: readonly ComposedDraft[],
  renderer: CardRenderer,
  outDir: string,
): Promise<RenderedDraft[]> {
  return Promise.all(
    drafts.map(async (draft) => ({
      network: draft.network,
      posts: await Promise.all(
        draft.posts.map(async (post) => ({
          text: post.text,
          media: await Promise.all(post.cards.map((card) => renderer.render(card, draft.network, outDir))),
        })),
      ),
      warnings: [...draft.warnings],
      format: draft.format,
      omitted: draft.omitted.map((item) => ({ ...item })),
    })),
  );
}
