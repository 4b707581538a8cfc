import pg from 'pg';
import type { Logger } from '../log.js';
import { APPROVALS_CHANNEL } from '../store/approvals-repo.js';
import { redactedUrl } from '../store/postgres-db.js';

export interface ApprovalListenerOptions {
  /** The store's PostgreSQL database (the same URL as the store's connection). */
  url: string;
  log: Logger;
  /**
   * An approval was committed (its id), or the connection was made again (`null`): approvals given
   * while it was down were not heard, the caller looks at the store.
   */
  onApproval(id: number | null): void;
  /** Shown in the server's activity list, to tell the instances' connections apart. */
  applicationName?: string;
  /** Wait before connecting again after the connection was lost. */
  retryMs?: number;
  /** A listening connection hears nothing when cut off: it is checked this often. */
  heartbeatMs?: number;
}

export interface ApprovalListener {
  close(): Promise<void>;
}

const RETRY_MS = 2 * 1000;
const HEARTBEAT_MS = 30_000;
/** How long a connection attempt or a heartbeat may take before the connection counts as lost. */
const TIMEOUT_MS = 10_000;

/**
 * LISTENs for approvals on a connection of its own (asynchronous: the store's connection is
 * synchronous and busy with everything else), so that the leader publishes an approval given on any
 * instance's page or by the CLI at once. A lost connection is made again after `retryMs`, forever,
 * until `close`. Whatever happens here, the leader also notices approvals at each lease renewal.
 */
export function listenForApprovals(options: ApprovalListenerOptions): ApprovalListener {
  const { log } = options;
  const where = redactedUrl(options.url);
  let client: pg.Client | undefined;
  let retry: NodeJS.Timeout | undefined;
  let heartbeat: NodeJS.Timeout | undefined;
  let closed = false;
  let listening = false;
  let outage = false;

  const lost = (which: pg.Client, error?: Error): void => {
    if (which !== client) return;
    client = undefined;
    listening = false;
    clearInterval(heartbeat);
    which.end().catch(() => {});
    if (closed) return;
    if (!outage) {
      outage = true;
      log.warn(
        { database: where, err: error?.message ?? 'connection closed' },
        'lost the connection listening for approvals; connecting again (meanwhile approvals are noticed at each lease renewal)',
      );
    }
    retry = setTimeout(() => void connect(), options.retryMs ?? RETRY_MS);
  };

  const connect = async (): Promise<void> => {
    if (closed) return;
    const fresh = new pg.Client({
      connectionString: options.url,
      application_name: options.applicationName ?? 'crieur-approvals',
      keepAlive: true,
      keepAliveInitialDelayMillis: 5000,
      connectionTimeoutMillis: TIMEOUT_MS,
      query_timeout: TIMEOUT_MS,
    });
    client = fresh;
    fresh.on('error', (error) => lost(fresh, error));
    fresh.on('end', () => lost(fresh));
    fresh.on('notification', (message) => {
      if (message.channel !== APPROVALS_CHANNEL) return;
      const id = Number(message.payload);
      options.onApproval(Number.isInteger(id) ? id : null);
    });
    try {
      await fresh.connect();
      await fresh.query(`LISTEN ${APPROVALS_CHANNEL}`);
    } catch (error) {
      lost(fresh, error as Error);
      return;
    }
    if (fresh !== client) return;
    if (closed) {
      client = undefined;
      await fresh.end().catch(() => {});
      return;
    }
    listening = true;
    log.info({ database: where, again: outage }, 'listening for approvals: the leader publishes them at once');
    heartbeat = setInterval(() => {
      fresh.query('SELECT 1').catch((error: Error) => lost(fresh, error));
    }, options.heartbeatMs ?? HEARTBEAT_MS);
    heartbeat.unref();
    if (outage) {
      outage = false;
      // Approvals given while the connection was down were not heard.
      options.onApproval(null);
    }
  };

  void connect();
  return {
    async close() {
      closed = true;
      clearTimeout(retry);
      clearInterval(heartbeat);
      const closing = client;
      client = undefined;
      if (closing && listening) await closing.end().catch(() => {});
      else closing?.end().catch(() => {});
    },
  };
}
