import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/log.js';
import { insertUser } from '../../src/store/users-repo.js';
import { hashPassword } from '../../src/users/passwords.js';
import { buildWebApp } from '../../src/web/server.js';
import { buildApp, Client, makeWebFixture, PASSWORD, type WebFixture } from './helpers.js';

let fixture: WebFixture;
let app: FastifyInstance;

beforeEach(async () => {
  fixture = await makeWebFixture();
  app = await buildApp(fixture, { loginRateLimit: { max: 5, timeWindowMs: 60_000 } });
});

afterEach(async () => {
  await app.close();
  fixture.close();
});

function sessionRows(): number {
  return (fixture.queue.store.db.prepare('SELECT COUNT(*) AS n FROM web_sessions').get() as { n: number }).n;
}

describe('security of the sign-in', () => {
  it('counts every spelling of a name (NFC, NFD, any case) against the same login limit', async () => {
    const name = 'Hélène Côté';
    insertUser(fixture.queue.store.db, {
      name,
      role: 'approbation',
      passwordHash: await hashPassword(PASSWORD),
      createdAt: new Date().toISOString(),
    });
    const spellings = [
      name.normalize('NFC'),
      name.normalize('NFD'),
      name.normalize('NFD').toLocaleUpperCase('fr-CA'),
      ` ${name.normalize('NFC').toLocaleLowerCase('fr-CA')}`,
      name.normalize('NFD'),
    ];
    expect(new Set(spellings).size).toBe(4);
    const client = new Client(app);
    for (const spelling of spellings) {
      expect((await client.login(spelling, 'not the password')).status).toBe(401);
    }
    // A sixth try, in yet another form and with the right password, is refused like the others would be.
    const mixed = 'Hélène Côté'.normalize('NFD').replace('o\u0302', 'ô');
    const blocked = await client.login(mixed, PASSWORD);
    expect(blocked.status).toBe(429);
    expect((await client.get('/')).status).toBe(303);
  });

  it('never logs what was typed in the name field on a failed login', async () => {
    const lines = new PassThrough();
    let log = '';
    lines.on('data', (chunk: Buffer) => {
      log += chunk.toString();
    });
    await app.close();
    app = await buildWebApp({
      queue: fixture.queue,
      loaded: fixture.loaded,
      log: createLogger({ secrets: [], level: 'info', destination: lines }),
    });
    const typedPassword = 'Tr0ub4dor&3-typed-in-the-name-field';
    expect((await new Client(app).login(typedPassword, 'anything')).status).toBe(401);
    expect((await new Client(app).login('Camille Tremblay', 'wrong password')).status).toBe(401);
    expect(log).toContain('failed login');
    expect(log).toContain('"knownAccount":false');
    expect(log).toContain('"account":"Camille Tremblay"');
    expect(log).not.toContain(typedPassword);
    expect(log).not.toContain('wrong password');
  });

  it('stores no session for a visitor who only opens the login page, and still signs people in', async () => {
    for (let visit = 0; visit < 30; visit += 1) {
      const page = await app.inject({ method: 'GET', url: '/connexion' });
      expect(page.statusCode).toBe(200);
      expect(page.body).toMatch(/name="_csrf" value="[A-Za-z0-9_-]{32}"/);
    }
    expect((await app.inject({ method: 'GET', url: '/nulle-part' })).statusCode).toBe(303);
    expect(sessionRows()).toBe(0);
    expect((await new Client(app).login('Camille Tremblay')).status).toBe(303);
    expect(sessionRows()).toBe(1);
  });

  it('refuses a login form whose token does not match its cookie', async () => {
    await app.inject({ method: 'GET', url: '/connexion' });
    const forged = await app.inject({
      method: 'POST',
      url: '/connexion',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        cookie: 'crieur_login=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA',
      },
      payload: new URLSearchParams({
        _csrf: 'BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB',
        name: 'Camille Tremblay',
        password: PASSWORD,
      }).toString(),
    });
    expect(forged.statusCode).toBe(403);
    expect(forged.body).toContain('Formulaire expiré');
    expect(sessionRows()).toBe(0);
  });
});

describe('uploads', () => {
  it('removes a refused update file from disk, for the import and for a rehearsal', async () => {
    const client = new Client(app);
    await client.login('Rédacteur');
    await client.get('/import');
    const uploads = join(fixture.loaded.dataDir, 'uploads');
    const refused = await client.postMultipart(
      '/import',
      {},
      { name: 'mauvais.md', content: '---\ndate: 2026-13-45\n---\n# Titre\n' },
    );
    expect(refused.status).toBe(422);
    await client.get('/repetitions');
    const rehearsal = await client.postMultipart(
      '/repetitions',
      {},
      { name: 'vide.md', content: '---\ntitle: x\n---\n' },
    );
    expect(rehearsal.status).toBe(422);
    expect(existsSync(uploads) ? readdirSync(uploads) : []).toEqual([]);
  });

  it('says the real size limit, in Ko or Mo', async () => {
    const client = new Client(app);
    await client.login('Rédacteur');
    await client.get('/import');
    // A text over the 1 Mo an update may weigh is refused by the reader, naming both sizes.
    const big = await client.postMultipart('/import', {}, { name: 'gros.md', content: 'x'.repeat(1_200_000) });
    expect(big.status).toBeGreaterThanOrEqual(400);
    expect(big.body).toContain('plus que la limite de 1\u00a0Mo');
    expect(big.body).not.toContain('2 Mo');
    // Past the upload's own limit (room for a Word document at its 5 Mo), the page refuses it whole.
    const huge = await client.postMultipart('/import', {}, { name: 'enorme.md', content: 'x'.repeat(6_100_000) });
    expect(huge.status).toBe(413);
    expect(huge.body).toContain('Le fichier dépasse la limite de 6\u00a0Mo');
  });
});
