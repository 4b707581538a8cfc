import type { NetworkId } from '../src/networks.js';

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

/** The create may have reached the network (timeout, reset, 5xx after send). */
export class OutcomeUnknownError extends PublishError {
  override name = 'OutcomeUnknownError';
  readonly retry = 'unknown' as const;
  readonly failureClass = 'outcome-unknown' as const;
}
