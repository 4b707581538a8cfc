import { copyFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { localReports } from '../../src/rehearsal/report-rows.js';
import { openPostgresStore } from '../../src/store/db.js';
import { runCli } from '../cli/run-cli.js';
import { tempDir } from '../queue/fixtures.js';
import { postgresUrlForTest } from '../support/postgres.js';

const SAMPLE = fileURLToPath(new URL('../../examples/2026-05-14-dsn.md', import.meta.url));

/**
 * Two machines on one PostgreSQL database share nothing else: what one makes in its data directory
 * (drafts' cards, rehearsal reports) the other's page and commands read from the database.
 */
const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0).reverse()) cleanup();
});

function machineDir(name: string, url: string): { dir: string; cwd: string; env: NodeJS.ProcessEnv } {
  const dir = tempDir(`crieur-pg-${name}-`);
  cleanups.push(dir.remove);
  writeFileSync(join(dir.path, 'crieur.yaml'), 'dataDir: ./data\n');
  return {
    dir: dir.path,
    cwd: dir.path,
    env: { CRIEUR_CONFIG: join(dir.path, 'crieur.yaml'), CRIEUR_DATABASE_URL: url },
  };
}

describe('two machines on one PostgreSQL database', () => {
  it('queues on one and shows, approves and rehearses on the other: cards and reports come from the database', async () => {
    const url = postgresUrlForTest();
    const first = machineDir('first', url);
    const second = machineDir('second', url);
    copyFileSync(SAMPLE, join(first.dir, '2026-05-14-dsn.md'));
    copyFileSync(SAMPLE, join(second.dir, '2026-05-14-dsn.md'));

    const queued = await runCli(['draft', '2026-05-14-dsn.md', '--by', 'camille', '--json'], first);
    expect(queued.code, queued.stderr).toBe(0);
    const listed = await runCli(['queue', '--json'], second);
    const drafts = (
      JSON.parse(listed.stdout) as {
        drafts: Array<{ id: string; network: string; posts: Array<{ media: Array<{ path: string }> }> }>;
      }
    ).drafts;
    expect(drafts.map((draft) => draft.network).sort()).toEqual(['bluesky', 'facebook', 'linkedin', 'site', 'x']);
    // The second machine's cache of the cards is made from the database on first use.
    const x = drafts.find((draft) => draft.network === 'x')!;
    const approved = await runCli(['approve', x.id, '--by', 'julie'], second);
    expect(approved.code, approved.stderr).toBe(0);
    const card = x.posts[0]!.media[0]!.path;
    expect(card.startsWith(second.dir)).toBe(true);
    expect(existsSync(card)).toBe(true);

    const rehearsed = await runCli(['rehearse', '2026-05-14-dsn.md', '--json'], first);
    expect(rehearsed.code, rehearsed.stderr).toBe(0);
    const { id, htmlPath } = JSON.parse(rehearsed.stdout) as { id: string; htmlPath: string };
    const store = openPostgresStore(url, join(second.dir, 'data', 'media-cache'));
    cleanups.push(() => store.close());
    const root = join(second.dir, 'data', 'rehearsals');
    localReports(store, root);
    expect(readFileSync(join(root, id, 'report.html'))).toEqual(readFileSync(htmlPath));
  });
});
