/** Words that carry no meaning in a short figure label. */
const FILLER = new Set(['se', 'sont', 'est', 'été', 'déjà', 'directement', 'bien', 'actuellement', 'maintenant']);
/** `ont`/`a` go only with `été` (`ont été reportés` → `reportés`); before a past participle they keep the label grammatical. */
const PASSIVE_AUXILIARIES = new Set(['ont', 'a']);
/** Words a shortened label must not end with (`… de la santé et des`). */
const DANGLING = new Set([
  'à',
  'au',
  'aux',
  'de',
  'des',
  'du',
  'et',
  'ou',
  'en',
  'la',
  'le',
  'les',
  'par',
  'pour',
  'sur',
  'avec',
  'dans',
  'un',
  'une',
]);
/** Where a label stops: a period of time, a total, a comment, or who said it (`selon la Direction…`). */
const CUT_BEFORE = [
  ' durant ',
  ' au cours ',
  ' pendant ',
  ' sur un total',
  ' sur ',
  ' depuis ',
  ' ce qui ',
  ' dont ',
  ' selon ',
  ' d’après ',
];

/**
 * The words of `text` before a period of time, a comment or who said it (the markers of
 * `CUT_BEFORE` other than a total): `dépassent leur capacité depuis lundi` → `dépassent leur capacité`.
 */
export function beforeComment(text: string): string {
  const padded = ` ${text} `;
  const typographic = padded.replaceAll("'", '’');
  let end = padded.length;
  for (const marker of CUT_BEFORE) {
    if (marker.startsWith(' sur ')) continue;
    const at = typographic.indexOf(marker);
    if (at >= 0 && at < end) end = at;
  }
  return padded.slice(0, end).trim();
}

/** A clause that only says who gave the number (`Selon le Ministère`, `D’après la Direction`). */
const ATTRIBUTION = /^(?:selon|d['’]après|source|au dire)(?![\p{L}])/iu;

/**
 * The words before a number that say what it counts (`Selon Santé Québec, dossiers transférés : 1 200`):
 * the clause nearest the number, within its sentence; empty when that clause only says who gave it.
 * A capitalised word earlier in the line (`Selon le Ministère, …`) never starts the label.
 */
export function labelBefore(head: string): string {
  const clauses = head
    .replace(/\([^)]*\)/gu, ' ')
    .split(/[,;]\s+|[.!?…]\s+|\s[–—]\s/u)
    .map((clause) => clause.trim())
    .filter((clause) => clause !== '');
  const clause = clauses.at(-1) ?? '';
  return ATTRIBUTION.test(clause) ? '' : clause;
}

/**
 * Where a date or a time starts: a day or an hour (one or two digits), a year, or a weekday after
 * `le`, `du`, `au`, `à`, `entre`… (`au 811`, a phone number, is not one).
 */
const DATE_OR_TIME =
  /\s(?:le|du|au|dès|depuis le|à|entre|vers|ce|cette|lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche)\s+(?=\d{1,2}(?!\d|[ \u00A0\u202F]\d{3}(?!\d))|(?:19|20)\d{2}(?!\d)|lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche)/iu;

/** Emoji, flags, keycaps and their joiners: never part of a label. */
const EMOJI =
  /\p{Extended_Pictographic}|\p{Regional_Indicator}|\u{FE0F}|\u{FE0E}|\u{200D}|\u{20E3}|[\u{1F3FB}-\u{1F3FF}]/gu;
/** Markdown marks left in a text (`**`, `_`, `` ` ``, `#`, `>`, brackets). */
const MARKUP = /[*_`#<>[\]{}|\\~]/g;

/** Text without emoji and markup marks, spaces collapsed. */
export function withoutEmojiAndMarkup(text: string): string {
  return text.replace(EMOJI, ' ').replace(MARKUP, ' ').replace(/\s+/g, ' ').trim();
}

/** The words that say what a figure counts, shortened for a tile (60 characters at most). */
export function shortLabel(raw: string): string {
  let label = ` ${withoutEmojiAndMarkup(raw)} `;
  // Markers are written with ’; a label typed with a straight apostrophe is cut at the same place.
  const typographic = label.replaceAll("'", '’');
  for (const marker of CUT_BEFORE) {
    const at = typographic.indexOf(marker);
    if (at > 0) label = label.slice(0, at);
  }
  // Who did it, when it is named (`reçus par le Centre de services…`), is not what is counted.
  label = label.replace(/\s(?:par|chez)\s+(?:(?:le|la|les|l['’]|du|des)\s*)?\p{Lu}.*$/u, ' ');
  // A date or time is said by the figure's `refersTo`, not by its label.
  label = label.split(DATE_OR_TIME)[0] ?? '';
  label = label.split(/[,.;!?:(]/u)[0] ?? '';
  label = label
    .trim()
    .replace(/^(le nombre d['’]|le nombre de |nombre d['’]|nombre de |des |de |d['’]|les |le |la |l['’])/iu, '');
  const all = label.split(' ').filter((word) => word !== '');
  const words = all.filter((word, i) => {
    const lower = word.toLowerCase();
    if (PASSIVE_AUXILIARIES.has(lower)) return !all.slice(i + 1, i + 3).some((next) => next.toLowerCase() === 'été');
    return !FILLER.has(lower);
  });
  while (words.length > 1 && DANGLING.has(words.at(-1)!.toLowerCase())) words.pop();
  let short = words.join(' ');
  if (short.length > 60) {
    const kept = short.slice(0, short.lastIndexOf(' ', 60)).split(' ');
    while (kept.length > 1 && DANGLING.has(kept.at(-1)!.toLowerCase())) kept.pop();
    short = kept.join(' ');
  }
  return short.replace(/^[-–—\s]+|[-–—\s]+$/g, '').trim();
}
