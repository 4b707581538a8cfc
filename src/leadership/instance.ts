import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { Store } from '../store/db.js';
import { deleteInstance, deleteInstancesSeenBefore, insertInstance } from '../store/leases-repo.js';

/** One `crieur run` process, as the other instances and `crieur status` see it. */
export interface InstanceIdentity {
  /** Random, new for every process. */
  id: string;
  host: string;
  pid: number;
}

/** Rows of instances not seen for this long are removed when another instance starts. */
const FORGET_AFTER_MS = 7 * 24 * 3600_000;

/** Records a new instance (its heartbeat is the lease request, see `acquireOrRenew`). */
export function registerInstance(store: Store, now: Date, identity: Partial<InstanceIdentity> = {}): InstanceIdentity {
  const instance: InstanceIdentity = {
    id: identity.id ?? randomUUID(),
    host: identity.host ?? hostname(),
    pid: identity.pid ?? process.pid,
  };
  const at = now.toISOString();
  store.transaction(() => {
    deleteInstancesSeenBefore(store.db, new Date(now.getTime() - FORGET_AFTER_MS).toISOString());
    insertInstance(store.db, { ...instance, startedAt: at, lastSeenAt: at });
  });
  return instance;
}

/** A clean stop: the instance leaves the list at once. */
export function forgetInstance(store: Store, id: string): void {
  store.transaction(() => deleteInstance(store.db, id));
}
