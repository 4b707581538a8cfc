import { rm } from 'node:fs/promises';
import type { CardSpec, RenderedCard } from '../cards/types.js';
import type { Omitted } from '../compose/omitted.js';
import type { DraftPost, RenderedDraft } from '../compose/types.js';
import { frenchSentence } from '../i18n/sentence.js';
import { NETWORK_FACTS, type NetworkId } from '../networks/index.js';
import type { CardRenderer } from '../render/renderer.js';
import type { Figure } from '../update/types.js';

type KeyFigures = Extract<CardSpec, { template: 'key-figures' }>;

/**
 * Cards never cut a figure. A key figure the renderer could not draw whole on its card, even at the
 * smallest size, moves to a second key-figures card in the same post (fewer tiles, more room) when
 * the network takes one more image there. A figure no card can hold (or that has no room to move
 * to) is left off the cards: the draft lists it in `omitted` (`figure-too-long`), which puts it in
 * `needs_decision` until a person acknowledges it. The posts' text keeps every figure.
 */
export async function fitKeyFigures(
  drafts: readonly RenderedDraft[],
  renderer: CardRenderer,
  outDir: string,
): Promise<void> {
  const replaced = new Set<string>();
  // Every card drawn on the way, so the tries not attached can be removed.
  const tracked: CardRenderer = {
    ...renderer,
    async render(spec, network, dir) {
      const card = await renderer.render(spec, network, dir);
      replaced.add(card.path);
      return card;
    },
  };
  for (const draft of drafts) {
    for (const post of draft.posts) {
      const index = post.media.findIndex((card) => card.spec.template === 'key-figures' && (card.cut ?? []).length > 0);
      if (index < 0) continue;
      const card = post.media[index] as RenderedCard;
      const { cards, left } = await refit(card, post, draft.network, tracked, outDir);
      post.media.splice(index, 1, ...cards);
      replaced.add(card.path);
      if (left.length === 0) continue;
      draft.omitted = [...(draft.omitted ?? []), ...left.map(omission)];
      draft.warnings.push(...left.map((figure) => leftOffWarning(figure, card)));
    }
  }
  // The cut cards and the tries drawn on the way are not sent: only the cards attached stay in `outDir`.
  const attached = new Set(drafts.flatMap((draft) => draft.posts.flatMap((post) => post.media.map((m) => m.path))));
  for (const path of replaced) if (!attached.has(path)) await rm(path, { force: true });
}

async function refit(
  card: RenderedCard,
  post: DraftPost,
  network: NetworkId,
  renderer: CardRenderer,
  outDir: string,
): Promise<{ cards: RenderedCard[]; left: Figure[] }> {
  const spec = card.spec as KeyFigures;
  const cutAt = new Set((card.cut ?? []).map((cut) => cut.index));
  const kept = spec.figures.filter((_, i) => !cutAt.has(i));
  const moving = spec.figures.filter((_, i) => cutAt.has(i));
  const cards: RenderedCard[] = [];
  const left: Figure[] = [];
  if (kept.length > 0) {
    const first = await drawWhole({ ...spec, figures: kept }, network, renderer, outDir);
    if (first.card) cards.push(first.card);
    left.push(...first.left);
  }
  // The second card takes the place the first one leaves when nothing else stays on it.
  const room = NETWORK_FACTS[network].limits.maxImages - post.media.length + (cards.length === 0 ? 1 : 0);
  if (room >= 1) {
    const second = await drawWhole({ ...spec, figures: moving }, network, renderer, outDir);
    if (second.card) cards.push(second.card);
    left.push(...second.left);
  } else {
    left.push(...moving);
  }
  return { cards, left };
}

/** The card with its figures, less any still cut (drawn again without them); none when none is left. */
async function drawWhole(
  spec: KeyFigures,
  network: NetworkId,
  renderer: CardRenderer,
  outDir: string,
): Promise<{ card?: RenderedCard; left: Figure[] }> {
  let figures = spec.figures;
  const left: Figure[] = [];
  while (figures.length > 0) {
    const card = await renderer.render({ ...spec, figures }, network, outDir);
    const cut = new Set((card.cut ?? []).map((item) => item.index));
    if (cut.size === 0) return { card, left };
    left.push(...figures.filter((_, i) => cut.has(i)));
    figures = figures.filter((_, i) => !cut.has(i));
  }
  return { left };
}

function describe(figure: Figure): string {
  const total = figure.total ? ` sur ${figure.total.value}` : '';
  const place = figure.place ? ` (${figure.place})` : '';
  return `${figure.value}${total} ${figure.label}${place}`;
}

function omission(figure: Figure): Omitted {
  return { text: describe(figure), section: figure.section ?? '', reason: 'figure-too-long' };
}

function leftOffWarning(figure: Figure, card: RenderedCard): string {
  return frenchSentence(
    `Carte des chiffres clés (${card.width}\u00a0×\u00a0${card.height}) : le chiffre « ${describe(figure)} » ne tient sur aucune carte, même à la plus petite taille ; il est retiré des cartes (le texte le garde). Raccourcissez son libellé ou choisissez d’autres chiffres (crieur edit --figures), ou acceptez-le à l’approbation.`,
  );
}
