import { XRPCError } from '@atproto/api';
import { NOT_SENT_CODES } from '../../src/publish/network-failure.js';
import {
  AuthError,
  ContentRejectedError,
  OutcomeUnknownError,
  type PublishError,
  PublishError as PublishErrorBase,
  RateLimitedError,
  TransientError,
} from '../../src/publish/port-errors.js';

/**
 * What the failed call was doing: a `create` may have happened when the answer is lost; a `read`,
 * an `upload` (blobs are addressed by content) or a `session` call can be repeated safely.
 */
export type BlueskyOperation = 'create' | 'read' | 'upload' | 'session';

const AUTH_ERRORS = new Set([
  'AuthenticationRequired',
  'InvalidToken',
  'ExpiredToken',
  'AccountTakedown',
  'AccountDeactivated',
  'InvalidDID',
]);

/** Turns anything the Bluesky client threw into the shared error types. */
export function classifyBlueskyError(error: unknown, operation: BlueskyOperation, now: () => number): PublishError {
  if (error instanceof PublishErrorBase) return error;
  if (error instanceof XRPCError && error.status >= 100) return classifyResponse(error, operation, now);
  return classifyTransport(error, operation);
}

function classifyResponse(error: XRPCError, operation: BlueskyOperation, now: () => number): PublishError {
  const status = error.status;
  const code = error.error;
  const detail = `${status} ${code}${error.message && error.message !== code ? `: ${error.message}` : ''}`;
  const options = { status, cause: error };

  if (status === 429) {
    const retryAfterMs = retryAfter(error.headers, now);
    return new RateLimitedError(
      'bluesky',
      `Bluesky rate limit reached (${detail})`,
      retryAfterMs === undefined
        ? 'Bluesky limite le nombre de requêtes; il faudra réessayer plus tard.'
        : `Bluesky limite le nombre de requêtes; nouvel essai possible dans ${Math.ceil(retryAfterMs / 60_000)} min.`,
      retryAfterMs,
      options,
    );
  }
  if (status === 401 || status === 403 || AUTH_ERRORS.has(code) || (status === 400 && operation === 'session')) {
    return new AuthError(
      'bluesky',
      `Bluesky refused the credentials (${detail}); check BLUESKY_HANDLE and BLUESKY_APP_PASSWORD`,
      'Bluesky refuse les identifiants du compte. Vérifiez BLUESKY_HANDLE et le mot de passe d’application BLUESKY_APP_PASSWORD.',
      options,
    );
  }
  if (status >= 500) {
    if (operation === 'create') {
      return new OutcomeUnknownError(
        'bluesky',
        `Bluesky answered ${detail} to a post creation; the post may exist`,
        'Bluesky a répondu par une erreur pendant la création de la publication : elle a peut-être été créée quand même. Vérification requise avant tout nouvel envoi.',
        options,
      );
    }
    return new TransientError(
      'bluesky',
      `Bluesky server error (${detail})`,
      'Bluesky est temporairement en erreur; un nouvel essai se fera automatiquement.',
      { ...options, failureClass: 'server' },
    );
  }
  return new ContentRejectedError(
    'bluesky',
    `Bluesky rejected the request (${detail})`,
    `Bluesky refuse le contenu : ${error.message || code}. Il faut corriger la publication avant de la renvoyer.`,
    options,
  );
}

function classifyTransport(error: unknown, operation: BlueskyOperation): PublishError {
  const reason = describe(error);
  if (isTimeout(error)) {
    if (operation === 'create') {
      return new OutcomeUnknownError(
        'bluesky',
        `Bluesky did not answer a post creation in time (${reason}); the post may exist`,
        'Bluesky n’a pas répondu à temps pendant la création de la publication : elle a peut-être été créée. Vérification requise avant tout nouvel envoi.',
        { cause: error },
      );
    }
    return networkError(`Bluesky did not answer in time (${reason})`, error);
  }
  const code = errorCode(error);
  if (code !== undefined && NOT_SENT_CODES.has(code)) {
    return networkError(`Could not reach Bluesky (${reason})`, error);
  }
  if (operation === 'create') {
    return new OutcomeUnknownError(
      'bluesky',
      `The connection to Bluesky broke during a post creation (${reason}); the post may exist`,
      'La connexion avec Bluesky a été coupée pendant la création de la publication : elle a peut-être été créée. Vérification requise avant tout nouvel envoi.',
      { cause: error },
    );
  }
  return networkError(`Network error talking to Bluesky (${reason})`, error);
}

function networkError(message: string, cause: unknown): TransientError {
  return new TransientError(
    'bluesky',
    message,
    'Impossible de joindre Bluesky pour le moment; un nouvel essai se fera automatiquement.',
    { cause, failureClass: 'network' },
  );
}

/** Milliseconds until `ratelimit-reset` (epoch seconds); undefined when absent. */
function retryAfter(headers: Record<string, string | undefined> | undefined, now: () => number): number | undefined {
  const raw = headers?.['ratelimit-reset'] ?? headers?.['RateLimit-Reset'];
  if (raw === undefined) return undefined;
  const resetSeconds = Number(raw);
  if (!Number.isFinite(resetSeconds)) return undefined;
  return Math.max(0, resetSeconds * 1000 - now());
}

function causes(error: unknown): unknown[] {
  const chain: unknown[] = [];
  let current: unknown = error;
  while (current !== undefined && current !== null && chain.length < 8 && !chain.includes(current)) {
    chain.push(current);
    if (current instanceof AggregateError) chain.push(...current.errors);
    current = (current as { cause?: unknown }).cause;
  }
  return chain;
}

function isTimeout(error: unknown): boolean {
  return causes(error).some((item) => {
    const name = (item as { name?: unknown }).name;
    const code = (item as { code?: unknown }).code;
    return (
      name === 'TimeoutError' || name === 'AbortError' || code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'ETIMEDOUT'
    );
  });
}

function errorCode(error: unknown): string | undefined {
  for (const item of causes(error)) {
    const code = (item as { code?: unknown }).code;
    if (typeof code === 'string') return code;
  }
  return undefined;
}

function describe(error: unknown): string {
  const parts = causes(error)
    .map((item) => {
      const code = (item as { code?: unknown }).code;
      const message = item instanceof Error ? item.message : String(item);
      return typeof code === 'string' ? `${code} ${message}` : message;
    })
    .filter((part) => part.length > 0);
  return parts.join(' / ') || 'unknown error';
}
