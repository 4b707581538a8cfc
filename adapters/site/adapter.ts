import { createHash } from 'node:crypto';
import { access, constants, mkdir, readdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { RenderedCard } from '../../src/cards/types.js';
import { SITE } from '../../src/networks/site.js';
import type { AccountInfo, MediaRef, NetworkAdapter, PostPart, RemoteRef } from '../../src/publish/port.js';
import { ContentRejectedError, PublishError } from '../../src/publish/port-errors.js';
import type { Update } from '../../src/update/types.js';
import { writeFileAtomic } from './atomic-write.js';
import { normaliseBaseUrl } from './base-url.js';
import { classifySiteError } from './classify.js';
import { siteCorrections } from './corrections.js';
import { readSiteText } from './document.js';
import { atomFeed } from './feed.js';
import { indexHtml } from './index-page.js';
import { articleBody, entryTitle, FEED_FILE, type PageImage, pageHtml, type SiteInfo, STYLE_FILE } from './page.js';
import { listRecords, type PageRecord, pagePath, readRecord, writeRecord } from './record.js';
import { SITE_CSS } from './style.js';

export interface SiteAdapterOptions {
  /** Folder the web server publishes (SITE_OUTPUT_DIR). */
  outputDir: string;
  /** Public address of `outputDir` (SITE_BASE_URL); every link in the pages and the feed is absolute. */
  baseUrl: string;
  /** Private folder where cards wait between upload and publication (not published). */
  stagingDir: string;
  /** Name of the news index and the feed. */
  title: string;
  /** Atom author of the feed and its entries. */
  author: string;
  timeZone: string;
  now?: () => Date;
}

/** What `uploadMedia` keeps in a MediaRef so `createPost` can place the card. */
interface SiteMediaData {
  /** File name in the staging folder: `<sha256>.<ext>`. */
  file: string;
  sha256: string;
  extension: 'png' | 'jpg';
  /** The rendered card, used again if the staged copy went missing. */
  source: string;
  template: 'key-figures' | 'highlights';
  heading?: string;
  sectionIndex?: number;
}

const INDEX_FILE = 'index.html';

/**
 * The organisation's website as a network: a post is a whole update, published as a static news page
 * under `YYYY/MM/DD/` with its cards beside it, listed in the index and the Atom feed. Publishing the
 * same update again rewrites the same page and entry; a replaced update rewrites them and marks the
 * entry updated. Every file is written atomically; the page's record is written last.
 */
export function createSiteAdapter(options: SiteAdapterOptions): NetworkAdapter {
  const site: SiteInfo = {
    baseUrl: normaliseBaseUrl(options.baseUrl),
    title: options.title,
    author: options.author,
    timeZone: options.timeZone,
  };
  const { outputDir, stagingDir } = options;
  const now = options.now ?? (() => new Date());
  // Writes of the index and feed must not interleave within one process.
  let queue: Promise<unknown> = Promise.resolve();
  const serially = <T>(task: () => Promise<T>): Promise<T> => {
    const run = queue.then(task, task);
    queue = run.catch(() => undefined);
    return run;
  };
  const guard = async <T>(doing: { en: string; fr: string }, task: () => Promise<T>): Promise<T> => {
    try {
      return await task();
    } catch (error) {
      if (error instanceof PublishError) throw error;
      throw classifySiteError(error, outputDir, doing);
    }
  };

  const pageUrl = (date: string) => `${site.baseUrl}${pagePath(date)}/`;

  async function regenerate(extra?: PageRecord): Promise<void> {
    const records = (await listRecords(outputDir)).filter((record) => record.date !== extra?.date);
    if (extra) records.push(extra);
    records.sort((a, b) => b.date.localeCompare(a.date));
    await writeFileAtomic(join(outputDir, INDEX_FILE), indexHtml(site, records));
    await writeFileAtomic(join(outputDir, FEED_FILE), atomFeed(site, records));
    const style = join(outputDir, STYLE_FILE);
    if (!(await exists(style))) await writeFileAtomic(style, SITE_CSS);
  }

  async function placeCards(update: Update, media: MediaRef[]): Promise<PageImage[]> {
    const dir = join(outputDir, pagePath(update.date));
    const images: PageImage[] = [];
    const keep = new Set<string>();
    for (const ref of media) {
      const data = ref.data as SiteMediaData | undefined;
      if (ref.network !== 'site' || !data?.file) {
        throw new ContentRejectedError(
          'site',
          `website: media ${ref.id} was not uploaded to the website`,
          `Site Web : l’image ${ref.id} n’a pas été préparée pour le site.`,
        );
      }
      const name = `${data.sha256.slice(0, 16)}.${data.extension}`;
      keep.add(name);
      const target = join(dir, name);
      if (!(await exists(target))) {
        const staged = join(stagingDir, data.file);
        const bytes = await readFile((await exists(staged)) ? staged : data.source);
        await writeFileAtomic(target, bytes);
      }
      images.push({
        url: `${pageUrl(update.date)}${name}`,
        alt: ref.alt,
        width: ref.width,
        height: ref.height,
        template: data.template,
        ...(data.heading === undefined ? {} : { heading: data.heading }),
        ...(data.sectionIndex === undefined ? {} : { sectionIndex: data.sectionIndex }),
      });
    }
    // Cards of a replaced version that the new one no longer shows.
    for (const name of await readdir(dir)) {
      if (/^[0-9a-f]{16}\.(png|jpg)$/u.test(name) && !keep.has(name)) await rm(join(dir, name), { force: true });
    }
    return images;
  }

  return {
    id: 'site',
    limits: SITE.limits,
    ...siteCorrections({ outputDir, stagingDir, site, now, serially, guard, regenerate: () => regenerate() }),

    async verify(): Promise<AccountInfo> {
      return guard({ en: 'write', fr: 'écrire' }, async () => {
        for (const dir of [outputDir, stagingDir]) {
          await mkdir(dir, { recursive: true });
          const probe = join(dir, `.crieur-verify-${process.pid}`);
          await writeFileAtomic(probe, '');
          await rm(probe, { force: true });
        }
        return { network: 'site', account: site.baseUrl };
      });
    },

    async uploadMedia(card: RenderedCard): Promise<MediaRef> {
      if (card.alt.trim() === '') {
        throw new ContentRejectedError(
          'site',
          'website: image without alt text',
          'Site Web : l’image n’a pas de texte de remplacement.',
        );
      }
      return guard({ en: 'copy the image', fr: 'copier l’image' }, async () => {
        const bytes = await readFile(card.path);
        const sha256 = createHash('sha256').update(bytes).digest('hex');
        if (sha256 !== card.sha256) {
          throw new ContentRejectedError(
            'site',
            `website: ${card.path} changed since it was rendered`,
            'Site Web : l’image a changé depuis son approbation.',
          );
        }
        const extension = card.mime === 'image/jpeg' ? 'jpg' : 'png';
        const file = `${sha256}.${extension}`;
        const staged = join(stagingDir, file);
        if (!(await exists(staged))) await writeFileAtomic(staged, bytes);
        const data: SiteMediaData = {
          file,
          sha256,
          extension,
          source: card.path,
          template: card.spec.template,
          ...(card.spec.template === 'highlights'
            ? { heading: card.spec.heading, sectionIndex: card.spec.anchor.sectionIndex }
            : {}),
        };
        return { network: 'site', id: file, alt: card.alt, width: card.width, height: card.height, data };
      });
    },

    async createPost(part: PostPart, media: MediaRef[], replyTo?: { root: RemoteRef; parent: RemoteRef }) {
      if (replyTo) {
        throw new ContentRejectedError(
          'site',
          'website: a page is not a reply',
          'Site Web : une page ne peut pas répondre à une autre publication.',
        );
      }
      const update = readSiteText(part.text);
      return serially(() =>
        guard({ en: 'publish the page', fr: 'publier la page' }, async () => {
          const url = pageUrl(update.date);
          const dir = join(outputDir, pagePath(update.date));
          await mkdir(dir, { recursive: true });
          const images = await placeCards(update, media);
          const textSha256 = sha256Hex(part.text);
          const mediaIds = media.map((ref) => ref.id);
          const existing = await readRecord(outputDir, update.date);
          const unchanged =
            existing !== undefined &&
            existing.textSha256 === textSha256 &&
            existing.mediaIds.join('\n') === mediaIds.join('\n');
          const at = now().toISOString();
          const published = existing?.published ?? at;
          const updated = unchanged ? existing.updated : existing ? at : published;
          // The feed's copy keeps absolute URLs; the page's own uses its images' names, beside it.
          const body = articleBody(update, images);
          const pageBody = articleBody(
            update,
            images.map((image) => ({ ...image, url: image.url.slice(url.length) })),
          );
          const html = pageHtml({
            site,
            update,
            pageUrl: url,
            body: pageBody,
            ...(updated === published ? {} : { revisedAt: new Date(updated) }),
            ...previewImage(images),
          });
          await writeFileAtomic(join(dir, INDEX_FILE), html);
          const record: PageRecord = {
            format: 1,
            date: update.date,
            title: entryTitle(update),
            ...(update.subtitle ? { subtitle: update.subtitle } : {}),
            url,
            key: part.key,
            textSha256,
            mediaIds,
            pageSha256: sha256Hex(html),
            published,
            updated,
            contentHtml: body,
          };
          await regenerate(record);
          await writeRecord(outputDir, record);
          // Again from disk: another process publishing at the same time is listed too.
          await regenerate();
          return { network: 'site' as const, id: update.date, url };
        }),
      );
    },

    async findPost(part: PostPart): Promise<RemoteRef | null> {
      let date: string;
      try {
        date = readSiteText(part.text).date;
      } catch {
        return null;
      }
      return guard({ en: 'read the page', fr: 'lire la page' }, async () => {
        const record = await readRecord(outputDir, date);
        if (!record || record.textSha256 !== sha256Hex(part.text)) return null;
        const page = await readFile(join(outputDir, pagePath(date), INDEX_FILE), 'utf8').catch(() => undefined);
        if (page === undefined || sha256Hex(page) !== record.pageSha256) return null;
        return { network: 'site', id: date, url: record.url };
      });
    },
  };
}

function previewImage(images: PageImage[]): { previewImage?: PageImage } {
  const image = images.find((candidate) => candidate.template === 'key-figures') ?? images[0];
  return image ? { previewImage: image } : {};
}

function sha256Hex(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

async function exists(path: string): Promise<boolean> {
  try {
    await access(path, constants.F_OK);
    return true;
  } catch {
    return false;
  }
}
