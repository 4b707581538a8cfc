import { escapeHtml } from './html.js';
import { documentHtml, FEED_FILE, type SiteInfo } from './page.js';
import { type PageRecord, pagePath } from './record.js';

/** The news index: every published update, newest first, each linking to its page. */
export function indexHtml(site: SiteInfo, records: readonly PageRecord[]): string {
  const items = records.map((record) => {
    const subtitle = record.subtitle ? `\n<p class="sous-titre">${escapeHtml(record.subtitle)}</p>` : '';
    return `<li>
<h2><a href="${escapeHtml(`${pagePath(record.date)}/`)}">${escapeHtml(record.title)}</a></h2>${subtitle}
</li>`;
  });
  const list =
    items.length > 0
      ? `<ul class="liste-nouvelles">\n${items.join('\n')}\n</ul>`
      : '<p>Aucune mise à jour publiée pour le moment.</p>';
  const main = [
    `<h1>${escapeHtml(site.title)}</h1>`,
    `<p class="abonnement"><a href="${FEED_FILE}">S’abonner au fil Atom</a></p>`,
    list,
  ].join('\n');
  const head = [
    `<title>${escapeHtml(site.title)}</title>`,
    `<link rel="canonical" href="${escapeHtml(site.baseUrl)}">`,
    `<meta name="description" content="${escapeHtml(site.title)}">`,
  ];
  return documentHtml(site, head, main, '');
}
