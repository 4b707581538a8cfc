import { userInfo } from 'node:os';
import type { Fence } from '../leadership/lease-lost.js';
import type { Store } from '../store/db.js';

/** What every queue action needs; passed in so tests choose the clock and the rules. */
export interface QueueContext {
  store: Store;
  now: () => Date;
  /** The person who wrote the current version may not approve it (config `fourEyes`, on by default). */
  fourEyes?: boolean;
  /**
   * The publisher's leadership check (`crieur run` with its lease): throws `LeaseLostError` once this
   * instance no longer holds the publishing lease its work started under. Every ledger write calls it
   * inside its transaction, and the publisher before each create call. Absent for the commands and
   * the page, whose writes are not fenced.
   */
  fence?: Fence;
}

export function sameActor(a: string, b: string): boolean {
  return normaliseActor(a) === normaliseActor(b);
}

export function normaliseActor(name: string): string {
  return name.normalize('NFC').trim().toLocaleLowerCase('fr-CA');
}

/**
 * The name of the person running the command, when no `--by` is given: their page account from
 * `CRIEUR_USER` when set, else the system user.
 */
export function systemUserName(env: NodeJS.ProcessEnv): string {
  const own = env.CRIEUR_USER?.normalize('NFC').trim();
  if (own) return own;
  try {
    return userInfo().username;
  } catch {
    return env.USER ?? env.USERNAME ?? 'unknown';
  }
}
