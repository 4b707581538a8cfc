import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readEnv, secretValues } from '../../src/config/env.js';
import { loadConfig, parseConfigText } from '../../src/config/load.js';
import { ConfigError } from '../../src/errors.js';

function configError(text: string): ConfigError {
  try {
    parseConfigText(text, 'crieur.yaml');
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('configuration', () => {
  it('the bundled configuration loads with the documented defaults', () => {
    const dir = mkdtempSync(join(tmpdir(), 'crieur-config-'));
    const loaded = loadConfig({ processEnv: {}, cwd: dir });
    expect(loaded.config.timezone).toBe('America/Toronto');
    expect(loaded.config.publishTime).toBe('09:00');
    expect(loaded.config.latenessWindowMinutes).toBe(60);
    expect(loaded.config.leaseSeconds).toBe(10);
    expect(loaded.config.networks).toEqual(['x', 'bluesky', 'linkedin', 'facebook', 'site']);
    expect(loaded.config.web).toEqual({ host: '127.0.0.1', port: 8787 });
    expect(loaded.config.site).toEqual({ title: 'Mises à jour quotidiennes', author: 'Équipe des communications' });
    expect(loaded.dataDir).toMatch(/data$/);
  });

  it('an empty file gives every default', () => {
    expect(parseConfigText('', 'c.yaml').numbering).toBe('n/N');
  });

  it('the publishing lease lasts 10 s unless set, and never less than 3 s', () => {
    expect(parseConfigText('', 'c.yaml').leaseSeconds).toBe(10);
    expect(parseConfigText('leaseSeconds: 3\n', 'c.yaml').leaseSeconds).toBe(3);
    const error = configError('leaseSeconds: 2\n');
    expect(error.key).toBe('leaseSeconds');
    expect(error.messageFr).toContain('valeur trop petite');
  });

  it('CRIEUR_DATA_DIR wins over dataDir, and CRIEUR_CONFIG picks the file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'crieur-config-'));
    writeFileSync(join(dir, 'mine.yaml'), 'publishTime: "08:30"\n');
    const loaded = loadConfig({ processEnv: { CRIEUR_CONFIG: 'mine.yaml', CRIEUR_DATA_DIR: 'store' }, cwd: dir });
    expect(loaded.config.publishTime).toBe('08:30');
    expect(loaded.dataDir).toBe(join(dir, 'store'));
  });

  it('a bad enum names the key and the allowed values', () => {
    const error = configError('networks: [x, mastodon]\n');
    expect(error.key).toBe('networks.1');
    expect(error.message).toMatch(/x.*bluesky.*linkedin.*facebook/);
  });

  it('says what is wrong with a value in French too, not in zod’s English', () => {
    expect(configError('networks: [x, mastodon]\n').messageFr).toMatch(
      /networks\.1 : valeur invalide; valeurs permises : x, bluesky, linkedin, facebook, site/,
    );
    expect(configError('latenessWindowMinutes: "soixante"\n').messageFr).toContain('un nombre attendu');
    expect(configError('latenessWindowMinutes: -5\n').messageFr).toContain('valeur trop petite');
    expect(configError('publishTime: "25:00"\n').messageFr).toContain('valeur invalide');
  });

  it('a bad time zone and a bad time name their key', () => {
    expect(configError('timezone: Mars/Olympus\n').key).toBe('timezone');
    expect(configError('publishTime: "25:00"\n').message).toContain('HH:MM');
  });

  it('an unknown key suggests the closest', () => {
    const error = configError('publishtime: "09:00"\n');
    expect(error.key).toBe('publishtime');
    expect(error.message).toContain('did you mean "publishTime"');
    expect(configError('branding:\n  backgroud: "#ffffff"\n').message).toContain('did you mean "background"');
  });

  it('invalid YAML names the line', () => {
    expect(configError('networks: [x\n').key).toMatch(/crieur\.yaml:\d+/);
  });

  it('reads .env without overriding the environment, and lists the secrets', () => {
    const dir = mkdtempSync(join(tmpdir(), 'crieur-env-'));
    writeFileSync(join(dir, '.env'), 'X_API_KEY=from-file\nBLUESKY_APP_PASSWORD=abcd-efgh\nUNRELATED=1\n');
    const env = readEnv({ X_API_KEY: 'from-env' }, dir);
    expect(env.X_API_KEY).toBe('from-env');
    expect(env.BLUESKY_APP_PASSWORD).toBe('abcd-efgh');
    expect(Object.keys(env)).not.toContain('UNRELATED');
    expect(secretValues(env).sort()).toEqual(['abcd-efgh', 'from-env']);
  });
});
