import type { Logger } from '../log.js';
import type { Store } from '../store/db.js';
import { forgetInstance, type InstanceIdentity, registerInstance } from './instance.js';
import { acquireOrRenew, fenceFor, type LeaseState, release } from './lease.js';
import type { Fence } from './lease-lost.js';

export interface LeadershipOptions {
  store: Store;
  /** Lease length; the holder renews it every third of it, a standby tries as soon as it runs out. */
  leaseSeconds: number;
  log: Logger;
  /** Wall-clock time shared by the instances (not a simulated publishing clock). */
  clock?: () => Date;
  identity?: Partial<InstanceIdentity>;
}

/** One term of leadership: its token, and the fence every write of its work checks. */
export interface LeaderTerm {
  token: number;
  fence: Fence;
}

export interface LeadershipEvents {
  /** This instance took the lease (at start, or from a stopped or dead leader). */
  gained(term: LeaderTerm): void;
  /** Another instance holds the lease now, or this one could not renew it in time. */
  lost(): void;
  /** The lease was renewed: a leader looks at what changed meanwhile (an approval on another page). */
  renewed(): void;
}

export interface Leadership {
  readonly instance: InstanceIdentity;
  /** Whether this instance holds the lease now, as of its last renewal (false once that has expired). */
  isLeader(): boolean;
  /** The fence of the current term; undefined when not leader. */
  fence(): Fence | undefined;
  /** Stops trying; gives the lease up, so that a standby takes it at once, and leaves the instance list. */
  stop(): void;
}

/** A standby never waits less than this between two tries. */
const MIN_WAIT_MS = 50;

/**
 * Registers this process as an instance, then asks for the publishing lease at once (on the next
 * turn of the event loop) and again every `leaseSeconds / 3` while leading, or right after the
 * current holder's lease runs out while standing by.
 */
export function startLeadership(options: LeadershipOptions, events: LeadershipEvents): Leadership {
  const { store, log } = options;
  const clock = options.clock ?? (() => new Date());
  const instance = registerInstance(store, clock(), options.identity);
  const periodMs = (options.leaseSeconds * 1000) / 3;
  let term: { token: number; expiresAt: Date; fence: Fence } | undefined;
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  let standingBy = false;

  const notify = (event: () => void) => {
    try {
      event();
    } catch (error) {
      log.error({ err: (error as Error).message }, 'leadership event handler failed');
    }
  };

  const lose = (holder: string | null) => {
    if (term === undefined) return;
    log.warn({ instance: instance.id, token: term.token, holder }, 'lost the publishing lease');
    term = undefined;
    notify(events.lost);
  };

  /** One request for the lease; returns how long to wait before the next. */
  const attempt = (): number => {
    const now = clock();
    let state: LeaseState;
    try {
      state = acquireOrRenew(store, { instanceId: instance.id, seconds: options.leaseSeconds, now });
    } catch (error) {
      log.warn(
        { instance: instance.id, err: (error as Error).message },
        'could not renew or take the publishing lease',
      );
      if (term !== undefined && clock() >= term.expiresAt) lose(null);
      return Math.min(periodMs, 1000);
    }
    if (state.held) {
      // Lost and taken again between two tries (another instance held it meanwhile): a new term.
      if (term !== undefined && term.token !== state.token) lose(null);
      if (term === undefined) {
        const fence = fenceFor(store, { instanceId: instance.id, token: state.token, clock });
        term = { token: state.token, expiresAt: state.expiresAt, fence };
        standingBy = false;
        log.info({ instance: instance.id, host: instance.host, token: state.token }, 'gained the publishing lease');
        notify(() => events.gained({ token: state.token, fence }));
      } else {
        term.expiresAt = state.expiresAt;
        notify(events.renewed);
      }
      return periodMs;
    }
    lose(state.holder);
    if (!standingBy) {
      standingBy = true;
      log.info(
        { instance: instance.id, holder: state.holder, leaseExpiresAt: state.expiresAt.toISOString() },
        'standing by: another instance holds the publishing lease',
      );
    }
    return Math.max(MIN_WAIT_MS, Math.min(periodMs, state.expiresAt.getTime() - clock().getTime() + MIN_WAIT_MS));
  };

  const loop = () => {
    if (stopped) return;
    const wait = attempt();
    if (!stopped) timer = setTimeout(loop, wait);
  };
  timer = setTimeout(loop, 0);

  return {
    instance,
    isLeader: () => term !== undefined && clock() < term.expiresAt,
    fence: () => (term !== undefined && clock() < term.expiresAt ? term.fence : undefined),
    stop() {
      stopped = true;
      clearTimeout(timer);
      try {
        if (term !== undefined && release(store, { instanceId: instance.id, now: clock() })) {
          log.info({ instance: instance.id, token: term.token }, 'released the publishing lease');
        }
        term = undefined;
        forgetInstance(store, instance.id);
      } catch (error) {
        log.warn({ instance: instance.id, err: (error as Error).message }, 'could not release the publishing lease');
      }
    },
  };
}
