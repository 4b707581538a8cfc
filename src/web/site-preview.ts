import { articleBody, type PageImage, pageHtml, readSiteText } from '../app/registry.js';
import type { LoadedConfig } from '../config/load.js';
import { CrieurError } from '../errors.js';
import type { DraftRecord } from '../queue/page-reads.js';
import { escapeHtml } from './html.js';

/** The preview is a page of its own in a frame of the draft page: its style sheet and the cards, nothing else. */
export const SITE_PREVIEW_CSP =
  "default-src 'none'; style-src 'self'; img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'self'";

/**
 * The website draft rendered by the website channel's own page renderer, as it will be published:
 * never its Markdown and front matter. Cards come from the store's media; links to the site's index
 * and feed lead nowhere in a preview.
 */
export function sitePreviewHtml(draft: DraftRecord, loaded: LoadedConfig): string {
  const post = draft.content.posts[0];
  if (post === undefined) return '';
  let update: ReturnType<typeof readSiteText>;
  try {
    update = readSiteText(post.text);
  } catch (error) {
    if (!(error instanceof CrieurError)) throw error;
    return `<!doctype html><html lang="fr-CA"><head><meta charset="utf-8"><title>Aperçu impossible</title></head><body><p>${escapeHtml(
      `La page ne peut pas être composée : ${error.messageFr}`,
    )}</p></body></html>`;
  }
  const images: PageImage[] = post.media.map((media) => ({
    url: `/medias/${media.file}`,
    alt: media.alt,
    width: media.width,
    height: media.height,
    template: media.spec.template,
    ...(media.spec.template === 'highlights'
      ? { heading: media.spec.heading, sectionIndex: media.spec.anchor.sectionIndex }
      : {}),
  }));
  return pageHtml({
    site: {
      baseUrl: 'https://example.invalid/',
      title: loaded.config.site.title,
      author: loaded.config.site.author,
      timeZone: loaded.config.timezone,
    },
    update,
    pageUrl: '/',
    body: articleBody(update, images),
    root: '/apercu-site/',
  });
}
