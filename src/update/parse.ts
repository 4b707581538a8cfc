import { createHash } from 'node:crypto';
import type { Root, RootContent } from 'mdast';
import { fromMarkdown } from 'mdast-util-from-markdown';
import { frontmatterFromMarkdown } from 'mdast-util-frontmatter';
import { frontmatter } from 'micromark-extension-frontmatter';
import { UpdateFileError, type UpdateProblem } from '../errors.js';
import { takeHashtags, uniqueHashtags } from './body-hashtags.js';
import { decimalPointWarnings } from './decimal-points.js';
import { withoutEmptySections } from './empty-sections.js';
import { extractFigures, figureDateWarnings } from './figures.js';
import { type FrontMatter, readFrontMatter } from './front-matter.js';
import { lazyLineWarnings } from './lazy-lines.js';
import { markupWarnings } from './markup-warnings.js';
import { withoutRawHtml } from './raw-html.js';
import { readUpdateText } from './read-file.js';
import { listTooDeep, MAX_INDENT_COLUMNS, readSections } from './read-sections.js';
import type { Update } from './types.js';

export { MAX_INDENT_COLUMNS, MAX_LIST_DEPTH } from './read-sections.js';

const LINE_PREFIX = /^[ \t>]*(?:(?:[-*+]|\d{1,9}[.)])[ \t]+)*/;

/** 1-based line of the first line whose text starts past MAX_INDENT_COLUMNS, if any. */
function tooDeepLine(source: string): number | undefined {
  let line = 0;
  for (const text of source.split('\n')) {
    line++;
    if (text.length <= MAX_INDENT_COLUMNS) continue;
    const prefix = LINE_PREFIX.exec(text)?.[0] ?? '';
    // A line that is all markers (`- - - -`) is a rule, not nesting.
    if (prefix.length === text.length || text.slice(prefix.length).trim() === '') continue;
    const columns = prefix.length + (prefix.match(/\t/g)?.length ?? 0) * 3;
    if (columns > MAX_INDENT_COLUMNS) return line;
  }
  return undefined;
}

/** A table's delimiter row cell: `---`, `:--`, `--:`, `:-:`. */
const DELIMITER_CELL = /^:?-+:?$/;

/**
 * 1-based lines of the header rows of the tables (GFM `| a | b |` over `| --- | --- |`). Tables
 * are not part of the update format: without this check a table reaches every network as one line
 * of pipes and dashes.
 */
function tableLines(source: string): number[] {
  const lines = source.split('\n');
  const found: number[] = [];
  let fence: string | undefined;
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i - 1]!;
    const opening = /^\s*(`{3,}|~{3,})/.exec(line)?.[1];
    if (opening && (fence === undefined || opening.startsWith(fence)))
      fence = fence === undefined ? opening : undefined;
    if (fence !== undefined) continue;
    const row = lines[i]!.trim();
    if (!row.includes('|') || !line.includes('|')) continue;
    const cells = row.replace(/^\|/, '').replace(/\|$/, '').split('|');
    if (cells.every((cell) => DELIMITER_CELL.test(cell.trim()))) found.push(i);
  }
  return found;
}

/** Reads, parses and validates an update file. Throws UpdateFileError naming the file and line. */
export function parseUpdateFile(path: string): Update {
  return parseUpdateText(readUpdateText(path), path);
}

/**
 * Parses update text (Markdown with YAML front matter). Throws UpdateFileError only; it lists every
 * problem of the front matter and the body's tables at once, each with its line.
 */
export function parseUpdateText(text: string, path: string): Update {
  const source = withWordBullets(text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n'));
  if (source.trim() === '') throw new UpdateFileError(path, undefined, 'the file is empty', 'le fichier est vide');
  const { problems, deep } = markdownSourceProblems(source, path);
  // Text nested too deep is not parsed at all: the parser's time grows with the square of the nesting.
  if (deep) throw UpdateFileError.of(path, problems);
  let tree: Root;
  try {
    tree = fromMarkdown(source, {
      extensions: [frontmatter(['yaml'])],
      mdastExtensions: [frontmatterFromMarkdown(['yaml'])],
    });
  } catch (error) {
    throw new UpdateFileError(
      path,
      undefined,
      `unreadable Markdown: ${(error as Error).message}`,
      `Markdown illisible : ${(error as Error).message}`,
    );
  }
  const [head, ...body] = tree.children;
  if (head?.type !== 'yaml') {
    const unclosed = unclosedFrontMatter(source);
    if (unclosed === undefined) {
      problems.push({
        line: 1,
        message: 'the file must start with a front matter block between two "---" lines (date, title, …)',
        messageFr: 'le fichier doit commencer par un en-tête entre deux lignes « --- » (date, title, …)',
      });
    } else {
      problems.push(
        {
          line: 1,
          message: `the front matter opened on line 1 is not closed: add a "---" line after its last key (line ${unclosed.lastLine})`,
          messageFr: `l’en-tête ouvert à la ligne 1 n’est pas fermé\u00A0: ajoutez une ligne «\u00A0---\u00A0» après sa dernière clé (ligne ${unclosed.lastLine})`,
        },
        ...readFrontMatter(unclosed.yaml, 2, path).problems,
      );
    }
    throw UpdateFileError.of(path, problems);
  }
  const front = readFrontMatter(head.value, (head.position?.start.line ?? 1) + 1, path);
  problems.push(...front.problems);
  if (problems.length > 0 || front.meta === undefined) throw UpdateFileError.of(path, problems);
  return buildUpdate(body, front.meta, {
    path,
    sha256: createHash('sha256').update(text).digest('hex'),
    contentLine: (head.position?.end.line ?? 1) + 1,
    text: source,
  });
}

/**
 * `• Premier point`, `◦ sous-point`: bullets pasted from Word into a Markdown file are Markdown's
 * `- ` bullets (one character for one, so every line and column stays where it was written), as the
 * plain-text path reads them.
 */
function withWordBullets(source: string): string {
  return source.replace(/^([ \t]*)[•◦▪](?=[ \t])/gmu, '$1-');
}

/**
 * A front matter opened by a first `---` line and never closed: its lines (the keys and indented
 * lines after the first line, up to the first heading, list or other text) and the last of them.
 */
function unclosedFrontMatter(source: string): { yaml: string; lastLine: number } | undefined {
  const lines = source.split('\n');
  if (!/^---[ \t]*$/.test(lines[0] ?? '')) return undefined;
  let end = 1;
  let last = 1;
  while (end < lines.length) {
    const line = lines[end]!;
    const keyOrMore = line.trim() === '' || /^[ \t]/.test(line) || /^[^\s#>*+|-][^:]*:(?:[ \t]|$)/u.test(line);
    if (!keyOrMore) break;
    if (line.trim() !== '') last = end + 1;
    end++;
  }
  return { yaml: lines.slice(1, end).join('\n'), lastLine: last };
}

/** Problems of the Markdown source found before parsing: nesting too deep (`deep`), tables. */
function markdownSourceProblems(source: string, path: string): { problems: UpdateProblem[]; deep: boolean } {
  const problems: UpdateProblem[] = [];
  const deepLine = tooDeepLine(source);
  if (deepLine !== undefined) problems.push(...listTooDeep(path, deepLine).problems);
  for (const line of tableLines(source)) problems.push(...tableRefused(path, line).problems);
  return { problems, deep: deepLine !== undefined };
}

/** Checks Markdown source before parsing: nesting depth and tables. Throws UpdateFileError listing them. */
export function checkMarkdownSource(source: string, path: string): void {
  const { problems } = markdownSourceProblems(source, path);
  if (problems.length > 0) throw UpdateFileError.of(path, problems);
}

export function tableRefused(path: string, line: number | undefined, where = { en: '', fr: '' }): UpdateFileError {
  return new UpdateFileError(
    path,
    line,
    `tables are not supported${where.en}: rewrite each row of the table as a bullet (- …)`,
    `les tableaux ne sont pas pris en charge${where.fr} : réécrivez chaque ligne du tableau sous forme de puce (- …)`,
  );
}

/**
 * The one stage every format goes through: Markdown, plain text and Word documents all reach it as
 * an mdast body (the content after the metadata) and the metadata, and leave it as the same Update.
 */
export function buildUpdate(
  body: RootContent[],
  meta: FrontMatter,
  source: { path: string; sha256: string; contentLine?: number; text?: string },
): Update {
  const { path } = source;
  const html = withoutRawHtml(body, path);
  const hashtags = uniqueHashtags([...meta.hashtags, ...takeHashtags(html.body)]);
  const read = withoutEmptySections(readSections(html.body, path, meta.date), path);
  const sections = read.sections;
  const hasContent = sections.some((section) => section.bullets.length > 0 || section.paragraphs.length > 0);
  if (!hasContent) {
    throw new UpdateFileError(
      path,
      source.contentLine,
      'no content after the title: add headings with bullets (- …)',
      'aucun contenu après le titre : ajoutez des titres et des puces (- …)',
    );
  }
  const update: Update = {
    date: meta.date,
    title: meta.title,
    hashtags,
    figures: [],
    sections,
    source: { path, sha256: source.sha256 },
  };
  if (meta.subtitle !== undefined) update.subtitle = meta.subtitle;
  if (meta.summary !== undefined) update.summary = meta.summary;
  if (meta.link !== undefined) update.link = meta.link;
  if (meta.formats !== undefined) update.formats = meta.formats;
  if (meta.publishAt !== undefined) update.publishAt = meta.publishAt;
  update.figures = meta.figures ?? extractFigures(update);
  const warnings = [
    ...html.warnings,
    ...markupWarnings(html.body, path),
    ...(source.text === undefined ? [] : lazyLineWarnings(html.body, source.text, path)),
    ...read.warnings,
    ...decimalPointWarnings(sections, path),
    ...figureDateWarnings(update),
  ];
  // In the order of the file's lines, as the writer reads it (those without a line last).
  const inOrder = [...warnings].sort(
    (a, b) => (a.line ?? Number.MAX_SAFE_INTEGER) - (b.line ?? Number.MAX_SAFE_INTEGER),
  );
  if (inOrder.length > 0) update.warnings = inOrder.map((warning) => ({ ...warning, about: 'text' as const }));
  return update;
}
