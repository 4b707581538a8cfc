import { RefusedError } from '../errors.js';
import { type DraftStatus, formatDraftId, parseDraftId } from '../store/types.js';

/** How each status reads in French, for messages to the team. */
export const STATUS_FR: Record<DraftStatus, string> = {
  awaiting_review: 'en attente de révision',
  needs_decision: 'en attente d’une décision sur le contenu laissé de côté',
  approved: 'approuvé',
  publishing: 'en cours de publication',
  published: 'publié',
  partly_published: 'publié en partie',
  failed: 'en échec',
  missed: 'manqué (fenêtre de publication dépassée)',
  rejected: 'rejeté',
  superseded: 'remplacé par une nouvelle mise à jour',
};

export function unknownDraft(id: number | string): RefusedError {
  const label = typeof id === 'number' ? formatDraftId(id) : id;
  return new RefusedError(`unknown draft ${label}`, `brouillon inconnu : ${label}`);
}

/** `actionFr` includes its preposition, elided where French wants it: `d'approuver`, `de rejeter`. */
export function wrongStatus(id: number, status: DraftStatus, action: string, actionFr: string): RefusedError {
  const label = formatDraftId(id);
  return new RefusedError(
    `cannot ${action} draft ${label}: it is ${status.replaceAll('_', ' ')}`,
    `impossible ${actionFr} le brouillon ${label} : il est ${STATUS_FR[status]}`,
  );
}

export function staleHash(id: number, expected: string, actual: string): RefusedError {
  const label = formatDraftId(id);
  return new RefusedError(
    `draft ${label} changed since it was reviewed (content hash ${actual.slice(0, 12)}, expected ${expected.slice(0, 12)}); review it again`,
    `le brouillon ${label} a été modifié depuis sa révision (empreinte ${actual.slice(0, 12)} au lieu de ${expected.slice(0, 12)}) ; révisez-le de nouveau`,
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
      `« ${shown} » n'est pas un numéro de brouillon (attendu : d12, par exemple)`,
    );
  }
  return id;
}
