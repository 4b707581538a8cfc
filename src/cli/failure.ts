import { isAbsolute, relative, resolve } from 'node:path';
import { postgresFailure } from '../queue/store-failure.js';

/** What the terminal shows for an error that is not a CrieurError: two messages, no stack trace. */
export interface Failure {
  message: string;
  messageFr: string;
  exitCode: number;
  /** Only for an error crieur did not foresee (a bug): shown when LOG_LEVEL is debug or trace. */
  stack?: string;
}

export interface FailureContext {
  cwd: string;
  /** Paths the person typed (arguments, option values, CRIEUR_CONFIG): a problem with one is bad input. */
  given: readonly string[];
  /** The data directory, once the configuration is loaded. */
  dataDir?: string;
}

const SYSTEM_FR: Record<string, string> = {
  ENOENT: 'fichier ou dossier introuvable',
  EACCES: 'accès refusé (permissions)',
  EPERM: 'opération non permise (permissions)',
  EISDIR: 'c’est un dossier, pas un fichier',
  ENOTDIR: 'un élément du chemin n’est pas un dossier',
  EEXIST: 'existe déjà',
  EROFS: 'système de fichiers en lecture seule',
  ENOSPC: 'disque plein',
  EMFILE: 'trop de fichiers ouverts',
  EADDRINUSE: 'adresse déjà utilisée (un autre « crieur run » tourne-t-il déjà ?)',
  EADDRNOTAVAIL: 'adresse non disponible sur cette machine (vérifiez web.host)',
};

const SQLITE_FR: Record<string, string> = {
  SQLITE_READONLY: 'la base de données est en lecture seule : vérifiez les permissions du dossier de données',
  SQLITE_CANTOPEN: 'impossible d’ouvrir la base de données : vérifiez le dossier de données et ses permissions',
  SQLITE_BUSY: 'la base de données est occupée par une autre commande crieur : réessayez dans un instant',
  SQLITE_FULL: 'disque plein',
  SQLITE_CORRUPT: 'la base de données est endommagée : restaurez la dernière sauvegarde',
  SQLITE_NOTADB: 'ce fichier n’est pas une base de données crieur : vérifiez dataDir / CRIEUR_DATA_DIR',
};

/**
 * Translates what the file system, the network stack or SQLite threw into a message saying what is
 * wrong and where. A path the person gave is bad input (exit code 2); the data directory or the
 * machine failing is a failure (exit code 1).
 */
export function describeFailure(error: unknown, context: FailureContext): Failure {
  const postgres = postgresFailure(error);
  if (postgres !== undefined) return { ...postgres, exitCode: 1 };
  const code = (error as { code?: unknown } | null)?.code;
  if (error instanceof Error && typeof code === 'string') {
    if (code.startsWith('SQLITE_')) return sqliteFailure(error, code, context);
    if (/^E[A-Z]+$/.test(code)) return systemFailure(error as NodeJS.ErrnoException, code, context);
  }
  const message = error instanceof Error ? error.message : String(error);
  return {
    message: `${message} (unexpected: set LOG_LEVEL=debug to see where)`,
    messageFr: 'erreur inattendue ; transmettez ce message à la personne qui exploite crieur',
    exitCode: 1,
    ...(error instanceof Error && error.stack ? { stack: error.stack } : {}),
  };
}

/** Why the file system refused, in French (the English is in the error's own message). */
export function systemReasonFr(code: string | undefined): string {
  return (code === undefined ? undefined : SYSTEM_FR[code]) ?? code ?? 'erreur de lecture';
}

function systemFailure(error: NodeJS.ErrnoException, code: string, context: FailureContext): Failure {
  const path = error.path === undefined ? undefined : resolve(context.cwd, error.path);
  const given = context.given.map((value) => resolve(context.cwd, value));
  const typed = path !== undefined && given.includes(path);
  const where = path ?? addressOf(error) ?? '';
  const hint = !typed && path !== undefined && context.dataDir !== undefined && isInside(path, context.dataDir);
  return {
    message: `${error.message}${code === 'EEXIST' && error.syscall === 'mkdir' ? ' (a file has that name; a folder was expected)' : ''}${hint ? ' (data directory: check dataDir / CRIEUR_DATA_DIR and its permissions)' : ''}`,
    messageFr: `${where ? `${where} : ` : ''}${reasonFr(error, code)}${hint ? ' (dossier de données : vérifiez dataDir / CRIEUR_DATA_DIR et ses permissions)' : ''}`,
    exitCode: typed ? 2 : 1,
  };
}

/** A folder that could not be made because a file has its name says so, not just « exists ». */
function reasonFr(error: NodeJS.ErrnoException, code: string): string {
  if (code === 'EEXIST' && error.syscall === 'mkdir') return 'existe déjà et n’est pas un dossier';
  return systemReasonFr(code);
}

function sqliteFailure(error: Error, code: string, context: FailureContext): Failure {
  const store = context.dataDir === undefined ? 'the store' : `the store in ${context.dataDir}`;
  const storeFr = context.dataDir === undefined ? '' : `${context.dataDir} : `;
  const base = Object.keys(SQLITE_FR).find((known) => code === known || code.startsWith(`${known}_`));
  return {
    message: `${store}: ${error.message} (${code}); check dataDir / CRIEUR_DATA_DIR and its permissions`,
    messageFr: `${storeFr}${base === undefined ? `erreur de la base de données (${code})` : SQLITE_FR[base]}`,
    exitCode: 1,
  };
}

function addressOf(error: NodeJS.ErrnoException): string | undefined {
  const { address, port } = error as { address?: string; port?: number };
  return address === undefined ? undefined : `${address}${port === undefined ? '' : `:${port}`}`;
}

function isInside(path: string, dir: string): boolean {
  const rest = relative(dir, path);
  return rest === '' || (!rest.startsWith('..') && !isAbsolute(rest));
}
