import { type Daemon, type DaemonOptions, startDaemon } from './daemon.js';
import type { Services } from './services.js';

export interface Running {
  /** The review web page, when started. */
  web: { url: string; close(): Promise<void> } | undefined;
  daemon: Daemon;
  /** Stops the page, then the scheduler once the publications in progress have ended. */
  stop(): Promise<void>;
}

export interface RunOptions {
  web: boolean;
  /** Where the page listens, when not the configured `web.host` and `web.port` (tests use port 0). */
  listen?: { host: string; port: number };
  daemon?: DaemonOptions;
  /** The adapters send nothing: the page shows a dry-run banner. */
  dryRun?: boolean;
}

/**
 * `crieur run`: the web page, then the scheduler and inbox. The page starts first, so a taken port
 * stops everything before the scheduler has done anything; an approval given in the page wakes the
 * scheduler, so a draft approved after its hour is published at once rather than at the next tick.
 * The scheduler publishes only while this process holds the publishing lease (`leaseSeconds`): a
 * second `crieur run` on the same store serves its page and stands by.
 */
export async function startRunning(services: Services, options: RunOptions): Promise<Running> {
  let daemon: Daemon | undefined;
  const web = options.web
    ? await (await import('../web/server.js')).startWebServer({
        queue: services.queue,
        loaded: services.loaded,
        log: services.log,
        ...(options.listen ?? {}),
        onApproved: () => daemon?.tickNow(),
        dryRun: options.dryRun ?? false,
        // « Publier maintenant » goes through the daemon: the leader publishes, a standby refuses.
        publishNow: (date, publishOptions) =>
          daemon
            ? daemon.publishNow(date, publishOptions)
            : Promise.reject(new Error('the scheduler is not started yet')),
        ...(services.connections ? { connections: services.connections } : {}),
      })
    : undefined;
  const started = startDaemon(services, {
    leadership: { leaseSeconds: services.loaded.config.leaseSeconds },
    ...options.daemon,
  });
  daemon = started;
  return {
    web,
    daemon: started,
    async stop() {
      await web?.close();
      await started.stop();
    },
  };
}
