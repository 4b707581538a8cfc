/** Abbreviations whose period does not end a sentence. */
export const ABBREVIATIONS =
  /(?:^|[\s(])(?:M|Mme|Mmes|MM|Dr|Dre|Pr|St|Ste|etc|no|n°|p\. ex|c\.-à-d|env|min|max|av|apr|J\.-C)\.$/i;
