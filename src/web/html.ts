/** Markup built only by `html`, whose interpolations are escaped unless they are `Markup` themselves. */
export class Markup {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

/** Template tag for HTML: every interpolated value is escaped, arrays are joined, `Markup` is kept as is. */
export function html(strings: TemplateStringsArray, ...values: unknown[]): Markup {
  let out = strings[0] ?? '';
  values.forEach((value, index) => {
    out += piece(value) + (strings[index + 1] ?? '');
  });
  return new Markup(out);
}

function piece(value: unknown): string {
  if (value instanceof Markup) return value.value;
  if (Array.isArray(value)) return value.map(piece).join('');
  if (value === undefined || value === null || value === false) return '';
  return escapeHtml(String(value));
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"'`]/g, (char) => `&#${char.charCodeAt(0)};`);
}

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
