import { join } from 'node:path';
import { verifyChain } from '../audit/verify.js';
import type { LoadedConfig } from '../config/load.js';
import { CrieurError } from '../errors.js';
import { storePath } from '../store/db.js';
import { type MigrateStoreResult, migrateStore } from '../store/migrate-store.js';
import {
  DatabaseUnavailableError,
  PostgresDriverMissingError,
  PostgresError,
  redactedUrl,
} from '../store/postgres-db.js';
import { postgresFailure } from './store-failure.js';

export type { MigrateStoreResult } from '../store/migrate-store.js';

/** The configured data directory's SQLite store, and its cards, copied into the PostgreSQL database `url`. */
export function migrateConfiguredStore(
  loaded: LoadedConfig,
  options: { url: string; force: boolean; now?: () => Date },
): MigrateStoreResult & { from: string } {
  const from = storePath(loaded.dataDir);
  try {
    const result = migrateStore({
      sqlitePath: from,
      mediaDir: join(loaded.dataDir, 'media'),
      targetUrl: options.url,
      force: options.force,
      now: options.now ?? (() => new Date()),
      verifyChain,
    });
    return { from, ...result };
  } catch (error) {
    throw withoutPassword(explained(error, redactedUrl(options.url)), options.url);
  }
}

/** What the database said, as a message naming it: the copy's transaction was rolled back. */
function explained(error: unknown, to: string): unknown {
  if (error instanceof DatabaseUnavailableError || error instanceof PostgresDriverMissingError) {
    const why = postgresFailure(error) ?? { message: error.message, messageFr: 'base PostgreSQL injoignable' };
    return new CrieurError(
      `${why.message} (${to}); nothing was copied`,
      `${why.messageFr} (${to}) ; rien n’a été copié`,
      {
        cause: error,
        exitCode: 1,
      },
    );
  }
  if (error instanceof PostgresError) {
    return new CrieurError(
      `PostgreSQL refused the copy into ${to}: ${error.message}; it was rolled back, nothing was copied`,
      `PostgreSQL a refusé la copie dans ${to} : elle a été annulée, rien n’a été copié`,
      { cause: error, exitCode: 1 },
    );
  }
  return error;
}

/** Whatever a driver put in an error message, the password typed in the URL is never shown. */
function withoutPassword(error: unknown, url: string): unknown {
  let password = '';
  try {
    password = new URL(url).password;
  } catch {
    return error;
  }
  if (password === '' || !(error instanceof Error)) return error;
  const secrets = [...new Set([password, decoded(password)])];
  const scrub = (text: string) => secrets.reduce((result, secret) => result.split(secret).join('***'), text);
  error.message = scrub(error.message);
  if (error instanceof CrieurError) Object.assign(error, { messageFr: scrub(error.messageFr) });
  return error;
}

function decoded(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
