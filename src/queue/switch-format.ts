import { type DraftFormat, FORMAT_LABELS, formatsAllowed } from '../compose/formats.js';
import type { RenderedDraft } from '../compose/types.js';
import { type NetworkId, networkLabel } from '../networks/index.js';
import { getDraft } from '../store/drafts-repo.js';
import type { DraftContent, DraftRecord } from '../store/types.js';
import { formatDraftId } from '../store/types.js';
import { getUpdate } from '../store/updates-repo.js';
import type { Figure, Update } from '../update/types.js';
import type { QueueContext } from './context.js';
import { applyEdit } from './edit.js';
import { storeCardFile } from './media-files.js';
import { refused, unknownDraft } from './refusals.js';
import { draftFormat } from './view.js';

export interface SwitchFormatInput {
  draftId: number;
  format: string;
  by: string;
  expectedHash?: string;
}

/** Reads a format typed by a person for a network (`digest`, `thread`, `full`), or refuses it. */
export function parseFormat(network: NetworkId, text: string): DraftFormat {
  const allowed = formatsAllowed(network);
  const format = allowed.find((item) => item === text.trim().toLowerCase());
  if (format === undefined) {
    const list = allowed.join(', ');
    const listFr = allowed.map((item) => `${item} (${FORMAT_LABELS[item]})`).join(', ');
    throw refused(
      `${networkLabel(network)} takes the formats ${list} (got "${text}")`,
      `${networkLabel(network)} accepte les formats ${listFr} (reçu « ${text} »)`,
    );
  }
  return format;
}

/**
 * Composes a draft again from its stored update in another format (digest ↔ thread or full): a new
 * version whose posts, cards and omissions are the new format's, back to review (any approval
 * cleared), audited with the formats before and after.
 */
export async function switchFormat(
  context: QueueContext,
  input: SwitchFormatInput,
  deps: {
    recompose: (
      update: Update,
      network: NetworkId,
      format: DraftFormat,
      cardFigures?: Figure[],
    ) => Promise<RenderedDraft>;
  },
): Promise<DraftRecord> {
  const draft = getDraft(context.store.db, input.draftId);
  if (draft === null) throw unknownDraft(input.draftId);
  const label = formatDraftId(draft.id);
  if (draft.network === 'site') {
    throw refused(
      `${label}: the website always gets the whole update`,
      `${label} : le site reçoit toujours la mise à jour complète`,
    );
  }
  const format = parseFormat(draft.network, input.format);
  const before = draftFormat(draft);
  if (format === before) {
    throw refused(
      `${label} is already in the ${format} format`,
      `${label} est déjà au format ${FORMAT_LABELS[format]}`,
    );
  }
  const stored = getUpdate(context.store.db, draft.updateId);
  if (stored === null) {
    throw refused(
      `${label}: its update is not stored, it cannot be composed again`,
      `${label} : sa mise à jour n’est pas conservée, impossible de la composer de nouveau`,
    );
  }
  // The figures on the card now (the team may have chosen them) stay on the new format's card.
  const card = draft.content.posts.flatMap((post) => post.media).find((m) => m.spec.template === 'key-figures');
  const cardFigures = card?.spec.template === 'key-figures' ? card.spec.figures : undefined;
  const composed = await deps.recompose(stored.parsed as Update, draft.network, format, cardFigures);
  if (composed.posts.length === 0) {
    throw refused(
      `${label}: the ${format} format gives no post`,
      `${label} : le format ${format} ne donne aucune publication`,
    );
  }
  // Files first: content-addressed, so one left behind by a refused edit is harmless.
  const content: DraftContent = {
    network: draft.network,
    posts: composed.posts.map((post) => ({
      text: post.text,
      media: post.media.map((card) => storeCardFile(card, context.store)),
    })),
    warnings: [...composed.warnings],
    format,
    omitted: (composed.omitted ?? []).map((item) => ({ ...item })),
  };
  return applyEdit(
    context,
    {
      draftId: draft.id,
      by: input.by,
      ...(input.expectedHash === undefined ? {} : { expectedHash: input.expectedHash }),
    },
    () => ({
      content,
      data: { format, previousFormat: before, posts: content.posts.length, omitted: content.omitted?.length ?? 0 },
    }),
  );
}
