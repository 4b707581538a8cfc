import type { CardSpec, RenderedCard } from '../cards/types.js';
import { NETWORK_FACTS, type NetworkId, networkLabel } from '../networks/index.js';
import type { StoredMedia } from '../store/types.js';
import type { QueueContext } from './context.js';
import { publishedUpdates } from './corrections.js';
import { storeCardFile } from './media-files.js';
import { refused } from './refusals.js';

/** A key figure of the published card (1-based, as the card shows them) and its corrected value. */
export interface FigureCorrection {
  index: number;
  value: string;
}

/** Reads `2=1 016` (figure 2 of the card now reads « 1 016 »). */
export function parseFigureCorrection(text: string): FigureCorrection {
  const match = /^\s*(\d{1,2})\s*=\s*(\S(?:.*\S)?)\s*$/u.exec(text);
  if (!match) {
    throw refused(
      `--figure takes N=VALUE (the figure's number on the card, then its corrected value), got "${text}"`,
      `--figure attend N=VALEUR (le numéro du chiffre sur la carte, puis sa valeur corrigée), reçu « ${text} »`,
    );
  }
  return { index: Number(match[1]), value: (match[2] as string).normalize('NFC') };
}

/**
 * The corrected card for each network where the update of `date` is online and a correction can
 * carry an image (X and Bluesky replies, the website's box): the key-figures card that went out,
 * drawn again with the corrected values, its alt text saying them. Rendered and stored before the
 * correction drafts are queued, so their content hash binds the exact image.
 */
export async function correctedCards(
  context: QueueContext,
  input: { date: string; network?: NetworkId; figures: readonly FigureCorrection[] },
  render: (spec: CardSpec, network: NetworkId) => Promise<RenderedCard>,
): Promise<Partial<Record<NetworkId, StoredMedia>>> {
  const cards: Partial<Record<NetworkId, StoredMedia>> = {};
  if (input.figures.length === 0) return cards;
  for (const draft of publishedUpdates(context, input.date, input.network)) {
    if (!NETWORK_FACTS[draft.network].correctionImages) continue;
    const published = draft.content.posts
      .flatMap((post) => post.media)
      .find((media) => media.spec.template === 'key-figures');
    if (published === undefined || published.spec.template !== 'key-figures') {
      throw refused(
        `the update of ${input.date} on ${draft.network} carried no key-figures card to correct`,
        `la mise à jour du ${input.date} sur ${networkLabel(draft.network)} n’avait pas de carte des chiffres clés à corriger`,
      );
    }
    const figures = published.spec.figures.map((figure) => ({ ...figure }));
    for (const correction of input.figures) {
      const figure = figures[correction.index - 1];
      if (figure === undefined) {
        throw refused(
          `the card of ${input.date} has no figure ${correction.index} (it shows ${figures.length})`,
          `la carte du ${input.date} n’a pas de chiffre ${correction.index} (elle en montre ${figures.length})`,
        );
      }
      // The alt text reads the figure's own sentence: it must say the corrected value, not the old one.
      const sentence = figure.sentence?.includes(figure.value)
        ? figure.sentence.replace(figure.value, correction.value)
        : undefined;
      const { sentence: _old, ...rest } = figure;
      figures[correction.index - 1] = { ...rest, value: correction.value, ...(sentence ? { sentence } : {}) };
    }
    const spec: CardSpec = { ...published.spec, figures };
    const card = await render(spec, draft.network);
    cards[draft.network] = storeCardFile(card, context.store);
  }
  return cards;
}
