import { describeFetchFailure } from '../../src/publish/network-failure.js';
import {
  AuthError,
  ContentRejectedError,
  DuplicateError,
  OutcomeUnknownError,
  type PublishError,
  RateLimitedError,
  TransientError,
} from '../../src/publish/port-errors.js';

/** What the failed call was: a create may have happened even without an answer. */
export type FacebookOperation = 'read' | 'create';

/** The inner `error` object of a Graph API error answer. */
export interface GraphErrorFields {
  message?: string;
  type?: string;
  code?: number;
  error_subcode?: number;
  is_transient?: boolean;
  fbtrace_id?: string;
}

export interface GraphReply {
  status: number;
  error: GraphErrorFields | undefined;
  /** The `X-Business-Use-Case-Usage` header, when present. */
  usage: string | undefined;
}

const RATE_LIMIT_CODES = new Set([4, 17, 32, 613]);
const DUPLICATE_CODES = new Set([506, 368]);
const AUTH_CODES = new Set([10, 102, 104, 190]);

/** Turns a Graph API error answer into the shared error types. */
export function classifyGraphReply(reply: GraphReply, operation: FacebookOperation): PublishError {
  const { status, error } = reply;
  const code = error?.code;
  const detail = [
    code === undefined ? undefined : `code ${code}`,
    error?.error_subcode === undefined ? undefined : `subcode ${error.error_subcode}`,
    error?.message,
  ]
    .filter((part) => part !== undefined)
    .join(': ');
  const message = `Facebook ${operation} failed: HTTP ${status}${detail ? ` ${detail}` : ''}`;
  const options = { status };

  if (code !== undefined && (AUTH_CODES.has(code) || (code >= 200 && code <= 299))) {
    const expired = code === 190 && error?.error_subcode === 463;
    return new AuthError(
      'facebook',
      message,
      code === 190 || code === 102 || code === 104
        ? `Facebook refuse le jeton de la page (${expired ? 'expiré' : 'invalide'}). Il faut en générer un nouveau (FACEBOOK_PAGE_TOKEN).`
        : "Facebook refuse l'accès : le jeton de la page doit avoir les permissions pages_manage_posts et pages_read_engagement.",
      options,
    );
  }
  if (code !== undefined && (RATE_LIMIT_CODES.has(code) || (code >= 80000 && code <= 80014))) {
    const retryAfterMs = retryAfterFromUsage(reply.usage);
    const wait =
      retryAfterMs === undefined
        ? 'Nouvel essai plus tard.'
        : `Nouvel essai dans environ ${Math.ceil(retryAfterMs / 60_000)} minutes.`;
    return new RateLimitedError(
      'facebook',
      message,
      `Facebook limite le nombre d'appels pour la page. ${wait}`,
      retryAfterMs,
      options,
    );
  }
  if (code !== undefined && DUPLICATE_CODES.has(code)) {
    return new DuplicateError(
      'facebook',
      message,
      'Facebook a refusé la publication : le même message a déjà été publié sur la page.',
      options,
    );
  }
  if (code === 1 || code === 2 || error?.is_transient === true || status >= 500) {
    if (operation === 'create') {
      return new OutcomeUnknownError(
        'facebook',
        message,
        'Facebook a répondu par une erreur temporaire : la publication a peut-être été créée (Facebook ne détecte pas les photos en double). On vérifie sur la page avant de réessayer.',
        options,
      );
    }
    return new TransientError(
      'facebook',
      message,
      'Facebook est temporairement indisponible. Nouvel essai sous peu.',
      options,
    );
  }
  return new ContentRejectedError(
    'facebook',
    message,
    `Facebook a refusé la publication${error?.message ? ` : ${error.message}` : '.'}`,
    options,
  );
}

/** Turns a `fetch` rejection (no HTTP answer) into the shared error types. */
export function classifyGraphFailure(error: unknown, operation: FacebookOperation): PublishError {
  const failure = describeFetchFailure(error);
  const message = `Facebook ${operation} failed without an answer (${failure.reason})`;
  if (failure.kind === 'maybe-sent' && operation === 'create') return outcomeUnknown(message, error);
  return new TransientError(
    'facebook',
    message,
    'Impossible de joindre Facebook pour le moment. Nouvel essai sous peu.',
    { cause: error, failureClass: 'network' },
  );
}

/**
 * Turns an error thrown by the SDK into the shared error types. The SDK's `FacebookRequestError`
 * keeps the status, the inner `error` object and the headers, but drops the socket error when
 * there was no answer, so a refused connection cannot be told from a reset: on a create both
 * count as an unknown outcome.
 */
export function classifySdkError(error: unknown, operation: FacebookOperation): PublishError {
  if (isRecord(error) && error.name === 'FacebookRequestError' && typeof error.status === 'number') {
    const response = isRecord(error.response) ? (error.response as GraphErrorFields) : undefined;
    return classifyGraphReply(
      { status: error.status, error: response, usage: headerValue(error.headers, 'x-business-use-case-usage') },
      operation,
    );
  }
  if (error instanceof Error && error.name === 'TimeoutError') return classifyGraphFailure(error, operation);
  const reason = error instanceof Error ? error.message : String(error);
  const message = `Facebook ${operation} failed without a usable answer (${reason})`;
  // The SDK's error carries the request URL, whose query holds the Page token: never keep it.
  const cause = isRecord(error) && error.name === 'FacebookRequestError' ? undefined : error;
  if (operation === 'create') return outcomeUnknown(message, cause);
  return new TransientError(
    'facebook',
    message,
    'Impossible de joindre Facebook pour le moment. Nouvel essai sous peu.',
    { cause, failureClass: 'network' },
  );
}

/**
 * Milliseconds until access comes back, from `X-Business-Use-Case-Usage`
 * (`estimated_time_to_regain_access`, in minutes); undefined when absent or zero.
 */
export function retryAfterFromUsage(header: string | undefined): number | undefined {
  if (!header) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(header);
  } catch {
    return undefined;
  }
  if (!isRecord(parsed)) return undefined;
  let minutes = 0;
  for (const entries of Object.values(parsed)) {
    if (!Array.isArray(entries)) continue;
    for (const entry of entries) {
      const value = isRecord(entry) ? entry.estimated_time_to_regain_access : undefined;
      if (typeof value === 'number' && value > minutes) minutes = value;
    }
  }
  return minutes > 0 ? minutes * 60_000 : undefined;
}

function outcomeUnknown(message: string, cause: unknown): PublishError {
  return new OutcomeUnknownError(
    'facebook',
    message,
    "Facebook n'a pas répondu : la publication a peut-être été créée. On vérifie sur la page avant de réessayer.",
    { cause },
  );
}

function headerValue(headers: unknown, name: string): string | undefined {
  if (!isRecord(headers)) return undefined;
  const value =
    typeof headers.get === 'function' ? (headers as { get(key: string): unknown }).get(name) : headers[name];
  return typeof value === 'string' ? value : undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
