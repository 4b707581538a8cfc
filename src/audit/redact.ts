export const REDACTED = '[redacted]';

/** Replaces every occurrence of each secret in every string (keys included) of `value`. */
export function redactValue<T>(value: T, secrets: readonly string[]): T {
  const usable = [...new Set(secrets.filter((secret) => secret.length > 0))].sort((a, b) => b.length - a.length);
  if (usable.length === 0) return value;
  return scrub(value, usable) as T;
}

export function redactText(text: string, secrets: readonly string[]): string {
  return redactValue(text, secrets);
}

function scrub(value: unknown, secrets: readonly string[]): unknown {
  if (typeof value === 'string') {
    let text = value;
    for (const secret of secrets) text = text.split(secret).join(REDACTED);
    return text;
  }
  if (Array.isArray(value)) return value.map((item) => scrub(item, secrets));
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) out[scrub(key, secrets) as string] = scrub(item, secrets);
    return out;
  }
  return value;
}
