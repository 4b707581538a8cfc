import type { NetworkId } from '../networks.js';

const NETWORK_LABELS: Record<NetworkId, string> = {
  x: 'X',
  bluesky: 'Bluesky',
  linkedin: 'LinkedIn',
  facebook: 'Facebook',
  site: 'Site Web',
};

const STATUS_LABELS: Record<string, string> = {
  awaiting_review: 'en attente de révision',
  needs_decision: 'en attente d’une décision',
  approved: 'approuvé',
  publishing: 'en cours de publication',
  published: 'publié',
  partly_published: 'publié en partie',
  failed: 'en échec',
  missed: 'manqué',
  rejected: 'refusé',
  superseded: 'remplacé',
};

/** The variables holding each network's credentials, as named in `.env.example`. */
const TOKEN_VARIABLES: Record<NetworkId, string> = {
  x: 'X_ACCESS_TOKEN et X_ACCESS_SECRET',
  bluesky: 'BLUESKY_APP_PASSWORD',
  linkedin: 'LINKEDIN_ACCESS_TOKEN',
  facebook: 'FACEBOOK_PAGE_TOKEN',
  // The website has no token; only the output folder's permissions can fail this way.
  site: 'SITE_OUTPUT_DIR',
};

const CONFIG_VARIABLES: Record<NetworkId, string> = {
  x: 'X_API_KEY, X_API_SECRET, X_API_URL',
  bluesky: 'BLUESKY_SERVICE, BLUESKY_HANDLE',
  linkedin: 'LINKEDIN_ORGANIZATION, LINKEDIN_VERSION',
  facebook: 'FACEBOOK_PAGE_ID, FACEBOOK_GRAPH_VERSION',
  site: 'SITE_OUTPUT_DIR, SITE_BASE_URL',
};

export function networkLabel(network: string): string {
  return NETWORK_LABELS[network as NetworkId] ?? network;
}

export function statusLabel(status: string): string {
  return STATUS_LABELS[status] ?? status;
}

export function tokenVariables(network: string): string {
  return TOKEN_VARIABLES[network as NetworkId] ?? 'le jeton du réseau';
}

export function configVariables(network: string): string {
  return CONFIG_VARIABLES[network as NetworkId] ?? 'la configuration du réseau';
}
