import { beforeComment, labelBefore, shortLabel, withoutEmojiAndMarkup } from './figure-label.js';
import { findFrenchDate } from './french-dates.js';
import { notAFigure } from './not-figures.js';
import { parseFrenchNumber, UNIT_PATTERN } from './numbers.js';
import { isPlaceName, nameLeadingBullet, placeInSentence, placeLeadingBullet } from './places.js';
import type { Bullet, Figure } from './types.js';

const DIGITS = String.raw`\d{1,3}(?:[ \u00A0\u202F]\d{3})+(?!\d)|\d+`;
/** A number with its decimals and unit, not glued to a letter or digit before it. */
const NUMBER = new RegExp(
  String.raw`(?<![\p{L}\p{N},.])(${DIGITS})(?:,\d+)?(?:[ \u00A0\u202F]?(${UNIT_PATTERN}))?`,
  'gu',
);
const TOTAL = new RegExp(String.raw`^\s*sur (?:un total de |une cible de )?(${DIGITS})(?:,\d+)?`, 'u');

interface Found {
  written: string;
  digits: string;
  unit: string;
  start: number;
  end: number;
}

/** Every number in `text` that may be a figure (dates, times, phones, years… left out). */
export function figureNumbers(text: string): Found[] {
  const found: Found[] = [];
  for (const match of text.matchAll(NUMBER)) {
    const start = match.index;
    const end = start + match[0].length;
    const number = { text, start, end, digits: match[1] ?? '', unit: match[2] ?? '' };
    if (notAFigure(number) === undefined) found.push({ written: match[0].trim(), ...number });
  }
  return found;
}

/**
 * The key figure of a bullet, if it has one: a number in bold (`**6 708** utilisateurs`), a
 * number starting the bullet (`166 chirurgies …`, after a leading `Laval :`), or a number after a
 * colon (`Nombre de billets : 1790`, `Laval : 92 % des rendez-vous confirmés`). A number inside a
 * sentence (`… une dame de 89 ans`) is context, not a key figure.
 */
export function figureFromBullet(bullet: Bullet, reference: string): Figure | undefined {
  const text = withoutEmojiAndMarkup(bullet.text);
  const numbers = figureNumbers(text);
  if (numbers.length === 0) return undefined;
  const leadingPlace = placeLeadingBullet(text) ?? nameLeadingBullet(text);
  const chosen = pick(text, numbers, bullet);
  if (!chosen) return undefined;
  const { number, label: rawLabel } = chosen;
  const parsed = parseFrenchNumber(number.written);
  if (!parsed) return undefined;

  // `**12 haltes** et **3 000** bouteilles…`: the label ends where the next figure's words begin.
  let labelText = rawLabel.replace(NEXT_FIGURE, '');
  let total: Figure['total'];
  const totalMatch = TOTAL.exec(labelText);
  if (totalMatch?.[1]) {
    const parsedTotal = parseFrenchNumber(totalMatch[1]);
    if (parsedTotal) total = { value: totalMatch[1], numeric: parsedTotal.numeric };
    labelText = labelText.slice(totalMatch[0].length);
  }
  let place = leadingPlace;
  const inSentence = placeInSentence(labelText);
  if (inSentence) {
    place ??= inSentence.place;
    labelText = inSentence.rest;
  }
  const label = withCountedThing(parsed.unit, labelText, shortLabel(labelText));
  if (label === '' || !/\p{L}/u.test(label)) return undefined;
  if (/^(?:info[- ]santé|info[- ]social)$/iu.test(label)) return undefined;
  // A change without its subject (`35 % de plus`, `12 de moins que l’an dernier`, `en hausse`) counts nothing on its own.
  if (
    /^(?:de |en )?(?:(?:plus|moins)(?: que .*)?|hausse|baisse|augmentation|diminution|mieux|plus tôt|plus tard)$/iu.test(
      label,
    )
  ) {
    return undefined;
  }
  // `Laval : 1 200`: a place is not what a number counts.
  if (isPlaceName(label)) return undefined;

  const figure: Figure = {
    value: number.written,
    numeric: parsed.numeric,
    unit: parsed.unit,
    label,
    source: 'bullets',
    line: bullet.line,
  };
  if (!total) {
    const after = new RegExp(String.raw`\bsur (?:un total de |une cible de )?(${DIGITS})`, 'u').exec(
      text.slice(number.end),
    );
    const parsedTotal = after?.[1] ? parseFrenchNumber(after[1]) : undefined;
    if (after?.[1] && parsedTotal) total = { value: after[1], numeric: parsedTotal.numeric };
  }
  if (total) {
    const share = shareLabel(text.slice(number.end), label, total);
    if (share === null) return undefined;
    if (share === undefined) figure.total = total;
    else figure.label = share;
  }
  if (place) figure.place = place;
  const said = sentenceHolding(text, number.start, [figure.value, total?.value, place]);
  if (said) figure.sentence = said;
  const own = findFrenchDate(text, reference, true);
  if (own) {
    figure.refersTo = own.since ? `depuis le ${own.label}` : own.label;
    figure.refersToDate = own.iso;
  }
  return figure;
}

/**
 * `2,3 millions de doses`: after `millions` or `milliards` the label keeps its `de`, so that value
 * and label read as written (`2,3 millions` · `de doses administrées`).
 */
function withCountedThing(unit: Figure['unit'], written: string, label: string): string {
  if (unit !== 'millions' && unit !== 'milliards') return label;
  const of = /^\s*(de |d['’])/iu.exec(written)?.[1];
  return of === undefined || label === '' ? label : `${of.toLowerCase().replace("'", '’')}${label}`;
}

/** Up to this total, `N … sur M` followed by more words is a share (`1 décès sur 3`, `9 sur 10`). */
const SHARE_TOTAL_MAX = 10;

/**
 * `1 décès sur 3 survient la nuit`: a share whose meaning lies in the words after it. Its label
 * keeps them, with the share, so a tile reads `1` · `décès sur 3 survient la nuit`; a tile reading
 * `1 sur 3` · `décès` would say something else. Undefined when the total is a count the figure is
 * measured against (`22 460 utilisateurs sur 30 000 utilisateurs`, `18 routes sur 25`); null
 * when the share is too long to be a tile's label (then the bullet has no key figure).
 */
function shareLabel(after: string, label: string, total: NonNullable<Figure['total']>): string | null | undefined {
  if (total.numeric > SHARE_TOTAL_MAX) return undefined;
  const digits = total.value.replace(/[.*+?^${}()|[\]\\]/gu, '\\$&');
  const said = new RegExp(String.raw`\bsur (?:un total de |une cible de )?${digits}(?![\d,])`, 'u').exec(after);
  if (!said) return undefined;
  const rest = beforeComment(
    (after.slice(said.index + said[0].length).split(/[,.;!?:()]/u)[0] ?? '').replace(/\s+/gu, ' ').trim(),
  );
  if (!/\p{L}/u.test(rest)) return undefined;
  const head = (words: string) => (words.split(' ')[0] ?? '').toLowerCase().replace(/[sx]$/u, '');
  if (head(rest) === head(label)) return undefined;
  const share = `${label} sur ${total.value} ${rest}`;
  return share.length <= 60 ? share : null;
}

/**
 * A period that ends an abbreviation, not a sentence: `M. Tremblay`, `Dr. Gagnon`, `p. ex. Laval`,
 * an initial (`J. Roy`). The capitalised word after it goes on the same sentence.
 */
const ABBREVIATION =
  /(?:^|[\s(«"“])(?:\p{L}|M|Mme|Mmes|MM|Mlle|Dr|Dre|Drs|Pr|Pre|St|Ste|ex|env|app|tél|vol|art|no|nº)\.$/u;

/** Longest sentence the alt text reads for a figure; a longer one is left to the tile's label. */
const MAX_SENTENCE = 180;

/**
 * The sentence of `text` around position `at`, when it holds every one of `parts` as written and is
 * short enough to be read aloud for one figure.
 */
function sentenceHolding(text: string, at: number, parts: readonly (string | undefined)[]): string | undefined {
  const ends = [...text.matchAll(/[.!?…]+(?=\s+[«"“(]?[\p{Lu}\d])/gu)]
    .filter((match) => !(match[0] === '.' && ABBREVIATION.test(text.slice(0, match.index + 1))))
    .map((match) => match.index + match[0].length);
  const start = ends.filter((end) => end <= at).at(-1) ?? 0;
  const end = ends.find((item) => item > at) ?? text.length;
  const sentence = text.slice(start, end).trim();
  if (sentence === '' || sentence.length > MAX_SENTENCE) return undefined;
  if (!parts.every((part) => part === undefined || sentence.includes(part))) return undefined;
  return sentence;
}

/** Words saying a number is not exact (`près de`, `plus de`, `environ`…), right before it. */
const APPROXIMATE =
  /(?:^|[\s(])(?:près de|plus de|moins de|environ|quelque|au moins|d['’]au moins|jusqu['’]à|presque|autour de|au-delà de)\s*$/iu;

/** Words after a number that narrow down what the label before it counts (`… chez les 75 ans et plus`, `… par mois`). */
const NARROWING = /^\s*(?:chez|pour|par|parmi|dans|en|à|au|aux)\s/iu;
/** Another number joined to a figure's words (`et 3 000 bouteilles`, `, puis 40 %`): not part of its label. */
const NEXT_FIGURE =
  /(?:\s*[,;]\s*|\s+)(?:et|ainsi que|puis|alors que|tandis que)\s+(?:(?:près de|plus de|environ|quelque)\s+)?\d.*$/su;

/** A subject and a verb saying it is worth the number that follows (« Le taux de couverture atteint »). */
const SUBJECT_VERB =
  /^(.*\p{L}.*?)\s+(?:a |ont )?(?:atteint|atteignent|atteindra|atteindront|atteignait|atteignaient|s['’]élève(?:nt|ra|ront|ait|aient)? à|se chiffre(?:nt|ra|ront|ait|aient)? à|s['’]établi(?:t|ssent|ra|ront) à|totalise(?:nt|ra|ront)?|grimpe(?:nt|ra|ront)? à|passe(?:nt|ra|ront)? à|est de|sont de|était de|étaient de|sera de|seront de)\s*$/iu;
const ARTICLE = /^(?:(?:les|le|la|une|un|des|du)\s+|l['’]\s*)/iu;

/**
 * What a number counts when a sentence says its subject is worth it: « Le taux de couverture
 * atteint 74,5 % chez les 60 ans » counts the « taux de couverture chez les 60 ans ». Undefined when
 * the words before the number are not a subject and such a verb.
 */
function subjectLabel(before: string, after: string): string | undefined {
  const subject = SUBJECT_VERB.exec(before)?.[1];
  if (subject === undefined) return undefined;
  const head = labelBefore(subject).replace(ARTICLE, '');
  if (!/\p{L}/u.test(head) || isPlaceName(head)) return undefined;
  // Only the first clause after the number narrows it (« chez les 60 ans », not « , selon… »).
  const narrowing = NARROWING.test(after) ? ` ${after.trim().split(/[,;]\s|[.!?…](?:\s|$)|\s[–—]\s/u)[0]}` : '';
  return `${head}${narrowing}`;
}

function pick(text: string, numbers: Found[], bullet: Bullet): { number: Found; label: string } | undefined {
  // A bold number: its label follows it in the bold run, else after the bold run.
  const bold = bullet.spans.find((span) => span.kind === 'strong' && /\d/.test(span.text));
  if (bold) {
    const boldText = withoutEmojiAndMarkup(bold.text);
    const at = text.indexOf(boldText);
    const inBold = numbers.find((n) => at >= 0 && n.start >= at && n.end <= at + boldText.length);
    // `Près de **4 000** appels`: a tile reading `4 000` would say more than the text does.
    if (inBold && APPROXIMATE.test(text.slice(0, inBold.start))) return undefined;
    if (inBold) {
      const restOfBold = text.slice(inBold.end, at + boldText.length);
      const afterBold = text.slice(at + boldText.length);
      const subject = /\p{L}/u.test(restOfBold) ? undefined : subjectLabel(text.slice(0, inBold.start), afterBold);
      if (subject !== undefined) return { number: inBold, label: subject };
      if (/\p{L}/u.test(restOfBold) && !/^\s*sur\s+\d[\d\s\u00A0\u202F]*$/u.test(restOfBold))
        return { number: inBold, label: `${restOfBold}${afterBold}` };
      if (/\p{L}/u.test(afterBold)) return { number: inBold, label: afterBold };
      const head = labelBefore(/^(.*?)\s*:\s*$/u.exec(text.slice(0, inBold.start))?.[1] ?? '');
      if (/\p{L}/u.test(head)) return { number: inBold, label: head };
    }
  }
  // A number starting the bullet, or right after a leading `Place :` / `Label :`.
  const colon = /^([^:]*?)\s*:\s*/u.exec(text);
  for (const number of numbers) {
    const before = text.slice(0, number.start);
    const after = text.slice(number.end);
    if (before.trim() === '' && /^\s*(?:sur\s+\d|\p{L})/u.test(after)) return { number, label: after };
    if (colon && before === colon[0]) {
      // `Taux de couverture : 67,5 % chez les 75 ans et plus`: what is counted is before the colon,
      // the words after the number only narrow it down.
      const head = labelBefore(colon[1] ?? '');
      if (NARROWING.test(after) && /\p{L}/u.test(head) && !isPlaceName(head)) {
        return { number, label: `${head} ${after.trim()}` };
      }
      if (
        /^\s*(?:sur\s+\d[^\p{L}]*)?\p{L}/u.test(after) &&
        !/^\s*(?:sur\s+\d[\d\s\u00A0\u202F]*)?\s*[.;!]?\s*$/u.test(after)
      )
        return { number, label: after };
      if (/^\s*(?:sur\s+[\d\s\u00A0\u202F]+)?[.;!]?\s*$/u.test(after))
        return { number, label: labelBefore(colon[1] ?? '') };
    }
  }
  // A number ending the bullet after a colon (`Billets résolus au cours de la période : 1245`).
  const last = numbers.at(-1);
  if (last && /^\s*[.!]?\s*$/u.test(text.slice(last.end))) {
    const head = labelBefore(/^(.*?)\s*:\s*$/u.exec(text.slice(0, last.start))?.[1] ?? '');
    if (/\p{L}/u.test(head)) return { number: last, label: head };
  }
  return undefined;
}
