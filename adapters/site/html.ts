import type { Span } from '../../src/update/types.js';

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text or attribute value made safe for HTML. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => ENTITIES[char] ?? char);
}

/** Only web and mail links become links; anything else (javascript:, data:) stays plain text. */
export function safeHref(url: string): string | undefined {
  try {
    const parsed = new URL(url);
    return ['http:', 'https:', 'mailto:'].includes(parsed.protocol) ? parsed.href : undefined;
  } catch {
    return undefined;
  }
}

/** A bullet's runs: bold, italics and links as the update wrote them. */
export function spansHtml(spans: readonly Span[]): string {
  return spans
    .map((span) => {
      const text = escapeHtml(span.text);
      switch (span.kind) {
        case 'strong':
          return `<strong>${text}</strong>`;
        case 'emphasis':
          return `<em>${text}</em>`;
        case 'link': {
          const href = safeHref(span.url);
          return href ? `<a href="${escapeHtml(href)}">${text}</a>` : text;
        }
        default:
          return text;
      }
    })
    .join('');
}
