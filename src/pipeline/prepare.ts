import { dirname } from 'node:path';
import { planCards } from '../cards/plan.js';
import { composeDrafts } from '../compose/compose.js';
import { mergeFormats } from '../compose/formats.js';
import type { RenderedDraft } from '../compose/types.js';
import type { LoadedConfig } from '../config/load.js';
import { createCardRenderer, renderDraftCards } from '../render/index.js';
import { parseUpdateFile } from '../update/parse.js';
import type { Update } from '../update/types.js';
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
  const update = parseUpdateFile(path);
  return prepareParsed(update, deps);
}

export async function prepareParsed(update: Update, deps: { loaded: LoadedConfig; outDir: string }): Promise<Prepared> {
  const { config, path: configPath } = deps.loaded;
  const cards = planCards(update);
  const composed = composeDrafts(
    update,
    {
      networks: config.networks,
      hashtags: config.hashtags,
      numbering: config.numbering,
      maxThreadPosts: config.maxThreadPosts,
      formats: mergeFormats(config.formats, update.formats),
      maxDigestPosts: config.maxDigestPosts,
      ...siteUrlOption(deps.loaded, update.date),
    },
    cards,
  );
  const renderer = createCardRenderer({ branding: config.branding, baseDir: dirname(configPath) });
  const drafts = await renderDraftCards(composed, renderer, deps.outDir);
  return { update, drafts };
}

function siteUrlOption(loaded: LoadedConfig, date: string): { siteUrl?: string } {
  const url = sitePageUrl(loaded, date);
  return url ? { siteUrl: url } : {};
}
