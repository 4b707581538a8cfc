import type { Session } from 'fastify';

type Callback = (error?: unknown) => void;

/**
 * Sessions kept in memory: a restart signs everyone out, which is acceptable for a small team and keeps
 * session data out of the store. Expired sessions are dropped as new ones are saved, so abandoned
 * sessions do not pile up.
 */
export class MemorySessionStore {
  readonly #sessions = new Map<string, { session: Session; expiresAt: number }>();
  readonly #now: () => Date;
  readonly #maxAgeMs: number;

  constructor(options: { now: () => Date; maxAgeMs: number }) {
    this.#now = options.now;
    this.#maxAgeMs = options.maxAgeMs;
  }

  set(sessionId: string, session: Session, callback: Callback): void {
    const now = this.#now().getTime();
    for (const [id, entry] of this.#sessions) if (entry.expiresAt <= now) this.#sessions.delete(id);
    this.#sessions.set(sessionId, { session, expiresAt: now + this.#maxAgeMs });
    callback();
  }

  get(sessionId: string, callback: (error: unknown, session?: Session | null) => void): void {
    const entry = this.#sessions.get(sessionId);
    if (entry === undefined || entry.expiresAt <= this.#now().getTime()) {
      this.#sessions.delete(sessionId);
      callback(null, null);
      return;
    }
    callback(null, entry.session);
  }

  destroy(sessionId: string, callback: Callback): void {
    this.#sessions.delete(sessionId);
    callback();
  }
}
