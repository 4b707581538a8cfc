import { pickKeyFigures } from '../../src/cards/plan.js';
import { frenchLongDate } from '../../src/update/french-dates.js';
import type { Bullet, Figure, Section, Update } from '../../src/update/types.js';
import { escapeHtml, safeHref, spansHtml } from './html.js';

/** What every page, the index and the feed share. */
export interface SiteInfo {
  /** Absolute, ending with `/`. */
  baseUrl: string;
  /** Name of the news index and the feed. */
  title: string;
  author: string;
  /** IANA zone revision times are shown in. */
  timeZone: string;
}

/** A card as the page shows it: its copy beside the page, with the card's alt text. */
export interface PageImage {
  url: string;
  alt: string;
  width: number;
  height: number;
  template: 'key-figures' | 'highlights';
  /** The section a highlights card illustrates, by heading (as written) and by position. */
  heading?: string;
  sectionIndex?: number;
}

export const FEED_FILE = 'feed.xml';
export const STYLE_FILE = 'style.css';

/** The page's title line: updates share a title, so the date tells them apart. */
export function entryTitle(update: Update): string {
  return `${update.title} – ${frenchLongDate(update.date)}`;
}

/**
 * The update as an HTML fragment: key figures, every section and bullet, the cards, the link.
 * Headings start at h2 (the page's h1 is the title) and never skip a level. Used as the page's
 * article and as the feed entry's content, so every URL in it is absolute.
 */
export function articleBody(update: Update, images: readonly PageImage[]): string {
  const out: string[] = [];
  const unplaced = [...images];
  const take = (match: (image: PageImage) => boolean): PageImage[] => {
    const found = unplaced.filter(match);
    for (const image of found) unplaced.splice(unplaced.indexOf(image), 1);
    return found;
  };

  const figures = pickKeyFigures(update.figures);
  const figureCards = take((image) => image.template === 'key-figures');
  if (figures.length > 0 || figureCards.length > 0) {
    out.push('<section class="chiffres-cles" aria-labelledby="chiffres-cles">');
    out.push('<h2 id="chiffres-cles">Chiffres clés</h2>');
    if (figures.length > 0) out.push(`<ul class="chiffres">\n${figures.map(figureItem).join('\n')}\n</ul>`);
    out.push(...figureCards.map(imageHtml));
    out.push('</section>');
  }

  const levels = headingLevels(update.sections);
  update.sections.forEach((section, index) => {
    const heading = section.heading.trim();
    const level = levels[index] ?? 2;
    if (heading) out.push(`<h${level}>${escapeHtml(heading)}</h${level}>`);
    for (const paragraph of section.paragraphs) out.push(`<p>${escapeHtml(paragraph)}</p>`);
    if (section.bullets.length > 0) out.push(listHtml(section.bullets));
    const byHeading = take(
      (image) => image.heading !== undefined && image.heading.trim() === heading && heading !== '',
    );
    const cards = byHeading.length > 0 ? byHeading : take((image) => image.sectionIndex === index && !image.heading);
    out.push(...cards.map(imageHtml));
  });

  if (unplaced.length > 0) {
    out.push('<section class="en-images" aria-labelledby="en-images">');
    out.push('<h2 id="en-images">En images</h2>');
    out.push(...unplaced.map(imageHtml));
    out.push('</section>');
  }

  const href = update.link ? safeHref(update.link) : undefined;
  if (href) {
    out.push(
      `<p class="en-savoir-plus">Pour en savoir plus\u00A0: <a href="${escapeHtml(href)}">${escapeHtml(displayUrl(href))}</a></p>`,
    );
  }
  return out.join('\n');
}

export interface PageInput {
  site: SiteInfo;
  update: Update;
  pageUrl: string;
  body: string;
  /** Set when the page was replaced after its first publication. */
  revisedAt?: Date;
  /** The key-figures card, for link previews. */
  previewImage?: PageImage;
  /** From the page to the site's root (`../../../` for a dated page): its style sheet and links. */
  root?: string;
}

/** A whole news page: one h1, the date, the article, links to the index and the feed. */
export function pageHtml(input: PageInput): string {
  const { site, update, pageUrl } = input;
  const description = update.subtitle ?? entryTitle(update);
  const head = [
    `<title>${escapeHtml(`${entryTitle(update)} | ${site.title}`)}</title>`,
    `<meta name="description" content="${escapeHtml(description)}">`,
    `<link rel="canonical" href="${escapeHtml(pageUrl)}">`,
    `<meta property="og:type" content="article">`,
    `<meta property="og:title" content="${escapeHtml(entryTitle(update))}">`,
    `<meta property="og:url" content="${escapeHtml(pageUrl)}">`,
    ...(input.previewImage
      ? [
          `<meta property="og:image" content="${escapeHtml(input.previewImage.url)}">`,
          `<meta property="og:image:alt" content="${escapeHtml(input.previewImage.alt)}">`,
        ]
      : []),
  ];
  const dates = [`Publié le <time datetime="${update.date}">${escapeHtml(frenchLongDate(update.date))}</time>`];
  if (input.revisedAt) {
    dates.push(
      `mis à jour le <time datetime="${input.revisedAt.toISOString()}">${escapeHtml(frenchDateTime(input.revisedAt, site.timeZone))}</time>`,
    );
  }
  const main = [
    '<article class="mise-a-jour">',
    '<header class="mise-a-jour-entete">',
    `<h1>${escapeHtml(update.title)}</h1>`,
    ...(update.subtitle ? [`<p class="sous-titre">${escapeHtml(update.subtitle)}</p>`] : []),
    `<p class="date">${dates.join(', ')}</p>`,
    '</header>',
    input.body,
    '</article>',
  ].join('\n');
  return documentHtml(site, head, main, input.root ?? '../../../');
}

/**
 * The page frame shared by news pages and the index. Its style sheet, feed and home links are
 * relative to the page (`root` leads from it to the site's root), so the pages work wherever they
 * are opened from: `127.0.0.1` or `localhost`, the page's `/site/` or the organisation's server.
 */
export function documentHtml(site: SiteInfo, head: string[], main: string, root: string): string {
  const base = escapeHtml(root === '' ? './' : root);
  return `<!doctype html>
<html lang="fr-CA">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
${head.join('\n')}
<link rel="stylesheet" href="${base}${STYLE_FILE}">
<link rel="alternate" type="application/atom+xml" title="${escapeHtml(site.title)}" href="${base}${FEED_FILE}">
</head>
<body>
<a class="aller-au-contenu" href="#contenu">Aller au contenu</a>
<header class="site-entete">
<p class="site-nom"><a href="${base}">${escapeHtml(site.title)}</a></p>
</header>
<main id="contenu">
${main}
</main>
<footer class="site-pied">
<nav aria-label="Nouvelles">
<ul>
<li><a href="${base}">Toutes les mises à jour</a></li>
<li><a href="${base}${FEED_FILE}">S’abonner au fil Atom</a></li>
</ul>
</nav>
</footer>
</body>
</html>
`;
}

/** `14 mai 2026 à 10 h 05`, in the organisation's zone. */
export function frenchDateTime(instant: Date, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('fr-CA', {
    timeZone,
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    hour: 'numeric',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(instant);
  const get = (type: Intl.DateTimeFormatPartTypes) => parts.find((part) => part.type === type)?.value ?? '';
  const day = get('day') === '1' ? '1er' : get('day');
  return `${day} ${get('month')} ${get('year')} à ${Number(get('hour'))}\u00A0h\u00A0${get('minute')}`;
}

/** Heading levels from h2 down, one step deeper at most, whatever levels the update used. */
function headingLevels(sections: readonly Section[]): number[] {
  let previous = 1;
  return sections.map((section) => {
    if (!section.heading.trim()) return previous;
    const level = Math.min(section.level + 1, previous + 1, 6);
    previous = level;
    return level;
  });
}

/** A section's bullets as lists: a numbered run becomes an `<ol>` from its first number. */
function listHtml(bullets: readonly Bullet[]): string {
  const runs: Bullet[][] = [];
  bullets.forEach((bullet, i) => {
    const previous = bullets[i - 1];
    const continues =
      previous !== undefined &&
      (bullet.ordinal === undefined
        ? previous.ordinal === undefined
        : previous.ordinal !== undefined && bullet.ordinal === previous.ordinal + 1);
    if (continues) runs.at(-1)!.push(bullet);
    else runs.push([bullet]);
  });
  return runs.map(runHtml).join('\n');
}

function runHtml(run: readonly Bullet[]): string {
  const items = run.map((bullet) => {
    const children = bullet.children.length > 0 ? `\n${listHtml(bullet.children)}\n` : '';
    return `<li>${spansHtml(bullet.spans)}${children}</li>`;
  });
  const start = run[0]?.ordinal;
  if (start === undefined) return `<ul>\n${items.join('\n')}\n</ul>`;
  return `<ol${start === 1 ? '' : ` start="${start}"`}>\n${items.join('\n')}\n</ol>`;
}

/** A key figure as listed on the page, with its total, its place (a regional figure) and its date. */
function figureItem(figure: Figure): string {
  const context = [figure.total ? `sur ${figure.total.value}` : '', figure.place ?? '', figure.refersTo ?? ''].filter(
    Boolean,
  );
  const contextHtml =
    context.length > 0 ? ` <span class="chiffre-contexte">(${escapeHtml(context.join(', '))})</span>` : '';
  return `<li><span class="chiffre-valeur">${escapeHtml(figure.value)}</span> <span class="chiffre-libelle">${escapeHtml(figure.label)}</span>${contextHtml}</li>`;
}

function imageHtml(image: PageImage): string {
  return `<figure class="carte"><img src="${escapeHtml(image.url)}" alt="${escapeHtml(image.alt)}" width="${image.width}" height="${image.height}" loading="lazy"></figure>`;
}

function displayUrl(href: string): string {
  return href.replace(/^https?:\/\//u, '').replace(/\/$/u, '');
}
