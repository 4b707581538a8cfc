import type { Connections } from './connections.js';
import { newState } from './connections.js';
import { ConnectError } from './errors.js';
import type { ConnectedAccount, NewConnection } from './types.js';

export type OAuthNetwork = 'linkedin' | 'facebook' | 'x';

export function isOAuthNetwork(value: string): value is OAuthNetwork {
  return value === 'linkedin' || value === 'facebook' || value === 'x';
}

/** What the network's callback brought: the account to connect, or a choice (page, organisation) to make. */
export type OAuthOutcome =
  | { kind: 'connect'; connection: NewConnection }
  | { kind: 'choose'; choices: Array<{ id: string; name: string }>; hold: Record<string, string> };

/** One network's authorisation flow; its HTTP lives with the network's adapter. */
export interface OAuthProvider {
  /** The authorisation URL to send the person to, and what the rest of the flow needs kept. */
  start(redirectUri: string, state: string): Promise<{ url: string; pending: Record<string, string> }>;
  /** Exchanges what the callback brought (code, verifier) for tokens, and lists the choices. */
  finish(query: Record<string, string>, pending: Record<string, string>): Promise<OAuthOutcome>;
  /** The connection for the chosen page or organisation. */
  choose(hold: Record<string, string>, id: string): NewConnection;
}

export interface OAuthFlowDeps {
  connections: Connections;
  provider: OAuthProvider;
  /** The web page's return address for the network (`…/comptes/linkedin/retour`). */
  redirectUri: string;
}

/** Starts a connection: keeps a one-time `state`, returns the network's authorisation URL. */
export async function startOAuth(
  deps: OAuthFlowDeps,
  network: OAuthNetwork,
  by: string,
): Promise<{ url: string; state: string }> {
  deps.connections.requireKey();
  const state = newState();
  // X keeps no `state` of its own: it travels in the return address, which X calls back as given.
  const redirectUri = network === 'x' ? `${deps.redirectUri}?state=${state}` : deps.redirectUri;
  const { url, pending } = await deps.provider.start(redirectUri, state);
  deps.connections.startAuthorisation(network, { ...pending, redirectUri }, by, state);
  return { url, state };
}

export type FinishResult =
  | { kind: 'connected'; account: ConnectedAccount }
  | { kind: 'choose'; choices: Array<{ id: string; name: string }>; hold: string };

/**
 * Ends a connection from the callback's query. The `state` is checked first (unknown, used or
 * another network's: refused), then a refused consent, then the code is exchanged. One choice is
 * connected at once; several are held under a new one-time token for the person to choose.
 */
export async function finishOAuth(
  deps: OAuthFlowDeps,
  network: OAuthNetwork,
  query: Record<string, string>,
): Promise<FinishResult> {
  const state = query.state ?? '';
  const { pending, startedBy } = deps.connections.finishAuthorisation(network, state);
  if (query.error !== undefined || query.denied !== undefined) {
    throw new ConnectError(
      `the connection was refused on the network's page (${query.error ?? 'denied'}${query.error_description ? `: ${query.error_description}` : ''})`,
      'l’autorisation a été refusée sur la page du réseau : rien n’a été connecté',
    );
  }
  const outcome = await deps.provider.finish(query, pending);
  if (outcome.kind === 'connect') {
    deps.connections.connect(outcome.connection, startedBy);
    return { kind: 'connected', account: deps.connections.get(network)! };
  }
  if (outcome.choices.length === 0) {
    throw new ConnectError(
      network === 'linkedin'
        ? 'this LinkedIn member administers no organisation page'
        : 'this Facebook account manages no Page',
      network === 'linkedin'
        ? 'ce membre LinkedIn n’administre aucune page d’organisation'
        : 'ce compte Facebook ne gère aucune Page',
    );
  }
  if (outcome.choices.length === 1) {
    deps.connections.connect(deps.provider.choose(outcome.hold, outcome.choices[0]!.id), startedBy);
    return { kind: 'connected', account: deps.connections.get(network)! };
  }
  const hold = deps.connections.holdAuthorisation(
    network,
    { ...outcome.hold, choices: JSON.stringify(outcome.choices) },
    startedBy,
  );
  return { kind: 'choose', choices: outcome.choices, hold };
}

/** The choices held under `hold`, without using it up. */
export function heldChoices(
  connections: Connections,
  network: OAuthNetwork,
  hold: string,
): Array<{ id: string; name: string }> {
  const { pending } = connections.peekAuthorisation(network, hold);
  return JSON.parse(pending.choices ?? '[]') as Array<{ id: string; name: string }>;
}

/** Connects the page or organisation chosen among those held under `hold`. */
export function chooseOAuth(
  deps: Omit<OAuthFlowDeps, 'redirectUri'>,
  network: OAuthNetwork,
  hold: string,
  id: string,
  by: string,
): ConnectedAccount {
  const { pending } = deps.connections.finishAuthorisation(network, hold);
  const choices = JSON.parse(pending.choices ?? '[]') as Array<{ id: string }>;
  if (!choices.some((choice) => choice.id === id)) {
    throw new ConnectError(
      'that choice was not offered',
      'ce choix ne faisait pas partie de ceux proposés : recommencez la connexion',
    );
  }
  deps.connections.connect(deps.provider.choose(pending, id), by);
  return deps.connections.get(network)!;
}
