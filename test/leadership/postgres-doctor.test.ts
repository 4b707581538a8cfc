import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { registerInstance } from '../../src/leadership/instance.js';
import { acquireOrRenew } from '../../src/leadership/lease.js';
import { MIGRATIONS } from '../../src/store/migrations.js';
import { runCli } from '../cli/run-cli.js';
import { postgresUrlForTest } from '../support/postgres.js';
import { freeLoopbackPort } from '../support/postgres-cluster.js';
import { openTestStore } from '../support/test-store.js';

/** `crieur doctor` and `crieur status` on PostgreSQL: the database, then the lease. */

const LATEST = Math.max(...MIGRATIONS.map((migration) => migration.version));

let dir: string | undefined;
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

function configured(databaseUrl: string) {
  dir = mkdtempSync(join(tmpdir(), 'crieur-pg-doctor-'));
  writeFileSync(join(dir, 'crieur.yaml'), 'dataDir: ./data\ninboxDir: ./inbox\nnetworks: [x]\nleaseSeconds: 10\n');
  return { env: { CRIEUR_CONFIG: join(dir, 'crieur.yaml'), CRIEUR_DATABASE_URL: databaseUrl }, cwd: dir };
}

/** The URL with a password in it (the test cluster trusts local connections and ignores it). */
function withPassword(url: string, password: string): string {
  const parsed = new URL(url);
  return url.replace(`//${parsed.username}@`, `//${parsed.username}:${password}@`);
}

describe('crieur doctor on PostgreSQL', () => {
  it('names the database without its password, the server version and the schema version, then the lease', async () => {
    const url = withPassword(postgresUrlForTest(), 'hunter2-secret');
    const store = openTestStore(url);
    try {
      const leader = registerInstance(store, new Date(), { host: 'machine-a', pid: 101 });
      acquireOrRenew(store, { instanceId: leader.id, seconds: 10, now: new Date() });
    } finally {
      store.close();
    }
    const { env, cwd } = configured(url);
    const text = await runCli(['doctor'], { env, cwd });
    expect(text.stdout).not.toContain('hunter2-secret');
    expect(text.stdout).toMatch(
      new RegExp(
        `^✓ database: PostgreSQL \\d+.* at postgres://crieur:\\*\\*\\*@[^ ]+, schema version ${LATEST} \\(expected ${LATEST}\\)$`,
        'm',
      ),
    );
    expect(text.stdout).toMatch(/^✓ lease: .* \(machine-a pid 101\) publishes, token 1/m);
    const json = JSON.parse((await runCli(['doctor', '--json'], { env, cwd })).stdout);
    expect(json.database).toMatchObject({
      kind: 'postgres',
      reachable: true,
      schemaVersion: LATEST,
      expectedSchemaVersion: LATEST,
    });
    expect(JSON.stringify(json)).not.toContain('hunter2-secret');
    const status = JSON.parse((await runCli(['status', '--json'], { env, cwd })).stdout);
    expect(status.store).toEqual({ kind: 'postgres', location: json.database.location });
  });

  it('says, in English and French, when the server cannot be reached, and still checks the networks', async () => {
    const port = await freeLoopbackPort();
    const { env, cwd } = configured(`postgres://crieur:hunter2-secret@127.0.0.1:${port}/postgres`);
    const { code, stdout } = await runCli(['doctor'], { env, cwd });
    expect(code).toBe(1);
    expect(stdout).toContain(`✗ database: cannot reach PostgreSQL at postgres://crieur:***@127.0.0.1:${port}/postgres`);
    expect(stdout).toContain('La base de données PostgreSQL est injoignable\u00a0:');
    expect(stdout).not.toContain('hunter2-secret');
    expect(stdout).toMatch(/^✗ X: /m);
  });

  it('tells a missing database and a refused user apart', async () => {
    const base = new URL(postgresUrlForTest());
    const missing = configured(`postgres://${base.username}@${base.host}/no_such_database`);
    const first = await runCli(['doctor', '--json'], missing);
    expect(JSON.parse(first.stdout).database).toMatchObject({ reachable: false, problem: 'missing-database' });
    const text = await runCli(['doctor'], missing);
    expect(text.stdout).toContain('✗ database: the database named in CRIEUR_DATABASE_URL does not exist on the server');
    expect(text.stdout).toContain('n’existe pas sur le serveur PostgreSQL\u00a0:');

    const refused = configured(`postgres://nobody_here@${base.host}/postgres`);
    const second = await runCli(['doctor', '--json'], refused);
    expect(JSON.parse(second.stdout).database).toMatchObject({ reachable: false, problem: 'authentication' });
  });
});
