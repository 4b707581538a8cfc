import type { NetworkId } from '../networks/index.js';

/**
 * What the caller may do after a failed network call.
 * - `safe`: nothing reached the network (or the call is a read): retry with backoff.
 * - `after`: rate limited: retry after `retryAfterMs`.
 * - `never`: auth, configuration, content rejected, duplicate: a person must act.
 * - `unknown`: a create may have happened: never resend before `findPost` says it is not there.
 */
export type RetryPolicy = 'safe' | 'after' | 'never' | 'unknown';

export type FailureClass =
  | 'network'
  | 'server'
  | 'rate-limit'
  | 'auth'
  | 'config'
  | 'content-rejected'
  | 'duplicate'
  | 'outcome-unknown';

export abstract class PublishError extends Error {
  override name = 'PublishError';
  abstract readonly retry: RetryPolicy;
  abstract readonly failureClass: FailureClass;
  readonly network: NetworkId;
  /** HTTP status when there was one. */
  readonly status: number | undefined;
  /** French explanation for the communications team. */
  readonly messageFr: string;
  constructor(network: NetworkId, message: string, messageFr: string, options?: { status?: number; cause?: unknown }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.network = network;
    this.status = options?.status;
    this.messageFr = messageFr;
  }
}

/** Network error before the request was sent, a failed read, or a 503 that did nothing. */
export class TransientError extends PublishError {
  override name = 'TransientError';
  readonly retry = 'safe' as const;
  readonly failureClass: FailureClass;
  constructor(
    network: NetworkId,
    message: string,
    messageFr: string,
    options?: { status?: number; cause?: unknown; failureClass?: 'network' | 'server' },
  ) {
    super(network, message, messageFr, options);
    this.failureClass = options?.failureClass ?? 'server';
  }
}

export class RateLimitedError extends PublishError {
  override name = 'RateLimitedError';
  readonly retry = 'after' as const;
  readonly failureClass = 'rate-limit' as const;
  /** Milliseconds to wait, from the network's reset header; undefined when it gives none. */
  readonly retryAfterMs: number | undefined;
  constructor(
    network: NetworkId,
    message: string,
    messageFr: string,
    retryAfterMs: number | undefined,
    options?: { status?: number; cause?: unknown },
  ) {
    super(network, message, messageFr, options);
    this.retryAfterMs = retryAfterMs;
  }
}

export class AuthError extends PublishError {
  override name = 'AuthError';
  readonly retry = 'never' as const;
  readonly failureClass = 'auth' as const;
}

/** Configuration the network refuses (e.g. a retired LinkedIn-Version); names the variable. */
export class NetworkConfigError extends PublishError {
  override name = 'NetworkConfigError';
  readonly retry = 'never' as const;
  readonly failureClass = 'config' as const;
  readonly variable: string;
  constructor(
    network: NetworkId,
    variable: string,
    message: string,
    messageFr: string,
    options?: { status?: number; cause?: unknown },
  ) {
    super(network, message, messageFr, options);
    this.variable = variable;
  }
}

export class ContentRejectedError extends PublishError {
  override name = 'ContentRejectedError';
  readonly retry = 'never' as const;
  readonly failureClass = 'content-rejected' as const;
}

export class DuplicateError extends PublishError {
  override name = 'DuplicateError';
  readonly retry = 'never' as const;
  readonly failureClass = 'duplicate' as const;
}

/**
 * The server does not serve the look-up itself (404, 405 or 501 on the search): whether a post
 * exists cannot be known from it.
 */
export class LookupUnavailableError extends PublishError {
  override name = 'LookupUnavailableError';
  readonly retry = 'never' as const;
  readonly failureClass = 'outcome-unknown' as const;
}

const NOT_SERVED = new Set([404, 405, 501]);

/** `error` as a LookupUnavailableError when it says the look-up endpoint is not served; else `error`. */
export function asLookupError(network: NetworkId, label: string, error: unknown): unknown {
  if (!(error instanceof PublishError) || error.status === undefined || !NOT_SERVED.has(error.status)) return error;
  return new LookupUnavailableError(
    network,
    `${label} cannot be searched for a post (${error.status} on the look-up): ${error.message}`,
    `Impossible de vérifier sur ${label} si cette partie est déjà en ligne (la recherche n’est pas disponible).`,
    { status: error.status, cause: error },
  );
}

/** The create may have reached the network (timeout, reset, 5xx after send). */
export class OutcomeUnknownError extends PublishError {
  override name = 'OutcomeUnknownError';
  readonly retry = 'unknown' as const;
  readonly failureClass = 'outcome-unknown' as const;
}
