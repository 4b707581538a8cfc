import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { RenderedDraft } from '../../src/compose/types.js';
import { type LoadedConfig, loadConfig } from '../../src/config/load.js';
import { silentLogger } from '../../src/log.js';
import type { QueueContext } from '../../src/queue/context.js';
import { importDrafts } from '../../src/queue/import.js';
import { openQueue } from '../../src/queue/open-queue.js';
import { storePath } from '../../src/store/db.js';
import type { DraftRecord } from '../../src/store/types.js';
import { insertUser, type UserRole } from '../../src/store/users-repo.js';
import { hashPassword } from '../../src/users/passwords.js';
import { buildWebApp } from '../../src/web/server.js';
import { makeCard, makeUpdate } from '../queue/fixtures.js';
import { postgresUrlForPath, testDialect } from '../support/test-store.js';

export const PASSWORD = 'correct horse battery staple';

export const USERS: { name: string; role: UserRole }[] = [
  { name: 'Camille Tremblay', role: 'approbation' },
  { name: 'Dominique Roy', role: 'approbation' },
  { name: 'Rédacteur', role: 'redaction' },
];

export interface WebFixture {
  dir: string;
  loaded: LoadedConfig;
  queue: QueueContext;
  /** Moves the clock forward. */
  advance: (ms: number) => void;
  close: () => void;
}

/** A data directory with its store, the bundled configuration, three accounts and a clock at 7 h (Montréal). */
export async function makeWebFixture(): Promise<WebFixture> {
  const dir = mkdtempSync(join(tmpdir(), 'crieur-web-'));
  const dataDir = join(dir, 'data');
  // In the PostgreSQL run, the page's store is a schema of the run's cluster.
  const database = testDialect() === 'postgres' ? { CRIEUR_DATABASE_URL: postgresUrlForPath(storePath(dataDir)) } : {};
  const loaded = loadConfig({ processEnv: { CRIEUR_DATA_DIR: dataDir, ...database }, cwd: dir });
  let time = Date.parse('2026-05-14T11:00:00Z');
  const queue = openQueue(loaded, () => new Date(time));
  const passwordHash = await hashPassword(PASSWORD);
  for (const user of USERS) {
    insertUser(queue.store.db, { ...user, passwordHash, createdAt: new Date(time).toISOString() });
  }
  return {
    dir,
    loaded,
    queue,
    advance: (ms) => {
      time += ms;
    },
    close: () => {
      queue.store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Hand-made drafts (fast): an X thread of two posts with one card each, and a LinkedIn post. */
export async function importHandDrafts(
  fixture: WebFixture,
  texts: { x?: [string, string]; linkedin?: string; alt?: string; warning?: string } = {},
): Promise<DraftRecord[]> {
  const card = await makeCard(fixture.dir, 'card', '#0b4f8a', texts.alt ?? 'Chiffres clés du jour.');
  const drafts: RenderedDraft[] = [
    {
      network: 'x',
      posts: [
        { text: texts.x?.[0] ?? 'Mise à jour du 14 mai 1/2', media: [card] },
        { text: texts.x?.[1] ?? 'Faits saillants 2/2', media: [] },
      ],
      warnings: texts.warning === undefined ? [] : [texts.warning],
    },
    { network: 'linkedin', posts: [{ text: texts.linkedin ?? 'Mise à jour du 14 mai.', media: [card] }], warnings: [] },
  ];
  return importDrafts(fixture.queue, { update: makeUpdate(), drafts, by: 'importation' }).drafts;
}

export function buildApp(
  fixture: WebFixture,
  options: { loginRateLimit?: { max: number; timeWindowMs: number } } = {},
) {
  return buildWebApp({
    queue: fixture.queue,
    loaded: fixture.loaded,
    log: silentLogger(),
    ...(options.loginRateLimit ? { loginRateLimit: options.loginRateLimit } : {}),
  });
}

interface Response {
  status: number;
  body: string;
  headers: Record<string, string | string[] | number | undefined>;
}

/** A browser-like client over `inject`: keeps the session cookie and the page's CSRF token. */
export class Client {
  #cookies = new Map<string, string>();
  csrf = '';

  /** `app` may be replaced, like a browser still open while the service restarts. */
  constructor(public app: FastifyInstance) {}

  async get(url: string): Promise<Response> {
    return this.#send('GET', url);
  }

  /** Posts a form with the token of the last page (unless `_csrf` is given). */
  async post(url: string, fields: Record<string, string>): Promise<Response> {
    const body = new URLSearchParams({ _csrf: this.csrf, ...fields }).toString();
    return this.#send('POST', url, body, { 'content-type': 'application/x-www-form-urlencoded' });
  }

  async postJson(url: string, payload: unknown, headers: Record<string, string> = {}): Promise<Response> {
    return this.#send('POST', url, JSON.stringify(payload), { 'content-type': 'application/json', ...headers });
  }

  async postMultipart(
    url: string,
    fields: Record<string, string>,
    file: { name: string; content: string | Buffer; type?: string },
  ) {
    const boundary = '----crieurtest';
    const parts = Object.entries({ _csrf: this.csrf, ...fields }).map(
      ([name, value]) => `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`,
    );
    parts.push(
      `--${boundary}\r\nContent-Disposition: form-data; name="fichier"; filename="${file.name}"\r\nContent-Type: ${file.type ?? 'text/markdown'}\r\n\r\n`,
    );
    const payload = Buffer.concat([
      Buffer.from(parts.join(''), 'utf8'),
      Buffer.isBuffer(file.content) ? file.content : Buffer.from(file.content, 'utf8'),
      Buffer.from(`\r\n--${boundary}--\r\n`, 'utf8'),
    ]);
    return this.#send('POST', url, payload, {
      'content-type': `multipart/form-data; boundary=${boundary}`,
    });
  }

  async login(name: string, password = PASSWORD): Promise<Response> {
    await this.get('/connexion');
    const response = await this.post('/connexion', { name, password });
    // Like a browser following the redirect: the new session's first page gives the next token.
    if (response.status === 303) await this.get('/');
    return response;
  }

  async #send(method: 'GET' | 'POST', url: string, payload?: string | Buffer, headers: Record<string, string> = {}) {
    const cookie = [...this.#cookies].map(([name, value]) => `${name}=${value}`).join('; ');
    const response = await this.app.inject({
      method,
      url,
      headers: { ...headers, ...(cookie ? { cookie } : {}) },
      ...(payload === undefined ? {} : { payload }),
    });
    for (const set of response.cookies) {
      if (set.value === '' || (set.expires !== undefined && set.expires.getTime() < Date.now()))
        this.#cookies.delete(set.name);
      else this.#cookies.set(set.name, set.value);
    }
    const token = /<meta name="csrf-token" content="([^"]*)">/.exec(response.body)?.[1];
    if (token) this.csrf = token;
    return { status: response.statusCode, body: response.body, headers: response.headers };
  }
}
