import { Feed } from 'feed';
import { escapeHtml } from './html.js';
import { FEED_FILE, type SiteInfo } from './page.js';
import type { PageRecord } from './record.js';

/** Entries in the feed: the latest updates, enough for a reader that was away a few weeks. */
export const FEED_ENTRIES = 50;

/**
 * A stable Atom id for an update's entry, from the base URL and the update date (RFC 4151 tag URI):
 * the same update keeps its id whenever its page is rewritten or replaced.
 */
export function entryId(baseUrl: string, date: string): string {
  const base = new URL(baseUrl);
  return `tag:${base.hostname},${date}:${base.pathname}${date.split('-').join('/')}/`;
}

/** The Atom 1.0 feed of the pages, newest update first. */
export function atomFeed(site: SiteInfo, records: readonly PageRecord[]): string {
  const entries = [...records].sort((a, b) => b.date.localeCompare(a.date)).slice(0, FEED_ENTRIES);
  const updated =
    entries
      .map((record) => record.updated)
      .sort()
      .at(-1) ?? '';
  const feed = new Feed({
    id: `${site.baseUrl}${FEED_FILE}`,
    title: site.title,
    link: site.baseUrl,
    feed: `${site.baseUrl}${FEED_FILE}`,
    language: 'fr-CA',
    // An empty feed still needs an `updated`: a fixed instant keeps the file identical between runs.
    updated: new Date(updated || 0),
    generator: 'crieur',
    author: { name: site.author },
  });
  for (const record of entries) {
    feed.addItem({
      // Atom titles here are typed html: the text is escaped once for that.
      title: escapeHtml(record.title),
      id: entryId(site.baseUrl, record.date),
      link: record.url,
      date: new Date(record.updated),
      published: new Date(record.published),
      ...(record.subtitle ? { description: escapeHtml(record.subtitle) } : {}),
      content: record.contentHtml,
      author: [{ name: site.author }],
    });
  }
  // The library has no option for the feed's language; Atom carries it as xml:lang on the root.
  return feed
    .atom1()
    .replace(
      '<feed xmlns="http://www.w3.org/2005/Atom">',
      '<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="fr-CA">',
    );
}
