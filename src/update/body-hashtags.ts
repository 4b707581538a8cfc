import type { RootContent } from 'mdast';
import { toString as mdastText } from 'mdast-util-to-string';

const TAG = String.raw`#[\p{L}\p{M}\p{N}_]+`;
/** `#DSN #SantéQuébec`, `#DSN, #SantéQuébec.`, `Mots-clics : #DSN #SantéQuébec`: hashtags and nothing else. */
const HASHTAG_LINE = new RegExp(
  String.raw`^(?:(?:mots[- ]clics|mots[- ]clés|mots[- ]clefs|mots[- ]dièse|hashtags)[ \u00A0\u202F]*:[ \u00A0\u202F]*)?${TAG}(?:[\s,;]+${TAG})*[ \u00A0\u202F]*\.?$`,
  'iu',
);

/** The hashtags (without `#`) of a line made of hashtags only; undefined for any other line. */
export function hashtagLine(text: string): string[] | undefined {
  const line = text.replace(/\s+/gu, ' ').trim();
  if (!HASHTAG_LINE.test(line)) return undefined;
  return [...line.matchAll(new RegExp(TAG, 'gu'))].map((match) => match[0].slice(1));
}

/**
 * Paragraphs of the body made of hashtags only (`#DSN #SantéQuébec` as the last line of a Word
 * document or a pasted text): taken out of the body, their hashtags returned in order. They are the
 * update's hashtags, not a paragraph of its last section.
 */
export function takeHashtags(body: RootContent[]): string[] {
  const tags: string[] = [];
  for (let i = 0; i < body.length; i++) {
    const node = body[i]!;
    if (node.type !== 'paragraph') continue;
    const found = hashtagLine(mdastText(node));
    if (found === undefined) continue;
    tags.push(...found);
    body.splice(i, 1);
    i--;
  }
  return tags;
}

/** Hashtags in order, each once (case aside): the first spelling is kept. */
export function uniqueHashtags(tags: readonly string[]): string[] {
  const seen = new Set<string>();
  return tags.filter((tag) => {
    const key = tag.normalize('NFC').toLocaleLowerCase('fr');
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
