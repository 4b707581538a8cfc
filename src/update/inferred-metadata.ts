import { basename } from 'node:path';
import type { Paragraph, RootContent } from 'mdast';
import { toString as mdastText } from 'mdast-util-to-string';
import { UpdateFileError } from '../errors.js';
import { dateInFileName, findWrittenDate } from './written-date.js';

/**
 * Metadata of an update written without front matter (plain text, Word): what was found, from where.
 * The date is required; everything else is optional.
 */
export interface InferredMetadata {
  date?: string;
  title?: string;
  subtitle?: string;
  link?: string;
}

/** Where the date was looked for, in the order tried: named in the refusal when none is found. */
export interface DateSources {
  title?: string;
  dateLine?: string;
  table?: string;
  fileName: string;
  /** The document's own properties (Word), e.g. `dcterms:modified`. */
  properties?: { label: string; iso: string | undefined };
}

/** The update's date from its title, dated line, metadata table, file name or properties, else refused. */
export function resolveDate(sources: DateSources, path: string): string {
  const fromTable = sources.table === undefined ? undefined : findWrittenDate(sources.table)?.iso;
  if (sources.table !== undefined && fromTable === undefined) {
    throw new UpdateFileError(
      path,
      undefined,
      `the "date" row of the metadata table is not a date: "${sources.table}" (write 2026-05-14 or 14 mai 2026)`,
      `la ligne « date » du tableau d’en-tête n’est pas une date : « ${sources.table} » (écrivez 2026-05-14 ou 14 mai 2026)`,
    );
  }
  const found =
    fromTable ??
    (sources.title === undefined ? undefined : findWrittenDate(sources.title)?.iso) ??
    (sources.dateLine === undefined ? undefined : findWrittenDate(sources.dateLine)?.iso) ??
    dateInFileName(basename(sources.fileName)) ??
    sources.properties?.iso;
  if (found !== undefined) return found;
  const looked = [
    `title "${sources.title ?? '(none)'}"`,
    `the line after it "${sources.dateLine ?? '(none)'}"`,
    `file name "${basename(sources.fileName)}"`,
    ...(sources.properties ? [`document properties (${sources.properties.label})`] : []),
  ];
  const lookedFr = [
    `le titre « ${sources.title ?? '(aucun)'} »`,
    `la ligne suivante « ${sources.dateLine ?? '(aucune)'} »`,
    `le nom du fichier « ${basename(sources.fileName)} »`,
    ...(sources.properties ? [`les propriétés du document (${sources.properties.label})`] : []),
  ];
  throw new UpdateFileError(
    path,
    1,
    `no date found; looked at ${looked.join(', ')}. Write the date in the title (« Mise à jour quotidienne – 14 mai 2026 ») or name the file 2026-05-14-….`,
    `aucune date trouvée; cherchée dans ${lookedFr.join(', ')}. Écrivez la date dans le titre (« Mise à jour quotidienne – 14 mai 2026 ») ou nommez le fichier 2026-05-14-….`,
  );
}

/** The title without its date: `Mise à jour quotidienne – 14 mai 2026` → `Mise à jour quotidienne`. */
export function titleWithoutDate(title: string): string {
  const found = findWrittenDate(title);
  if (found === undefined || found.rest === '') return title.trim();
  // `Mise à jour du 18 juin 2026` → `Mise à jour`, not `Mise à jour du`; `Le 18 juin 2026 – Bilan` → `Bilan`:
  // the word that led to the date goes with it.
  const dangling = /[\s\u00A0\u202F]+(?:en date du|du|de|le|au|pour le)$/iu;
  const dateAtEnd = title.trim().startsWith(found.rest);
  if (dateAtEnd && dangling.test(found.rest)) return found.rest.replace(dangling, '');
  return found.rest.replace(/^(?:en date du|le|du|au) – /iu, '');
}

const READ_MORE = /^pour en savoir plus[ \u00A0\u202F]*:?[ \u00A0\u202F]*(https?:\/\/\S+?)[.,;]?$/iu;

/**
 * The link of the last « Pour en savoir plus : URL » paragraph, taken out of the body (it ends every
 * thread anyway). A paragraph whose only link's address is the text works too.
 */
export function takeReadMoreLink(body: RootContent[]): string | undefined {
  for (let i = body.length - 1; i >= 0; i--) {
    const node = body[i]!;
    if (node.type !== 'paragraph') continue;
    const text = mdastText(node).replace(/\s+/g, ' ').trim();
    const match = READ_MORE.exec(text);
    const url = match?.[1] ?? linkOf(node, text);
    if (url !== undefined) {
      body.splice(i, 1);
      return url;
    }
  }
  return undefined;
}

function linkOf(node: Paragraph, text: string): string | undefined {
  if (!/^pour en savoir plus/iu.test(text)) return undefined;
  const link = node.children.find((child) => child.type === 'link');
  return link && /^https?:\/\//.test(link.url) ? link.url : undefined;
}

export function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || url.protocol === 'http:';
  } catch {
    return false;
  }
}
