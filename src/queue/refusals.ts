import { RefusedError } from '../errors.js';
import { statusExplained } from '../i18n/fr.js';
import { type DraftStatus, formatDraftId, parseDraftId } from '../store/types.js';

export function unknownDraft(id: number | string): RefusedError {
  const label = typeof id === 'number' ? formatDraftId(id) : id;
  return new RefusedError(`unknown draft ${label}`, `brouillon inconnu : ${label}`);
}

/** `actionFr` includes its preposition, elided where French wants it: `d’approuver`, `de rejeter`. */
export function wrongStatus(id: number, status: DraftStatus, action: string, actionFr: string): RefusedError {
  const label = formatDraftId(id);
  return new RefusedError(
    `cannot ${action} draft ${label}: it is ${status.replaceAll('_', ' ')}`,
    `impossible ${actionFr} le brouillon ${label} : il est ${statusExplained(status)}`,
  );
}

export function staleHash(id: number, expected: string, actual: string): RefusedError {
  const label = formatDraftId(id);
  return new RefusedError(
    `draft ${label} changed since it was reviewed (content hash ${actual.slice(0, 12)}, expected ${expected.slice(0, 12)}); review it again`,
    `le brouillon ${label} a été modifié depuis que vous l’avez ouvert : relisez la nouvelle version avant de décider.`,
  );
}

export function refused(message: string, messageFr: string): RefusedError {
  return new RefusedError(message, messageFr);
}

/** A draft id typed by a person (`d12` or `12`), or a refusal. */
export function requireDraftId(text: string | undefined): number {
  const id = text === undefined ? null : parseDraftId(text);
  if (id === null) {
    const shown = text ?? '';
    throw new RefusedError(
      `"${shown}" is not a draft id (expected something like d12)`,
      `« ${shown} » n’est pas un numéro de brouillon (attendu : d12, par exemple)`,
    );
  }
  return id;
}
