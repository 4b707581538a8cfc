import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openServices } from '../../src/app/services.js';
import { loadConfig } from '../../src/config/load.js';
import { open, seal } from '../../src/connections/cipher.js';
import { openConnections } from '../../src/connections/connections.js';
import { SecretKeyError } from '../../src/connections/errors.js';
import { decodeKey, newSecretKey } from '../../src/connections/secret-key.js';
import { silentLogger } from '../../src/log.js';
import { openQueue } from '../../src/queue/open-queue.js';
import { runCli } from '../cli/run-cli.js';

let cwd: string;
let keyA: string;

beforeEach(() => {
  cwd = mkdtempSync(join(tmpdir(), 'crieur-secret-key-'));
  writeFileSync(join(cwd, 'crieur.yaml'), 'dataDir: ./data\nnetworks: [facebook]\n');
  keyA = newSecretKey();
  writeFileSync(join(cwd, 'a.key'), `${keyA}\n`);
});
afterEach(() => rmSync(cwd, { recursive: true, force: true }));

const config = () => join(cwd, 'crieur.yaml');

/** Connects a Facebook Page under `key`, straight into the store. */
function connectFacebook(key: string, token: string): void {
  const loaded = loadConfig({ processEnv: { CRIEUR_CONFIG: config() }, cwd });
  const queue = openQueue(loaded);
  try {
    openConnections(queue, decodeKey(key, 'test')).connect(
      {
        credentials: { network: 'facebook', pageId: '104857600123456', pageToken: token },
        account: { id: '104857600123456', handle: 'Santé Québec', name: 'Santé Québec' },
        expiresAt: null,
        renewable: false,
      },
      'Julie Roy',
    );
  } finally {
    queue.store.close();
  }
}

describe('the cipher', () => {
  it('opens what it sealed, and refuses another key, another context or a changed byte', () => {
    const key = decodeKey(newSecretKey(), 'k');
    const sealed = seal(key, 'page-token-123', 'network_accounts:facebook');
    expect(sealed).not.toContain('page-token-123');
    expect(open(key, sealed, 'network_accounts:facebook')).toBe('page-token-123');
    // Two seals of the same text differ (a fresh IV each time).
    expect(seal(key, 'page-token-123', 'network_accounts:facebook')).not.toBe(sealed);
    expect(() => open(decodeKey(newSecretKey(), 'k'), sealed, 'network_accounts:facebook')).toThrow(SecretKeyError);
    expect(() => open(key, sealed, 'network_accounts:x')).toThrow(SecretKeyError);
    const body = sealed.split('.');
    const flipped = [...body.slice(0, 3), `${body[3]!.slice(0, -2)}${body[3]!.endsWith('AA') ? 'BB' : 'AA'}`].join('.');
    expect(() => open(key, flipped, 'network_accounts:facebook')).toThrow(SecretKeyError);
  });

  it('takes only a 32-byte base64 key', () => {
    expect(decodeKey(newSecretKey(), 'k')).toHaveLength(32);
    expect(() => decodeKey(Buffer.alloc(16).toString('base64'), 'CRIEUR_SECRET_KEY')).toThrow(/32 bytes in base64/);
    expect(() => decodeKey('not a key!', 'CRIEUR_SECRET_KEY')).toThrow(/crieur secret-key --new/);
  });
});

describe('crieur secret-key', () => {
  it('--new writes a key file readable by its owner only, and never overwrites one', async () => {
    const made = await runCli(['secret-key', '--new', '--out', 'new.key'], { env: {}, cwd });
    expect(made.code).toBe(0);
    expect(made.stdout).toContain(`CRIEUR_SECRET_KEY_FILE=${join(cwd, 'new.key')}`);
    expect(decodeKey(readFileSync(join(cwd, 'new.key'), 'utf8'), 'file')).toHaveLength(32);
    expect(statSync(join(cwd, 'new.key')).mode & 0o777).toBe(0o600);
    const again = await runCli(['secret-key', '--new', '--out', 'new.key'], { env: {}, cwd });
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('exists already');
  });

  it('a wrong key stops the service at start with a clear error, before anything is sent', async () => {
    connectFacebook(keyA, 'fb-page-token-secret-1');
    const wrong = loadConfig({ processEnv: { CRIEUR_CONFIG: config(), CRIEUR_SECRET_KEY: newSecretKey() }, cwd });
    expect(() => openServices(wrong, { log: silentLogger(), logProblems: false })).toThrow(
      /CRIEUR_SECRET_KEY does not decrypt the connected accounts/,
    );
    const run = await runCli(['run', '--no-web'], {
      env: { CRIEUR_CONFIG: config(), CRIEUR_SECRET_KEY: newSecretKey() },
      cwd,
    });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('CRIEUR_SECRET_KEY does not decrypt the connected accounts');
    // Without any key, the service says which network cannot be read and how to make a key.
    const none = openServices(loadConfig({ processEnv: { CRIEUR_CONFIG: config() }, cwd }), {
      log: silentLogger(),
      logProblems: false,
    });
    try {
      expect(none.problems.get('facebook')?.message).toContain('crieur secret-key --new');
    } finally {
      none.close();
    }
  });

  it('--rotate re-encrypts every account under a new key in one go; the old key no longer opens them', async () => {
    connectFacebook(keyA, 'fb-page-token-secret-2');
    const rotated = await runCli(['secret-key', '--rotate', '--out', 'b.key'], {
      env: { CRIEUR_CONFIG: config(), CRIEUR_SECRET_KEY_FILE: join(cwd, 'a.key'), CRIEUR_USER: 'Julie Roy' },
      cwd,
    });
    expect(rotated.stderr).toBe('');
    expect(rotated.code).toBe(0);
    expect(rotated.stdout).toContain('1 connected account(s) re-encrypted');
    const keyB = readFileSync(join(cwd, 'b.key'), 'utf8');
    const loaded = loadConfig({ processEnv: { CRIEUR_CONFIG: config() }, cwd });
    const queue = openQueue(loaded);
    try {
      expect(() => openConnections(queue, decodeKey(keyA, 'a'))).toThrow(SecretKeyError);
      const connections = openConnections(queue, decodeKey(keyB, 'b'));
      expect(connections.credentials('facebook')!.credentials.pageToken).toBe('fb-page-token-secret-2');
      const events = queue.store.db
        .prepare("SELECT actor, action FROM audit_events WHERE action = 'secret-key-rotated'")
        .all();
      expect(events).toEqual([{ actor: 'Julie Roy', action: 'secret-key-rotated' }]);
    } finally {
      queue.store.close();
    }
    // Rotating with a key that is not the store's changes nothing.
    const refused = await runCli(['secret-key', '--rotate', '--out', 'c.key'], {
      env: { CRIEUR_CONFIG: config(), CRIEUR_SECRET_KEY_FILE: join(cwd, 'a.key') },
      cwd,
    });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('CRIEUR_SECRET_KEY does not decrypt');
    expect(() => statSync(join(cwd, 'c.key'))).toThrow();
  });
});
