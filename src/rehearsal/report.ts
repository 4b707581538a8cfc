import { randomBytes } from 'node:crypto';
import { copyFile, mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { basename, extname, join } from 'node:path';
import type { NetworkId } from '../networks/index.js';
import { renderRehearsalHtml } from './report-html.js';

export interface RehearsalMedia {
  /** Where the card is; in the written report, relative to the report (`media/<file>`). */
  path: string;
  alt: string;
  mime: string;
  width: number;
  height: number;
  bytes: number;
}

export interface RehearsalPost {
  /** 0-based position in the thread. */
  index: number;
  text: string;
  /**
   * As the network counts; `label` is what the preview shows, `length / limit` with French digit
   * grouping; `valid` is false when the network would refuse the post.
   */
  count: { length: number; limit: number; label: string; valid?: boolean };
  media: RehearsalMedia[];
  /** The (simulated) id of the post this one replies to. */
  replyTo?: string;
  /** ISO instant the dry-run adapter accepted the post. */
  sentAt?: string;
  remoteId?: string;
}

export interface RehearsalNetwork {
  network: NetworkId;
  status: string;
  posts: RehearsalPost[];
  /**
   * French, for the team: what a reviewer must settle before the real morning (a decision on what
   * is left out, a post too long, an image without alt text), then the draft's own warnings
   * (content cut or left out, @handles, cards).
   */
  warnings: string[];
  errors: string[];
  durationMs: number;
  /** What of the update this network's draft does not hold, and why (absent in older reports). */
  omitted?: RehearsalOmission[];
  /** Whether, on the real morning, a person must accept what is left out (`approve --accept-omissions`). */
  needsDecision?: boolean;
}

export interface RehearsalOmission {
  text: string;
  section: string;
  reason: string;
}

/** A warning about the update itself, as `crieur check` gives it. */
export interface RehearsalWarning {
  /** 1-based line in the update file, when known. */
  line?: number;
  message: string;
  messageFr: string;
}

export interface RehearsalReport {
  id: string;
  /** ISO instant the rehearsal ran. */
  createdAt: string;
  updateFile: string;
  /** `YYYY-MM-DD` of the update. */
  date: string;
  /** ISO instant the rehearsal pretended it was. */
  simulatedAt: string;
  publishAt: string;
  networks: RehearsalNetwork[];
  /**
   * What `crieur check` warns about in the update (figures, characters the cards cannot draw,
   * @handles, what the intake left out); absent in older reports.
   */
  warnings?: RehearsalWarning[];
  /** With `--correct` or `--retract`: what the correction and the retraction did on each network. */
  followUps?: RehearsalFollowUp[];
}

/** A rehearsed correction or retraction on one network. */
export interface RehearsalFollowUp {
  kind: 'correction' | 'retraction';
  network: string;
  status: string;
  /** The correction's posts, or the retraction's notice. */
  texts: string[];
  /** Posts a correction published, or posts a retraction deleted. */
  done: number;
}

export interface WriteReportOptions {
  /** IANA zone the times are shown in (default America/Toronto). */
  timeZone?: string;
}

export const MEDIA_DIR = 'media';

/**
 * Writes `report.json` and `report.html` into `dir` (created when missing), each atomically, and
 * copies every card into `dir/media/` so the report stands on its own. A card that cannot be
 * copied is listed among its network's errors.
 */
export async function writeRehearsalReport(
  report: RehearsalReport,
  dir: string,
  options: WriteReportOptions = {},
): Promise<{ jsonPath: string; htmlPath: string }> {
  await mkdir(join(dir, MEDIA_DIR), { recursive: true });
  const copied = new Map<string, string>();
  const missingMedia = new Set<string>();
  const taken = new Set<string>();
  const networks: RehearsalNetwork[] = [];
  for (const network of report.networks) {
    const errors = [...network.errors];
    const posts: RehearsalPost[] = [];
    for (const post of network.posts) {
      const media: RehearsalMedia[] = [];
      for (const card of post.media) {
        let name = copied.get(card.path);
        if (name === undefined) {
          name = freeMediaName(card.path, taken);
          taken.add(name);
          copied.set(card.path, name);
          try {
            await atomicCopy(card.path, join(dir, MEDIA_DIR, name));
          } catch {
            missingMedia.add(`${MEDIA_DIR}/${name}`);
            errors.push(`Image introuvable ou illisible : ${basename(card.path)}`);
          }
        }
        media.push({ ...card, path: `${MEDIA_DIR}/${name}` });
      }
      posts.push({ ...post, count: { ...post.count }, media });
    }
    networks.push({
      ...network,
      posts,
      warnings: [...network.warnings],
      errors,
      ...(network.omitted ? { omitted: network.omitted.map((item) => ({ ...item })) } : {}),
    });
  }
  const written: RehearsalReport = { ...report, networks };
  const jsonPath = join(dir, 'report.json');
  const htmlPath = join(dir, 'report.html');
  await atomicWrite(jsonPath, `${JSON.stringify(written, null, 2)}\n`);
  await atomicWrite(htmlPath, renderRehearsalHtml(written, { timeZone: options.timeZone, missingMedia }));
  return { jsonPath, htmlPath };
}

/** A file name safe in a URL and on every filesystem, unique within the report. */
function freeMediaName(source: string, taken: ReadonlySet<string>): string {
  const extension = extname(source)
    .replace(/[^A-Za-z0-9.]/g, '')
    .toLowerCase();
  const stem =
    basename(source, extname(source))
      .replace(/[^A-Za-z0-9_-]+/g, '-')
      .slice(0, 80) || 'carte';
  for (let attempt = 1; ; attempt++) {
    const name = `${attempt === 1 ? stem : `${stem}-${attempt}`}${extension}`;
    if (!taken.has(name)) return name;
  }
}

async function atomicWrite(path: string, content: string): Promise<void> {
  const temporary = `${path}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    await writeFile(temporary, content, 'utf8');
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}

async function atomicCopy(source: string, target: string): Promise<void> {
  const temporary = `${target}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    await copyFile(source, temporary);
    await rename(temporary, target);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}
