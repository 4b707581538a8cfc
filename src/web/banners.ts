import type { LoadedConfig } from '../config/load.js';
import { expiryState, tokenExpiry } from '../config/token-expiry.js';
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
