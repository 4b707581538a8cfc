import { randomBytes } from 'node:crypto';
import type { Session } from 'fastify';
import type { Db } from '../store/db.js';

type Callback = (error?: unknown) => void;

/**
 * Web page sessions in the store's SQLite file: restarting the service (a token renewal at 8:45)
 * does not sign out the adviser reviewing a draft. Expired sessions are dropped as new ones are
 * saved, so abandoned sessions do not pile up.
 */
export class SqliteSessionStore {
  readonly #db: Db;
  readonly #now: () => Date;
  readonly #maxAgeMs: number;

  constructor(options: { db: Db; now: () => Date; maxAgeMs: number }) {
    this.#db = options.db;
    this.#now = options.now;
    this.#maxAgeMs = options.maxAgeMs;
  }

  set(sessionId: string, session: Session, callback: Callback): void {
    this.#run(callback, () => {
      const now = this.#now().getTime();
      this.#db.transaction(() => {
        this.#db.prepare('DELETE FROM web_sessions WHERE expires_at <= ?').run(now);
        this.#db
          .prepare(
            `INSERT INTO web_sessions (id, data, expires_at) VALUES (?, ?, ?)
             ON CONFLICT (id) DO UPDATE SET data = excluded.data, expires_at = excluded.expires_at`,
          )
          .run(sessionId, JSON.stringify(session), now + this.#maxAgeMs);
      });
    });
  }

  get(sessionId: string, callback: (error: unknown, session?: Session | null) => void): void {
    let row: { data: string; expires_at: number } | undefined;
    try {
      row = this.#db.prepare('SELECT data, expires_at FROM web_sessions WHERE id = ?').get(sessionId) as
        | { data: string; expires_at: number }
        | undefined;
    } catch (error) {
      callback(error);
      return;
    }
    if (row === undefined || row.expires_at <= this.#now().getTime()) {
      callback(null, null);
      return;
    }
    callback(null, JSON.parse(row.data) as Session);
  }

  destroy(sessionId: string, callback: Callback): void {
    this.#run(callback, () => this.#db.prepare('DELETE FROM web_sessions WHERE id = ?').run(sessionId));
  }

  #run(callback: Callback, write: () => void): void {
    try {
      write();
    } catch (error) {
      callback(error);
      return;
    }
    callback();
  }
}

/** The key signing session cookies, made once and kept in the store. */
export function sessionSecret(db: Db): string {
  return db.transaction(() => {
    const row = db.prepare('SELECT secret FROM web_secret WHERE one = 1').get() as { secret: string } | undefined;
    if (row) return row.secret;
    const secret = randomBytes(32).toString('hex');
    db.prepare('INSERT INTO web_secret (one, secret) VALUES (1, ?)').run(secret);
    return secret;
  });
}
