import twitterText from 'twitter-text';

const ENTITIES: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'" };

/**
 * The part of a post's text that survives X's rewriting, for comparing what we sent with what X
 * returns: X replaces every URL (bare domains included) with a t.co link, appends a t.co link to
 * attached media, HTML-escapes `&`, `<`, `>` and stores NFC.
 */
export function normaliseXText(text: string): string {
  const unescaped = text.normalize('NFC').replace(/&(?:amp|lt|gt|quot|#39);/g, (entity) => ENTITIES[entity] ?? entity);
  const urls = twitterText.extractUrlsWithIndices(unescaped);
  let withoutUrls = '';
  let cursor = 0;
  for (const { indices } of urls) {
    withoutUrls += `${unescaped.slice(cursor, indices[0])} `;
    cursor = indices[1];
  }
  withoutUrls += unescaped.slice(cursor);
  return withoutUrls.replace(/\s+/gu, ' ').trim();
}
