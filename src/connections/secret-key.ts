import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Env } from '../config/env.js';
import { SecretKeyError } from './errors.js';

const KEY_BYTES = 32;

/** How to make a key, said wherever one is missing. */
export const HOW_TO_MAKE_A_KEY =
  'make one with `crieur secret-key --new --out FILE` and set CRIEUR_SECRET_KEY_FILE=FILE (or CRIEUR_SECRET_KEY to the key) in the service environment';
export const HOW_TO_MAKE_A_KEY_FR =
  'créez-en une avec « crieur secret-key --new --out FICHIER », puis définissez CRIEUR_SECRET_KEY_FILE=FICHIER (ou CRIEUR_SECRET_KEY avec la clé) dans l’environnement du service';

/** A new random key, base64 (what CRIEUR_SECRET_KEY holds). */
export function newSecretKey(): string {
  return randomBytes(KEY_BYTES).toString('base64');
}

/**
 * The key that encrypts the connected accounts' tokens: CRIEUR_SECRET_KEY (base64 of 32 bytes), else
 * the file CRIEUR_SECRET_KEY_FILE names; undefined when neither is set. A malformed key is an error.
 */
export function readSecretKey(env: Env, cwd: string): Buffer | undefined {
  if (env.CRIEUR_SECRET_KEY !== undefined) return decodeKey(env.CRIEUR_SECRET_KEY, 'CRIEUR_SECRET_KEY');
  if (env.CRIEUR_SECRET_KEY_FILE === undefined) return undefined;
  const path = resolve(cwd, env.CRIEUR_SECRET_KEY_FILE);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new SecretKeyError(
      `CRIEUR_SECRET_KEY_FILE ${path} cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`,
      `le fichier de clé CRIEUR_SECRET_KEY_FILE ${path} est illisible (${(error as NodeJS.ErrnoException).code ?? 'erreur'})`,
    );
  }
  return decodeKey(text, `CRIEUR_SECRET_KEY_FILE ${path}`);
}

/** Parses a base64 key; refuses anything but 32 bytes. */
export function decodeKey(text: string, where: string): Buffer {
  const trimmed = text.trim();
  const bytes = /^[A-Za-z0-9+/]+={0,2}$/.test(trimmed) ? Buffer.from(trimmed, 'base64') : Buffer.alloc(0);
  if (bytes.length !== KEY_BYTES) {
    throw new SecretKeyError(
      `${where} is not a key: expected ${KEY_BYTES} bytes in base64 (${HOW_TO_MAKE_A_KEY})`,
      `${where} n’est pas une clé : ${KEY_BYTES} octets en base64 sont attendus (${HOW_TO_MAKE_A_KEY_FR})`,
    );
  }
  return bytes;
}
