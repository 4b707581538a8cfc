import { createHash } from 'node:crypto';
import { access, copyFile, readdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { CorrectionPort, MediaRef, PostPart, RemoteRef, RetractionNotice } from '../../src/publish/port.js';
import { ContentRejectedError } from '../../src/publish/port-errors.js';
import { writeFileAtomic } from './atomic-write.js';
import { escapeHtml } from './html.js';
import { documentHtml, frenchDateTime, type SiteInfo } from './page.js';
import { type PageRecord, pagePath, readRecord, writeRecord } from './record.js';

/** A « Correctif » box on a published page, as its record keeps it. */
export interface SiteCorrection {
  /** The correction part's key: one box per correction, whatever the retries. */
  key: string;
  textSha256: string;
  at: string;
  html: string;
}

/** What the site's record adds for corrections and a retraction (optional: older records lack them). */
export interface CorrectedRecord extends PageRecord {
  corrections?: SiteCorrection[];
  retracted?: { at: string; notice: string };
}

export interface SiteCorrectionDeps {
  outputDir: string;
  stagingDir: string;
  site: SiteInfo;
  now: () => Date;
  serially: <T>(task: () => Promise<T>) => Promise<T>;
  guard: <T>(doing: { en: string; fr: string }, task: () => Promise<T>) => Promise<T>;
  /** Rewrites the index and the feed from the records on disk. */
  regenerate: () => Promise<void>;
}

const PAGE_FILE = 'index.html';
const BOX = /<aside class="correctif" id="(correctif-[0-9a-f]{12})">[\s\S]*?<\/aside>\n/g;

/**
 * The website's corrections: a « Correctif » box with its date and time at the top of the page and of
 * the feed entry, whose `updated` moves; a retraction replaces the page with a short notice, removes
 * its cards and updates the entry. The page's record is written last, as for a post.
 */
export function siteCorrections(deps: SiteCorrectionDeps): CorrectionPort {
  const { outputDir, site } = deps;
  const pageFile = (date: string) => join(outputDir, pagePath(date), PAGE_FILE);

  async function record(date: string): Promise<CorrectedRecord> {
    const found = (await readRecord(outputDir, date)) as CorrectedRecord | undefined;
    if (found === undefined) {
      throw new ContentRejectedError(
        'site',
        `website: no page for ${date}`,
        `Site Web : aucune page publiée pour le ${date}.`,
      );
    }
    return found;
  }

  async function save(next: CorrectedRecord, html: string): Promise<void> {
    await writeFileAtomic(pageFile(next.date), html);
    await writeRecord(outputDir, { ...next, pageSha256: sha256Hex(html) });
    await deps.regenerate();
  }

  return {
    createCorrection: (part: PostPart, media: MediaRef[], target: RemoteRef) =>
      deps.serially(() =>
        deps.guard({ en: 'correct the page', fr: 'corriger la page' }, async () => {
          const current = await record(target.id);
          if (current.retracted) {
            throw new ContentRejectedError(
              'site',
              `website: the page of ${target.id} was retracted`,
              'Site Web : la page a été retirée; il n’y a rien à corriger.',
            );
          }
          const id = boxId(part.key);
          const existing = current.corrections?.find((item) => item.key === part.key);
          if (existing) return { network: 'site', id: `${target.id}#${id}`, url: `${current.url}#${id}` };
          const at = deps.now();
          const images = await placeImages(deps, target.id, media);
          const html = boxHtml(id, part.text, at, site.timeZone, images);
          const page = await readFile(pageFile(target.id), 'utf8');
          const corrections = [
            ...(current.corrections ?? []),
            { key: part.key, textSha256: sha256Hex(part.text), at: at.toISOString(), html },
          ];
          const next: CorrectedRecord = {
            ...current,
            corrections,
            updated: at.toISOString(),
            contentHtml: `${[...corrections]
              .reverse()
              .map((item) => item.html)
              .join('')}${current.contentHtml.replace(BOX, '')}`,
          };
          await save(next, page.replace('<main id="contenu">\n', `<main id="contenu">\n${html}`));
          return { network: 'site', id: `${target.id}#${id}`, url: `${current.url}#${id}` };
        }),
      ),

    findCorrection: (part: PostPart, target: RemoteRef) =>
      deps.guard({ en: 'read the page', fr: 'lire la page' }, async () => {
        const current = (await readRecord(outputDir, target.id)) as CorrectedRecord | undefined;
        const found = current?.corrections?.find(
          (item) => item.key === part.key && item.textSha256 === sha256Hex(part.text),
        );
        if (!current || !found) return null;
        const page = await readFile(pageFile(target.id), 'utf8').catch(() => '');
        if (sha256Hex(page) !== current.pageSha256) return null;
        const id = boxId(part.key);
        return { network: 'site', id: `${target.id}#${id}`, url: `${current.url}#${id}` };
      }),

    deletePost: (ref: RemoteRef, notice: RetractionNotice) =>
      deps.serially(() =>
        deps.guard({ en: 'retract the page', fr: 'retirer la page' }, async () => {
          const [date, box] = ref.id.split('#') as [string, string | undefined];
          const current = await record(date);
          if (current.retracted) return 'gone';
          if (box !== undefined) {
            // A correction box goes with the page's retraction notice: only the record forgets it.
            const corrections = current.corrections?.filter((item) => boxId(item.key) !== box) ?? [];
            if (corrections.length === (current.corrections?.length ?? 0)) return 'gone';
            const page = await readFile(pageFile(date), 'utf8');
            const html = page.replace(new RegExp(`<aside class="correctif" id="${box}">[\\s\\S]*?</aside>\\n`), '');
            await save(
              {
                ...current,
                corrections,
                contentHtml: current.contentHtml.replace(BOX, (m, id) => (id === box ? '' : m)),
              },
              html,
            );
            return 'deleted';
          }
          const at = notice.at.toISOString();
          const body = noticeHtml(notice, site.timeZone);
          const html = documentHtml(
            site,
            [
              `<title>${escapeHtml(`Publication retirée | ${site.title}`)}</title>`,
              '<meta name="robots" content="noindex">',
            ],
            body,
            '../../../',
          );
          for (const name of await readdir(join(outputDir, pagePath(date)))) {
            if (/^[0-9a-f]{16}\.(png|jpg)$/u.test(name))
              await rm(join(outputDir, pagePath(date), name), { force: true });
          }
          const { corrections: _dropped, ...rest } = current;
          await save(
            {
              ...rest,
              title: `Publication retirée : ${current.title}`,
              retracted: { at, notice: notice.text },
              updated: at,
              contentHtml: body,
              mediaIds: [],
            },
            html,
          );
          return 'deleted';
        }),
      ),

    postExists: (ref: RemoteRef) =>
      deps.guard({ en: 'read the page', fr: 'lire la page' }, async () => {
        const [date, box] = ref.id.split('#') as [string, string | undefined];
        const current = (await readRecord(outputDir, date)) as CorrectedRecord | undefined;
        if (!current || current.retracted) return false;
        return box === undefined || (current.corrections ?? []).some((item) => boxId(item.key) === box);
      }),
  };
}

function boxId(key: string): string {
  return `correctif-${sha256Hex(key).slice(0, 12)}`;
}

function boxHtml(
  id: string,
  text: string,
  at: Date,
  timeZone: string,
  images: Array<{ name: string; alt: string; width: number; height: number }>,
): string {
  const paragraphs = text
    .split(/\n{2,}/)
    .map((paragraph) => `<p>${escapeHtml(paragraph).replace(/\n/g, '<br>')}</p>`)
    .join('\n');
  const figures = images
    .map(
      (image) =>
        `<img src="${escapeHtml(image.name)}" alt="${escapeHtml(image.alt)}" width="${image.width}" height="${image.height}">`,
    )
    .join('\n');
  return [
    `<aside class="correctif" id="${id}">`,
    `<p class="correctif-titre"><strong>Correctif</strong> — <time datetime="${at.toISOString()}">${escapeHtml(frenchDateTime(at, timeZone))}</time></p>`,
    paragraphs,
    ...(figures ? [figures] : []),
    '</aside>',
    '',
  ].join('\n');
}

function noticeHtml(notice: RetractionNotice, timeZone: string): string {
  return [
    '<article class="retrait">',
    '<h1>Publication retirée</h1>',
    `<p class="date">Retirée le <time datetime="${notice.at.toISOString()}">${escapeHtml(frenchDateTime(notice.at, timeZone))}</time></p>`,
    `<p>${escapeHtml(notice.text)}</p>`,
    '</article>',
  ].join('\n');
}

/** A corrected card goes beside the page, under its content-addressed name. */
async function placeImages(
  deps: SiteCorrectionDeps,
  date: string,
  media: MediaRef[],
): Promise<Array<{ name: string; alt: string; width: number; height: number }>> {
  const placed = [];
  for (const ref of media) {
    const data = ref.data as { file?: string; sha256?: string; extension?: string; source?: string } | undefined;
    if (!data?.file || !data.sha256 || !data.extension) {
      throw new ContentRejectedError(
        'site',
        `website: media ${ref.id} was not uploaded to the website`,
        `Site Web : l’image ${ref.id} n’a pas été préparée pour le site.`,
      );
    }
    const name = `c${data.sha256.slice(0, 15)}.${data.extension}`;
    const staged = join(deps.stagingDir, data.file);
    const from = (await exists(staged)) ? staged : (data.source ?? staged);
    await copyFile(from, join(deps.outputDir, pagePath(date), name));
    placed.push({ name, alt: ref.alt, width: ref.width, height: ref.height });
  }
  return placed;
}

async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}

function sha256Hex(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
