import { type Algorithm, hash, verify } from '@node-rs/argon2';

/** `Algorithm.Argon2id` (a const enum, which isolated modules cannot read). */
const ARGON2ID = 2 as Algorithm;

import { RefusedError } from '../errors.js';

export const MIN_PASSWORD_LENGTH = 12;

/** argon2id, 64 MiB, 3 passes: the hash string carries its own parameters. */
export function hashPassword(password: string): Promise<string> {
  return hash(password, { algorithm: ARGON2ID, memoryCost: 65_536, timeCost: 3, parallelism: 1 });
}

export async function verifyPassword(hashed: string, password: string): Promise<boolean> {
  try {
    return await verify(hashed, password);
  } catch {
    return false;
  }
}

/** Refuses a password too short to protect an account that can publish in the organisation's name. */
export function checkPasswordStrength(password: string): void {
  if ([...password].length < MIN_PASSWORD_LENGTH) {
    throw new RefusedError(
      `the password must have at least ${MIN_PASSWORD_LENGTH} characters`,
      `le mot de passe doit compter au moins ${MIN_PASSWORD_LENGTH} caractères`,
    );
  }
}
