import { CrieurError } from '../errors.js';

/** No key, a malformed key, or a key that does not open what the store holds. Exit code 1. */
export class SecretKeyError extends CrieurError {
  override name = 'SecretKeyError';
  constructor(message: string, messageFr: string, options?: { cause?: unknown }) {
    super(message, messageFr, { ...options, exitCode: 1 });
  }
}

/** A connection the network or the person refused (denied consent, wrong state, bad password). */
export class ConnectError extends CrieurError {
  override name = 'ConnectError';
}
