import { randomUUID } from 'node:crypto';
import { chmod, mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { AtpSessionData } from '@atproto/api';

/** Where the Bluesky session (access and refresh tokens) is kept between runs. */
export interface SessionStore {
  load(): Promise<AtpSessionData | undefined>;
  /** Saves the session; `undefined` forgets it. */
  save(session: AtpSessionData | undefined): Promise<void>;
}

/**
 * A session kept in a JSON file readable by its owner only (mode 0600): the tokens give write
 * access to the account. Written to a temporary file then renamed, so a crash never leaves half a file.
 */
export function fileSessionStore(path: string): SessionStore {
  return {
    async load() {
      let text: string;
      try {
        text = await readFile(path, 'utf8');
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
        throw error;
      }
      try {
        const parsed: unknown = JSON.parse(text);
        return isSessionData(parsed) ? parsed : undefined;
      } catch {
        // A corrupt session file only costs one login.
        return undefined;
      }
    },
    async save(session) {
      if (session === undefined) {
        await rm(path, { force: true });
        return;
      }
      await mkdir(dirname(path), { recursive: true, mode: 0o700 });
      const temporary = `${path}.${randomUUID()}.tmp`;
      await writeFile(temporary, `${JSON.stringify(session)}\n`, { mode: 0o600 });
      await chmod(temporary, 0o600);
      await rename(temporary, path);
    },
  };
}

/** A session kept in memory only (tests, one-shot commands). */
export function memorySessionStore(initial?: AtpSessionData): SessionStore & { current(): AtpSessionData | undefined } {
  let session = initial;
  return {
    async load() {
      return session;
    },
    async save(next) {
      session = next;
    },
    current() {
      return session;
    },
  };
}

function isSessionData(value: unknown): value is AtpSessionData {
  if (typeof value !== 'object' || value === null) return false;
  const record = value as Record<string, unknown>;
  return (
    typeof record.did === 'string' &&
    typeof record.handle === 'string' &&
    typeof record.accessJwt === 'string' &&
    typeof record.refreshJwt === 'string'
  );
}
