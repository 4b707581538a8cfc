import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { AtpAgent } from '@atproto/api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renewConnectedTokens } from '../../src/app/token-renewal.js';
import { loadConfig } from '../../src/config/load.js';
import { openConnections } from '../../src/connections/connections.js';
import { connectionsFor } from '../../src/connections/open.js';
import { readSecretKey } from '../../src/connections/secret-key.js';
import { silentLogger } from '../../src/log.js';
import { openQueue } from '../../src/queue/open-queue.js';
import { openStore, storePath } from '../../src/store/db.js';
import { runCli } from '../cli/run-cli.js';
import { type LocalPds, type PdsAccount, startPds } from '../fakes/pds.js';

const UPDATE = resolve(import.meta.dirname, '../../examples/2026-05-14-dsn.md');

let pds: LocalPds;
let account: PdsAccount;
let cwd: string;
let env: Record<string, string>;

/** Everything the commands printed, logs included (stderr). */
const printed: string[] = [];
const crieur = async (...argv: string[]) => {
  const result = await runCli(argv, { env, cwd });
  printed.push(result.stdout, result.stderr);
  return result;
};

beforeAll(async () => {
  pds = await startPds({ rateLimits: false });
  account = await pds.createAccount('crieur-connect.test');
  cwd = mkdtempSync(join(tmpdir(), 'crieur-connect-'));
  writeFileSync(join(cwd, 'crieur.yaml'), 'dataDir: ./data\nnetworks: [bluesky]\n');
  writeFileSync(join(cwd, 'app-password'), `${account.appPassword}\n`);
  // No BLUESKY_* variable: the account comes from the store only.
  env = { CRIEUR_CONFIG: join(cwd, 'crieur.yaml'), CRIEUR_SECRET_KEY_FILE: join(cwd, 'secret.key') };
});

afterAll(async () => {
  await pds?.close();
  if (cwd) rmSync(cwd, { recursive: true, force: true });
});

/** Every byte the store left on disk: the database, its write-ahead log and shared memory. */
function storeBytes(): Buffer {
  const path = storePath(join(cwd, 'data'));
  return Buffer.concat([path, `${path}-wal`, `${path}-shm`].filter(existsSync).map((file) => readFileSync(file)));
}

describe('crieur connect bluesky against a real PDS', () => {
  it('refuses to connect without a key, saying how to make one, and stores nothing', async () => {
    const result = await runCli(
      ['connect', 'bluesky', '--handle', account.handle, '--app-password-file', 'app-password', '--service', pds.url],
      { env: { CRIEUR_CONFIG: env.CRIEUR_CONFIG! }, cwd },
    );
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('crieur secret-key --new');
    expect(storeBytes().includes(account.appPassword)).toBe(false);
  });

  it('makes a key, refuses a wrong app password, then connects and publishes the thread with no BLUESKY_* variable', async () => {
    const made = await crieur('secret-key', '--new', '--out', 'secret.key');
    expect(made.code).toBe(0);
    expect(made.stdout).toContain('CRIEUR_SECRET_KEY_FILE=');

    writeFileSync(join(cwd, 'wrong-password'), 'aaaa-bbbb-cccc-dddd\n');
    const wrong = await crieur(
      'connect',
      'bluesky',
      '--handle',
      account.handle,
      '--app-password-file',
      'wrong-password',
      '--service',
      pds.url,
    );
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain('Bluesky refuse cet identifiant ou ce mot de passe d’application');
    expect(wrong.stderr).not.toContain('inattendue');

    const connected = await crieur(
      'connect',
      'bluesky',
      '--handle',
      account.handle,
      '--app-password-file',
      'app-password',
      '--service',
      pds.url,
    );
    expect(connected.stderr).toBe('');
    expect(connected.code).toBe(0);
    expect(connected.stdout).toContain(`Bluesky connected: @${account.handle}`);

    const listed = JSON.parse((await crieur('accounts', '--json')).stdout) as {
      networks: Array<{ network: string; source: string; account?: string; expiresAt?: string; lastUsedAt?: string }>;
    };
    expect(listed.networks).toEqual([
      expect.objectContaining({ network: 'bluesky', source: 'store', account: `@${account.handle}` }),
    ]);
    expect(listed.networks[0]!.lastUsedAt).toBeUndefined();
    const doctor = JSON.parse((await crieur('doctor', '--json')).stdout) as { ok: boolean; networks: unknown[] };
    expect(doctor.networks).toEqual([
      expect.objectContaining({ network: 'bluesky', ok: true, source: 'store', account: account.handle }),
    ]);

    expect((await crieur('draft', UPDATE, '--by', 'Camille')).code).toBe(0);
    expect((await crieur('approve', '--date', '2026-05-14', '--by', 'Hélène', '--accept-omissions')).code).toBe(0);
    const published = await crieur('publish', '--date', '2026-05-14', '--network', 'bluesky', '--now', '--by', 'Julie');
    expect(published.code).toBe(0);

    const reader = new AtpAgent({ service: pds.url });
    const records = await reader.com.atproto.repo.listRecords({ repo: account.did, collection: 'app.bsky.feed.post' });
    expect(records.data.records.length).toBeGreaterThan(1);

    // A correction goes out through the connected account too: a reply under the thread's first post.
    const correction = join(cwd, 'correctif.txt');
    writeFileSync(correction, 'Le nombre d’usagers connectés était de 28 977, et non de 28 797.\n');
    const corrected = await crieur(
      'correct',
      '--date',
      '2026-05-14',
      '--text-file',
      correction,
      '--figure',
      '1=27 977',
      '--by',
      'Camille',
    );
    expect(corrected.code).toBe(0);
    expect((await crieur('approve', '--date', '2026-05-14', '--by', 'Hélène')).code).toBe(0);
    expect(
      (await crieur('publish', '--date', '2026-05-14', '--network', 'bluesky', '--now', '--by', 'Julie')).code,
    ).toBe(0);
    const withReply = await reader.com.atproto.repo.listRecords({
      repo: account.did,
      collection: 'app.bsky.feed.post',
    });
    const replies = withReply.data.records.filter((record) =>
      String((record.value as { text?: string }).text).startsWith('Correctif'),
    );
    expect(replies).toHaveLength(1);
    const firstPost = records.data.records.find((record) => !(record.value as { reply?: unknown }).reply);
    expect((replies[0]!.value as { reply?: { root: { uri: string } } }).reply?.root.uri).toBe(firstPost?.uri);
    // The corrected card goes with it, its alt text saying the corrected value.
    const embed = (replies[0]!.value as { embed?: { images?: Array<{ alt: string }> } }).embed;
    expect(embed?.images).toHaveLength(1);
    expect(embed?.images?.[0]?.alt.replace(/[\s\u00a0\u202f]+/gu, '')).toContain('27977');

    const after = JSON.parse((await crieur('accounts', '--json')).stdout) as {
      networks: Array<{ lastUsedAt?: string }>;
    };
    expect(after.networks[0]!.lastUsedAt).toBeDefined();

    // The tokens really are in the store, sealed: read them back with the key, then look for them in the bytes.
    const store = openStore(storePath(join(cwd, 'data')));
    let session: { accessJwt: string; refreshJwt: string };
    try {
      const connections = openConnections({ store, now: () => new Date() }, readSecretKey(env, cwd));
      session = connections.credentials('bluesky')!.credentials.session as typeof session;
    } finally {
      store.close();
    }
    expect(session.accessJwt.length).toBeGreaterThan(20);
    const bytes = storeBytes();
    for (const secret of [account.appPassword, session.accessJwt, session.refreshJwt, 'accessJwt', 'refreshJwt']) {
      expect(bytes.includes(secret)).toBe(false);
    }
    // Nor in the audit log, nor a session file left in clear.
    const audit = (await crieur('audit', '--json')).stdout;
    expect(audit).toContain('account-connected');
    for (const secret of [account.appPassword, session.accessJwt, session.refreshJwt])
      expect(audit.includes(secret)).toBe(false);
    expect(existsSync(join(cwd, 'data', 'sessions', 'bluesky.json'))).toBe(false);
    // Nor in what the commands printed, their logs included.
    const logs = printed.join('\n');
    expect(logs).toContain('Bluesky connected');
    for (const secret of [account.appPassword, session.accessJwt, session.refreshJwt])
      expect(logs.includes(secret)).toBe(false);
  });

  it('the running service renews the Bluesky session when it nears its end, and keeps it encrypted', async () => {
    const loaded = loadConfig({ processEnv: env, cwd });
    const queue = openQueue(loaded);
    try {
      const connections = connectionsFor(loaded, queue, cwd);
      const before = connections.credentials('bluesky')!.credentials.session as { refreshJwt: string };
      // 70 days later by the service's clock, the 90-day refresh token has under 30 days left.
      const results = await renewConnectedTokens({
        loaded,
        connections,
        now: () => new Date(Date.now() + 70 * 24 * 3600 * 1000),
        log: silentLogger(),
      });
      expect(results).toEqual([expect.objectContaining({ network: 'bluesky', outcome: 'renewed' })]);
      const after = connections.credentials('bluesky')!.credentials.session as {
        refreshJwt: string;
        accessJwt: string;
      };
      expect(after.refreshJwt).not.toBe(before.refreshJwt);
      expect(storeBytes().includes(after.refreshJwt)).toBe(false);
    } finally {
      queue.store.close();
    }
  });

  it('disconnects: the account and its tokens are gone, and the audit says who did it', async () => {
    const result = await runCli(['disconnect', 'bluesky'], { env: { ...env, CRIEUR_USER: 'Julie' }, cwd });
    expect(result.code).toBe(0);
    const listed = JSON.parse((await crieur('accounts', '--json')).stdout) as { networks: Array<{ source: string }> };
    expect(listed.networks[0]!.source).toBe('none');
    const audit = (await crieur('audit', '--json')).stdout;
    expect(audit).toMatch(/"actor":"Julie","action":"account-disconnected"/);
  });
});
