import type { DraftStatus } from '../store/types.js';

/** Short state names for badges and tables. */
export const STATUS_LABELS: Record<DraftStatus, string> = {
  awaiting_review: 'En attente d’approbation',
  needs_decision: 'Décision requise',
  approved: 'Approuvé',
  publishing: 'Publication en cours',
  published: 'Publié',
  partly_published: 'Publié en partie',
  failed: 'Échec',
  missed: 'Manqué',
  rejected: 'Rejeté',
  superseded: 'Remplacé',
};

export function statusLabel(status: string): string {
  return STATUS_LABELS[status as DraftStatus] ?? status;
}

export const PART_STATE_LABELS: Record<string, string> = {
  pending: 'À envoyer',
  sending: 'Envoi en cours',
  posted: 'Publiée',
  failed: 'Échec',
  unknown: 'Résultat inconnu',
};

export const ACTION_LABELS: Record<string, string> = {
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
};
