/** A flag: two regional indicator symbols (`🇶🇨` is Q + C). */
const FLAG = /\p{Regional_Indicator}{2}/gu;
const REGIONAL_A = 0x1f1e6;

/** `🇶🇨` → `QC`: the letters a flag is made of. */
export function flagLetters(flag: string): string {
  return [...flag].map((char) => String.fromCharCode(65 + char.codePointAt(0)! - REGIONAL_A)).join('');
}

/** The flags in a text. */
export function flagsIn(text: string): string[] {
  return [...text.matchAll(FLAG)].map((match) => match[0]);
}

/** Replaces each flag in `undrawable` by its letters. */
export function flagsAsLetters(text: string, undrawable: ReadonlySet<string>): string {
  return text.replace(FLAG, (flag) => (undrawable.has(flag) ? flagLetters(flag) : flag));
}
