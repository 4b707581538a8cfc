/** Wraps `fetch` so that every request is aborted after `timeoutMs` (a hung server must not hang the bot). */
export function timedFetch(fetchImpl: typeof globalThis.fetch, timeoutMs: number): typeof globalThis.fetch {
  return (input, init) => {
    const timeout = AbortSignal.timeout(timeoutMs);
    const callerSignal = init?.signal ?? (input instanceof Request ? input.signal : undefined);
    const signal = callerSignal ? AbortSignal.any([callerSignal, timeout]) : timeout;
    return fetchImpl(input, { ...init, signal });
  };
}
