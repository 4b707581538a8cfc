/** The closing line of every draft: where to read more (a no-break space before the colon, as everywhere). */
export function linkLine(link: string): string {
  return `Pour en savoir plus\u00A0: ${link}`;
}

export function hashtagLine(hashtags: string[]): string {
  return hashtags.map((tag) => `#${tag}`).join(' ');
}

/** Link and hashtags, each on its own paragraph; empty when the update has neither. */
export function closingText(link: string | undefined, hashtags: string[]): string {
  return [link ? linkLine(link) : '', hashtagLine(hashtags)].filter(Boolean).join('\n\n');
}
