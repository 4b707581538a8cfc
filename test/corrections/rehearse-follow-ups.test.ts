import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../cli/run-cli.js';

/** `crieur rehearse --correct F --retract`: both kinds rehearsed with the dry-run adapters. */

let dir: string | undefined;
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('crieur rehearse with a correction and a retraction', () => {
  it('publishes the update, then its correction on every channel, then deletes every post, leaf first', async () => {
    dir = mkdtempSync(join(tmpdir(), 'crieur-rehearse-follow-ups-'));
    const file = join(dir, 'correctif.txt');
    writeFileSync(file, 'Le nombre de prélèvements d’hier était de 1 016, et non de 1 106.');
    const run = await runCli(
      ['rehearse', join(process.cwd(), 'examples', '2026-05-14-dsn.md'), '--correct', file, '--retract', '--json'],
      { env: { CRIEUR_DATA_DIR: join(dir, 'data') }, cwd: dir },
    );
    expect(run.code, run.stderr).toBe(0);
    const report = JSON.parse(run.stdout) as {
      htmlPath: string;
      networks: Array<{ network: string; posts: unknown[] }>;
      followUps: Array<{ kind: string; network: string; status: string; texts: string[]; done: number }>;
    };
    const posts = new Map(report.networks.map((network) => [network.network, network.posts.length]));
    const corrections = report.followUps.filter((item) => item.kind === 'correction');
    const retractions = report.followUps.filter((item) => item.kind === 'retraction');
    expect(corrections.map((item) => [item.network, item.status, item.done])).toEqual(
      ['x', 'bluesky', 'linkedin', 'facebook', 'site'].map((network) => [network, 'published', 1]),
    );
    for (const item of corrections) expect(item.texts[0]).toMatch(/^Correctif\u00A0: Le nombre/u);
    // Each thread's posts and its correction are deleted.
    expect(retractions.map((item) => [item.network, item.status, item.done])).toEqual(
      ['x', 'bluesky', 'linkedin', 'facebook', 'site'].map((network) => [
        network,
        'published',
        (posts.get(network) ?? 0) + 1,
      ]),
    );
    const html = readFileSync(report.htmlPath, 'utf8');
    expect(html).toContain('<h2 id="correctifs">Correctif et retrait</h2>');
    expect(html).toMatch(/<td>Retrait<\/td><td>[^<]+<\/td><td>\d+\u00a0suppressions<\/td>/u);
  }, 180_000);
});
