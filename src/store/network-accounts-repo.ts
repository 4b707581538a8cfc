import type { NetworkId } from '../networks/index.js';
import type { Db } from './db.js';

/**
 * A network account connected in the page. `sealed` holds its tokens encrypted (AES-256-GCM); the
 * other columns are what the page and `crieur accounts` show, never a secret.
 */
export interface NetworkAccountRow {
  network: NetworkId;
  accountId: string;
  handle: string;
  name: string;
  sealed: string;
  /** Bumped whenever the tokens change (connection, renewal): adapters built from older ones are rebuilt. */
  generation: number;
  expiresAt: string | null;
  /** The tokens can be renewed by crieur without a person (a refresh token, a Bluesky session). */
  renewable: boolean;
  lastUsedAt: string | null;
  connectedBy: string;
  connectedAt: string;
  updatedAt: string;
}

const COLUMNS = `network, account_id AS accountId, handle, name, sealed, generation, expires_at AS expiresAt,
  renewable, last_used_at AS lastUsedAt, connected_by AS connectedBy, connected_at AS connectedAt, updated_at AS updatedAt`;

function fromRow(
  row: (Omit<NetworkAccountRow, 'renewable'> & { renewable: number }) | undefined,
): NetworkAccountRow | null {
  return row === undefined ? null : { ...row, renewable: row.renewable === 1 };
}

export function getNetworkAccount(db: Db, network: NetworkId): NetworkAccountRow | null {
  return fromRow(db.prepare(`SELECT ${COLUMNS} FROM network_accounts WHERE network = ?`).get(network) as never);
}

export function listNetworkAccounts(db: Db): NetworkAccountRow[] {
  return (db.prepare(`SELECT ${COLUMNS} FROM network_accounts ORDER BY network`).all() as never[]).map(
    (row) => fromRow(row)!,
  );
}

/** Inserts or replaces the network's account; the generation goes up. */
export function putNetworkAccount(
  db: Db,
  row: Omit<NetworkAccountRow, 'generation' | 'lastUsedAt' | 'updatedAt'> & { at: string },
): void {
  db.prepare(
    `INSERT INTO network_accounts (network, account_id, handle, name, sealed, generation, expires_at, renewable,
       last_used_at, connected_by, connected_at, updated_at)
     VALUES (@network, @accountId, @handle, @name, @sealed, 1, @expiresAt, @renewable, NULL, @connectedBy, @connectedAt, @at)
     ON CONFLICT (network) DO UPDATE SET account_id = excluded.account_id, handle = excluded.handle,
       name = excluded.name, sealed = excluded.sealed, generation = network_accounts.generation + 1,
       expires_at = excluded.expires_at, renewable = excluded.renewable, last_used_at = NULL,
       connected_by = excluded.connected_by, connected_at = excluded.connected_at, updated_at = excluded.updated_at`,
  ).run({ ...row, renewable: row.renewable ? 1 : 0 });
}

/** New tokens for the same account (a renewal); `bump` rebuilds the adapters that used the old ones. */
export function updateSealed(
  db: Db,
  network: NetworkId,
  change: { sealed: string; expiresAt: string | null; at: string; bump: boolean },
): boolean {
  return (
    db
      .prepare(
        `UPDATE network_accounts SET sealed = ?, expires_at = ?, updated_at = ?, generation = generation + ?
         WHERE network = ?`,
      )
      .run(change.sealed, change.expiresAt, change.at, change.bump ? 1 : 0, network).changes === 1
  );
}

export function touchNetworkAccount(db: Db, network: NetworkId, at: string): void {
  db.prepare('UPDATE network_accounts SET last_used_at = ? WHERE network = ?').run(at, network);
}

export function deleteNetworkAccount(db: Db, network: NetworkId): boolean {
  return db.prepare('DELETE FROM network_accounts WHERE network = ?').run(network).changes === 1;
}

export function getKeyCheck(db: Db): string | null {
  const row = db.prepare('SELECT sealed FROM secret_key_check WHERE one = 1').get() as { sealed: string } | undefined;
  return row?.sealed ?? null;
}

export function putKeyCheck(db: Db, sealed: string, at: string): void {
  db.prepare(
    'INSERT INTO secret_key_check (one, sealed, created_at) VALUES (1, ?, ?) ON CONFLICT (one) DO UPDATE SET sealed = excluded.sealed',
  ).run(sealed, at);
}

export interface OAuthStateRow {
  state: string;
  network: NetworkId;
  sealed: string;
  startedBy: string;
  createdAt: string;
}

export function putOAuthState(db: Db, row: OAuthStateRow): void {
  db.prepare(
    'INSERT INTO oauth_states (state, network, sealed, started_by, created_at) VALUES (@state, @network, @sealed, @startedBy, @createdAt)',
  ).run(row);
}

/** Reads and removes a pending authorisation: a `state` is good once. */
export function takeOAuthState(db: Db, state: string): OAuthStateRow | null {
  const row = db
    .prepare(
      'SELECT state, network, sealed, started_by AS startedBy, created_at AS createdAt FROM oauth_states WHERE state = ?',
    )
    .get(state) as OAuthStateRow | undefined;
  if (row === undefined) return null;
  db.prepare('DELETE FROM oauth_states WHERE state = ?').run(state);
  return row;
}

export function getOAuthState(db: Db, state: string): OAuthStateRow | null {
  return (
    (db
      .prepare(
        'SELECT state, network, sealed, started_by AS startedBy, created_at AS createdAt FROM oauth_states WHERE state = ?',
      )
      .get(state) as OAuthStateRow | undefined) ?? null
  );
}

export function listOAuthStates(db: Db): OAuthStateRow[] {
  return db
    .prepare('SELECT state, network, sealed, started_by AS startedBy, created_at AS createdAt FROM oauth_states')
    .all() as OAuthStateRow[];
}

export function updateOAuthStateSealed(db: Db, state: string, sealed: string): void {
  db.prepare('UPDATE oauth_states SET sealed = ? WHERE state = ?').run(sealed, state);
}

export function deleteOAuthStatesBefore(db: Db, before: string): void {
  db.prepare('DELETE FROM oauth_states WHERE created_at < ?').run(before);
}
