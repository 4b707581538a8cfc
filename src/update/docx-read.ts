import { createHash } from 'node:crypto';
import mammoth from 'mammoth';
import type { RootContent, Table } from 'mdast';
import { toString as mdastText } from 'mdast-util-to-string';
import { UpdateFileError } from '../errors.js';
import { type DocxParts, openDocx } from './docx-archive.js';
import { htmlToMdast } from './html-to-mdast.js';
import { isHttpUrl, resolveDate, takeReadMoreLink, titleWithoutDate } from './inferred-metadata.js';
import { buildUpdate, tableRefused } from './parse.js';
import type { IntakeWarning, Update } from './types.js';
import { dateLine } from './written-date.js';

/** Word's Title and Subtitle styles, marked so the title block is found whatever follows it. */
const STYLE_MAP = [
  "p[style-name='Title'] => h1.titre-document:fresh",
  "p[style-name='Subtitle'] => p.sous-titre-document:fresh",
];

/**
 * A Word document (`.docx`) as an Update: the archive is checked first (docx-archive), then mammoth
 * turns the body into HTML, which becomes mdast (hast-util-to-mdast) and goes through the same stage
 * as Markdown. Comments, headers, footers, footnotes, images and text boxes are left out, with a
 * warning when they held something; tracked changes not yet accepted refuse the document.
 */
export async function parseDocx(bytes: Buffer, path: string, options: { timeZone?: string } = {}): Promise<Update> {
  const parts = await openDocx(bytes, path);
  const warnings: IntakeWarning[] = [];
  refuseTrackedChanges(parts.document, path);
  noteLeftOut(parts, warnings);
  const boxes = textBoxParagraphs(parts.document);
  let images = 0;
  let html: string;
  try {
    const result = await mammoth.convertToHtml(
      { buffer: bytes },
      {
        styleMap: STYLE_MAP,
        includeDefaultStyleMap: true,
        ignoreEmptyParagraphs: true,
        externalFileAccess: false,
        convertImage: mammoth.images.imgElement(() => {
          images++;
          return Promise.resolve({ src: '' });
        }),
        transformDocument: (document: unknown) => withoutParagraphs(document, boxes),
      },
    );
    html = result.value;
  } catch (error) {
    throw new UpdateFileError(
      path,
      undefined,
      `the Word document cannot be converted (${(error as Error).message}); save it again from Word`,
      `le document Word ne peut pas être converti (${(error as Error).message}) ; enregistrez-le de nouveau dans Word`,
    );
  }
  if (images > 0) {
    warnings.push({
      message: `${images} image(s) left out (crieur makes its own cards)`,
      messageFr: `${images} image(s) ignorée(s) (crieur fait ses propres cartes)`,
    });
  }
  if (boxes.size > 0) {
    warnings.push({
      message: `${boxes.size} text box paragraph(s) left out: ${[...boxes].map((text) => `"${text}"`).join(', ')}`,
      messageFr: `${boxes.size} paragraphe(s) de zone de texte ignoré(s) : ${[...boxes].map((text) => `« ${text} »`).join(', ')}`,
    });
  }
  const tree = htmlToMdast(html);
  const body = tree.mdast.children;
  const table = takeMetadataTable(body, path);
  const leading = takeLeadingLines(
    body,
    tree.title === undefined && table.title === undefined,
    tree.subtitle === undefined && table.subtitle === undefined,
  );
  const title = table.title ?? tree.title ?? leading.title;
  const link = takeReadMoreLink(body);
  const modified = coreDate(parts.core, options.timeZone ?? 'America/Toronto');
  const date = resolveDate(
    {
      ...(table.date !== undefined && { table: table.date }),
      ...(title !== undefined && { title }),
      ...(leading.dateLine !== undefined && { dateLine: leading.dateLine }),
      fileName: path,
      properties: { label: 'dcterms:modified', iso: modified },
    },
    path,
  );
  const titleText = title === undefined ? '' : titleWithoutDate(title);
  if (titleText === '') {
    throw new UpdateFileError(
      path,
      undefined,
      'no title: give the document a first line in the Title style (e.g. "Mise à jour quotidienne")',
      'aucun titre : donnez au document une première ligne en style Titre (p. ex. « Mise à jour quotidienne »)',
    );
  }
  const subtitle = table.subtitle ?? tree.subtitle ?? leading.subtitle;
  const meta = {
    date,
    title: titleText,
    hashtags: table.hashtags ?? [],
    ...(subtitle !== undefined && { subtitle }),
    ...(table.summary !== undefined && { summary: table.summary }),
    ...((table.link ?? link) !== undefined && { link: (table.link ?? link)! }),
    ...(table.publishAt !== undefined && { publishAt: table.publishAt }),
  };
  const update = buildUpdate(body, meta, { path, sha256: createHash('sha256').update(bytes).digest('hex') });
  update.intake = { format: 'docx', warnings };
  return update;
}

function refuseTrackedChanges(document: string, path: string): void {
  const insertions = count(document, /<w:ins\b/g);
  const deletions = count(document, /<w:del\b/g);
  const moves = count(document, /<w:move(?:From|To)\b/g);
  if (insertions + deletions + moves === 0) return;
  throw new UpdateFileError(
    path,
    undefined,
    `the document has tracked changes not yet accepted (${insertions} insertion(s), ${deletions} deletion(s), ${moves} move(s)): in Word, Review → Accept All Changes, save, then try again`,
    `le document contient des modifications suivies non acceptées (${insertions} insertion(s), ${deletions} suppression(s), ${moves} déplacement(s)) : dans Word, Révision → Accepter toutes les modifications, enregistrez, puis réessayez`,
  );
}

function noteLeftOut(parts: DocxParts, warnings: IntakeWarning[]): void {
  const comments = [...(parts.comments ?? '').matchAll(/<w:comment\b[\s\S]*?<\/w:comment>/g)].filter(
    (match) => xmlText(match[0]) !== '',
  ).length;
  if (comments > 0) {
    warnings.push({
      message: `${comments} comment(s) left out`,
      messageFr: `${comments} commentaire(s) ignoré(s)`,
    });
  }
  const notes = [parts.footnotes ?? '', parts.endnotes ?? ''].flatMap((xml) =>
    [...xml.matchAll(/<w:(?:footnote|endnote)\b([^>]*)>([\s\S]*?)<\/w:(?:footnote|endnote)>/g)].filter(
      (match) => !/w:type=/.test(match[1] ?? '') && xmlText(match[2] ?? '') !== '',
    ),
  ).length;
  if (notes > 0) {
    warnings.push({
      message: `${notes} footnote(s) or endnote(s) left out`,
      messageFr: `${notes} note(s) de bas de page ou de fin ignorée(s)`,
    });
  }
  const margins = [...new Set(parts.headersAndFooters.map(xmlText).filter((text) => text !== ''))];
  if (margins.length > 0) {
    warnings.push({
      message: `headers and footers left out: ${margins.map((text) => `"${text}"`).join(', ')}`,
      messageFr: `en-têtes et pieds de page ignorés : ${margins.map((text) => `« ${text} »`).join(', ')}`,
    });
  }
}

/** Text of each paragraph inside a text box (Word writes a box twice: drawing and fallback). */
function textBoxParagraphs(document: string): Set<string> {
  const texts = new Set<string>();
  for (const box of document.matchAll(/<w:txbxContent\b[\s\S]*?<\/w:txbxContent>/g)) {
    for (const paragraph of box[0].matchAll(/<w:p\b[\s\S]*?<\/w:p>/g)) {
      const text = xmlText(paragraph[0]);
      if (text !== '') texts.add(text);
    }
  }
  return texts;
}

interface MammothNode {
  type: string;
  value?: string;
  children?: MammothNode[];
}

/** Removes the document's paragraphs whose text is one of `texts` (the text boxes', read into the flow). */
function withoutParagraphs(document: unknown, texts: Set<string>): unknown {
  if (texts.size === 0) return document;
  const textOf = (node: MammothNode): string =>
    node.type === 'text' ? (node.value ?? '') : (node.children ?? []).map(textOf).join('');
  const walk = (node: MammothNode): void => {
    if (!node.children) return;
    node.children = node.children.filter(
      (child) => !(child.type === 'paragraph' && texts.has(textOf(child).replace(/\s+/g, ' ').trim())),
    );
    node.children.forEach(walk);
  };
  walk(document as MammothNode);
  return document;
}

/** The `<w:t>` text of a piece of WordprocessingML, spaces collapsed. */
function xmlText(xml: string): string {
  return [...xml.matchAll(/<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>/g)]
    .map((match) => decodeXml(match[1] ?? ''))
    .join('')
    .replace(/\s+/g, ' ')
    .trim();
}

function decodeXml(text: string): string {
  return text
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&#(\d+);/g, (_all, code: string) => String.fromCodePoint(Number(code)))
    .replace(/&#x([0-9a-f]+);/gi, (_all, code: string) => String.fromCodePoint(Number.parseInt(code, 16)))
    .replace(/&amp;/g, '&');
}

function count(text: string, pattern: RegExp): number {
  return text.match(pattern)?.length ?? 0;
}

/** The day the document was last saved, in the team's zone. */
function coreDate(core: string | undefined, timeZone: string): string | undefined {
  const written = /<dcterms:modified\b[^>]*>([^<]+)<\/dcterms:modified>/.exec(core ?? '')?.[1];
  const at = written === undefined ? Number.NaN : Date.parse(written);
  if (Number.isNaN(at)) return undefined;
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
}

const TABLE_KEYS: Record<string, 'date' | 'title' | 'subtitle' | 'summary' | 'link' | 'hashtags' | 'publishAt'> = {
  date: 'date',
  titre: 'title',
  title: 'title',
  'sous-titre': 'subtitle',
  subtitle: 'subtitle',
  résumé: 'summary',
  resume: 'summary',
  summary: 'summary',
  lien: 'link',
  link: 'link',
  'mots-clics': 'hashtags',
  'mots-clés': 'hashtags',
  'mots-cles': 'hashtags',
  hashtags: 'hashtags',
  heure: 'publishAt',
  publishAt: 'publishAt',
};

interface TableMetadata {
  date?: string;
  title?: string;
  subtitle?: string;
  /** The digest's lead (front matter `summary`). */
  summary?: string;
  link?: string;
  hashtags?: string[];
  publishAt?: string;
}

/**
 * The first table, when it has two columns of `clé | valeur` rows with known keys, gives the
 * metadata and leaves the body. Any other table is refused, as in Markdown.
 */
function takeMetadataTable(body: RootContent[], path: string): TableMetadata {
  const index = body.findIndex((node) => node.type === 'table');
  if (index < 0) return {};
  const table = body[index] as Table;
  // A table without a header row gets an empty one from the converter.
  const rows = table.children
    .map((row) => row.children.map((cell) => mdastText(cell).replace(/\s+/g, ' ').trim()))
    .filter((cells) => cells.some((cell) => cell !== ''));
  const isMetadata =
    body.slice(0, index).every((node) => node.type !== 'list') &&
    rows.length > 0 &&
    rows.every((cells) => cells.length === 2 && TABLE_KEYS[cells[0]!.toLowerCase().replace(/\s*:$/, '')] !== undefined);
  if (!isMetadata) {
    const first = rows[0]?.[0] ?? '';
    throw tableRefused(path, undefined, {
      en: ` (the table starting "${first}"; only a first table of two columns, "date | 2026-05-14", "titre | …", gives the metadata)`,
      fr: ` (le tableau commençant par « ${first} »; seul un premier tableau de deux colonnes, « date | 2026-05-14 », « titre | … », donne l’en-tête)`,
    });
  }
  body.splice(index, 1);
  const others = body.findIndex((node) => node.type === 'table');
  if (others >= 0) throw tableRefused(path, undefined, { en: ' (a second table)', fr: ' (un deuxième tableau)' });
  const meta: TableMetadata = {};
  for (const [rawKey, value] of rows as [string, string][]) {
    const key = TABLE_KEYS[rawKey.toLowerCase().replace(/\s*:$/, '')]!;
    if (value === '') continue;
    if (key === 'hashtags') meta.hashtags = hashtagsFrom(value, path);
    else if (key === 'link') {
      if (!isHttpUrl(value)) {
        throw new UpdateFileError(
          path,
          undefined,
          `the "lien" row of the metadata table is not an http(s) address: "${value}"`,
          `la ligne « lien » du tableau d’en-tête n’est pas une adresse http(s) : « ${value} »`,
        );
      }
      meta.link = value;
    } else if (key === 'publishAt') {
      const time = /^([01]?\d|2[0-3])\s*[:h]\s*([0-5]\d)$/.exec(value);
      if (!time) {
        throw new UpdateFileError(
          path,
          undefined,
          `the "heure" row of the metadata table must be HH:MM (got "${value}")`,
          `la ligne « heure » du tableau d’en-tête doit être HH:MM (reçu « ${value} »)`,
        );
      }
      meta.publishAt = `${time[1]!.padStart(2, '0')}:${time[2]}`;
    } else meta[key] = value;
  }
  return meta;
}

function hashtagsFrom(value: string, path: string): string[] {
  const tags = value
    .split(/[\s,;]+/)
    .map((tag) => tag.replace(/^#/, '').trim())
    .filter((tag) => tag !== '');
  const bad = tags.find((tag) => !/^[\p{L}\p{N}_]+$/u.test(tag));
  if (bad !== undefined) {
    throw new UpdateFileError(
      path,
      undefined,
      `hashtag "${bad}" may hold only letters, digits and _`,
      `le mot-clic « ${bad} » ne peut contenir que des lettres, des chiffres et _`,
    );
  }
  return tags;
}

/**
 * Without Word's Title style, the first heading or paragraph is the title. After it, up to two short
 * paragraphs: a date alone (« Jeudi 14 mai 2026 ») is the dated line, another is the subtitle.
 */
function takeLeadingLines(
  body: RootContent[],
  needTitle: boolean,
  needSubtitle: boolean,
): { title?: string; subtitle?: string; dateLine?: string } {
  const found: { title?: string; subtitle?: string; dateLine?: string } = {};
  const textOf = (node: RootContent) => mdastText(node).replace(/\s+/g, ' ').trim();
  if (needTitle) {
    const first = body[0];
    if (first && (first.type === 'heading' || first.type === 'paragraph')) {
      found.title = textOf(first);
      body.shift();
    }
  }
  for (let taken = 0; taken < 2; taken++) {
    const next = body[0];
    if (next?.type !== 'paragraph') break;
    const text = textOf(next);
    if (found.dateLine === undefined && dateLine(text) !== undefined) {
      found.dateLine = text;
      body.shift();
    } else if (needSubtitle && found.subtitle === undefined && text.length <= 120 && !/[.!?…;:]$/u.test(text)) {
      found.subtitle = text;
      body.shift();
    } else break;
  }
  return found;
}
