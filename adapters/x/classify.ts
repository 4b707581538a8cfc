import { NOT_SENT_CODES } from '../../src/publish/network-failure.js';
import {
  AuthError,
  ContentRejectedError,
  DuplicateError,
  OutcomeUnknownError,
  type PublishError,
  RateLimitedError,
  TransientError,
} from '../../src/publish/port-errors.js';

/**
 * What the failed call was doing. A `create` may have reached X once the request left the
 * socket; reads and media uploads are safe to repeat (an orphan upload expires on its own).
 */
export type XOperation = 'create' | 'read' | 'upload';

/** Network errors where nothing was sent: the connection was never established. */
const REFUSED_WHAT: Record<XOperation, string> = { create: 'la publication', upload: "l'image", read: 'la requête' };

interface ResponseErrorShape {
  type: 'response';
  code: number;
  message: string;
  data?: { detail?: unknown; title?: unknown; type?: unknown; errors?: Array<{ message?: unknown; code?: unknown }> };
  headers?: Record<string, string | string[] | undefined>;
  rateLimit?: {
    reset?: number;
    remaining?: number;
    day?: { remaining: number; reset: number };
    userDay?: { remaining: number; reset: number };
  };
}

/**
 * The one place where twitter-api-v2 errors become the shared publish errors. Returns the error to
 * throw; never throws itself.
 */
export function classifyXError(
  error: unknown,
  operation: XOperation,
  now: () => Date = () => new Date(),
): PublishError {
  if (error !== null && typeof error === 'object' && 'type' in error) {
    const kind = (error as { type: unknown }).type;
    if (kind === 'response') return classifyResponse(error as ResponseErrorShape, operation, now);
    if (kind === 'partial-response') return interrupted(error, operation, 'response interrupted');
    if (kind === 'request') return classifyRequestError(error, operation);
  }
  if (isNodeNetworkError(error)) return classifyRequestError({ _options: { error } }, operation);
  if (isMediaProcessingFailure(error)) {
    return new ContentRejectedError(
      'x',
      `X could not process the image (${describe(error)})`,
      "X n'a pas pu traiter l'image de la carte (format ou taille refusés). Corrigez l'image avant de réessayer.",
      { cause: error },
    );
  }
  // Anything else (a bug, an unexpected library error): assume the worst for a create.
  return interrupted(error, operation, describe(error));
}

function classifyResponse(error: ResponseErrorShape, operation: XOperation, now: () => Date): PublishError {
  const status = error.code;
  const detail = problemDetail(error);
  const options = { status, cause: error };
  if (status === 401) {
    return new AuthError(
      'x',
      `X rejected the credentials (401 ${detail}): check X_API_KEY, X_API_SECRET, X_ACCESS_TOKEN and X_ACCESS_SECRET`,
      'Le jeton X est invalide ou révoqué : vérifiez X_ACCESS_TOKEN et X_ACCESS_SECRET (ainsi que X_API_KEY et X_API_SECRET), puis relancez « crieur doctor ».',
      options,
    );
  }
  if (status === 429) {
    const retryAfterMs = retryAfter(error, now);
    const minutes = retryAfterMs === undefined ? undefined : Math.max(1, Math.ceil(retryAfterMs / 60_000));
    return new RateLimitedError(
      'x',
      `X rate limit reached${retryAfterMs === undefined ? '' : `; retry in ${Math.ceil(retryAfterMs / 1000)} s`}`,
      minutes === undefined
        ? 'X limite temporairement le nombre de requêtes : nouvel essai plus tard.'
        : `X limite temporairement le nombre de requêtes : nouvel essai possible dans environ ${minutes} minute${minutes > 1 ? 's' : ''}.`,
      retryAfterMs,
      options,
    );
  }
  if (status === 403 && isDuplicate(detail)) {
    return new DuplicateError(
      'x',
      `X refused a duplicate post (403 ${detail})`,
      'X refuse cette publication : un message identique a déjà été publié récemment sur le compte.',
      options,
    );
  }
  if (status === 403 && isPermissionProblem(error, detail)) {
    return new AuthError(
      'x',
      `X app lacks write permission (403 ${detail}): enable Read and Write, then regenerate X_ACCESS_TOKEN and X_ACCESS_SECRET`,
      "L'application X n'a pas la permission de publier : activez « Read and Write » dans le portail développeur X, puis régénérez X_ACCESS_TOKEN et X_ACCESS_SECRET.",
      options,
    );
  }
  if (status >= 500 || status === 408) {
    if (operation === 'create') {
      return new OutcomeUnknownError(
        'x',
        `X answered ${status} to a post creation: the post may exist; look for it before sending again`,
        `X a répondu par une erreur ${status} pendant la publication : le message a peut-être été publié. Il faut vérifier avant tout nouvel essai.`,
        options,
      );
    }
    return new TransientError(
      'x',
      `X answered ${status} (${detail})`,
      `X est momentanément indisponible (erreur ${status}) ; un nouvel essai sera fait automatiquement.`,
      { ...options, failureClass: 'server' },
    );
  }
  return new ContentRejectedError(
    'x',
    `X rejected the request (${status} ${detail})`,
    `X a refusé ${REFUSED_WHAT[operation]} (erreur ${status} : ${detail}). Corrigez le contenu avant de réessayer.`,
    options,
  );
}

function classifyRequestError(error: object, operation: XOperation): PublishError {
  const cause = networkCause(error);
  const code = cause && typeof cause === 'object' && 'code' in cause ? String((cause as { code: unknown }).code) : '';
  const message = cause instanceof Error ? cause.message : describe(error);
  if (NOT_SENT_CODES.has(code)) {
    return new TransientError(
      'x',
      `could not connect to X (${code})`,
      `Impossible de joindre X (${code}) ; rien n'a été envoyé, un nouvel essai sera fait automatiquement.`,
      { cause: error, failureClass: 'network' },
    );
  }
  return interrupted(error, operation, code ? `${code}: ${message}` : message);
}

/** A call cut off after it was sent (timeout, reset, hang-up, truncated response). */
function interrupted(error: unknown, operation: XOperation, what: string): PublishError {
  if (operation === 'create') {
    return new OutcomeUnknownError(
      'x',
      `connection to X lost during post creation (${what}): the post may exist; look for it before sending again`,
      'La connexion avec X a été coupée pendant la publication : le message a peut-être été publié. Il faut vérifier avant tout nouvel essai.',
      { cause: error },
    );
  }
  return new TransientError(
    'x',
    `connection to X lost (${what})`,
    'La connexion avec X a été interrompue ; un nouvel essai sera fait automatiquement.',
    { cause: error, failureClass: 'network' },
  );
}

/**
 * twitter-api-v2 stores the underlying network error under `_options.error` while its
 * `requestError` getter reads another key and is always undefined.
 */
function networkCause(error: object): unknown {
  const options = (error as { _options?: { error?: unknown; requestError?: unknown } })._options;
  return options?.error ?? options?.requestError ?? (error as { requestError?: unknown }).requestError;
}

/** twitter-api-v2 throws a plain Error when the upload STATUS says `processing_info.state: failed`. */
function isMediaProcessingFailure(error: unknown): boolean {
  return error instanceof Error && error.message.startsWith('Media processing failed');
}

function isNodeNetworkError(error: unknown): boolean {
  return error instanceof Error && typeof (error as { code?: unknown }).code === 'string';
}

/** Milliseconds until the limit that is exhausted resets (15-minute window, or the 24-hour one). */
function retryAfter(error: ResponseErrorShape, now: () => Date): number | undefined {
  const resets: number[] = [];
  const limit = error.rateLimit;
  const headerReset = Number(header(error, 'x-rate-limit-reset'));
  if (Number.isFinite(headerReset) && headerReset > 0) resets.push(headerReset);
  else if (limit?.reset && Number.isFinite(limit.reset)) resets.push(limit.reset);
  for (const day of [limit?.userDay, limit?.day]) {
    if (day && day.remaining === 0 && Number.isFinite(day.reset)) resets.push(day.reset);
  }
  for (const prefix of ['x-user-limit-24hour', 'x-app-limit-24hour']) {
    const remaining = header(error, `${prefix}-remaining`);
    const reset = Number(header(error, `${prefix}-reset`));
    if (remaining !== undefined && Number(remaining) === 0 && Number.isFinite(reset) && reset > 0) resets.push(reset);
  }
  if (resets.length === 0) return undefined;
  return Math.max(0, Math.max(...resets) * 1000 - now().getTime());
}

function header(error: ResponseErrorShape, name: string): string | undefined {
  const value = error.headers?.[name];
  return Array.isArray(value) ? value[0] : value;
}

function problemDetail(error: ResponseErrorShape): string {
  const data = error.data;
  if (data && typeof data.detail === 'string') return data.detail;
  const first = data?.errors?.[0];
  if (first && typeof first.message === 'string') return first.message;
  if (data && typeof data.title === 'string') return data.title;
  return error.message;
}

function isDuplicate(detail: string): boolean {
  return /duplicate content|status is a duplicate/i.test(detail);
}

function isPermissionProblem(error: ResponseErrorShape, detail: string): boolean {
  const type = typeof error.data?.type === 'string' ? error.data.type : '';
  return type.endsWith('/oauth1-permissions') || /oauth1 app permissions/i.test(detail);
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
