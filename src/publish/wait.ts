import { retryBackoffMs } from './backoff.js';
import type { PublishDeps } from './deps.js';
import { PartFailure } from './part-failure.js';
import { PublishError } from './port-errors.js';

/** How long to wait before retry number `attempt`: the network's reset time for a rate limit, else the backoff. */
export function waitFor(deps: PublishDeps, error: unknown, attempt: number): number {
  if (error instanceof PublishError && error.retry === 'after') {
    const retryAfter = (error as PublishError & { retryAfterMs?: number }).retryAfterMs;
    if (retryAfter !== undefined) return retryAfter;
  }
  return retryBackoffMs(deps, attempt, deps.random);
}

/** Waits, unless the wait would end past the deadline: then fails now rather than sleep in vain. */
export async function wait(deps: PublishDeps, ms: number, deadline: Date): Promise<void> {
  if (deps.queue.now().getTime() + ms > deadline.getTime()) {
    throw new PartFailure(
      'deadline',
      `the next retry (in ${Math.round(ms / 1000)} s) would fall after the lateness window`,
      `le prochain essai (dans ${Math.round(ms / 1000)} s) tomberait après la fenêtre de publication`,
    );
  }
  await deps.sleep(ms);
}
