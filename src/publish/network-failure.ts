/**
 * What a failed request (no HTTP response) tells about whether it reached the server.
 * - `not-sent`: the connection was never made (refused, unknown host): nothing happened remotely.
 * - `maybe-sent`: timeout, reset or a closed socket after connecting: the server may have acted.
 */
export type NetworkFailure = { kind: 'not-sent' | 'maybe-sent'; reason: string };

/**
 * Error codes of connections that never reached the server: nothing was sent, so a resend is safe.
 * The one list every adapter reads.
 */
export const NOT_SENT_CODES: ReadonlySet<string> = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
]);

/** Reads the failure out of a `fetch` rejection (undici wraps the socket error in `cause`). */
export function describeFetchFailure(error: unknown): NetworkFailure {
  if (isTimeout(error)) return { kind: 'maybe-sent', reason: 'timeout' };
  const codes = errorCodes(error);
  const notSent = codes.find((code) => NOT_SENT_CODES.has(code));
  if (notSent) return { kind: 'not-sent', reason: notSent };
  return { kind: 'maybe-sent', reason: codes[0] ?? (error instanceof Error ? error.message : String(error)) };
}

function isTimeout(error: unknown): boolean {
  return error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
}

function errorCodes(error: unknown): string[] {
  const codes: string[] = [];
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current instanceof Error; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') codes.push(code);
    if (current instanceof AggregateError) {
      for (const inner of current.errors) {
        const innerCode = (inner as { code?: unknown }).code;
        if (typeof innerCode === 'string') codes.push(innerCode);
      }
    }
    current = current.cause;
  }
  return codes;
}
