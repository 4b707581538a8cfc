import type { Store } from '../store/db.js';
import { leaseRow, releaseLease, takeLease, touchInstance } from '../store/leases-repo.js';
import { type Fence, LeaseLostError } from './lease-lost.js';

/** The lease whose holder publishes: ticks the scheduler, uploads media ahead, watches the inbox. */
export const PUBLISHER_LEASE = 'publisher';

/** Where a lease stands after an instance asked for it. */
export type LeaseState =
  | { held: true; token: number; expiresAt: Date }
  | { held: false; holder: string | null; token: number; expiresAt: Date };

export interface LeaseRequest {
  instanceId: string;
  /** Lease length: a holder that does not renew within it loses the lease to any other instance. */
  seconds: number;
  now: Date;
  name?: string;
}

/**
 * One write transaction: the instance's heartbeat, then the lease taken when free, expired or
 * already this instance's (renewed), with the next fencing token for a new holder.
 */
export function acquireOrRenew(store: Store, request: LeaseRequest): LeaseState {
  const name = request.name ?? PUBLISHER_LEASE;
  const at = request.now.toISOString();
  const expiresAt = new Date(request.now.getTime() + request.seconds * 1000).toISOString();
  return store.transaction((): LeaseState => {
    touchInstance(store.db, request.instanceId, at);
    takeLease(store.db, { name, holder: request.instanceId, at, expiresAt });
    const row = leaseRow(store.db, name);
    if (row === null) throw new Error(`lease ${name} missing right after it was written`);
    return row.holder === request.instanceId && row.expiresAt > at
      ? { held: true, token: row.token, expiresAt: new Date(row.expiresAt) }
      : { held: false, holder: row.holder, token: row.token, expiresAt: new Date(row.expiresAt) };
  });
}

/** Gives the lease up (a clean stop), so that a standby takes it at its next try. */
export function release(store: Store, request: { instanceId: string; now: Date; name?: string }): boolean {
  return store.transaction(() =>
    releaseLease(store.db, {
      name: request.name ?? PUBLISHER_LEASE,
      holder: request.instanceId,
      at: request.now.toISOString(),
    }),
  );
}

/**
 * Throws `LeaseLostError` unless `instanceId` still holds the lease with `token` and it has not
 * expired at `now`. Inside a write transaction it reads what the transaction will commit against.
 */
export function checkLease(store: Store, check: { instanceId: string; token: number; now: Date; name?: string }): void {
  const name = check.name ?? PUBLISHER_LEASE;
  const row = leaseRow(store.db, name);
  if (row === null) throw new LeaseLostError(name, check.token, 'nobody holds it');
  if (row.holder !== check.instanceId || row.token !== check.token) {
    throw new LeaseLostError(name, check.token, `held by ${row.holder ?? 'nobody'} with token ${row.token}`);
  }
  if (row.expiresAt <= check.now.toISOString()) {
    throw new LeaseLostError(name, check.token, `expired at ${row.expiresAt}`);
  }
}

/** The fence of one term of leadership: passes while this instance holds the lease with `token`. */
export function fenceFor(
  store: Store,
  term: { instanceId: string; token: number; clock: () => Date; name?: string },
): Fence {
  return () =>
    checkLease(store, {
      instanceId: term.instanceId,
      token: term.token,
      now: term.clock(),
      ...(term.name === undefined ? {} : { name: term.name }),
    });
}
