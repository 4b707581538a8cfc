import { randomInt } from 'node:crypto';
import { createRequire } from 'node:module';

/** The part of pg-native's synchronous client these helpers use. */
interface SyncClient {
  connectSync(url: string): void;
  querySync(sql: string, params?: unknown[]): Record<string, unknown>[];
  end(): void;
}

type SyncClientClass = new () => SyncClient;

export function loadPgNative(): SyncClientClass {
  return createRequire(import.meta.url)('pg-native') as SyncClientClass;
}

/** Runs `work` on a short-lived connection to `url`, then closes it. */
export function withConnection<T>(url: string, work: (client: SyncClient) => T): T {
  const Client = loadPgNative();
  const client = new Client();
  client.connectSync(url);
  try {
    return work(client);
  } finally {
    client.end();
    // libpq's socket watcher finishes closing on a later turn of the event loop: a client collected
    // before then aborts the process in libuv.
    setTimeout(() => client, 100).unref();
  }
}

function randomSchemaName(): string {
  const letters = Array.from({ length: 16 }, () => String.fromCharCode(97 + randomInt(26)));
  return `t_${letters.join('')}`;
}

/** The schema a URL made by freshPostgresUrl selects, or undefined. */
export function schemaOfUrl(url: string): string | undefined {
  const options = new URL(url).searchParams.get('options') ?? '';
  return /(?:^|\s)-c\s*search_path=([a-z_]+)(?:\s|$)/.exec(options)?.[1];
}

/**
 * Creates a new empty schema in the database `baseUrl` points at, and returns the same URL with libpq's
 * `options` parameter set so that every connection made with it uses that schema (search_path).
 */
export function freshPostgresUrl(baseUrl: string): string {
  const schema = randomSchemaName();
  withConnection(baseUrl, (client) => client.querySync(`CREATE SCHEMA ${schema}`));
  const separator = baseUrl.includes('?') ? '&' : '?';
  // libpq only percent-decodes URI parameters ('+' stays '+'), so the space is written %20.
  return `${baseUrl}${separator}options=-c%20search_path%3D${schema}`;
}

/** Drops the schema (and everything in it) that a URL made by freshPostgresUrl selects. */
export function dropPostgresSchema(url: string): void {
  const schema = schemaOfUrl(url);
  if (!schema) throw new Error(`no test schema selected by ${url}`);
  withConnection(url, (client) => {
    // libpq writes server notices to stderr; the cascade's list of dropped tables is not news.
    client.querySync('SET client_min_messages = warning');
    client.querySync(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  });
}
