import { mkdirSync } from 'node:fs';
import { Cron } from 'croner';
import { recordConfigLoaded } from '../audit/config-event.js';
import { type InboxWatcher, watchInbox } from '../inbox/watch-inbox.js';
import { type ApprovalListener, listenForApprovals } from '../leadership/approval-listener.js';
import { type Leadership, startLeadership } from '../leadership/leader.js';
import { LeaseLostError } from '../leadership/lease-lost.js';
import type { NetworkId } from '../networks/index.js';
import type { PublishOutcome } from '../publish/publish-draft.js';
import { databaseUrl } from '../queue/open-queue.js';
import { refused } from '../queue/refusals.js';
import { latestApprovalId } from '../store/approvals-repo.js';
import { formatDraftId } from '../store/types.js';
import { importUpdateFile } from './import-update.js';
import type { Services } from './services.js';
import { renewConnectedTokens } from './token-renewal.js';
import { checkTokenExpiries } from './token-watch.js';

export interface Daemon {
  /** Looks at what is due now (after an approval in the same process), without waiting for the next tick. */
  tickNow(): void;
  /** « Publier maintenant » from the page: the leader publishes; a standby refuses. */
  publishNow(date: string, options: { network?: NetworkId; by: string }): Promise<PublishOutcome[]>;
  /** Whether this instance publishes now (always, without a lease). */
  isLeader(): boolean;
  stop(): Promise<void>;
}

/** Seconds between safety ticks: catch-up, approvals given after the hour, state changed by the CLI. */
const TICK_PATTERN = '*/15 * * * * *';
/** Token expiries are checked at start and every morning at 8:00, team time. */
const TOKEN_CHECK_PATTERN = '0 0 8 * * *';
/** Renewable tokens (LinkedIn refresh token, Bluesky session) are looked at every hour, and at start. */
const TOKEN_RENEW_PATTERN = '0 17 * * * *';

/**
 * `crieur run`: the scheduler (a tick every 15 s plus an exact wake-up at the next due instant) and
 * the inbox watcher. What is due is always computed from the store and the clock.
 */
export interface DaemonOptions {
  inboxPollMs?: number;
  /** Called after each publication ends (the dry run writes its report there). */
  afterPublish?: (outcome: PublishOutcome) => Promise<void>;
  /**
   * One leader among the `crieur run` processes sharing the store: only the holder of the publishing
   * lease ticks the scheduler, watches the inbox and renews tokens, and its writes are fenced.
   * Without it this daemon always leads, unfenced.
   */
  leadership?: { leaseSeconds: number; clock?: () => Date };
  /** The safety tick's cron pattern (seconds first). */
  tickPattern?: string;
}

export function startDaemon(services: Services, options: DaemonOptions = {}): Daemon {
  const { log, runner, loaded } = services;
  const { store } = services.queue;
  let exact: Cron | undefined;
  let ticking = false;
  let again = false;
  let inbox: InboxWatcher | undefined;
  let approvalsSeen = 0;
  let approvals: ApprovalListener | undefined;
  let leadership: Leadership | undefined;
  let stopping = false;
  const leads = () => (options.leadership === undefined ? true : (leadership?.isLeader() ?? false));
  /** The fence of the current term, as options for the runner (none without a lease). */
  const fenced = () => {
    const fence = leadership?.fence();
    return fence ? { fence } : {};
  };

  const tick = async (): Promise<void> => {
    if (stopping || !leads()) return;
    if (ticking) {
      // Asked while a tick runs (an approval, a new file): run once more right after it.
      again = true;
      return;
    }
    ticking = true;
    try {
      const report = await runner.tick(fenced());
      exact?.stop();
      exact = report.nextWakeUp ? new Cron(report.nextWakeUp, { protect: true }, () => void tick()) : undefined;
      for (const started of report.started) {
        started
          .then((outcome) => options.afterPublish?.(outcome))
          .catch((error: Error) => {
            // Logged where the publication stopped; the new leader resumes it.
            if (!(error instanceof LeaseLostError)) log.error({ err: error.message }, 'publication crashed');
          });
      }
    } catch (error) {
      if (error instanceof LeaseLostError) {
        log.warn(
          { err: error.message },
          'lost the publishing lease during a scheduler tick; the new leader takes over',
        );
      } else {
        log.error({ err: (error as Error).message }, 'scheduler tick failed');
      }
    } finally {
      ticking = false;
    }
    if (again) {
      again = false;
      await tick();
    }
  };

  recordConfigLoaded(services.queue.store, loaded, services.queue.now);
  const periodic = new Cron(options.tickPattern ?? TICK_PATTERN, { protect: true }, () => void tick());
  const checkTokens = () =>
    checkTokenExpiries({
      loaded,
      now: services.queue.now,
      log,
      notify: (notification) => services.notifier.send(notification),
      ...(services.connections ? { connections: services.connections } : {}),
    }).catch((error: Error) => log.error({ err: error.message }, 'token expiry check failed'));
  const renewTokens = () =>
    services.connections
      ? renewConnectedTokens({ loaded, connections: services.connections, now: services.queue.now, log }).catch(
          (error: Error) => log.error({ err: error.message }, 'token renewal failed'),
        )
      : Promise.resolve();
  const tokenRenew = new Cron(TOKEN_RENEW_PATTERN, { protect: true }, () => {
    if (leads()) void renewTokens();
  });
  const tokenCheck = new Cron(TOKEN_CHECK_PATTERN, { protect: true, timezone: loaded.config.timezone }, () => {
    if (leads()) void checkTokens();
  });
  mkdirSync(loaded.inboxDir, { recursive: true });
  const watch = (): InboxWatcher =>
    watchInbox({
      dir: loaded.inboxDir,
      log,
      ...(options.inboxPollMs ? { pollMs: options.inboxPollMs } : {}),
      onFile: async (path) => {
        const result = await importUpdateFile(path, { loaded, queue: services.queue, by: 'boîte de réception' });
        log.info(
          {
            file: path,
            drafts: result.drafts.map((draft) => formatDraftId(draft.id)),
            superseded: result.superseded.length,
          },
          'update imported from the inbox; drafts await review',
        );
        void tick();
      },
    });

  /** An approval given on another instance's page (or by the CLI) since the last look: publish it now if due. */
  const lookForApprovals = () => {
    if (stopping || !leads()) return;
    let latest: number;
    try {
      latest = latestApprovalId(store.db);
    } catch (error) {
      log.warn({ err: (error as Error).message }, 'could not look for new approvals');
      return;
    }
    if (latest === approvalsSeen) return;
    approvalsSeen = latest;
    void tick();
  };
  /** On PostgreSQL, every approval is announced: the leader listens, and publishes it at once. */
  const listen = () => {
    const url = store.dialect === 'postgres' ? databaseUrl(loaded) : undefined;
    if (url === undefined || approvals !== undefined) return;
    approvals = listenForApprovals({
      url,
      log,
      onApproval: lookForApprovals,
      ...(leadership ? { applicationName: `crieur-approvals ${leadership.instance.id}` } : {}),
    });
  };
  const stopListening = () => {
    const closing = approvals;
    approvals = undefined;
    void closing?.close();
  };

  /** This instance publishes from now on: inbox, approvals, a tick at once (resuming any thread), tokens. */
  const lead = () => {
    if (stopping) return;
    try {
      approvalsSeen = latestApprovalId(store.db);
    } catch (error) {
      // Looked at again at the next renewal: the tick below publishes whatever is due meanwhile.
      log.warn({ err: (error as Error).message }, 'could not look for new approvals');
    }
    inbox ??= watch();
    listen();
    void tick();
    // Renewed first: a token renewed at start is not reported as expiring.
    void renewTokens().then(checkTokens);
  };
  const standBy = () => {
    exact?.stop();
    exact = undefined;
    stopListening();
    const closing = inbox;
    inbox = undefined;
    closing?.close().catch((error: Error) => log.error({ err: error.message }, 'inbox watcher did not stop'));
  };

  if (options.leadership) {
    leadership = startLeadership(
      { store, leaseSeconds: options.leadership.leaseSeconds, log, ...clockOf(options.leadership) },
      {
        gained: lead,
        lost: standBy,
        // Approvals are announced on PostgreSQL; looking at each renewal catches any not heard.
        renewed: lookForApprovals,
      },
    );
  } else {
    lead();
  }
  log.info(
    {
      inbox: loaded.inboxDir,
      networks: [...services.adapters.keys()],
      ...(leadership ? { instance: leadership.instance.id, host: leadership.instance.host } : {}),
    },
    'crieur is running',
  );

  return {
    tickNow: () => void tick(),
    async publishNow(date, publishOptions) {
      if (!leads()) {
        throw refused(
          'this crieur run instance is standing by (another instance holds the publishing lease): publish from the leader, or with crieur publish --now',
          'Cette page est servie par l’instance de relève de crieur\u00a0: la publication immédiate se lance depuis la page de l’instance principale.',
        );
      }
      return runner.publishNow(date, { ...publishOptions, ...fenced() });
    },
    isLeader: leads,
    async stop() {
      stopping = true;
      periodic.stop();
      tokenCheck.stop();
      tokenRenew.stop();
      exact?.stop();
      await inbox?.close();
      inbox = undefined;
      await approvals?.close();
      approvals = undefined;
      // The lease is kept (renewed) until the publications in progress have ended, then given up.
      await runner.idle();
      leadership?.stop();
    },
  };
}

function clockOf(leadership: { clock?: () => Date }): { clock?: () => Date } {
  return leadership.clock ? { clock: leadership.clock } : {};
}
