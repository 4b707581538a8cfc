import { deadline } from '../deadline.js';

/**
 * Wraps `fetch` so that every request is aborted after `timeoutMs` (a hung server must not hang the
 * bot). The agent reads the body after `fetch` resolves, so the deadline is left to run out: it
 * then aborts a request long finished, which does nothing.
 */
export function timedFetch(fetchImpl: typeof globalThis.fetch, timeoutMs: number): typeof globalThis.fetch {
  return (input, init) => {
    const caller = init?.signal ?? (input instanceof Request ? input.signal : undefined);
    return fetchImpl(input, { ...init, signal: deadline(timeoutMs, caller ?? undefined).signal });
  };
}
