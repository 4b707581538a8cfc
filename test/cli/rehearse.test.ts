import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';

describe('crieur rehearse (README main command)', () => {
  it('runs the whole pipeline on the bundled example in dry run and writes an HTML + JSON report', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'crieur-rehearse-'));
    const result = spawnSync('node', ['bin/crieur.js', 'rehearse', 'examples/2026-05-14-dsn.md', '--json'], {
      encoding: 'utf8',
      env: { ...process.env, CRIEUR_DATA_DIR: dataDir },
    });
    expect(result.status, result.stderr).toBe(0);
    const report = JSON.parse(result.stdout);
    expect(report.simulatedAt).toBe('2026-05-14T13:00:00.000Z');
    expect(report.networks.map((n: { network: string; status: string }) => [n.network, n.status])).toEqual([
      ['x', 'published'],
      ['bluesky', 'published'],
      ['linkedin', 'published'],
      ['facebook', 'published'],
      ['site', 'published'],
    ]);
    for (const network of report.networks) {
      for (const post of network.posts) {
        expect(post.count.valid).toBe(true);
        expect(post.sentAt).toBeDefined();
      }
      // Each thread part replies to the one before it.
      network.posts.slice(1).forEach((post: { replyTo?: string }, index: number) => {
        expect(post.replyTo).toBe(network.posts[index].remoteId);
      });
    }
    expect(report.htmlPath.startsWith(join(dataDir, 'rehearsals'))).toBe(true);
    const html = readFileSync(report.htmlPath, 'utf8');
    expect(html).toContain('lang="fr-CA"');
    expect(html).toMatch(/22\s460/);
    expect(existsSync(report.jsonPath)).toBe(true);
  });

  it('lists what the team must look at: the update’s warnings, and a thread cut that needs a decision', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'crieur-rehearse-warnings-'));
    try {
      writeFileSync(join(dir, 'crieur.yaml'), 'dataDir: ./data\nmaxThreadPosts: 3\n');
      const sample = readFileSync('examples/2026-05-14-dsn.md', 'utf8')
        .replace('hashtags: [DSN, SantéQuébec]', 'hashtags: [DSN, SantéQuébec]\nformats: { x: thread }')
        .replace('- Malgré l', '- Selon @SanteQc, malgré l');
      expect(sample).toContain('@SanteQc');
      writeFileSync(join(dir, 'update.md'), sample);
      const env = { CRIEUR_CONFIG: join(dir, 'crieur.yaml') };
      const result = await runCli(['rehearse', 'update.md', '--json'], { env, cwd: dir });
      expect(result.code, result.stderr).toBe(0);
      const report = JSON.parse(result.stdout);
      expect(report.warnings.map((warning: { messageFr: string }) => warning.messageFr).join('\n')).toContain(
        '@SanteQc n’est pas dans les comptes de la configuration',
      );
      const x = report.networks.find((network: { network: string }) => network.network === 'x');
      expect(x.status).toBe('published');
      expect(x.needsDecision).toBe(true);
      expect(x.omitted.length).toBeGreaterThan(0);
      expect(x.warnings[0]).toContain('Décision requise');
      expect(x.warnings[0]).toContain('--accept-omissions');
      expect(JSON.parse(readFileSync(report.jsonPath, 'utf8')).warnings).toEqual(report.warnings);
      const site = report.networks.find((network: { network: string }) => network.network === 'site');
      expect(site.needsDecision).toBe(false);

      const missing = await runCli(['rehearse', 'absent.md'], { env, cwd: dir });
      expect(missing.code).toBe(2);
      expect(missing.stderr).toContain('absent.md');
      expect(readdirSync(join(dir, 'data', 'rehearsals'))).toHaveLength(1);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses a bad --at', () => {
    const result = spawnSync('node', ['bin/crieur.js', 'rehearse', 'examples/2026-05-14-dsn.md', '--at', '9h'], {
      encoding: 'utf8',
    });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('--at doit être HH:MM');
  });
});
