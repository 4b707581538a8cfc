import type { Logger } from '../log.js';
import type { Notification } from '../notify/types.js';
import type { QueueContext } from '../queue/context.js';
import type { RetrySettings } from './backoff.js';
import type { NetworkAdapter } from './port.js';

/** What publishing one draft on one network needs; passed in so tests choose the clock and the network. */
export interface PublishDeps extends RetrySettings {
  queue: QueueContext;
  adapter: NetworkAdapter;
  sleep: (ms: number) => Promise<void>;
  random: () => number;
  log: Logger;
  notify: (notification: Notification) => Promise<unknown>;
}
