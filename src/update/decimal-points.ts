import { basename } from 'node:path';
import { flattenBullets } from './figures.js';
import type { Section, UpdateWarning } from './types.js';
import { warningAt } from './warning-at.js';

/** `74.88 %`, `12.5 M$`, `2.3 millions`: an amount or a share written with an English decimal point. */
const DECIMAL_POINT =
  /(?<![\p{L}\p{N}.,])(\d{1,3}(?:[ \u00A0\u202F]\d{3})*|\d+)\.(\d+)([ \u00A0\u202F]?(?:%|[kMG]?\$|millions?\b|milliards?\b))/gu;

/**
 * Numbers written with a decimal point where French writes a comma. The posts keep the text as
 * written, and such a number is never a key figure: each one is named, with its line and how to
 * write it, so that the team can correct it before approving.
 */
export function decimalPointWarnings(sections: Section[], path: string): UpdateWarning[] {
  const file = basename(path);
  const texts = sections.flatMap((section) => [
    ...section.paragraphs.map((text, index) => ({ text, line: section.paragraphLines?.[index] ?? section.line })),
    ...flattenBullets(section.bullets).map((bullet) => ({ text: bullet.text, line: bullet.line })),
  ]);
  return texts.flatMap(({ text, line }) =>
    [...text.matchAll(DECIMAL_POINT)].map((match): UpdateWarning => {
      const written = match[0];
      const french = `${match[1]},${match[2]}${match[3]}`;
      return warningAt(
        file,
        line,
        `"${written}" is written with a decimal point: French writes "${french}" (as written, it is no key figure)`,
        `«\u00A0${written}\u00A0» est écrit avec un point décimal\u00A0: en français, «\u00A0${french}\u00A0» (tel quel, ce n’est pas un chiffre clé)`,
      );
    }),
  );
}
