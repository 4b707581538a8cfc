import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

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

  it('refuses a bad --at', () => {
    const result = spawnSync('node', ['bin/crieur.js', 'rehearse', 'examples/2026-05-14-dsn.md', '--at', '9h'], {
      encoding: 'utf8',
    });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('--at doit être HH:MM');
  });
});
