import type { Store } from '../store/db.js';
import { type InstanceView, instancesSeen, publisherLease } from './instances-view.js';

/** What `crieur doctor` says of the publishing lease. */
export interface LeaseHealth {
  leader: (InstanceView & { token: number }) | null;
  /** Instances seen in the last minute; `stale` when silent for longer than a lease. */
  instances: Array<InstanceView & { stale: boolean }>;
  warnings: string[];
}

/**
 * Who leads, until when, and which instance stopped renewing its heartbeat (killed, paused, or its
 * machine cut off) while it was still seen in the last minute.
 */
export function leaseHealth(store: Store, leaseSeconds: number, now: Date): LeaseHealth {
  const lease = publisherLease(store, now);
  const instances = instancesSeen(store, now).map((instance) => ({
    ...instance,
    stale: now.getTime() - Date.parse(instance.lastSeenAt) > leaseSeconds * 1000,
  }));
  const current = instances.find((instance) => instance.leader);
  const leader = current && lease ? { ...current, token: lease.token } : null;
  const warnings: string[] = [];
  if (instances.length > 0 && leader === null) {
    warnings.push(
      lease?.holder
        ? `no instance holds the publishing lease: ${lease.holder} let it expire at ${lease.expiresAt} (a standby takes it within seconds)`
        : 'no instance holds the publishing lease (a standby takes it within seconds)',
    );
  }
  for (const instance of instances.filter((candidate) => candidate.stale)) {
    warnings.push(
      `instance ${instance.id} (${instance.host} pid ${instance.pid}) last seen ${instance.lastSeenAt}: stopped, paused or cut off from the store`,
    );
  }
  return { leader, instances, warnings };
}
