import { mkdirSync } from 'node:fs';
import { Cron } from 'croner';
import { recordConfigLoaded } from '../audit/config-event.js';
import { watchInbox } from '../inbox/watch-inbox.js';
import type { PublishOutcome } from '../publish/publish-draft.js';
import { formatDraftId } from '../store/types.js';
import { importUpdateFile } from './import-update.js';
import type { Services } from './services.js';
import { renewConnectedTokens } from './token-renewal.js';
import { checkTokenExpiries } from './token-watch.js';

export interface Daemon {
  /** Looks at what is due now (after an approval in the same process), without waiting for the next tick. */
  tickNow(): void;
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
}

export function startDaemon(services: Services, options: DaemonOptions = {}): Daemon {
  const { log, runner, loaded } = services;
  let exact: Cron | undefined;
  let ticking = false;
  let again = false;

  const tick = async (): Promise<void> => {
    if (ticking) {
      // Asked while a tick runs (an approval, a new file): run once more right after it.
      again = true;
      return;
    }
    ticking = true;
    try {
      const report = await runner.tick();
      exact?.stop();
      exact = report.nextWakeUp ? new Cron(report.nextWakeUp, { protect: true }, () => void tick()) : undefined;
      for (const started of report.started) {
        started
          .then((outcome) => options.afterPublish?.(outcome))
          .catch((error: Error) => log.error({ err: error.message }, 'publication crashed'));
      }
    } catch (error) {
      log.error({ err: (error as Error).message }, 'scheduler tick failed');
    } finally {
      ticking = false;
    }
    if (again) {
      again = false;
      await tick();
    }
  };

  recordConfigLoaded(services.queue.store, loaded, services.queue.now);
  const periodic = new Cron(TICK_PATTERN, { protect: true }, () => void tick());
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
    void renewTokens();
  });
  const tokenCheck = new Cron(TOKEN_CHECK_PATTERN, { protect: true, timezone: loaded.config.timezone }, () => {
    void checkTokens();
  });
  mkdirSync(loaded.inboxDir, { recursive: true });
  const inbox = watchInbox({
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
  void tick();
  // Renewed first: a token renewed at start is not reported as expiring.
  void renewTokens().then(checkTokens);
  log.info({ inbox: loaded.inboxDir, networks: [...services.adapters.keys()] }, 'crieur is running');

  return {
    tickNow: () => void tick(),
    async stop() {
      periodic.stop();
      tokenCheck.stop();
      tokenRenew.stop();
      exact?.stop();
      await inbox.close();
      await runner.idle();
    },
  };
}
