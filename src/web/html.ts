import { escapeHtml, Markup } from '../util/html.js';

export { escapeHtml, html, Markup } from '../util/html.js';

/** Only http(s) links are ever rendered as links; anything else (`javascript:`, `data:`) stays text. */
export function safeHttpUrl(url: string | null | undefined): string | null {
  if (url === null || url === undefined) return null;
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' || parsed.protocol === 'http:' ? parsed.href : null;
  } catch {
    return null;
  }
}

/** French text with `code` spans (as the notifications write commands): escaped, the spans as <code>. */
export function withCodeSpans(text: string): Markup {
  const parts = text.split('`');
  return new Markup(
    parts.map((part, index) => (index % 2 === 1 ? `<code>${escapeHtml(part)}</code>` : escapeHtml(part))).join(''),
  );
}
