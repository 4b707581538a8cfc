import argon2 from 'argon2';
import { RefusedError } from '../errors.js';

export const MIN_PASSWORD_LENGTH = 12;

/** argon2id with the library's defaults (64 MiB, 3 passes): the hash string carries its own parameters. */
export function hashPassword(password: string): Promise<string> {
  return argon2.hash(password, { type: argon2.argon2id });
}

export async function verifyPassword(hash: string, password: string): Promise<boolean> {
  try {
    return await argon2.verify(hash, password);
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
