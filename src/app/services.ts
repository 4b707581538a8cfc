import { redactText } from '../audit/redact.js';
import { secretValues } from '../config/env.js';
import type { LoadedConfig } from '../config/load.js';
import type { Connections } from '../connections/connections.js';
import { connectionsFor } from '../connections/open.js';
import { HOW_TO_MAKE_A_KEY, HOW_TO_MAKE_A_KEY_FR } from '../connections/secret-key.js';
import { credentialSource, storedSecrets } from '../connections/source.js';
import { ConfigError } from '../errors.js';
import { createLogger, type Logger } from '../log.js';
import type { NetworkId } from '../networks/index.js';
import { createNotifier } from '../notify/notifier.js';
import type { Notifier } from '../notify/types.js';
import type { DryRunEntry } from '../publish/dry-run-journal.js';
import type { NetworkAdapter } from '../publish/port.js';
import type { QueueContext } from '../queue/context.js';
import { openQueue } from '../queue/open-queue.js';
import { createAdapters } from './registry.js';
import { createRunner, type Runner } from './runner.js';

export interface Services {
  loaded: LoadedConfig;
  queue: QueueContext;
  adapters: Map<NetworkId, NetworkAdapter>;
  problems: Map<NetworkId, ConfigError>;
  /** The accounts connected in the page (absent in a dry run, which needs no credentials). */
  connections: Connections | undefined;
  notifier: Notifier;
  log: Logger;
  runner: Runner;
  close(): void;
}

export interface ServiceOptions {
  /** Send nothing: every network gets the dry-run adapter. */
  dryRun?: { record: (entry: DryRunEntry) => void };
  /** The clock (tests and rehearsals pass a simulated one). */
  now?: () => Date;
  sleep?: (ms: number) => Promise<void>;
  log?: Logger;
  /** Opens this queue instead of the data directory's store. */
  queue?: QueueContext;
  notifier?: Notifier;
  /**
   * Networks that cannot be set up (missing credentials) are logged as errors at start, for the
   * long-running service; a one-off command that reports them itself passes false.
   */
  logProblems?: boolean;
}

/** Everything a long-running command needs, wired once from the configuration. */
export function openServices(loaded: LoadedConfig, options: ServiceOptions = {}): Services {
  const now = options.now ?? (() => new Date());
  const queue = options.queue ?? openQueue(loaded, now);
  let connections: Connections | undefined;
  try {
    // A wrong key stops the service here, at start, rather than failing each publication later.
    connections = options.dryRun ? undefined : connectionsFor(loaded, queue);
  } catch (error) {
    if (!options.queue) queue.store.close();
    throw error;
  }
  // The tokens of the accounts connected at start are scrubbed from the log like the variables are.
  const secrets = [...secretValues(loaded.env), ...(connections ? connectedSecrets(connections) : [])];
  const log = options.log ?? createLogger({ secrets });
  const { adapters, problems } = createAdapters(
    loaded,
    options.dryRun
      ? { dryRun: true, record: options.dryRun.record, now }
      : { dryRun: false, ...(connections ? { connections } : {}) },
  );
  for (const network of connections ? loaded.config.networks : []) {
    const source = credentialSource(loaded.env, network, connections);
    if (source === 'store' && !connections?.hasKey) {
      problems.set(
        network,
        new ConfigError(
          'CRIEUR_SECRET_KEY',
          `${network} is connected in the page but no secret key is set to read its tokens: ${HOW_TO_MAKE_A_KEY}`,
          `${network} est connecté dans la page, mais aucune clé secrète ne permet d’en lire les jetons : ${HOW_TO_MAKE_A_KEY_FR}`,
        ),
      );
    }
  }
  if (options.logProblems ?? true) {
    for (const [network, problem] of problems) log.error({ network, key: problem.key }, problem.message);
  }
  const notifier =
    options.notifier ??
    createNotifier({
      url: loaded.env.NOTIFY_WEBHOOK_URL,
      log,
      redact: (text) => redactText(text, secrets),
      timeZone: loaded.config.timezone,
    });
  const { config } = loaded;
  const runner = createRunner({
    queue,
    adapters,
    rules: {
      timezone: config.timezone,
      publishTime: config.publishTime,
      latenessWindowMinutes: config.latenessWindowMinutes,
      mediaLeadMinutes: config.mediaLeadMinutes,
    },
    sleep: options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms))),
    random: Math.random,
    log,
    notify: (notification) => notifier.send(notification),
  });
  return {
    loaded,
    queue,
    adapters,
    problems,
    connections,
    notifier,
    log,
    runner,
    close: () => {
      if (!options.queue) queue.store.close();
    },
  };
}

/** The tokens of every connected account, when the key opens them (a wrong key was refused before). */
function connectedSecrets(connections: Connections): string[] {
  if (!connections.hasKey) return [];
  return connections.list().flatMap((account) => {
    const found = connections.credentials(account.network);
    return found ? storedSecrets(found.credentials).filter((secret) => secret.length >= 4) : [];
  });
}
