import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { SecretKeyError } from './errors.js';

const FORMAT = 'v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;

/**
 * Encrypts `plaintext` with AES-256-GCM under `key`, bound to `context` (additional data: a blob
 * sealed for one network cannot be passed off as another's). Returns `v1.<iv>.<tag>.<ciphertext>`
 * in base64url.
 */
export function seal(key: Buffer, plaintext: string, context: string): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(Buffer.from(context, 'utf8'));
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return [FORMAT, iv, cipher.getAuthTag(), body]
    .map((part) => (typeof part === 'string' ? part : part.toString('base64url')))
    .join('.');
}

/**
 * Decrypts what `seal` made. A wrong key, a wrong context or a changed byte fails the GCM tag
 * check: a SecretKeyError, never garbage.
 */
export function open(key: Buffer, sealed: string, context: string): string {
  const parts = sealed.split('.');
  if (parts.length !== 4 || parts[0] !== FORMAT) {
    throw new SecretKeyError(
      'an encrypted value in the store is not in a known format',
      'une valeur chiffrée du magasin est dans un format inconnu',
    );
  }
  const [, iv, tag, body] = parts.map((part) => Buffer.from(part, 'base64url')) as [Buffer, Buffer, Buffer, Buffer];
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
    decipher.setAAD(Buffer.from(context, 'utf8'));
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(body), decipher.final()]).toString('utf8');
  } catch (error) {
    throw new SecretKeyError(
      'CRIEUR_SECRET_KEY does not decrypt the connected accounts: it is not the key they were encrypted with',
      'la clé CRIEUR_SECRET_KEY ne déchiffre pas les comptes connectés : ce n’est pas la clé qui a servi à les chiffrer',
      { cause: error },
    );
  }
}
