import { createHash } from 'node:crypto';
import type { Root } from 'mdast';
import { fromMarkdown } from 'mdast-util-from-markdown';
import { UpdateFileError } from '../errors.js';
import { hashtagLine } from './body-hashtags.js';
import { beforeColon, labelHeading } from './colon-lines.js';
import { resolveDate, takeReadMoreLink, titleWithoutDate } from './inferred-metadata.js';
import { buildUpdate, checkMarkdownSource } from './parse.js';
import type { IntakeWarning, Update } from './types.js';
import { dateLine, findWrittenDate } from './written-date.js';

/**
 * Plain text as the team pastes it (`.txt`, or Markdown without front matter): title, subtitle and a
 * dated line at the top, headings as short lines, `- ` bullets with sub-bullets indented by a space or
 * more. Each line becomes its Markdown equivalent on the same line, so every message keeps the
 * file's line numbers, and the result goes through the Markdown path.
 */
export function parsePlainText(text: string, path: string): Update {
  const source = text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  const lines = source.split('\n').map((line) => line.replace(/[ \t\u00A0]+$/u, ''));
  const warnings: IntakeWarning[] = [];
  const header = readHeader(lines, path);
  for (const index of header.lines) lines[index] = '';
  dropLeftovers(lines, warnings);
  const explicitHeadings = lines.some((line) => /^#{1,6}[ \t]/.test(line));
  const markdown = toMarkdown(lines, explicitHeadings, warnings);
  checkMarkdownSource(markdown, path);
  let tree: Root;
  try {
    tree = fromMarkdown(markdown);
  } catch (error) {
    throw new UpdateFileError(
      path,
      undefined,
      `unreadable text: ${(error as Error).message}`,
      `texte illisible : ${(error as Error).message}`,
    );
  }
  const body = tree.children;
  const link = takeReadMoreLink(body);
  const date = resolveDate(
    {
      ...(header.title !== undefined && { title: header.title }),
      ...(header.dateText !== undefined && { dateLine: header.dateText }),
      fileName: path,
    },
    path,
  );
  const meta = {
    date,
    title: header.title === undefined ? '' : titleWithoutDate(header.title),
    hashtags: [] as string[],
    ...(header.subtitle !== undefined && { subtitle: header.subtitle }),
    ...(link !== undefined && { link }),
  };
  if (meta.title === '') {
    throw new UpdateFileError(
      path,
      1,
      'no title: the first line of the text must be the title (e.g. "Mise à jour quotidienne")',
      'aucun titre : la première ligne du texte doit être le titre (p. ex. « Mise à jour quotidienne »)',
    );
  }
  const update = buildUpdate(body, meta, {
    path,
    sha256: createHash('sha256').update(text).digest('hex'),
    contentLine: (header.lines.at(-1) ?? 0) + 2,
  });
  update.intake = { format: 'text', warnings };
  return update;
}

interface Header {
  title?: string;
  subtitle?: string;
  /** The dated line (« Jeudi 14 mai 2026 »), or the title when it holds the date. */
  dateText?: string;
  date?: string;
  /** 0-based indexes of the lines the header took. */
  lines: number[];
}

const BULLET = /^([ \t]*)([-*•◦▪–]|\d{1,9}[.)])[ \t]+(.*)$/u;

/**
 * The title is the first line; a dated line among the next two closes the header, and a line between
 * them is the subtitle. Without a dated line, the header is the title alone.
 */
function readHeader(lines: string[], path: string): Header {
  const filled: number[] = [];
  for (let i = 0; i < lines.length && filled.length < 3; i++) if (lines[i]!.trim() !== '') filled.push(i);
  const first = filled[0];
  if (first === undefined) throw new UpdateFileError(path, undefined, 'the file is empty', 'le fichier est vide');
  const text = (index: number) => stripMarks(lines[index]!.replace(/^#{1,6}[ \t]+/, '').trim());
  if (BULLET.test(lines[first]!)) {
    throw new UpdateFileError(
      path,
      first + 1,
      'the text starts with a bullet: its first line must be the title (e.g. "Mise à jour quotidienne – 14 mai 2026")',
      'le texte commence par une puce : sa première ligne doit être le titre (p. ex. « Mise à jour quotidienne – 14 mai 2026 »)',
    );
  }
  const title = text(first);
  const header: Header = { title, lines: [first] };
  // `Sous-titre : …` among the first lines says it in so many words.
  const labelled = filled.slice(1).find((index) => SUBTITLE_LINE.test(text(index)));
  if (labelled !== undefined) {
    header.subtitle = text(labelled).replace(SUBTITLE_LINE, '').trim();
    header.lines.push(labelled);
  }
  const inTitle = findWrittenDate(title);
  if (inTitle) {
    header.date = inTitle.iso;
    header.dateText = title;
    if (header.subtitle !== undefined) return header;
    // The title holds the date: a line right under it, with no blank line between, is the subtitle;
    // so is a short line after a blank one when another heading follows it, since a heading with
    // nothing of its own under it, right under the title, is what a subtitle looks like.
    const next = lines[first + 1] ?? '';
    const [second, third] = filled.slice(1);
    if (next.trim() !== '' && headingLike(next)) {
      header.subtitle = text(first + 1);
      header.lines.push(first + 1);
    } else if (
      second !== undefined &&
      third !== undefined &&
      headingLike(lines[second]!) &&
      opensSection(lines[third]!)
    ) {
      header.subtitle = text(second);
      header.lines.push(second);
    }
    return header;
  }
  for (const [position, index] of filled.slice(1).entries()) {
    if (index === labelled) continue;
    const candidate = text(index);
    if (BULLET.test(lines[index]!)) break;
    const iso = dateLine(candidate);
    if (iso === undefined) continue;
    header.date ??= iso;
    header.dateText = candidate;
    const between = filled.slice(1, position + 1).filter((line) => line !== labelled);
    header.lines.push(...between, index);
    const subtitle = between.map(text).join(' ');
    if (subtitle !== '') header.subtitle ??= subtitle;
    break;
  }
  return header;
}

/** `Sous-titre : Dossier santé numérique (DSN)`. */
const SUBTITLE_LINE = /^(?:sous-titre|subtitle)[ \u00A0]*:[ \u00A0]*(?=\S)/iu;

/** A heading that opens a section of its own (not a dated or « : » sub-heading of the line above). */
function opensSection(line: string): boolean {
  const text = stripMarks(line.trim());
  return (
    headingLike(line) && beforeColon(text) === undefined && findWrittenDate(text) === undefined && !hasDayAndMonth(text)
  );
}

/** A line that can be a heading: short, not a sentence, no bullet. */
function headingLike(line: string): boolean {
  const text = stripMarks(line.trim());
  if (text === '' || text.length > 100 || BULLET.test(line) || hashtagLine(text) !== undefined) return false;
  if (/[.!?…;,]$/u.test(text) || /[.!?…][ \u00A0]+\p{Lu}/u.test(text)) return false;
  if (/https?:\/\//.test(text) || /^pour en savoir plus/iu.test(text)) return false;
  return !LABEL_NUMBER.test(text);
}

/** `Nombre de billets quotidiens : 1790`: a paragraph holding a figure, never a heading. */
const LABEL_NUMBER = /^\p{L}[^:]*[ \u00A0]?:[ \u00A0]*[\d][\d \u00A0\u202F,]*(?:[ \u00A0\u202F]?[%$])?\.?$/u;

function stripMarks(text: string): string {
  const bold = /^(\*\*|__)(.*)\1$/u.exec(text);
  return (bold ? bold[2]! : text).trim();
}

/**
 * Lines at the very end that are neither bullets nor sentences (a logo's words, « Québec », « Santé »,
 * a slide's last caption) are dropped, with a warning naming them.
 */
function dropLeftovers(lines: string[], warnings: IntakeWarning[]): void {
  const dropped: string[] = [];
  for (let i = lines.length - 1; i >= 0; i--) {
    const line = lines[i]!;
    if (line.trim() === '') continue;
    // `#DSN #SantéQuébec` is the update's hashtags (body-hashtags.ts), not a leftover.
    if (hashtagLine(line) !== undefined) continue;
    if (!headingLike(line) || line.trim().split(/\s+/).length > 4 || /^#{1,6}[ \t]/.test(line)) break;
    dropped.unshift(line.trim());
    lines[i] = '';
  }
  if (dropped.length === 0) return;
  const quoted = dropped.map((line) => `« ${line} »`).join(', ');
  warnings.push({
    message: `lines at the end without content dropped (a logo's or a layout's leftovers): ${dropped.map((line) => `"${line}"`).join(', ')}`,
    messageFr: `lignes de fin sans contenu ignorées (restes d’un logo ou de la mise en page) : ${quoted}`,
  });
}

interface OpenItem {
  /** Indentation of the bullet in the pasted text. */
  from: number;
  /** Column where the item's text starts in the Markdown written for it. */
  content: number;
}

/** Each pasted line as Markdown on the same line: headings get `#`s, bullets their nesting. */
function toMarkdown(lines: string[], explicitHeadings: boolean, warnings: IntakeWarning[]): string {
  const out: string[] = [];
  const items: OpenItem[] = [];
  let headings = 0;
  let previousLevel: number | undefined;
  let contentSinceHeading = false;
  const nextFilled = (from: number) => lines.slice(from + 1).find((line) => line.trim() !== '');
  for (const [index, raw] of lines.entries()) {
    const line = withoutEmptyLinks(raw, index, warnings);
    if (line.trim() === '') {
      out.push('');
      continue;
    }
    const afterBlank = index === 0 || (lines[index - 1] ?? '').trim() === '';
    const bullet = BULLET.exec(line);
    if (bullet) {
      const from = bullet[1]!.replace(/\t/g, '    ').length;
      while (items.length > 0 && items.at(-1)!.from >= from) items.pop();
      const indent = items.at(-1)?.content ?? 0;
      const marker = /\d/.test(bullet[2]!) ? bullet[2]! : '-';
      out.push(`${' '.repeat(indent)}${marker} ${bullet[3]}`);
      items.push({ from, content: indent + marker.length + 1 });
      contentSinceHeading = true;
      continue;
    }
    const next = nextFilled(index);
    const endsWithColon = beforeColon(line) !== undefined;
    const text = stripMarks(line.trim()).replace(/[ \u00A0]*:$/u, '');
    const dated = findWrittenDate(text) !== undefined || hasDayAndMonth(text);
    // A short line ending with « : » over bullets is read as colon-lines.ts says: the first heading,
    // a dated sub-section, or after content the next section, even right under a bullet with no
    // blank line between (it does not go on that bullet's text). Right under a heading, it stays a
    // line of that section.
    const colonHeading =
      !explicitHeadings &&
      endsWithColon &&
      next !== undefined &&
      BULLET.test(next) &&
      labelHeading(stripMarks(line.trim())) !== undefined &&
      (headings === 0 || dated || contentSinceHeading);
    if (!afterBlank && !colonHeading) {
      out.push(`${' '.repeat(items.at(-1)?.content ?? 0)}${line.trim()}`);
      continue;
    }
    items.length = 0;
    const heading =
      colonHeading ||
      (!explicitHeadings &&
        !endsWithColon &&
        headingLike(line) &&
        (next === undefined || (lines[index + 1] ?? '').trim() === '' || BULLET.test(next)));
    if (!heading) {
      out.push(line.trim());
      if (!/^#{1,6}[ \t]/.test(line)) contentSinceHeading = true;
      continue;
    }
    // A dated line is a sub-section; another line ending with « : » starts the next section at the
    // same level: it is not a part of the section above.
    let level = headings === 0 ? 1 : dated ? 3 : endsWithColon ? (previousLevel ?? 2) : 2;
    if (level === 2 && previousLevel === 2 && !contentSinceHeading) level = 3;
    out.push(`${'#'.repeat(level)} ${text}`);
    headings++;
    previousLevel = level;
    contentSinceHeading = false;
  }
  return out.join('\n');
}

/** `données du mardi 12 mai`: a heading naming a day is a sub-heading, like a dated one. */
function hasDayAndMonth(text: string): boolean {
  return /\b\d{1,2}(?:er)?[ \u00A0](?:janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre)\b/iu.test(
    text,
  );
}

/** `[LinkedIn](#)` as pasted from a page whose links were placeholders: the label alone, with a warning. */
function withoutEmptyLinks(line: string, index: number, warnings: IntakeWarning[]): string {
  let count = 0;
  const cleaned = line.replace(/\[([^\]]*)\]\((?:#?|\s*)\)/g, (_all, label: string) => {
    count++;
    return label;
  });
  if (count > 0) {
    warnings.push({
      message: `line ${index + 1}: ${count} link(s) without an address kept as text`,
      messageFr: `ligne ${index + 1} : ${count} lien(s) sans adresse gardé(s) comme texte`,
    });
  }
  return cleaned;
}
