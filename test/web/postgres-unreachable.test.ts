import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LoadedConfig, loadConfig } from '../../src/config/load.js';
import { silentLogger } from '../../src/log.js';
import type { QueueContext } from '../../src/queue/context.js';
import { openQueue } from '../../src/queue/open-queue.js';
import { storePath } from '../../src/store/db.js';
import { insertUser } from '../../src/store/users-repo.js';
import { hashPassword } from '../../src/users/passwords.js';
import { buildWebApp } from '../../src/web/server.js';
import { type BlackholeProcess, startBlackholeProcess } from '../fakes/tcp-blackhole-process.js';
import { postgresUrlForPath } from '../support/test-store.js';
import { Client, PASSWORD, USERS } from './helpers.js';

/**
 * The page of an instance whose PostgreSQL connection goes through a proxy that is cut (every
 * connection reset, new ones refused, as when the server restarts): each page answers 503 with a
 * French explanation, nothing is half-saved, and the same page works again once the database
 * answers, without restarting the service.
 */

let dir: string;
let proxy: BlackholeProcess;
let queue: QueueContext;
let loaded: LoadedConfig;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'crieur-pg-page-'));
  const direct = postgresUrlForPath(storePath(join(dir, 'data')));
  const server = new URL(direct);
  proxy = await startBlackholeProcess({ host: server.hostname, port: Number(server.port) });
  const throughProxy = direct.replace(`${server.hostname}:${server.port}`, `127.0.0.1:${proxy.port}`);
  loaded = loadConfig({
    processEnv: { CRIEUR_DATA_DIR: join(dir, 'data'), CRIEUR_DATABASE_URL: throughProxy },
    cwd: dir,
  });
  queue = openQueue(loaded);
  const passwordHash = await hashPassword(PASSWORD);
  for (const user of USERS) insertUser(queue.store.db, { ...user, passwordHash, createdAt: new Date().toISOString() });
});

afterAll(async () => {
  queue?.store.close();
  await proxy?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('the page when PostgreSQL cannot be reached', () => {
  it('answers 503 in French while the database is away, then works again', async () => {
    const app = await buildWebApp({ queue, loaded, log: silentLogger() });
    const client = new Client(app);
    const [user] = USERS;
    expect((await client.login(user!.name)).status).toBe(303);
    expect((await client.get('/')).status).toBe(200);

    await proxy.refuse();
    const away = await client.get('/');
    expect(away.status).toBe(503);
    expect(away.body).toContain('Base de données injoignable');
    expect(away.body).toMatch(/rien n’a été enregistré/u);
    expect(away.body).not.toMatch(/postgres:\/\/|password/iu);

    await proxy.restore();
    const back = await client.get('/');
    expect(back.status, back.body.slice(0, 500)).toBe(200);
    await app.close();
  }, 60_000);
});
