/**
 * An abort signal that fires `timeoutMs` from now, for a request to a network.
 *
 * Not `AbortSignal.timeout()`: Node keeps that signal only through a weak reference, and undici
 * (Node 20 too) can let it be garbage-collected while the request is still pending; the request is
 * then never aborted and a server that does not answer hangs the publication (seen once in a
 * 100-round campaign, under load). Here the timer holds the controller strongly. It is unref'd, so
 * it never keeps the process alive by itself, and `clear()` drops it once the answer is read.
 */
export function deadline(timeoutMs: number, caller?: AbortSignal): { signal: AbortSignal; clear: () => void } {
  const controller = new AbortController();
  // The caller's own signal aborts this one too (not `AbortSignal.any`, whose result is held weakly as well).
  if (caller?.aborted) controller.abort(caller.reason);
  else caller?.addEventListener('abort', () => controller.abort(caller.reason), { once: true });
  const timer = setTimeout(
    () => controller.abort(new DOMException(`no answer within ${timeoutMs} ms`, 'TimeoutError')),
    timeoutMs,
  );
  timer.unref();
  return { signal: controller.signal, clear: () => clearTimeout(timer) };
}
