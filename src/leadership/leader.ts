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
/** Wait between two tries while the database cannot be reached. */
const RETRY_MS = 1000;

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
  /** The last request for the lease failed: logged once, until one succeeds again. */
  let outage = false;

  const notify = (event: () => void) => {
    try {
      event();
    } catch (error) {
      log.error({ err: (error as Error).message }, 'leadership event handler failed');
    }
  };

  const lose = (holder: string | null) => {
    if (term === undefined) return;
    const ranOut = clock() >= term.expiresAt;
    log.warn(
      {
        instance: instance.id,
        token: term.token,
        holder,
        reason: ranOut
          ? 'the lease ran out before this instance could renew it (cut off from the database, or paused)'
          : 'another instance took it',
      },
      'lost the publishing lease',
    );
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
      return unreachable(error as Error);
    }
    if (outage) {
      outage = false;
      log.info({ instance: instance.id }, 'the database answers again');
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

  /**
   * The lease could not be asked for (the database is unreachable, or refused). While its lease runs
   * the leader goes on (every write it makes checks the lease anyway); once it has run out, this
   * instance cannot know whether it still holds it, and another may have taken it: it stops publishing.
   */
  const unreachable = (error: Error): number => {
    if (!outage) {
      outage = true;
      log.warn(
        { instance: instance.id, err: error.message, leading: term !== undefined },
        term === undefined
          ? 'could not reach the database to ask for the publishing lease; trying again every second'
          : 'could not renew the publishing lease; this instance goes on publishing until it runs out, and tries again every second',
      );
    }
    if (term !== undefined && clock() >= term.expiresAt) {
      log.warn(
        { instance: instance.id, token: term.token, leaseExpiredAt: term.expiresAt.toISOString(), err: error.message },
        'cut off from the database: the publishing lease ran out before it could be renewed, so this instance stops publishing (another instance may hold it now); it keeps trying to reach the database and stands by until then',
      );
      lose(null);
    }
    const untilExpiry = term === undefined ? RETRY_MS : term.expiresAt.getTime() - clock().getTime() + MIN_WAIT_MS;
    return Math.max(MIN_WAIT_MS, Math.min(RETRY_MS, periodMs, untilExpiry));
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
