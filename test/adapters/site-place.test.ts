import { readFileSync } from 'node:fs';
import { parse as parseHtml } from 'node-html-parser';
import { describe, expect, it } from 'vitest';
import { readSiteText } from '../../adapters/site/document.js';
import { articleBody } from '../../adapters/site/page.js';
import { composeDrafts } from '../../src/compose/compose.js';
import { DEFAULT_FORMATS } from '../../src/compose/formats.js';
import { parseUpdateText } from '../../src/update/parse.js';

const FILE = new URL('../update/files/emoji-label.md', import.meta.url).pathname;

describe('the website page lists each key figure with its place', () => {
  it('a regional figure reads with its region, from the approved site text', () => {
    const update = parseUpdateText(readFileSync(FILE, 'utf8'), FILE);
    const [site] = composeDrafts(
      update,
      { networks: ['site'], hashtags: [], numbering: 'n/N', maxThreadPosts: 25, formats: DEFAULT_FORMATS },
      [],
    );
    // The page is written from the site draft's text, as approved.
    const fromText = readSiteText(site!.posts[0]!.text);
    const page = parseHtml(articleBody(fromText, []));
    const items = page.querySelectorAll('.chiffres li').map((li) => li.text.replace(/\s+/gu, ' '));
    const laval = items.find((item) => item.includes('92'));
    expect(laval).toMatch(/^92\s?% rendez-vous confirmés \(Laval\)$/u);
    // Update-wide figures have no place.
    expect(items.filter((item) => item.includes('Laval'))).toHaveLength(1);
  });
});
