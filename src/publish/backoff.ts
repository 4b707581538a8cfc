/** How a part is retried, unless the caller says otherwise: the one place these defaults live. */
export const RETRY_DEFAULTS: { readonly baseMs: number; readonly capMs: number; readonly maxAttemptsPerPart: number } =
  {
    /** First backoff ceiling, ms. */
    baseMs: 1000,
    /** Largest backoff ceiling, ms. */
    capMs: 60_000,
    /** Most attempts per part (creates and look-ups together); the lateness window bounds them first. */
    maxAttemptsPerPart: 30,
  };

export interface RetrySettings {
  retryBaseMs?: number;
  retryCapMs?: number;
  maxAttemptsPerPart?: number;
}

/**
 * Exponential backoff with "equal jitter": with ceiling = min(cap, base·2^attempt), a random wait
 * in [ceiling/2, ceiling]. Half the wait is kept, so retries never bunch up near zero; the other
 * half is random, so parallel publications do not retry in step.
 */
export function backoffMs(
  attempt: number,
  random: () => number,
  baseMs = RETRY_DEFAULTS.baseMs,
  capMs = RETRY_DEFAULTS.capMs,
): number {
  const ceiling = Math.min(capMs, baseMs * 2 ** Math.max(0, attempt));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

/** The backoff before retry number `attempt`, with the caller's settings or the defaults. */
export function retryBackoffMs(settings: RetrySettings, attempt: number, random: () => number): number {
  return backoffMs(
    attempt,
    random,
    settings.retryBaseMs ?? RETRY_DEFAULTS.baseMs,
    settings.retryCapMs ?? RETRY_DEFAULTS.capMs,
  );
}

/** Most attempts per part, with the caller's setting or the default. */
export function maxAttemptsPerPart(settings: RetrySettings): number {
  return settings.maxAttemptsPerPart ?? RETRY_DEFAULTS.maxAttemptsPerPart;
}
