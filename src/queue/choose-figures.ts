import { planCards } from '../cards/plan.js';
import type { CardSpec, CardStyle, RenderedCard } from '../cards/types.js';
import type { DraftFormat } from '../compose/formats.js';
import type { RenderedDraft } from '../compose/types.js';
import type { NetworkId } from '../networks/index.js';
import { getDraft } from '../store/drafts-repo.js';
import type { DraftContent, DraftRecord } from '../store/types.js';
import { formatDraftId } from '../store/types.js';
import { getUpdate } from '../store/updates-repo.js';
import type { Figure, Update } from '../update/types.js';
import type { QueueContext } from './context.js';
import { applyEdit, replaceCard } from './edit.js';
import { storeCardFile } from './media-files.js';
import { refused, unknownDraft } from './refusals.js';
import { draftFormat } from './view.js';

/** The most figures a key-figures card shows. */
const MAX_CHOSEN = 4;

/** The figures a draft's update offers, in the order `check` lists them (1-based in a choice). */
export function figureCandidates(
  context: QueueContext,
  draft: DraftRecord,
  update = draftUpdate(context, draft),
): Figure[] {
  return update?.figures ?? [];
}

/**
 * What `check` says about the text of a draft's update (a comment left out, a figure dated after
 * the update, a decimal point…), in French, for the person who approves it. Empty for a correction
 * or a retraction, and for an update stored before these were kept.
 */
export function updateTextWarnings(update: Update | null, draft: DraftRecord): string[] {
  if (draft.kind !== 'update' || update === null) return [];
  return (update.warnings ?? []).filter((warning) => warning.about === 'text').map((warning) => warning.messageFr);
}

/** The update a draft was composed from, as stored when it was imported. */
export function draftUpdate(context: QueueContext, draft: DraftRecord): Update | null {
  const stored = getUpdate(context.store.db, draft.updateId);
  return stored === null ? null : (stored.parsed as Update);
}

/** The figures on a draft's key-figures card now, as candidate numbers (1-based), when they can be told. */
export function currentChoice(draft: DraftRecord, candidates: readonly Figure[]): number[] {
  const card = draft.content.posts.flatMap((post) => post.media).find((m) => m.spec.template === 'key-figures');
  if (card?.spec.template !== 'key-figures') return [];
  return card.spec.figures
    .map((shown) => candidates.findIndex((c) => c.value === shown.value && c.label === shown.label) + 1)
    .filter((n) => n > 0);
}

/** Reads `2,1,4` (or `2 1 4`) into candidate numbers; refuses anything else, in French and English. */
export function parseFigureChoice(text: string): number[] {
  const parts = text.split(/[\s,;]+/).filter((part) => part !== '');
  if (parts.length === 0 || parts.some((part) => !/^\d{1,3}$/.test(part) || Number(part) < 1)) {
    throw refused(
      `the figure choice must be figure numbers separated by commas, like 2,1,4 (got "${text}")`,
      `le choix de chiffres doit être des numéros séparés par des virgules, comme 2,1,4 (reçu « ${text} »)`,
    );
  }
  return parts.map(Number);
}

export interface ChooseFiguresInput {
  draftId: number;
  /** Candidate numbers (1-based, as `check` lists them), most important first. */
  choice: number[];
  by: string;
  expectedHash?: string;
}

/**
 * Redraws a draft's key-figures card with the figures the team picked, in their order: a new
 * version, awaiting review again (any approval cleared), audited with the choice.
 */
export async function chooseFigures(
  context: QueueContext,
  input: ChooseFiguresInput,
  deps: {
    style: CardStyle;
    render: (spec: CardSpec, network: NetworkId) => Promise<RenderedCard>;
    /**
     * Composes the network's draft again with these figures on its card. Given, a digest (whose
     * post 1 writes the card's figures out) is composed again, so its text never lists a figure
     * the card no longer shows; otherwise only the card is redrawn.
     */
    recompose?: (
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
  const candidates = figureCandidates(context, draft);
  const bad = input.choice.find((n) => n < 1 || n > candidates.length);
  if (bad !== undefined) {
    throw refused(
      `${label}: there is no figure ${bad} (the update has ${candidates.length}: see crieur check)`,
      `${label} : il n’y a pas de chiffre ${bad} (la mise à jour en a ${candidates.length} : voir crieur check)`,
    );
  }
  if (new Set(input.choice).size !== input.choice.length) {
    throw refused(`${label}: a figure is chosen twice`, `${label} : un chiffre est choisi deux fois`);
  }
  if (input.choice.length > MAX_CHOSEN) {
    throw refused(
      `${label}: a card shows at most ${MAX_CHOSEN} figures (${input.choice.length} chosen)`,
      `${label} : une carte montre au plus ${MAX_CHOSEN} chiffres (${input.choice.length} choisis)`,
    );
  }
  const place = draft.content.posts.flatMap((post, postIndex) =>
    post.media.map((media, mediaIndex) => ({ postIndex, mediaIndex, media })),
  );
  const target = place.find((item) => item.media.spec.template === 'key-figures');
  if (!target) {
    throw refused(
      `${label} has no key-figures card to redraw`,
      `${label} n’a pas de carte des chiffres clés à redessiner`,
    );
  }
  const stored = getUpdate(context.store.db, draft.updateId)?.parsed as Update;
  const figures = input.choice.map((n) => candidates[n - 1] as Figure);
  const spec = planCards({ ...stored, figures }, deps.style).find((card) => card.template === 'key-figures');
  if (!spec) throw refused(`${label}: no figure chosen`, `${label} : aucun chiffre choisi`);
  if (deps.recompose !== undefined && draftFormat(draft) === 'digest') {
    return recomposedDigest(context, { draft, input, stored, figures }, deps.recompose);
  }
  const card = await deps.render(spec, draft.network);
  const cut = (card.cut ?? []).map((item) => figures[item.index]).filter((f): f is Figure => f !== undefined);
  refuseCut(label, cut);
  return replaceCard(context, {
    draftId: draft.id,
    postIndex: target.postIndex,
    mediaIndex: target.mediaIndex,
    card,
    by: input.by,
    ...(input.expectedHash === undefined ? {} : { expectedHash: input.expectedHash }),
    audit: { figures: input.choice, figureValues: figures.map((f) => f.value) },
    figuresChosen: true,
  });
}

/** A chosen figure no card can draw whole is refused, naming it. */
function refuseCut(label: string, cut: readonly Figure[]): void {
  if (cut.length === 0) return;
  const names = cut.map((f) => `« ${f.value} ${f.label} »`).join(', ');
  throw refused(
    `${label}: ${cut.map((f) => `"${f.value} ${f.label}"`).join(', ')} cannot be drawn whole on the card, even at the smallest size; choose fewer figures or shorter ones`,
    `${label} : ${names} ne tient pas en entier sur la carte, même à la plus petite taille ; choisissez moins de chiffres ou d’autres chiffres`,
  );
}

/**
 * A digest with other figures: composed again from its update with them on the card, so post 1's
 * figure lines say what the card shows (hand edits of its text give way, as a format switch does).
 */
async function recomposedDigest(
  context: QueueContext,
  chosen: { draft: DraftRecord; input: ChooseFiguresInput; stored: Update; figures: Figure[] },
  recompose: NonNullable<Parameters<typeof chooseFigures>[2]['recompose']>,
): Promise<DraftRecord> {
  const { draft, input, stored, figures } = chosen;
  const label = formatDraftId(draft.id);
  const composed = await recompose(stored, draft.network, 'digest', figures);
  const keyCards = composed.posts.flatMap((post) => post.media).filter((m) => m.spec.template === 'key-figures');
  const cut = keyCards
    .flatMap((card) => card.cut ?? [])
    .map((item) => figures[item.index])
    .filter((f): f is Figure => f !== undefined);
  refuseCut(label, cut);
  // Composing moves a figure no card can hold off the cards, as `figure-too-long`: chosen, it is refused.
  const tooLong = (composed.omitted ?? []).filter((item) => item.reason === 'figure-too-long');
  if (tooLong.length > 0) {
    const names = tooLong.map((item) => `« ${item.text} »`).join(', ');
    throw refused(
      `${label}: ${tooLong.map((item) => `"${item.text}"`).join(', ')} cannot be drawn whole on the card, even at the smallest size; choose fewer figures or shorter ones`,
      `${label} : ${names} ne tient pas en entier sur la carte, même à la plus petite taille ; choisissez moins de chiffres ou d’autres chiffres`,
    );
  }
  const content: DraftContent = {
    network: draft.network,
    posts: composed.posts.map((post) => ({
      text: post.text,
      media: post.media.map((card) => storeCardFile(card, context.store)),
    })),
    warnings: [...composed.warnings],
    format: 'digest',
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
      data: { figures: input.choice, figureValues: figures.map((f) => f.value), recomposed: 'digest' },
    }),
  );
}
