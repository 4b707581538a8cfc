import {
  ContentRejectedError,
  NetworkConfigError,
  type PublishError,
  TransientError,
} from '../../src/publish/port-errors.js';

const NOT_ALLOWED = new Set(['EACCES', 'EPERM', 'EROFS', 'ENOTDIR', 'EISDIR']);
const TEMPORARY = new Set(['ENOSPC', 'EDQUOT', 'EMFILE', 'ENFILE', 'EBUSY', 'EAGAIN', 'EIO']);

/**
 * A file-system failure as the shared error types. A refused write is a configuration problem
 * (the folder's permissions), a full disk is temporary; either way nothing was half-published,
 * since the page's record is written last and a retry rewrites everything.
 */
export function classifySiteError(error: unknown, outputDir: string, doing: { en: string; fr: string }): PublishError {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  const detail = error instanceof Error ? error.message : String(error);
  if (code !== undefined && NOT_ALLOWED.has(code)) {
    return new NetworkConfigError(
      'site',
      'SITE_OUTPUT_DIR',
      `website: cannot ${doing.en} in ${outputDir} (${code}); check SITE_OUTPUT_DIR and its permissions`,
      `Site Web : impossible de ${doing.fr} dans ${outputDir} (${code}) ; vérifiez SITE_OUTPUT_DIR et les droits d’écriture sur ce dossier.`,
      { cause: error },
    );
  }
  if (code === 'ENOENT') {
    return new ContentRejectedError(
      'site',
      `website: a file needed to ${doing.en} is missing (${detail})`,
      `Site Web : un fichier nécessaire pour ${doing.fr} est introuvable.`,
      { cause: error },
    );
  }
  const full = code !== undefined && TEMPORARY.has(code);
  return new TransientError(
    'site',
    `website: could not ${doing.en} (${code ?? detail})`,
    full
      ? `Site Web : impossible de ${doing.fr}, le disque est plein ou occupé (${code}) ; nouvel essai sous peu.`
      : `Site Web : impossible de ${doing.fr} (${code ?? 'erreur du système de fichiers'}) ; nouvel essai sous peu.`,
    { cause: error, failureClass: 'server' },
  );
}
