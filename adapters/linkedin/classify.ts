import { describeFetchFailure } from '../../src/publish/network-failure.js';
import {
  AuthError,
  ContentRejectedError,
  DuplicateError,
  NetworkConfigError,
  OutcomeUnknownError,
  type PublishError,
  RateLimitedError,
  TransientError,
} from '../../src/publish/port-errors.js';

/** What the failed call was: a create may have happened even without an answer. */
export type LinkedInOperation = 'read' | 'upload' | 'create';

export interface LinkedInReply {
  status: number;
  /** Parsed JSON body, or the raw text when it is not JSON. */
  body: unknown;
}

export interface ClassifyContext {
  operation: LinkedInOperation;
  /** The `LinkedIn-Version` that was sent, named in the 426 diagnosis. */
  version: string;
  now: Date;
  /** Fixed wait after a 429 instead of the next midnight UTC. */
  rateLimitDelayMs?: number | undefined;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** Turns a non-2xx LinkedIn answer into the shared error types. */
export function classifyLinkedInReply(reply: LinkedInReply, context: ClassifyContext): PublishError {
  const { status } = reply;
  const detail = describe(reply);
  const message = `LinkedIn ${context.operation} failed: HTTP ${status}${detail ? ` ${detail}` : ''}`;
  const options = { status };

  if (status === 401) {
    return new AuthError(
      'linkedin',
      message,
      "LinkedIn refuse le jeton d'accès (invalide ou expiré). Il faut en générer un nouveau (LINKEDIN_ACCESS_TOKEN) : un jeton LinkedIn dure 60 jours.",
      options,
    );
  }
  if (status === 403) {
    return new AuthError(
      'linkedin',
      message,
      "LinkedIn refuse l'accès : le compte du jeton doit être administrateur ou gestionnaire de contenu de la page de l'organisation, avec la permission w_organization_social.",
      options,
    );
  }
  if (status === 426) {
    return new NetworkConfigError(
      'linkedin',
      'LINKEDIN_VERSION',
      `${message} (LINKEDIN_VERSION=${context.version} is no longer active; set a recent YYYYMM)`,
      `La version de l'API LinkedIn (LINKEDIN_VERSION=${context.version}) n'est plus active. Indiquez un mois récent au format AAAAMM.`,
      options,
    );
  }
  if (status === 429) {
    const retryAfterMs = context.rateLimitDelayMs ?? msToNextMidnightUtc(context.now);
    const minutes = Math.ceil(retryAfterMs / 60_000);
    return new RateLimitedError(
      'linkedin',
      `${message} (daily limit; retry in ${minutes} min)`,
      `LinkedIn a atteint sa limite quotidienne d'appels (remise à zéro à minuit UTC). Nouvel essai dans environ ${minutes} minutes.`,
      retryAfterMs,
      options,
    );
  }
  if (status === 422 && isDuplicate(reply.body)) {
    return new DuplicateError(
      'linkedin',
      message,
      'LinkedIn a refusé la publication : un contenu identique a déjà été publié sur la page.',
      options,
    );
  }
  if (status >= 500) {
    if (context.operation === 'create') {
      return new OutcomeUnknownError(
        'linkedin',
        message,
        'LinkedIn a répondu par une erreur de serveur : la publication a peut-être été créée. On vérifie sur la page avant de réessayer.',
        options,
      );
    }
    return new TransientError(
      'linkedin',
      message,
      'LinkedIn est temporairement indisponible. Nouvel essai sous peu.',
      options,
    );
  }
  return new ContentRejectedError(
    'linkedin',
    message,
    `LinkedIn a refusé la publication${detail ? ` : ${detail}` : '.'}`,
    options,
  );
}

/** Turns a `fetch` rejection (no HTTP answer) into the shared error types. */
export function classifyLinkedInFailure(error: unknown, operation: LinkedInOperation): PublishError {
  const failure = describeFetchFailure(error);
  const message = `LinkedIn ${operation} failed without an answer (${failure.reason})`;
  if (failure.kind === 'maybe-sent' && operation === 'create') {
    return new OutcomeUnknownError(
      'linkedin',
      message,
      "LinkedIn n'a pas répondu : la publication a peut-être été créée. On vérifie sur la page avant de réessayer.",
      { cause: error },
    );
  }
  return new TransientError(
    'linkedin',
    message,
    'Impossible de joindre LinkedIn pour le moment. Nouvel essai sous peu.',
    { cause: error, failureClass: 'network' },
  );
}

/** Milliseconds from `now` to the next midnight UTC, when LinkedIn's daily limits reset. */
export function msToNextMidnightUtc(now: Date): number {
  const next = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1);
  return Math.min(Math.max(next - now.getTime(), 1), DAY_MS);
}

function describe(reply: LinkedInReply): string {
  const body = reply.body;
  if (typeof body === 'string') return body.slice(0, 300);
  if (!isRecord(body)) return '';
  const parts: string[] = [];
  if (typeof body.serviceErrorCode === 'number') parts.push(`serviceErrorCode ${body.serviceErrorCode}`);
  if (typeof body.code === 'string') parts.push(body.code);
  const codes = inputErrorCodes(body);
  if (codes.length > 0) parts.push(codes.join(','));
  if (typeof body.message === 'string') parts.push(body.message);
  return parts.join(': ');
}

/** `DUPLICATE_POST` in `errorDetails.inputErrors`, or only the message `Content is a duplicate of urn:li:…`. */
function isDuplicate(body: unknown): boolean {
  if (inputErrorCodes(body).includes('DUPLICATE_POST')) return true;
  return isRecord(body) && typeof body.message === 'string' && /\bis a duplicate of\b/i.test(body.message);
}

function inputErrorCodes(body: unknown): string[] {
  if (!isRecord(body) || !isRecord(body.errorDetails)) return [];
  const inputErrors = body.errorDetails.inputErrors;
  if (!Array.isArray(inputErrors)) return [];
  return inputErrors.flatMap((entry) => (isRecord(entry) && typeof entry.code === 'string' ? [entry.code] : []));
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
