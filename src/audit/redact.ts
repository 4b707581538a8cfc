export const REDACTED = '[redacted]';

/**
 * Tokens recognised by their shape, whoever holds them: one connected in the page after the
 * process started is not in its list of secrets, yet an error quoting a request must not leak it
 * (`?access_token=…` in a Graph API URL, an `Authorization: Bearer …` header, a session's `accessJwt`).
 */
const TOKEN_SHAPES: ReadonlyArray<[RegExp, string]> = [
  [
    /\b((?:access|refresh)_token|client_secret|oauth_token|oauth_signature|appsecret_proof)=[^&\s"'<>]{6,}/giu,
    `$1=${REDACTED}`,
  ],
  [/\b(oauth_token|oauth_signature)="[^"]{6,}"/gu, `$1="${REDACTED}"`],
  [/\b(Bearer|OAuth)\s+(?!\[redacted\])[A-Za-z0-9._~+/=-]{12,}/gu, `$1 ${REDACTED}`],
  [/("(?:access_?token|refresh_?token|accessJwt|refreshJwt|client_secret)"\s*:\s*)"[^"]{6,}"/giu, `$1"${REDACTED}"`],
];

/**
 * Replaces every occurrence of each secret in every string (keys included) of `value`, and any
 * token recognised by its shape.
 */
export function redactValue<T>(value: T, secrets: readonly string[]): T {
  const usable = [...new Set(secrets.filter((secret) => secret.length > 0))].sort((a, b) => b.length - a.length);
  return scrub(value, usable) as T;
}

export function redactText(text: string, secrets: readonly string[]): string {
  return redactValue(text, secrets);
}

function scrub(value: unknown, secrets: readonly string[]): unknown {
  if (typeof value === 'string') {
    let text = value;
    for (const secret of secrets) text = text.split(secret).join(REDACTED);
    for (const [shape, replacement] of TOKEN_SHAPES) text = text.replace(shape, replacement);
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
