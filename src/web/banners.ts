import type { LoadedConfig } from '../config/load.js';
import { expiryState, tokenExpiry } from '../config/token-expiry.js';
import type { Connections } from '../connections/connections.js';
import { credentialSource } from '../connections/source.js';
import { isConnectable } from '../connections/types.js';
import { CrieurError } from '../errors.js';
import type { NetworkId } from '../networks/index.js';
import { networkLabel } from '../networks/index.js';
import type { DraftSummary } from '../queue/page-reads.js';
import { frenchLongDate } from '../update/french-dates.js';

/** A notice at the top of the queue about the service itself, not one draft. */
export interface Banner {
  kind: 'info' | 'warning' | 'error';
  text: string;
  link?: { href: string; label: string };
}

/**
 * What the team must know before reviewing: the service sends nothing (dry run), a network's token
 * expires soon or has expired (the same check as `crieur doctor` and the daily notification), a
 * network whose last publication failed.
 */
export function queueBanners(input: {
  loaded: LoadedConfig;
  dryRun: boolean;
  now: Date;
  drafts: readonly DraftSummary[];
  /** The accounts connected in the page: their expiry, and a link to reconnect them. */
  connections?: Connections;
}): Banner[] {
  const banners: Banner[] = [];
  if (input.dryRun) {
    banners.push({
      kind: 'info',
      text: 'Mode essai : le service simule les publications, rien n’est envoyé aux réseaux.',
    });
  }
  const zone = input.loaded.config.timezone;
  for (const network of input.loaded.config.networks) {
    const source = input.connections ? credentialSource(input.loaded.env, network, input.connections) : 'env';
    // A network never connected is only announced where the page can connect it (a key is set).
    const connectable = isConnectable(network) ? network : undefined;
    if (connectable && (source === 'store' || (source === 'none' && input.connections?.hasKey))) {
      const banner = connectedAccountBanner(
        network,
        source === 'store' ? (input.connections?.get(connectable) ?? null) : null,
        input.now,
      );
      if (banner) banners.push(banner);
      continue;
    }
    let known: ReturnType<typeof tokenExpiry>;
    try {
      known = tokenExpiry(input.loaded.env, network, zone);
    } catch (error) {
      if (!(error instanceof CrieurError)) throw error;
      continue;
    }
    if (known === undefined) continue;
    const state = expiryState(known.expiresAt, input.now);
    const label = networkLabel(network);
    if (state.state === 'expired') {
      banners.push({
        kind: 'error',
        text: `L’accès à ${label} a expiré : rien ne peut y être publié tant que l’administrateur ne l’a pas renouvelé.`,
      });
    } else if (state.state === 'soon') {
      const days = state.daysLeft;
      const when = days < 1 ? 'aujourd’hui' : days === 1 ? 'demain' : `dans ${days}\u00a0jours`;
      banners.push({
        kind: 'warning',
        text: `L’accès à ${label} expire ${when} : prévenez l’administrateur pour qu’il le renouvelle avant.`,
      });
    }
  }
  for (const [network, draft] of lastPublications(input.drafts)) {
    if (draft.status !== 'failed' && draft.status !== 'partly_published') continue;
    banners.push({
      kind: 'error',
      text: `La dernière publication sur ${networkLabel(network)} (${frenchLongDate(draft.date)}) ${
        draft.status === 'failed' ? 'a échoué' : 'n’est publiée qu’en partie'
      }.`,
      link: { href: `/brouillons/${draft.id}`, label: 'Voir le brouillon' },
    });
  }
  return banners;
}

const ACCOUNTS_LINK = { href: '/comptes', label: 'Ouvrir la page Comptes' };

/** A connected account that has ended or soon will (and was not renewed), or a network never connected. */
function connectedAccountBanner(
  network: NetworkId,
  account: { expiresAt: Date | null } | null,
  now: Date,
): Banner | undefined {
  const label = networkLabel(network);
  if (account === null) {
    return {
      kind: 'error',
      text: `${label} n’est pas connecté : rien ne peut y être publié tant qu’un administrateur ne l’a pas connecté.`,
      link: ACCOUNTS_LINK,
    };
  }
  if (account.expiresAt === null) return undefined;
  const state = expiryState(account.expiresAt, now);
  if (state.state === 'expired') {
    return {
      kind: 'error',
      text: `L’accès à ${label} a expiré : un administrateur doit reconnecter le compte.`,
      link: ACCOUNTS_LINK,
    };
  }
  if (state.state === 'soon') {
    const days = state.daysLeft;
    const when = days < 1 ? 'aujourd’hui' : days === 1 ? 'demain' : `dans ${days}\u00a0jours`;
    return {
      kind: 'warning',
      text: `L’accès à ${label} expire ${when} : un administrateur doit reconnecter le compte avant.`,
      link: ACCOUNTS_LINK,
    };
  }
  return undefined;
}

/** Each network's latest draft that was sent (or tried). */
function lastPublications(drafts: readonly DraftSummary[]): Map<NetworkId, DraftSummary> {
  const last = new Map<NetworkId, DraftSummary>();
  for (const draft of drafts) {
    if (draft.status !== 'published' && draft.status !== 'failed' && draft.status !== 'partly_published') continue;
    const seen = last.get(draft.network);
    if (seen === undefined || draft.date > seen.date || (draft.date === seen.date && draft.id > seen.id)) {
      last.set(draft.network, draft);
    }
  }
  return last;
}
