import { type NotificationPayload, notificationPayload } from './payload.js';
import type { Notification, Notifier, NotifyLog } from './types.js';

export interface NotifierOptions {
  /** NOTIFY_WEBHOOK_URL; without it notifications are only logged. The URL is a secret: it is never logged. */
  url: string | undefined;
  fetch?: typeof fetch;
  /** Longest a notification may take, response included (default 5 s). */
  timeoutMs?: number;
  log: NotifyLog;
  /** Removes other secrets (tokens) from the body and the logs. */
  redact?: (text: string) => string;
  /** IANA zone for the times in the messages (default America/Toronto). */
  timeZone?: string;
}

const DEFAULT_TIMEOUT_MS = 5_000;
const URL_PLACEHOLDER = '[webhook]';

type Outcome = { ok: true; status: number } | { ok: false; status?: number; error: string };

/** A notifier that never throws and never holds publishing up: a failed webhook is logged and reported as false. */
export function createNotifier(options: NotifierOptions): Notifier {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const clean = cleaner(options.url, options.redact);
  const { log } = options;

  return {
    async send(notification: Notification): Promise<boolean> {
      let payload: NotificationPayload;
      try {
        payload = mapStrings(notificationPayload(notification, { timeZone: options.timeZone }), clean);
      } catch (error) {
        log.warn(
          { kind: safeKind(notification), error: clean(describe(error)) },
          'notification could not be formatted; not sent',
        );
        return false;
      }
      const summary = { kind: payload.kind, date: payload.date, network: payload.network, title: payload.title };
      if (options.url === undefined || options.url === '') {
        log.info({ ...summary, text: payload.text }, 'notification (no webhook configured)');
        return false;
      }
      const outcome = await post(options.url, payload, options.fetch ?? globalThis.fetch, timeoutMs);
      if (outcome.ok) {
        log.info({ ...summary, status: outcome.status }, 'notification delivered');
        return true;
      }
      log.warn(
        { ...summary, text: payload.text, status: outcome.status, error: clean(outcome.error) },
        'notification webhook failed; the notification was not delivered',
      );
      return false;
    },
  };
}

/** Posts the body; settles within `timeoutMs` even when `fetch` ignores its abort signal. */
function post(url: string, payload: NotificationPayload, doFetch: typeof fetch, timeoutMs: number): Promise<Outcome> {
  const controller = new AbortController();
  return new Promise<Outcome>((resolve) => {
    const timer = setTimeout(() => {
      controller.abort();
      resolve({ ok: false, error: `no answer within ${timeoutMs} ms` });
    }, timeoutMs);
    const attempt = async (): Promise<Outcome> => {
      const response = await doFetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json; charset=utf-8' },
        body: JSON.stringify(payload),
        signal: controller.signal,
      });
      const body = await response.text().catch(() => '');
      if (response.ok) return { ok: true, status: response.status };
      return { ok: false, status: response.status, error: `HTTP ${response.status} ${body.slice(0, 200)}`.trim() };
    };
    attempt().then(
      (outcome) => {
        clearTimeout(timer);
        resolve(outcome);
      },
      (error: unknown) => {
        clearTimeout(timer);
        resolve({ ok: false, error: describe(error) });
      },
    );
  });
}

/** Hides the webhook URL (and its path, which carries the token) and any other secret. */
function cleaner(url: string | undefined, redact: ((text: string) => string) | undefined): (text: string) => string {
  const hidden: string[] = [];
  if (url) {
    hidden.push(url);
    try {
      const parsed = new URL(url);
      const tail = `${parsed.pathname}${parsed.search}`;
      if (tail.length > 1) hidden.push(tail);
      if (parsed.password) hidden.push(parsed.password);
    } catch {
      // An unparsable URL is hidden whole, above.
    }
  }
  return (text: string) => {
    let out = text;
    for (const secret of hidden) out = out.split(secret).join(URL_PLACEHOLDER);
    return redact ? redact(out) : out;
  };
}

function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause instanceof Error ? error.cause : undefined;
  const code = cause && 'code' in cause ? ` (${String((cause as { code: unknown }).code)})` : '';
  return `${error.name}: ${error.message}${cause ? `: ${cause.message}` : ''}${code}`;
}

function safeKind(notification: Notification | undefined): string {
  return String(notification?.kind);
}

function mapStrings<T>(value: T, map: (text: string) => string): T {
  if (typeof value === 'string') return map(value) as T;
  if (Array.isArray(value)) return value.map((item) => mapStrings(item, map)) as T;
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) out[key] = mapStrings(item, map);
    return out as T;
  }
  return value;
}
