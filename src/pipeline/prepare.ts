import { dirname } from 'node:path';
import { glyphWarnings } from '../cards/glyph-warnings.js';
import { planCards } from '../cards/plan.js';
import { composeDrafts } from '../compose/compose.js';
import { mergeFormats } from '../compose/formats.js';
import { mentionWarnings, withMentions } from '../compose/mentions.js';
import type { RenderedDraft } from '../compose/types.js';
import type { LoadedConfig } from '../config/load.js';
import type { NetworkId } from '../networks/index.js';
import { createCardRenderer, renderDraftCards } from '../render/index.js';
import { readUpdateFile } from '../update/read-update.js';
import type { Figure, Update } from '../update/types.js';
import { cardCacheFor } from './card-cache-dir.js';
import { fitKeyFigures } from './fit-figures.js';
import { sitePageUrl } from './site-url.js';

export interface Prepared {
  update: Update;
  drafts: RenderedDraft[];
}

/**
 * The whole path from an update file to the exact drafts that would be sent: parse, plan the cards,
 * compose per network, render the cards into `outDir`. Stores nothing.
 */
export async function prepareUpdate(path: string, deps: { loaded: LoadedConfig; outDir: string }): Promise<Prepared> {
  const update = await readUpdateFile(path, { timeZone: deps.loaded.config.timezone });
  return prepareParsed(update, deps);
}

export async function prepareParsed(
  update: Update,
  deps: {
    loaded: LoadedConfig;
    outDir: string;
    /** Only these networks (default: the configured ones). */
    only?: NetworkId[];
    /** The key figures the team chose for the card (default: the update's, by importance). */
    cardFigures?: Figure[];
  },
): Promise<Prepared> {
  const { config, path: configPath } = deps.loaded;
  // Cards and their alt text name an organisation by its plain name, as the website does.
  const forCards = deps.cardFigures ? { ...update, figures: deps.cardFigures } : update;
  const cards = planCards(withMentions(forCards, 'site', config.accounts), {
    typography: config.typography,
    glossary: config.glossary,
  });
  const composed = composeDrafts(
    update,
    {
      networks: deps.only ?? config.networks,
      hashtags: config.hashtags,
      numbering: config.numbering,
      maxThreadPosts: config.maxThreadPosts,
      typography: config.typography,
      formats: mergeFormats(config.formats, update.formats),
      maxDigestPosts: config.maxDigestPosts,
      accounts: config.accounts,
      ...siteUrlOption(deps.loaded, update.date),
    },
    cards,
  );
  const renderer = createCardRenderer({
    branding: config.branding,
    baseDir: dirname(configPath),
    cache: cardCacheFor(deps.loaded),
  });
  const drafts = await renderDraftCards(composed, renderer, deps.outDir);
  await fitKeyFigures(drafts, renderer, deps.outDir);
  const missing = [
    ...new Set(drafts.flatMap((draft) => draft.posts.flatMap((post) => post.media.flatMap((m) => m.missing ?? [])))),
  ];
  const warnings = glyphWarnings(update, missing);
  if (warnings.length > 0) {
    update.warnings = [...(update.warnings ?? []), ...warnings];
    for (const draft of drafts) {
      const drawnHere = draft.posts.some((post) => post.media.some((m) => (m.missing ?? []).length > 0));
      if (drawnHere) draft.warnings.push(...warnings.map((warning) => warning.messageFr));
    }
  }
  for (const draft of drafts) draft.warnings.push(...cutWarnings(draft));
  const mentions = mentionWarnings(update, config.accounts, deps.only ?? config.networks);
  if (mentions.length > 0) {
    update.warnings = [...(update.warnings ?? []), ...mentions];
    for (const draft of drafts) {
      const here = mentionWarnings(update, config.accounts, [draft.network]);
      draft.warnings.push(...here.map((warning) => warning.messageFr));
    }
  }
  return { update, drafts };
}

/**
 * A key figure that cannot be shown whole on a card even at the smallest size: the team must
 * shorten its label or drop it from the card before approving.
 */
export function cutWarnings(draft: RenderedDraft): string[] {
  const names: Record<string, string> = { value: 'valeur', total: 'total', label: 'libellé', place: 'lieu' };
  return draft.posts.flatMap((post) =>
    post.media.flatMap((card) =>
      (card.cut ?? []).map((cut) => {
        const figure = card.spec.template === 'key-figures' ? card.spec.figures[cut.index] : undefined;
        const what = figure ? `« ${figure.value} ${figure.label} »` : `n° ${cut.index + 1}`;
        const parts = cut.parts.map((part) => names[part] ?? part).join(', ');
        return `Carte des chiffres clés (${card.width} × ${card.height}) : le chiffre ${what} ne tient pas en entier, même à la plus petite taille (${parts}) ; raccourcissez son libellé ou retirez-le de la carte (crieur edit --figures) avant d’approuver.`;
      }),
    ),
  );
}

function siteUrlOption(loaded: LoadedConfig, date: string): { siteUrl?: string } {
  const url = sitePageUrl(loaded, date);
  return url ? { siteUrl: url } : {};
}
