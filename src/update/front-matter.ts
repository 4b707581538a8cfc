import { isMap, isScalar, LineCounter, parseDocument } from 'yaml';
import { type Formats, SINGLE_POST_FORMATS, THREAD_FORMATS } from '../compose/formats.js';
import { UpdateFileError } from '../errors.js';
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
 * message names the line in the update file.
 */
export function parseFrontMatter(yamlText: string, firstLine: number, path: string): FrontMatter {
  const lineCounter = new LineCounter();
  const document = parseDocument(yamlText, { lineCounter, uniqueKeys: true });
  const lineOf = (offset: number | undefined) =>
    offset === undefined ? firstLine : firstLine + lineCounter.linePos(offset).line - 1;
  const fail = (offset: number | undefined, message: string, messageFr: string): never => {
    throw new UpdateFileError(path, lineOf(offset), message, messageFr);
  };

  if (document.errors.length > 0) {
    const error = document.errors[0]!;
    fail(error.pos[0], `invalid front matter YAML: ${error.message}`, `en-tête YAML invalide : ${error.message}`);
  }
  const contents = document.contents;
  if (!isMap(contents)) {
    fail(
      undefined,
      'the front matter must be a list of "key: value" lines',
      "l'en-tête doit être une liste de lignes « clé : valeur »",
    );
  }
  const keyOffsets = new Map<string, number | undefined>();
  for (const pair of (contents as import('yaml').YAMLMap).items) {
    const key = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
    const offset = isScalar(pair.key) ? pair.key.range?.[0] : undefined;
    if (!(FRONT_MATTER_KEYS as readonly string[]).includes(key)) {
      const suggestion = closest(key, FRONT_MATTER_KEYS);
      fail(
        offset,
        `unknown front-matter key "${key}"${suggestion ? ` (did you mean "${suggestion}"?)` : ''}; allowed: ${FRONT_MATTER_KEYS.join(', ')}`,
        `clé d'en-tête inconnue « ${key} »${suggestion ? ` (vouliez-vous dire « ${suggestion} » ?)` : ''}; clés permises : ${FRONT_MATTER_KEYS.join(', ')}`,
      );
    }
    keyOffsets.set(key, offset);
  }
  let raw: Record<string, unknown> = {};
  try {
    raw = document.toJS() as Record<string, unknown>;
  } catch (error) {
    // An alias to an anchor defined nowhere (`*a`), or too many aliases (an alias bomb).
    fail(
      undefined,
      `invalid front matter YAML: ${(error as Error).message}`,
      `en-tête YAML invalide : ${(error as Error).message}`,
    );
  }
  const at = (key: string) => keyOffsets.get(key);

  const date = raw.date;
  if (date === undefined) {
    fail(undefined, 'missing "date: YYYY-MM-DD" in the front matter', "il manque « date: AAAA-MM-JJ » dans l'en-tête");
  }
  if (typeof date !== 'string' || !isIsoDate(date)) {
    fail(
      at('date'),
      `"date" must be a real calendar date written YYYY-MM-DD (got ${JSON.stringify(date)})`,
      `« date » doit être une vraie date écrite AAAA-MM-JJ (reçu ${JSON.stringify(date)})`,
    );
  }
  const title = raw.title;
  if (typeof title !== 'string' || title.trim() === '') {
    fail(at('title'), 'missing "title" (a non-empty text)', 'il manque « title » (un texte non vide)');
  }
  const result: FrontMatter = { date: date as string, title: (title as string).trim(), hashtags: [] };

  if (raw.subtitle !== undefined && raw.subtitle !== null) {
    if (typeof raw.subtitle !== 'string')
      fail(at('subtitle'), '"subtitle" must be text', '« subtitle » doit être un texte');
    result.subtitle = (raw.subtitle as string).trim();
  }
  if (raw.summary !== undefined && raw.summary !== null) {
    if (typeof raw.summary !== 'string' || raw.summary.trim() === '') {
      fail(at('summary'), '"summary" must be a non-empty text', '« summary » doit être un texte non vide');
    }
    result.summary = (raw.summary as string).replace(/\s+/gu, ' ').trim();
  }
  if (raw.formats !== undefined && raw.formats !== null) {
    result.formats = parseFormats(raw.formats, (message, messageFr) => fail(at('formats'), message, messageFr));
  }
  if (raw.link !== undefined && raw.link !== null) {
    if (typeof raw.link !== 'string' || !isHttpUrl(raw.link)) {
      fail(at('link'), '"link" must be an http(s) URL', '« link » doit être une adresse http(s)');
    }
    result.link = raw.link as string;
  }
  if (raw.hashtags !== undefined && raw.hashtags !== null) {
    const list = typeof raw.hashtags === 'string' ? raw.hashtags.split(/[\s,]+/) : raw.hashtags;
    if (!Array.isArray(list) || list.some((tag) => typeof tag !== 'string')) {
      fail(
        at('hashtags'),
        '"hashtags" must be a list of words, e.g. [DSN, SantéQuébec]',
        '« hashtags » doit être une liste de mots, p. ex. [DSN, SantéQuébec]',
      );
    }
    const tags = (list as string[]).map((tag) => tag.replace(/^#/, '').trim()).filter((tag) => tag !== '');
    const bad = tags.find((tag) => !/^[\p{L}\p{N}_]+$/u.test(tag));
    if (bad !== undefined) {
      fail(
        at('hashtags'),
        `hashtag "${bad}" may hold only letters, digits and _`,
        `le mot-clic « ${bad} » ne peut contenir que des lettres, des chiffres et _`,
      );
    }
    result.hashtags = tags;
  }
  if (raw.publishAt !== undefined && raw.publishAt !== null) {
    const value = String(raw.publishAt);
    if (!/^([01]\d|2[0-3]):[0-5]\d$/.test(value)) {
      fail(at('publishAt'), '"publishAt" must be HH:MM (24 h)', '« publishAt » doit être HH:MM (24 h)');
    }
    result.publishAt = value;
  }
  if (raw.figures !== undefined && raw.figures !== null) {
    result.figures = parseFigureList(raw.figures, lineOf(at('figures')), path);
  }
  return result;
}

const FORMAT_CHOICES: Record<keyof Formats, readonly string[]> = {
  x: THREAD_FORMATS,
  bluesky: THREAD_FORMATS,
  linkedin: SINGLE_POST_FORMATS,
  facebook: SINGLE_POST_FORMATS,
};

/** `formats: { x: thread, linkedin: full }`: the networks named get that format for this update. */
function parseFormats(value: unknown, fail: (message: string, messageFr: string) => never): Partial<Formats> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    fail(
      '"formats" must map networks to a format, e.g. { x: thread, linkedin: full }',
      '« formats » doit associer un format à chaque réseau, p. ex. { x: thread, linkedin: full }',
    );
  }
  const out: Record<string, string> = {};
  for (const [network, format] of Object.entries(value as Record<string, unknown>)) {
    const allowed = FORMAT_CHOICES[network as keyof Formats];
    if (allowed === undefined) {
      const networks = Object.keys(FORMAT_CHOICES);
      const suggestion = closest(network, networks);
      fail(
        `formats: unknown network "${network}"${suggestion ? ` (did you mean "${suggestion}"?)` : ''}; allowed: ${networks.join(', ')} (the website is always full)`,
        `formats : réseau inconnu « ${network} »${suggestion ? ` (vouliez-vous dire « ${suggestion} » ?)` : ''}; réseaux permis : ${networks.join(', ')} (le site Web est toujours complet)`,
      );
    }
    if (typeof format !== 'string' || !allowed!.includes(format)) {
      fail(
        `formats.${network} must be ${allowed!.join(' or ')} (got ${JSON.stringify(format)})`,
        `formats.${network} doit être ${allowed!.join(' ou ')} (reçu ${JSON.stringify(format)})`,
      );
    }
    out[network] = format as string;
  }
  return out as Partial<Formats>;
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
        `figures[${index}].value « ${written} » n'est pas un nombre`,
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
      if (!total) fail(`figures[${index}].total is not a number`, `figures[${index}].total n'est pas un nombre`);
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
