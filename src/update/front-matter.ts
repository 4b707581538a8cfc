import { isMap, isScalar, LineCounter, parseDocument, type YAMLError } from 'yaml';
import { type Formats, SINGLE_POST_FORMATS, THREAD_FORMATS } from '../compose/formats.js';
import { UpdateFileError, type UpdateProblem } from '../errors.js';
import { closest } from '../util/closest.js';
import { parseFrenchNumber } from './numbers.js';
import type { Figure } from './types.js';

export const FRONT_MATTER_KEYS = [
  'date',
  'title',
  'subtitle',
  'summary',
  'link',
  'hashtags',
  'figures',
  'publishAt',
  'formats',
] as const;

export interface FrontMatter {
  date: string;
  title: string;
  subtitle?: string;
  summary?: string;
  link?: string;
  hashtags: string[];
  figures?: Figure[];
  publishAt?: string;
  formats?: Partial<Formats>;
}

/**
 * Validates the YAML front matter. `firstLine` is the file line of the first YAML line, so every
 * message names the line in the update file. Every problem is found before it throws: one
 * UpdateFileError lists them all.
 */
export function parseFrontMatter(yamlText: string, firstLine: number, path: string): FrontMatter {
  const { meta, problems } = readFrontMatter(yamlText, firstLine, path);
  if (problems.length > 0 || meta === undefined) throw UpdateFileError.of(path, problems);
  return meta;
}

/** A key of the front matter as read: its value and the file line of the key. */
interface Entry {
  value: unknown;
  line: number;
}

/**
 * The front matter and every problem in it, each with its line: an unreadable key (a quote or a
 * bracket left open) does not hide a bad date or an unknown key elsewhere.
 */
export function readFrontMatter(
  yamlText: string,
  firstLine: number,
  path: string,
): { meta?: FrontMatter; problems: UpdateProblem[] } {
  const problems: UpdateProblem[] = [];
  const report = (line: number, message: string, messageFr: string) => {
    problems.push({ line, message, messageFr });
  };
  const entries = readEntries(yamlText, firstLine, report);
  if (entries === undefined) return { problems };

  for (const [key, entry] of entries) {
    if ((FRONT_MATTER_KEYS as readonly string[]).includes(key)) continue;
    const suggestion = closest(key, FRONT_MATTER_KEYS);
    report(
      entry.line,
      `unknown front-matter key "${key}"${suggestion ? ` (did you mean "${suggestion}"?)` : ''}; allowed: ${FRONT_MATTER_KEYS.join(', ')}`,
      `clé d’en-tête inconnue « ${key} »${suggestion ? ` (vouliez-vous dire « ${suggestion} » ?)` : ''}; clés permises : ${FRONT_MATTER_KEYS.join(', ')}`,
    );
  }
  const lineOf = (key: string) => entries.get(key)?.line ?? firstLine;
  const raw = (key: string) => (unreadable(entries, key) ? undefined : entries.get(key)?.value);
  const given = (key: string) => raw(key) !== undefined && raw(key) !== null;

  const date = raw('date');
  if (date === undefined) {
    if (!unreadable(entries, 'date'))
      report(
        firstLine,
        'missing "date: YYYY-MM-DD" in the front matter',
        'il manque « date: AAAA-MM-JJ » dans l’en-tête',
      );
  } else if (typeof date !== 'string' || !isIsoDate(date)) {
    report(
      lineOf('date'),
      `"date" must be a real calendar date written YYYY-MM-DD (got ${JSON.stringify(date)})`,
      `« date » doit être une vraie date écrite AAAA-MM-JJ (reçu ${JSON.stringify(date)})`,
    );
  }
  const title = raw('title');
  if ((typeof title !== 'string' || title.trim() === '') && !unreadable(entries, 'title')) {
    report(lineOf('title'), 'missing "title" (a non-empty text)', 'il manque « title » (un texte non vide)');
  }
  const result: FrontMatter = {
    date: typeof date === 'string' ? date : '',
    title: typeof title === 'string' ? title.trim() : '',
    hashtags: [],
  };

  if (given('subtitle')) {
    if (typeof raw('subtitle') !== 'string')
      report(lineOf('subtitle'), '"subtitle" must be text', '« subtitle » doit être un texte');
    else result.subtitle = (raw('subtitle') as string).trim();
  }
  if (given('summary')) {
    const summary = raw('summary');
    if (typeof summary !== 'string' || summary.trim() === '') {
      report(lineOf('summary'), '"summary" must be a non-empty text', '« summary » doit être un texte non vide');
    } else result.summary = summary.replace(/\s+/gu, ' ').trim();
  }
  if (given('formats')) {
    const formats = parseFormats(raw('formats'), (message, messageFr) => report(lineOf('formats'), message, messageFr));
    if (formats !== undefined) result.formats = formats;
  }
  if (given('link')) {
    const link = raw('link');
    if (typeof link !== 'string' || !isHttpUrl(link)) {
      report(lineOf('link'), '"link" must be an http(s) URL', '« link » doit être une adresse http(s)');
    } else result.link = link;
  }
  if (given('hashtags')) {
    const tags = parseHashtags(raw('hashtags'), (message, messageFr) => report(lineOf('hashtags'), message, messageFr));
    if (tags !== undefined) result.hashtags = tags;
  }
  if (given('publishAt')) {
    const value = String(raw('publishAt'));
    if (!/^([01]\d|2[0-3]):[0-5]\d$/.test(value)) {
      report(lineOf('publishAt'), '"publishAt" must be HH:MM (24 h)', '« publishAt » doit être HH:MM (24 h)');
    } else result.publishAt = value;
  }
  if (given('figures')) {
    try {
      result.figures = parseFigureList(raw('figures'), lineOf('figures'), path);
    } catch (error) {
      if (!(error instanceof UpdateFileError)) throw error;
      problems.push(...error.problems);
    }
  }
  return problems.length > 0 ? { problems } : { meta: result, problems };
}

/** Keys whose value could not be read: a problem is already reported on their line. */
const UNREADABLE = Symbol('unreadable');

function unreadable(entries: Map<string, Entry>, key: string): boolean {
  return entries.get(key)?.value === UNREADABLE;
}

/**
 * The front matter's keys with their values and lines. When the YAML does not parse as a whole,
 * each top-level key is read on its own, so that a problem is reported on the line of the key that
 * has it and the other keys are still checked. Undefined when it is not a list of keys at all.
 */
function readEntries(
  yamlText: string,
  firstLine: number,
  report: (line: number, message: string, messageFr: string) => void,
): Map<string, Entry> | undefined {
  const whole = readYaml(yamlText, firstLine);
  if (whole.problems.length === 0) {
    if (whole.entries === undefined) {
      report(
        firstLine,
        'the front matter must be a list of "key: value" lines',
        'l’en-tête doit être une liste de lignes « clé : valeur »',
      );
    }
    for (const problem of whole.keyProblems) report(problem.line ?? firstLine, problem.message, problem.messageFr);
    return whole.entries;
  }
  const entries = new Map<string, Entry>();
  const seen = new Set<string>();
  for (const chunk of topLevelChunks(yamlText)) {
    const line = firstLine + chunk.offset;
    const read = readYaml(chunk.text, line);
    const key = /^([^\s:#][^:]*?)\s*:/u
      .exec(chunk.text)?.[1]
      ?.trim()
      .replace(/^["']|["']$/gu, '');
    for (const problem of [...read.problems, ...read.keyProblems]) {
      report(problem.line ?? line, problem.message, problem.messageFr);
    }
    if (read.problems.length > 0 || read.entries === undefined) {
      if (key !== undefined && !seen.has(key)) entries.set(key, { value: UNREADABLE, line });
      if (read.problems.length === 0)
        report(line, 'this line is not a "key: value" line', 'cette ligne n’est pas une ligne « clé : valeur »');
      if (key !== undefined) seen.add(key);
      continue;
    }
    for (const [name, entry] of read.entries) {
      if (seen.has(name)) {
        report(entry.line, `the key "${name}" is given twice`, `la clé « ${name} » est donnée deux fois`);
        continue;
      }
      seen.add(name);
      entries.set(name, entry);
    }
  }
  return entries;
}

/** Top-level keys of a front matter as separate texts: a key's line and the indented lines after it. */
function topLevelChunks(yamlText: string): { text: string; offset: number }[] {
  const chunks: { text: string; offset: number }[] = [];
  yamlText.split('\n').forEach((line, index) => {
    const last = chunks.at(-1);
    const continues = last !== undefined && (line.trim() === '' || /^[ \t]/.test(line) || /^[\]}]/.test(line));
    if (continues) last.text += `\n${line}`;
    else if (line.trim() !== '' && !line.trimStart().startsWith('#')) chunks.push({ text: line, offset: index });
  });
  return chunks;
}

/** A YAML text's keys (with their file lines) and its problems, each with its file line, in French too. */
function readYaml(
  text: string,
  firstLine: number,
): { entries?: Map<string, Entry>; problems: UpdateProblem[]; keyProblems: UpdateProblem[] } {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, uniqueKeys: false });
  const lineOf = (offset: number | undefined) =>
    offset === undefined ? firstLine : firstLine + lineCounter.linePos(offset).line - 1;
  const errors = document.errors.map((error) => ({ error, line: lineOf(error.pos[0]) }));
  // A list cut short by a `#` is that mistake, not a bracket left open as well.
  const glued = new Set(errors.filter(({ error }) => commonMistake(text, error)?.kind === 'hash').map((e) => e.line));
  const problems = errors
    .filter(({ error, line }) => !(glued.has(line) && openedBy(error) === '['))
    .map(({ error, line }) => yamlProblem(error, line, text));
  if (problems.length > 0) return { problems, keyProblems: [] };
  if (!isMap(document.contents)) return { problems: [], keyProblems: [] };
  let values: Record<string, unknown>;
  try {
    values = document.toJS() as Record<string, unknown>;
  } catch (error) {
    // An alias to an anchor defined nowhere (`*a`), or too many aliases (an alias bomb).
    const message = (error as Error).message;
    return {
      problems: [
        {
          line: firstLine,
          message: `invalid front matter YAML: ${message}`,
          messageFr: `en-tête YAML invalide : ${message}`,
        },
      ],
      keyProblems: [],
    };
  }
  const entries = new Map<string, Entry>();
  const keyProblems: UpdateProblem[] = [];
  for (const pair of document.contents.items) {
    const key = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
    const line = lineOf(isScalar(pair.key) ? pair.key.range?.[0] : undefined);
    if (entries.has(key)) {
      keyProblems.push({
        line,
        message: `the key "${key}" is given twice`,
        messageFr: `la clé « ${key} » est donnée deux fois`,
      });
      continue;
    }
    entries.set(key, { value: values[key], line });
    const written = text.split('\n')[line - firstLine] ?? '';
    if (values[key] === null && /^[^#]*?:\s+#/u.test(written)) keyProblems.push(commentedValue(key, line));
  }
  return { entries, problems: [], keyProblems };
}

/**
 * `hashtags: #DSN #Santé` reads as an empty key: in YAML a `#` after a space starts a comment.
 * Said rather than taken as no hashtags (or no title) without a word.
 */
function commentedValue(key: string, line: number): UpdateProblem {
  const example = key === 'hashtags' ? 'hashtags: [DSN, Santé]' : `${key}: "#…"`;
  return {
    line,
    message: `"${key}" is empty: in YAML a "#" after a space starts a comment; write ${example}`,
    messageFr: `« ${key} » est vide : en YAML, un « # » après une espace commence un commentaire ; écrivez ${example}`,
  };
}

/** A YAML parser error said for the team: what is left open, in French, and the parser's own words. */
function yamlProblem(error: YAMLError, line: number, text: string): UpdateProblem {
  const first = error.message.split('\n')[0] ?? error.message;
  const opened = openedBy(error);
  const what =
    opened === '"'
      ? { en: 'a quote is not closed', fr: 'un guillemet n’est pas fermé' }
      : opened === '['
        ? { en: 'a "[" is not closed by "]"', fr: 'un crochet « [ » n’est pas fermé par « ] »' }
        : opened === '{'
          ? { en: 'a "{" is not closed by "}"', fr: 'une accolade « { » n’est pas fermée par « } »' }
          : undefined;
  // A key left open is reported on its own line, not where the parser noticed it.
  const keyLine = what === undefined ? line : Math.min(line, openingLine(error, text, line));
  const detail = first.replace(/ at line \d+, column \d+:?$/u, '');
  const common = what === undefined ? commonMistake(text, error) : undefined;
  if (common) {
    return { line, message: `invalid front matter YAML: ${common.en} (${detail})`, messageFr: common.fr };
  }
  return {
    line: keyLine,
    message: `invalid front matter YAML: ${what ? `${what.en} (${detail})` : detail}`,
    messageFr: `en-tête YAML invalide : ${what ? what.fr : detail}`,
  };
}

/** What a YAML error says was left open: a quote, a `[` or a `{`. */
function openedBy(error: YAMLError): '"' | '[' | '{' | undefined {
  const first = error.message.split('\n')[0] ?? error.message;
  if (/closing "?quote|Missing closing "quote/i.test(first)) return '"';
  if (/flow sequence|\]/i.test(first)) return '[';
  if (/flow map|\}/i.test(first)) return '{';
  return undefined;
}

/**
 * The two mistakes a team makes most in the front matter, said plainly: a value holding « : »
 * (`title: Point de presse : tempête`) and a `#` glued to a hashtag in a list (`[#DSN, Santé]`).
 */
function commonMistake(text: string, error: YAMLError): { kind: 'colon' | 'hash'; en: string; fr: string } | undefined {
  const start = text.lastIndexOf('\n', Math.max(0, error.pos[0] - 1)) + 1;
  const end = text.indexOf('\n', error.pos[0]);
  const written = text.slice(start, end === -1 ? undefined : end);
  const colon = /^\s*([A-Za-z]+)\s*:\s+([^\s"'[{|>#].*?:(?:\s.*)?)$/u.exec(written);
  if (colon) {
    const [, key, raw] = colon;
    const value = raw?.replaceAll('"', '\\"');
    return {
      kind: 'colon',
      en: `the value of "${key}" holds ": ": put it in quotes (${key}: "${value}")`,
      fr: `la valeur de « ${key} » contient « : » : mettez-la entre guillemets (${key}: "${value}")`,
    };
  }
  if (/[[,]\s*#/u.test(written)) {
    return {
      kind: 'hash',
      en: 'a "#" starts a comment in YAML: write the hashtags without it (hashtags: [DSN, Santé])',
      fr: 'en YAML, un « # » commence un commentaire : écrivez les mots-clics sans « # » (hashtags: [DSN, Santé])',
    };
  }
  return undefined;
}

/** The line of the key whose value the error is in: the last unindented line at or before it. */
function openingLine(error: YAMLError, text: string, line: number): number {
  const lines = text.slice(0, error.pos[0]).split('\n');
  for (let i = lines.length - 1; i >= 0; i--) {
    if (/^[^\s#]/u.test(lines[i] ?? '')) return line - (lines.length - 1 - i);
  }
  return line;
}

const FORMAT_CHOICES: Record<keyof Formats, readonly string[]> = {
  x: THREAD_FORMATS,
  bluesky: THREAD_FORMATS,
  linkedin: SINGLE_POST_FORMATS,
  facebook: SINGLE_POST_FORMATS,
};

/**
 * `formats: { x: thread, linkedin: full }`: the networks named get that format for this update.
 * Each problem is reported; undefined when there is one.
 */
function parseFormats(
  value: unknown,
  report: (message: string, messageFr: string) => void,
): Partial<Formats> | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    report(
      '"formats" must map networks to a format, e.g. { x: thread, linkedin: full }',
      '« formats » doit associer un format à chaque réseau, p. ex. { x: thread, linkedin: full }',
    );
    return undefined;
  }
  const out: Record<string, string> = {};
  let ok = true;
  for (const [network, format] of Object.entries(value as Record<string, unknown>)) {
    const allowed = FORMAT_CHOICES[network as keyof Formats];
    if (allowed === undefined) {
      const networks = Object.keys(FORMAT_CHOICES);
      const suggestion = closest(network, networks);
      report(
        `formats: unknown network "${network}"${suggestion ? ` (did you mean "${suggestion}"?)` : ''}; allowed: ${networks.join(', ')} (the website is always full)`,
        `formats : réseau inconnu « ${network} »${suggestion ? ` (vouliez-vous dire « ${suggestion} » ?)` : ''}; réseaux permis : ${networks.join(', ')} (le site Web est toujours complet)`,
      );
      ok = false;
      continue;
    }
    if (typeof format !== 'string' || !allowed.includes(format)) {
      report(
        `formats.${network} must be ${allowed.join(' or ')} (got ${JSON.stringify(format)})`,
        `formats.${network} doit être ${allowed.join(' ou ')} (reçu ${JSON.stringify(format)})`,
      );
      ok = false;
      continue;
    }
    out[network] = format;
  }
  return ok ? (out as Partial<Formats>) : undefined;
}

/** `hashtags: [DSN, SantéQuébec]` or `hashtags: DSN SantéQuébec`, without `#`; undefined when refused. */
function parseHashtags(value: unknown, report: (message: string, messageFr: string) => void): string[] | undefined {
  const list = typeof value === 'string' ? value.split(/[\s,]+/) : value;
  if (!Array.isArray(list) || list.some((tag) => typeof tag !== 'string')) {
    report(
      '"hashtags" must be a list of words, e.g. [DSN, SantéQuébec]',
      '« hashtags » doit être une liste de mots, p. ex. [DSN, SantéQuébec]',
    );
    return undefined;
  }
  const tags = (list as string[]).map((tag) => tag.replace(/^#/, '').trim()).filter((tag) => tag !== '');
  const bad = tags.filter((tag) => !/^[\p{L}\p{N}_]+$/u.test(tag));
  for (const tag of bad) {
    report(
      `hashtag "${tag}" may hold only letters, digits and _`,
      `le mot-clic « ${tag} » ne peut contenir que des lettres, des chiffres et _`,
    );
  }
  return bad.length === 0 ? tags : undefined;
}

function parseFigureList(value: unknown, line: number, path: string): Figure[] {
  const fail = (message: string, messageFr: string): never => {
    throw new UpdateFileError(path, line, message, messageFr);
  };
  if (!Array.isArray(value)) {
    fail(
      '"figures" must be a list of { value, label, refersTo?, total?, place? }',
      '« figures » doit être une liste de { value, label, refersTo?, total?, place? }',
    );
  }
  return (value as unknown[]).map((item, index) => {
    if (typeof item !== 'object' || item === null) {
      return fail(`figures[${index}] must be { value, label }`, `figures[${index}] doit être { value, label }`);
    }
    const entry = item as Record<string, unknown>;
    const allowed = ['value', 'label', 'refersTo', 'total', 'place'];
    const unknown = Object.keys(entry).find((key) => !allowed.includes(key));
    if (unknown) {
      const suggestion = closest(unknown, allowed);
      fail(
        `figures[${index}]: unknown key "${unknown}"${suggestion ? ` (did you mean "${suggestion}"?)` : ''}`,
        `figures[${index}] : clé inconnue « ${unknown} »${suggestion ? ` (vouliez-vous dire « ${suggestion} » ?)` : ''}`,
      );
    }
    const written = String(entry.value ?? '').trim();
    const parsed = parseFrenchNumber(written);
    if (!parsed) {
      fail(
        `figures[${index}].value "${written}" is not a number`,
        `figures[${index}].value « ${written} » n’est pas un nombre`,
      );
    }
    if (typeof entry.label !== 'string' || entry.label.trim() === '') {
      fail(`figures[${index}].label is missing`, `figures[${index}].label est manquant`);
    }
    const figure: Figure = {
      value: written,
      numeric: parsed!.numeric,
      unit: parsed!.unit,
      label: (entry.label as string).trim(),
      source: 'front-matter',
      line,
    };
    if (entry.refersTo !== undefined) figure.refersTo = String(entry.refersTo);
    if (typeof entry.place === 'string' && entry.place.trim() !== '') figure.place = entry.place.trim();
    if (entry.total !== undefined) {
      const total = parseFrenchNumber(String(entry.total));
      if (!total) fail(`figures[${index}].total is not a number`, `figures[${index}].total n’est pas un nombre`);
      figure.total = { value: String(entry.total), numeric: total!.numeric };
    }
    return figure;
  });
}

function isIsoDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value);
}

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || url.protocol === 'http:';
  } catch {
    return false;
  }
}
