import { randomBytes } from 'node:crypto';
import { appendEvent } from '../audit/journal.js';
import type { QueueContext } from '../queue/context.js';
import {
  deleteNetworkAccount,
  deleteOAuthStatesBefore,
  getKeyCheck,
  getNetworkAccount,
  getOAuthState,
  listNetworkAccounts,
  listOAuthStates,
  type NetworkAccountRow,
  putKeyCheck,
  putNetworkAccount,
  putOAuthState,
  takeOAuthState,
  touchNetworkAccount,
  updateOAuthStateSealed,
  updateSealed,
} from '../store/network-accounts-repo.js';
import { open, seal } from './cipher.js';
import { ConnectError, SecretKeyError } from './errors.js';
import { HOW_TO_MAKE_A_KEY, HOW_TO_MAKE_A_KEY_FR } from './secret-key.js';
import { storedSecrets } from './source.js';
import {
  type ConnectableNetwork,
  type ConnectedAccount,
  type CredentialsOf,
  isConnectable,
  type NewConnection,
  type StoredCredentials,
} from './types.js';

const KEY_CHECK_TEXT = 'crieur secret key check';
const KEY_CHECK_CONTEXT = 'secret_key_check';
/** A pending authorisation older than this is dropped (LinkedIn's code lives 30 min, X's request token a few). */
const OAUTH_STATE_TTL_MS = 30 * 60 * 1000;

const accountContext = (network: string) => `network_accounts:${network}`;
const stateContext = (state: string) => `oauth_states:${state}`;

/** The connected accounts of the store, their tokens sealed with the secret key. */
export interface Connections {
  readonly hasKey: boolean;
  /** Refuses (SecretKeyError, saying how to make one) when no key is set. */
  requireKey(): void;
  list(): ConnectedAccount[];
  get(network: ConnectableNetwork): ConnectedAccount | null;
  /** The decrypted tokens and their generation, or null when the network is not connected. */
  credentials<N extends ConnectableNetwork>(network: N): { generation: number; credentials: CredentialsOf<N> } | null;
  connect(connection: NewConnection, by: string): void;
  /** New tokens for the connected account. `renewal` audits it and rebuilds the adapters that use it. */
  update(
    network: ConnectableNetwork,
    credentials: StoredCredentials,
    expiresAt: Date | null,
    renewal?: { by: string },
  ): void;
  disconnect(network: ConnectableNetwork, by: string): boolean;
  /** Records a successful use of the account. */
  touch(network: ConnectableNetwork): void;
  /** Keeps what the rest of an authorisation needs (a request token secret…) under a new `state`. */
  startAuthorisation(network: ConnectableNetwork, pending: Record<string, string>, by: string, state?: string): string;
  /** Takes back (once) what `startAuthorisation` kept; refuses an unknown, expired or other network's state. */
  finishAuthorisation(
    network: ConnectableNetwork,
    state: string,
  ): { pending: Record<string, string>; startedBy: string };
  /** Reads what is kept under `state` without using it up (to show the choices). */
  peekAuthorisation(network: ConnectableNetwork, state: string): { pending: Record<string, string>; startedBy: string };
  /** Keeps data for an authorisation still under way (the token waiting for the choice of a page). */
  holdAuthorisation(network: ConnectableNetwork, pending: Record<string, string>, by: string): string;
}

/**
 * Opens the connected accounts of `context`'s store. With a key, checks it against the check value
 * the store keeps (written with the first connection): a wrong key is a SecretKeyError here, at
 * start, not garbage sent to a network later.
 */
export function openConnections(context: QueueContext, key: Buffer | undefined): Connections {
  const { store } = context;
  const db = store.db;
  if (key !== undefined) checkKey(context, key);

  const needKey = (): Buffer => {
    if (key === undefined) {
      throw new SecretKeyError(
        `no secret key to encrypt or read the connected accounts: ${HOW_TO_MAKE_A_KEY}`,
        `aucune clé secrète pour chiffrer ou lire les comptes connectés : ${HOW_TO_MAKE_A_KEY_FR}`,
      );
    }
    return key;
  };
  const nowIso = () => context.now().toISOString();
  // The event's own tokens are scrubbed too, should one ever slip into its data.
  const audit = (
    action: 'account-connected' | 'account-disconnected' | 'account-renewed',
    by: string,
    data: Record<string, unknown>,
    credentials?: StoredCredentials,
  ) =>
    appendEvent(
      db,
      { at: context.now(), actor: by, action, subject: `network ${String(data.network)}`, data },
      credentials ? [...store.secrets, ...storedSecrets(credentials)] : store.secrets,
    );

  function savePending(
    pending: Record<string, string>,
    network: ConnectableNetwork,
    by: string,
    state: string = newState(),
  ): string {
    const secret = needKey();
    store.transaction(() => {
      deleteOAuthStatesBefore(db, new Date(context.now().getTime() - OAUTH_STATE_TTL_MS).toISOString());
      putOAuthState(db, {
        state,
        network,
        sealed: seal(secret, JSON.stringify(pending), stateContext(state)),
        startedBy: by,
        createdAt: nowIso(),
      });
    });
    return state;
  }

  return {
    hasKey: key !== undefined,
    requireKey: () => void needKey(),
    list: () =>
      listNetworkAccounts(db)
        .filter((row) => isConnectable(row.network))
        .map(shown),
    get(network) {
      const row = getNetworkAccount(db, network);
      return row === null ? null : shown(row);
    },
    credentials(network) {
      const row = getNetworkAccount(db, network);
      if (row === null) return null;
      const credentials = JSON.parse(open(needKey(), row.sealed, accountContext(network))) as CredentialsOf<
        typeof network
      >;
      return { generation: row.generation, credentials };
    },
    connect(connection, by) {
      const secret = needKey();
      const { network } = connection.credentials;
      const at = nowIso();
      store.transaction(() => {
        if (getKeyCheck(db) === null) putKeyCheck(db, seal(secret, KEY_CHECK_TEXT, KEY_CHECK_CONTEXT), at);
        const previous = getNetworkAccount(db, network);
        putNetworkAccount(db, {
          network,
          accountId: connection.account.id,
          handle: connection.account.handle,
          name: connection.account.name,
          sealed: seal(secret, JSON.stringify(connection.credentials), accountContext(network)),
          expiresAt: connection.expiresAt?.toISOString() ?? null,
          renewable: connection.renewable,
          connectedBy: by,
          connectedAt: at,
          at,
        });
        audit(
          'account-connected',
          by,
          {
            network,
            account: connection.account.handle,
            name: connection.account.name,
            ...(previous === null ? {} : { replaced: previous.handle }),
            ...(connection.expiresAt ? { expiresAt: connection.expiresAt.toISOString() } : {}),
          },
          connection.credentials,
        );
      });
    },
    update(network, credentials, expiresAt, renewal) {
      const secret = needKey();
      store.transaction(() => {
        const row = getNetworkAccount(db, network);
        if (row === null) return;
        updateSealed(db, network, {
          sealed: seal(secret, JSON.stringify(credentials), accountContext(network)),
          expiresAt: expiresAt?.toISOString() ?? null,
          at: nowIso(),
          bump: renewal !== undefined,
        });
        if (renewal) {
          audit(
            'account-renewed',
            renewal.by,
            { network, account: row.handle, ...(expiresAt ? { expiresAt: expiresAt.toISOString() } : {}) },
            credentials,
          );
        }
      });
    },
    disconnect(network, by) {
      return store.transaction(() => {
        const row = getNetworkAccount(db, network);
        if (row === null) return false;
        deleteNetworkAccount(db, network);
        audit('account-disconnected', by, { network, account: row.handle, name: row.name });
        return true;
      });
    },
    touch(network) {
      touchNetworkAccount(db, network, nowIso());
    },
    startAuthorisation: (network, pending, by, state) => savePending(pending, network, by, state),
    holdAuthorisation: (network, pending, by) => savePending(pending, network, by),
    peekAuthorisation: (network, state) => readState(network, state, false),
    finishAuthorisation: (network, state) => readState(network, state, true),
  };

  function readState(network: ConnectableNetwork, state: string, take: boolean) {
    const secret = needKey();
    const row = store.transaction(() => (take ? takeOAuthState(db, state) : getOAuthState(db, state)));
    const fresh = row !== null && context.now().getTime() - Date.parse(row.createdAt) <= OAUTH_STATE_TTL_MS;
    if (row === null || row.network !== network || !fresh) {
      throw new ConnectError(
        'the authorisation is unknown, already used or expired (state does not match): start the connection again',
        'cette autorisation est inconnue, déjà utilisée ou expirée (le paramètre state ne correspond pas) : recommencez la connexion',
      );
    }
    return {
      pending: JSON.parse(open(secret, row.sealed, stateContext(state))) as Record<string, string>,
      startedBy: row.startedBy,
    };
  }
}

/**
 * A random `state` (192 bits): what ties a network's callback to the authorisation it answers. In
 * hexadecimal: it never starts with `-`, which a command line would take for an option.
 */
export function newState(): string {
  return randomBytes(24).toString('hex');
}

/** Whether `key` opens the store's check value; a store with no check value takes any key. */
function checkKey(context: QueueContext, key: Buffer): void {
  const sealed = getKeyCheck(context.store.db);
  if (sealed === null) return;
  if (open(key, sealed, KEY_CHECK_CONTEXT) !== KEY_CHECK_TEXT) {
    throw new SecretKeyError(
      'CRIEUR_SECRET_KEY is not the key of this store',
      'CRIEUR_SECRET_KEY n’est pas la clé de ce magasin',
    );
  }
}

/**
 * Re-encrypts every connected account, pending authorisation and the check value from `oldKey` to
 * `newKey`, in one transaction: all of them move, or none.
 */
export function rotateSecretKey(context: QueueContext, oldKey: Buffer, newKey: Buffer, by: string): number {
  const { db } = context.store;
  checkKey(context, oldKey);
  return context.store.transaction(() => {
    const rows: NetworkAccountRow[] = listNetworkAccounts(db);
    const at = context.now().toISOString();
    for (const row of rows) {
      const plain = open(oldKey, row.sealed, accountContext(row.network));
      updateSealed(db, row.network, {
        sealed: seal(newKey, plain, accountContext(row.network)),
        expiresAt: row.expiresAt,
        at,
        bump: false,
      });
    }
    for (const row of listOAuthStates(db)) {
      updateOAuthStateSealed(
        db,
        row.state,
        seal(newKey, open(oldKey, row.sealed, stateContext(row.state)), stateContext(row.state)),
      );
    }
    putKeyCheck(db, seal(newKey, KEY_CHECK_TEXT, KEY_CHECK_CONTEXT), at);
    appendEvent(
      db,
      {
        at: context.now(),
        actor: by,
        action: 'secret-key-rotated',
        subject: 'secret key',
        data: { accounts: rows.length },
      },
      context.store.secrets,
    );
    return rows.length;
  });
}

function shown(row: NetworkAccountRow): ConnectedAccount {
  return {
    network: row.network as ConnectableNetwork,
    accountId: row.accountId,
    handle: row.handle,
    name: row.name,
    expiresAt: row.expiresAt === null ? null : new Date(row.expiresAt),
    renewable: row.renewable,
    lastUsedAt: row.lastUsedAt === null ? null : new Date(row.lastUsedAt),
    connectedBy: row.connectedBy,
    connectedAt: new Date(row.connectedAt),
  };
}
