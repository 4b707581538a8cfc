import { isNetworkId, NETWORK_FACTS } from '../networks/index.js';
import type { DraftStatus } from '../store/types.js';

/**
 * The French the communications team reads for statuses and actions, in one place: the CLI, the
 * web page, notifications and rehearsal reports all take their words from here. A refused draft is
 * « rejeté » (the action is « Rejeter »), everywhere.
 */

interface StatusWords {
  /** Short name for badges and tables, capitalised. */
  badge: string;
  /** The state inside a sentence (« il est … », « X : … »). */
  phrase: string;
  /** What a refusal adds to explain the state, when the phrase alone is not enough. */
  detail?: string;
}

export const STATUS_WORDS: Readonly<Record<DraftStatus, StatusWords>> = {
  awaiting_review: { badge: 'En attente d’approbation', phrase: 'en attente de révision' },
  needs_decision: {
    badge: 'Décision requise',
    phrase: 'en attente d’une décision',
    detail: 'sur le contenu laissé de côté',
  },
  approved: { badge: 'Approuvé', phrase: 'approuvé' },
  publishing: { badge: 'Publication en cours', phrase: 'en cours de publication' },
  published: { badge: 'Publié', phrase: 'publié' },
  partly_published: { badge: 'Publié en partie', phrase: 'publié en partie' },
  failed: { badge: 'Échec', phrase: 'en échec' },
  missed: { badge: 'Manqué', phrase: 'manqué', detail: '(fenêtre de publication dépassée)' },
  rejected: { badge: 'Rejeté', phrase: 'rejeté' },
  superseded: { badge: 'Remplacé', phrase: 'remplacé', detail: 'par une nouvelle mise à jour' },
};

function words(status: string): StatusWords | undefined {
  return Object.hasOwn(STATUS_WORDS, status) ? STATUS_WORDS[status as DraftStatus] : undefined;
}

/** Badge and table form (« Rejeté »); an unknown status as is. */
export function statusBadgeLabel(status: string): string {
  return words(status)?.badge ?? status;
}

/** In-sentence form (« rejeté »); an unknown status as is. */
export function statusLabel(status: string): string {
  return words(status)?.phrase ?? status;
}

/** The in-sentence form with its explanation, for a refusal (« manqué (fenêtre de publication dépassée) »). */
export function statusExplained(status: string): string {
  const found = words(status);
  if (!found) return status;
  return found.detail ? `${found.phrase} ${found.detail}` : found.phrase;
}

/** Where a thread part stands. */
export const PART_STATE_LABELS: Readonly<Record<string, string>> = {
  pending: 'À envoyer',
  sending: 'Envoi en cours',
  posted: 'Publiée',
  failed: 'Échec',
  unknown: 'Résultat inconnu',
};

/** Audit actions, as the journal and the draft page list them. */
export const ACTION_LABELS: Readonly<Record<string, string>> = {
  import: 'Import',
  edit: 'Modification',
  approve: 'Approbation',
  reject: 'Rejet',
  supersede: 'Remplacement',
  status: 'Changement d’état',
  schedule: 'Planification',
  'publish-attempt': 'Tentative de publication',
  'media-uploaded': 'Image téléversée',
  published: 'Publié',
  failure: 'Échec',
  'outcome-unknown': 'Résultat inconnu',
  missed: 'Manqué',
  'config-loaded': 'Configuration chargée',
  'user-added': 'Compte ajouté',
  'account-connected': 'Réseau connecté',
  'account-disconnected': 'Réseau déconnecté',
  'account-renewed': 'Accès renouvelé',
  'secret-key-rotated': 'Clé secrète changée',
  correct: 'Correctif demandé',
  retract: 'Retrait demandé',
  'delete-attempt': 'Tentative de suppression',
  deleted: 'Supprimé',
};

/** What a draft does, as the queue, the draft page and the history name it. */
export const KIND_LABELS: Readonly<Record<string, string>> = {
  update: 'Mise à jour',
  correction: 'Correctif',
  retraction: 'Retrait',
};

/** The variables holding a network's credentials, as named in `.env.example`. */
export function tokenVariables(network: string): string {
  return isNetworkId(network) ? NETWORK_FACTS[network].variables.credentials : 'le jeton du réseau';
}

/** The variables configuring a network's account and API. */
export function configVariables(network: string): string {
  return isNetworkId(network) ? NETWORK_FACTS[network].variables.settings : 'la configuration du réseau';
}
