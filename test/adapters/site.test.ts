import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { type HTMLElement, parse as parseHtml } from 'node-html-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDryRunAdapter, createDryRunJournal } from '../../adapters/dry-run/index.js';
import { classifySiteError } from '../../adapters/site/classify.js';
import { createSiteAdapter, listRecords } from '../../adapters/site/index.js';
import type { Prepared } from '../../src/pipeline/prepare.js';
import { prepareParsed } from '../../src/pipeline/prepare.js';
import type { NetworkAdapter, PostPart } from '../../src/publish/port.js';
import { ContentRejectedError, NetworkConfigError, TransientError } from '../../src/publish/port-errors.js';
import { parseUpdateText } from '../../src/update/parse.js';
import type { Bullet, Update } from '../../src/update/types.js';
import { sampleUpdate } from '../render/sample-update.js';
import { sampleConfig } from './site-fixtures.js';

const BASE = 'https://www.example.org/nouvelles/';
let dir: string;
let sample: Prepared;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'crieur-site-'));
  sample = await prepareParsed(sampleUpdate(), { loaded: sampleConfig(dir), outDir: join(dir, 'cards') });
});

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

function siteAdapter(name: string, clock: { at: Date } = { at: new Date('2026-05-14T13:00:00Z') }) {
  const outputDir = join(dir, name, 'public');
  const adapter = createSiteAdapter({
    outputDir,
    baseUrl: BASE,
    stagingDir: join(dir, name, 'staging'),
    title: 'Mises à jour quotidiennes',
    author: 'Équipe des communications',
    timeZone: 'America/Toronto',
    now: () => clock.at,
  });
  return { adapter, outputDir, clock };
}

function siteDraft(prepared: Prepared = sample) {
  const draft = prepared.drafts.find((candidate) => candidate.network === 'site');
  if (!draft) throw new Error('no site draft');
  return draft;
}

function partOf(text: string, key = '2026-05-14:site:0'): PostPart {
  return { key, index: 0, total: 1, text };
}

async function publish(adapter: NetworkAdapter, prepared: Prepared = sample) {
  const post = siteDraft(prepared).posts[0]!;
  const media = [];
  for (const card of post.media) media.push(await adapter.uploadMedia(card));
  return adapter.createPost(partOf(post.text), media);
}

const xml = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@_', isArray: (name) => name === 'entry' });

function readFeed(outputDir: string) {
  return xml.parse(readFileSync(join(outputDir, 'feed.xml'), 'utf8')).feed;
}

function readPage(outputDir: string, date = '2026-05-14'): HTMLElement {
  return parseHtml(readFileSync(join(outputDir, ...date.split('-'), 'index.html'), 'utf8'));
}

function allBullets(update: Update): Bullet[] {
  const out: Bullet[] = [];
  const visit = (bullets: Bullet[]) => {
    for (const bullet of bullets) {
      out.push(bullet);
      visit(bullet.children);
    }
  };
  for (const section of update.sections) visit(section.bullets);
  return out;
}

/** Text without its spaces: the page applies French typography (`7%` → `7 %`, `14h15` → `14 h 15`). */
function words(text: string): string {
  return text.replace(/[\s\u00A0\u202F]+/gu, '');
}

describe('website adapter', () => {
  it('publishes the sample as a news page, an index and an Atom feed with absolute links', async () => {
    const { adapter, outputDir } = siteAdapter('sample');
    const ref = await publish(adapter);
    expect(ref).toEqual({ network: 'site', id: '2026-05-14', url: `${BASE}2026/05/14/` });
    for (const file of ['index.html', 'feed.xml', 'style.css', '2026/05/14/index.html', '2026/05/14/page.json']) {
      expect(existsSync(join(outputDir, file)), file).toBe(true);
    }
    const index = parseHtml(readFileSync(join(outputDir, 'index.html'), 'utf8'));
    expect(index.querySelectorAll('h1')).toHaveLength(1);
    expect(index.querySelector(`a[href="${BASE}2026/05/14/"]`)?.text).toBe('Mise à jour quotidienne – 14 mai 2026');
    expect(index.querySelector('link[rel="alternate"]')?.getAttribute('href')).toBe(`${BASE}feed.xml`);
  });

  it('writes a feed with every element Atom requires', async () => {
    const { adapter, outputDir } = siteAdapter('atom');
    await publish(adapter);
    const feed = readFeed(outputDir);
    expect(feed['@_xmlns']).toBe('http://www.w3.org/2005/Atom');
    expect(feed.id).toBe(`${BASE}feed.xml`);
    expect(feed.title).toBe('Mises à jour quotidiennes');
    expect(new Date(feed.updated).toISOString()).toBe('2026-05-14T13:00:00.000Z');
    expect(feed.author.name).toBe('Équipe des communications');
    expect(feed.entry).toHaveLength(1);
    const entry = feed.entry[0];
    expect(entry.id).toBe('tag:www.example.org,2026-05-14:/nouvelles/2026/05/14/');
    expect(entry.title['#text']).toBe('Mise à jour quotidienne – 14 mai 2026');
    expect(new Date(entry.updated).toISOString()).toBe('2026-05-14T13:00:00.000Z');
    expect(new Date(entry.published).toISOString()).toBe('2026-05-14T13:00:00.000Z');
    expect(entry.link['@_href']).toBe(`${BASE}2026/05/14/`);
    expect(entry.author.name).toBe('Équipe des communications');
    const content = parseHtml(entry.content['#text']);
    expect(content.querySelectorAll('li').length).toBeGreaterThanOrEqual(allBullets(sample.update).length);
    for (const img of content.querySelectorAll('img')) expect(img.getAttribute('src')).toMatch(/^https:\/\//);
  });

  it('puts every section, bullet, key figure, card and the link on an accessible page', async () => {
    const { adapter, outputDir } = siteAdapter('page');
    await publish(adapter);
    const page = readPage(outputDir);
    expect(page.querySelector('html')?.getAttribute('lang')).toBe('fr-CA');
    expect(page.querySelectorAll('h1').map((h) => h.text)).toEqual(['Mise à jour quotidienne']);
    expect(page.querySelectorAll('table')).toHaveLength(0);
    expect(page.querySelector('time')?.getAttribute('datetime')).toBe('2026-05-14');

    const levels = page.querySelectorAll('h1, h2, h3, h4, h5, h6').map((h) => Number(h.tagName.slice(1)));
    levels.forEach((level, i) => {
      if (i > 0) expect(level - levels[i - 1]!, `heading ${i}`).toBeLessThanOrEqual(1);
    });
    const headings = page.querySelectorAll('h2, h3, h4').map((h) => words(h.text));
    for (const section of sample.update.sections) expect(headings).toContain(words(section.heading));

    const itemText = page.querySelectorAll('article li').map((li) => words(li.text));
    for (const bullet of allBullets(sample.update)) {
      expect(
        itemText.some((text) => text.startsWith(words(bullet.text))),
        bullet.text,
      ).toBe(true);
    }

    const figures = page.querySelectorAll('.chiffres li').map((li) => words(li.text));
    expect(figures).toHaveLength(4);
    expect(figures[0]).toContain(words('22 460 utilisateurs connectés au DSN'));

    const images = page.querySelectorAll('img');
    const cards = siteDraft().posts[0]!.media;
    expect(images).toHaveLength(cards.length);
    expect(cards.map((card) => card.spec.template).sort()).toEqual(['highlights', 'highlights', 'key-figures']);
    for (const img of images) {
      const alt = img.getAttribute('alt') ?? '';
      expect(alt.trim().length).toBeGreaterThan(0);
      expect(cards.map((card) => card.alt)).toContain(alt);
      const src = img.getAttribute('src') ?? '';
      expect(src.startsWith(`${BASE}2026/05/14/`)).toBe(true);
      expect(existsSync(join(outputDir, '2026', '05', '14', src.slice(`${BASE}2026/05/14/`.length)))).toBe(true);
    }
    expect(page.querySelector('.en-savoir-plus a')?.getAttribute('href')).toBe('https://www.santequebec.gouv.qc.ca/');
    expect(page.querySelector('link[rel="stylesheet"]')?.getAttribute('href')).toBe(`${BASE}style.css`);
  });

  it('keeps a numbered list numbered, from its first number', async () => {
    const update = parseUpdateText(
      [
        '---',
        'date: 2026-05-14',
        'title: Mise à jour quotidienne',
        '---',
        '# Étapes',
        '3. Former les équipes',
        '4. Ouvrir les accès',
        '   1. Urgence',
        '   2. Pharmacie',
        '- Une puce',
        '',
      ].join('\n'),
      'etapes.md',
    );
    const prepared = await prepareParsed(update, { loaded: sampleConfig(dir), outDir: join(dir, 'cards-ol') });
    const { adapter, outputDir } = siteAdapter('numbered');
    await publish(adapter, prepared);
    const page = readPage(outputDir);
    const outer = page.querySelector('article ol');
    expect(outer?.getAttribute('start')).toBe('3');
    expect(outer?.querySelectorAll(':scope > li').map((li) => li.firstChild?.text.trim())).toEqual([
      'Former les équipes',
      'Ouvrir les accès',
    ]);
    const inner = outer?.querySelector('ol');
    expect(inner?.hasAttribute('start')).toBe(false);
    expect(inner?.querySelectorAll('li').map((li) => li.text.trim())).toEqual(['Urgence', 'Pharmacie']);
    expect(page.querySelector('article ul li')?.text.trim()).toBe('Une puce');
  });

  it('publishing the same update again rewrites the same page and keeps exactly one entry', async () => {
    const { adapter, outputDir, clock } = siteAdapter('again');
    await publish(adapter);
    const feedBefore = readFileSync(join(outputDir, 'feed.xml'), 'utf8');
    const pageBefore = readFileSync(join(outputDir, '2026', '05', '14', 'index.html'), 'utf8');
    clock.at = new Date('2026-05-14T13:05:00Z');
    const again = await publish(adapter);
    expect(again.id).toBe('2026-05-14');
    expect(readFeed(outputDir).entry).toHaveLength(1);
    expect(readFileSync(join(outputDir, 'feed.xml'), 'utf8')).toBe(feedBefore);
    expect(readFileSync(join(outputDir, '2026', '05', '14', 'index.html'), 'utf8')).toBe(pageBefore);
    expect(await listRecords(outputDir)).toHaveLength(1);
  });

  it('replaces the page of a superseded update and marks its entry updated', async () => {
    const { adapter, outputDir, clock } = siteAdapter('superseded');
    await publish(adapter);
    const corrected = sampleUpdate();
    corrected.sections[0]!.bullets[0]!.text = 'La continuité des soins a été assurée partout.';
    corrected.sections[0]!.bullets[0]!.spans = [{ kind: 'text', text: corrected.sections[0]!.bullets[0]!.text }];
    const prepared = await prepareParsed(corrected, { loaded: sampleConfig(dir), outDir: join(dir, 'cards') });
    clock.at = new Date('2026-05-14T14:30:00Z');
    await publish(adapter, prepared);

    const feed = readFeed(outputDir);
    expect(feed.entry).toHaveLength(1);
    expect(new Date(feed.entry[0].published).toISOString()).toBe('2026-05-14T13:00:00.000Z');
    expect(new Date(feed.entry[0].updated).toISOString()).toBe('2026-05-14T14:30:00.000Z');
    expect(new Date(feed.updated).toISOString()).toBe('2026-05-14T14:30:00.000Z');
    const page = readPage(outputDir);
    expect(page.text).toContain('La continuité des soins a été assurée partout.');
    expect(page.text).not.toContain("Malgré l'ampleur du changement");
    expect(page.querySelector('.date')?.text.replace(/\s+/gu, ' ')).toBe(
      'Publié le 14 mai 2026, mis à jour le 14 mai 2026 à 10 h 30',
    );
  });

  it('lists several updates newest first, one entry each', async () => {
    const { adapter, outputDir } = siteAdapter('several');
    const next = sampleUpdate();
    next.date = '2026-05-15';
    const older = sampleUpdate();
    older.date = '2026-05-13';
    for (const update of [sample.update, next, older]) {
      await publish(adapter, await prepareParsed(update, { loaded: sampleConfig(dir), outDir: join(dir, 'cards') }));
    }
    const feed = readFeed(outputDir);
    expect(feed.entry.map((entry: { id: string }) => entry.id)).toEqual([
      'tag:www.example.org,2026-05-15:/nouvelles/2026/05/15/',
      'tag:www.example.org,2026-05-14:/nouvelles/2026/05/14/',
      'tag:www.example.org,2026-05-13:/nouvelles/2026/05/13/',
    ]);
    const index = parseHtml(readFileSync(join(outputDir, 'index.html'), 'utf8'));
    expect(index.querySelectorAll('.liste-nouvelles h2').map((h) => h.text)).toEqual([
      'Mise à jour quotidienne – 15 mai 2026',
      'Mise à jour quotidienne – 14 mai 2026',
      'Mise à jour quotidienne – 13 mai 2026',
    ]);
  });

  it('findPost finds the page only when it holds this exact text', async () => {
    const { adapter, outputDir } = siteAdapter('find');
    const text = siteDraft().posts[0]!.text;
    const since = new Date('2026-05-14T00:00:00Z');
    expect(await adapter.findPost(partOf(text), since)).toBeNull();
    await publish(adapter);
    expect(await adapter.findPost(partOf(text), since)).toEqual({
      network: 'site',
      id: '2026-05-14',
      url: `${BASE}2026/05/14/`,
    });
    expect(await adapter.findPost(partOf(text.replace('continuité', 'stabilité')), since)).toBeNull();
    // A page changed by hand no longer counts as this post: publishing again rewrites it.
    const pagePath = join(outputDir, '2026', '05', '14', 'index.html');
    writeFileSync(pagePath, '<p>autre chose</p>');
    expect(await adapter.findPost(partOf(text), since)).toBeNull();
  });

  it('escapes every text it writes', async () => {
    const { adapter, outputDir } = siteAdapter('escape');
    const update = sampleUpdate();
    update.title = 'Santé & <services>';
    update.sections[0]!.heading = 'Titre <img src=x onerror=alert(1)>';
    update.sections[0]!.bullets[0]!.text = '<script>alert("x")</script> & *étoile* [lien]';
    update.sections[0]!.bullets[0]!.spans = [{ kind: 'text', text: update.sections[0]!.bullets[0]!.text }];
    await publish(adapter, await prepareParsed(update, { loaded: sampleConfig(dir), outDir: join(dir, 'cards') }));
    const page = readPage(outputDir);
    expect(page.querySelectorAll('script')).toHaveLength(0);
    expect(page.querySelector('h1')?.text).toBe('Santé & <services>');
    expect(page.querySelectorAll('h2').map((h) => h.text)).toContain('Titre <img src=x onerror=alert(1)>');
    expect(page.querySelectorAll('article li').map((li) => li.text)).toContain(
      '<script>alert("x")</script> & *étoile* [lien]',
    );
    expect(page.querySelectorAll('img').every((img) => img.getAttribute('alt'))).toBe(true);
    const feed = readFeed(outputDir);
    expect(parseHtml(feed.entry[0].title['#text']).text).toBe('Santé & <services> – 14 mai 2026');
  });

  it('refuses a page text it cannot read, and a reply', async () => {
    const { adapter } = siteAdapter('refuse');
    await expect(adapter.createPost(partOf('Pas un document de mise à jour'), [])).rejects.toBeInstanceOf(
      ContentRejectedError,
    );
    const text = siteDraft().posts[0]!.text;
    const ref = { network: 'site' as const, id: '2026-05-13' };
    await expect(adapter.createPost(partOf(text), [], { root: ref, parent: ref })).rejects.toBeInstanceOf(
      ContentRejectedError,
    );
  });

  it('verify names SITE_OUTPUT_DIR when the folder cannot be written', async () => {
    const blocker = join(dir, 'not-a-folder');
    writeFileSync(blocker, 'file');
    const adapter = createSiteAdapter({
      outputDir: join(blocker, 'public'),
      baseUrl: BASE,
      stagingDir: join(dir, 'blocked-staging'),
      title: 'Nouvelles',
      author: 'Équipe',
      timeZone: 'America/Toronto',
    });
    const error = await adapter.verify().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(NetworkConfigError);
    expect((error as NetworkConfigError).variable).toBe('SITE_OUTPUT_DIR');
    expect((error as NetworkConfigError).messageFr).toContain('SITE_OUTPUT_DIR');
    expect(await siteAdapter('verify').adapter.verify()).toEqual({ network: 'site', account: BASE });
  });

  it('classifies a full disk as temporary and a refused write as configuration', () => {
    const full = classifySiteError(Object.assign(new Error('no space'), { code: 'ENOSPC' }), '/srv/site', {
      en: 'publish the page',
      fr: 'publier la page',
    });
    expect(full).toBeInstanceOf(TransientError);
    expect(full.retry).toBe('safe');
    expect(full.messageFr).toContain('disque est plein');
    const denied = classifySiteError(Object.assign(new Error('denied'), { code: 'EACCES' }), '/srv/site', {
      en: 'publish the page',
      fr: 'publier la page',
    });
    expect(denied).toBeInstanceOf(NetworkConfigError);
    expect(denied.retry).toBe('never');
  });
});

describe('website dry run', () => {
  it('accepts the sample, refuses unreadable text, and answers a second publication with the same page', async () => {
    const journal = createDryRunJournal();
    const adapter = createDryRunAdapter('site', {
      record: journal.record,
      now: () => new Date('2026-05-14T13:00:00Z'),
    });
    const first = await publish(adapter);
    const second = await publish(adapter);
    expect(second).toEqual(first);
    await expect(adapter.createPost(partOf('---\ntitle: x\n---\n'), [])).rejects.toBeInstanceOf(ContentRejectedError);
    expect(journal.entries.filter((entry) => entry.kind === 'upload')).toHaveLength(6);
  });
});
