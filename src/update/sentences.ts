/** Abbreviations whose period does not end a sentence. */
const ABBREVIATIONS =
  /(?:^|[\s(])(?:M|Mme|Mmes|MM|Dr|Dre|Pr|St|Ste|etc|no|n°|p\. ex|c\.-à-d|env|min|max|av|apr|J\.-C)\.$/i;

/**
 * Where the sentences of a text end (French punctuation): after . ! ? or … followed by a space and
 * a capital, a digit or an opening quote, an abbreviation's period excepted. The text's own end is
 * not listed.
 */
export function sentenceEnds(text: string): number[] {
  const ends: number[] = [];
  for (const match of text.matchAll(/[.!?…]+(?=\s+[«"“(]?[A-ZÀ-ÖØ-Þ0-9])/g)) {
    const end = match.index + match[0].length;
    if (!ABBREVIATIONS.test(text.slice(0, end))) ends.push(end);
  }
  return ends;
}
