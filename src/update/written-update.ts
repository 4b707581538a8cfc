import { titleWithoutDate } from './inferred-metadata.js';
import { parsePlainText } from './plain-text.js';
import type { Update } from './types.js';
import { isoDate } from './written-date.js';

/** What the « Nouvelle mise à jour » form sends. */
export interface WrittenFields {
  date: string;
  title: string;
  /** Shown under the title (the update's subtitle). */
  summary: string;
  link: string;
  /** The body as typed or pasted: short lines as headings, `-` bullets, `#` headings, marks, links. */
  body: string;
}

export interface FieldProblem {
  field: keyof WrittenFields;
  messageFr: string;
}

/** Refusals of the form's fields, in French, before anything is parsed. */
export function fieldProblems(fields: WrittenFields): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(fields.date.trim());
  if (!match || isoDate(Number(match[1]), Number(match[2]), Number(match[3])) === undefined) {
    problems.push({ field: 'date', messageFr: 'La date est obligatoire (AAAA-MM-JJ, p. ex. 2026-05-14).' });
  }
  if (titleWithoutDate(oneLine(fields.title)) === '') {
    problems.push({ field: 'title', messageFr: 'Le titre est obligatoire (p. ex. « Mise à jour quotidienne »).' });
  }
  const link = fields.link.trim();
  if (link !== '' && !/^https?:\/\/[^\s]+$/i.test(link)) {
    problems.push({ field: 'link', messageFr: 'Le lien doit être une adresse complète qui commence par https://.' });
  }
  if (fields.body.trim() === '') {
    problems.push({ field: 'body', messageFr: 'Le texte de la mise à jour est vide : écrivez-le ou collez-le.' });
  }
  return problems;
}

/**
 * The form as the plain text crieur reads (title, summary, dated line, body, link last), so the
 * preview, the stored source and any later `crieur check` of it read exactly the same update.
 * `bodyLine` is the 1-based line where the body starts, to point a message at the body's own line.
 */
export function writtenUpdateText(fields: WrittenFields): { text: string; bodyLine: number } {
  const header = [titleWithoutDate(oneLine(fields.title))];
  if (oneLine(fields.summary) !== '') header.push(oneLine(fields.summary));
  header.push(fields.date.trim());
  const body = fields.body.replace(/\r\n?/g, '\n').replace(/^\n+|\s+$/g, '');
  const link = fields.link.trim();
  const text = [...header, '', body, ...(link === '' ? [] : ['', `Pour en savoir plus : ${link}`])].join('\n');
  return { text: `${text}\n`, bodyLine: header.length + 2 };
}

/** The form's update, parsed as its stored text will be. Throws UpdateFileError. */
export function parseWritten(fields: WrittenFields, fileName: string): Update {
  return parsePlainText(writtenUpdateText(fields).text, fileName);
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
