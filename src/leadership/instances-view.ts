import type { Store } from '../store/db.js';
import { instancesSeenSince, leaseRow } from '../store/leases-repo.js';
import { PUBLISHER_LEASE } from './lease.js';

/** An instance as `crieur status --json` shows it. */
export interface InstanceView {
  id: string;
  host: string;
  pid: number;
  /** Holds the publishing lease now (not expired). */
  leader: boolean;
  /** The leader's lease end; null for the others. */
  leaseExpiresAt: string | null;
  lastSeenAt: string;
}

/** The publishing lease as stored: its holder may have stopped renewing it (see `live`). */
export interface LeaseView {
  holder: string | null;
  token: number;
  expiresAt: string;
  /** Held and not expired at the time asked. */
  live: boolean;
}

/** How far back an instance counts as seen. */
export const SEEN_WINDOW_MS = 60_000;

/** Every instance seen in the last minute, the lease's holder marked leader while its lease runs. */
export function instancesSeen(store: Store, now: Date): InstanceView[] {
  const lease = publisherLease(store, now);
  return instancesSeenSince(store.db, new Date(now.getTime() - SEEN_WINDOW_MS).toISOString()).map((row) => {
    const leader = lease?.live === true && lease.holder === row.id;
    return {
      id: row.id,
      host: row.host,
      pid: row.pid,
      leader,
      leaseExpiresAt: leader ? (lease?.expiresAt ?? null) : null,
      lastSeenAt: row.lastSeenAt,
    };
  });
}

export function publisherLease(store: Store, now: Date): LeaseView | null {
  const row = leaseRow(store.db, PUBLISHER_LEASE);
  if (row === null) return null;
  return {
    holder: row.holder,
    token: row.token,
    expiresAt: row.expiresAt,
    live: row.holder !== null && row.expiresAt > now.toISOString(),
  };
}
