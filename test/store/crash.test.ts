import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { verifyChain } from '../../src/audit/verify.js';
import { NETWORKS } from '../../src/networks/index.js';
import { contentHashFromFiles } from '../../src/queue/content-hash.js';
import { importDrafts } from '../../src/queue/import.js';
import { openStore } from '../../src/store/db.js';
import { getDraftVersion, listDrafts } from '../../src/store/drafts-repo.js';
import { makeCard, makeUpdate, tempDir } from '../queue/fixtures.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

/** Starts the import loop and kills it with SIGKILL once it has committed `rounds` rounds. */
function runAndKill(storeFile: string, cardsJson: string, rounds: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'test/store/import-loop.ts', storeFile, cardsJson], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let seen = 0;
    let stderr = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      seen += chunk.split('\n').filter((line) => line.startsWith('round ')).length;
      if (seen >= rounds) child.kill('SIGKILL');
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (signal === 'SIGKILL') resolve(seen);
      else reject(new Error(`import loop exited by itself (code ${code}): ${stderr}`));
    });
  });
}

describe('a process killed in the middle of writes', () => {
  it('leaves a consistent store that opens, verifies and takes new imports', async () => {
    const dir = tempDir('crieur-crash-');
    cleanups.push(dir.remove);
    const cards = [
      await makeCard(dir.path, 'a', '#0b4f8a', 'Carte A'),
      await makeCard(dir.path, 'b', '#aa3300', 'Carte B'),
    ];
    const storeFile = join(dir.path, 'data', 'crieur.sqlite');
    const cardsJson = JSON.stringify(cards);
    // Two kills in a row: the second process starts from what the first one left.
    expect(await runAndKill(storeFile, cardsJson, 25)).toBeGreaterThanOrEqual(25);
    expect(await runAndKill(storeFile, cardsJson, 10)).toBeGreaterThanOrEqual(10);

    const store = openStore(storeFile);
    cleanups.unshift(() => store.close());
    const { db } = store;
    expect(db.prepare('PRAGMA integrity_check').pluck().get()).toBe('ok');
    expect(db.prepare('PRAGMA foreign_key_check').all()).toEqual([]);
    expect(verifyChain(db)).toMatchObject({ ok: true });

    const drafts = listDrafts(db);
    expect(drafts.length).toBeGreaterThanOrEqual(35 * NETWORKS.length);
    const versions = db.prepare('SELECT COUNT(*) AS n FROM draft_versions').get() as { n: number };
    expect(versions.n).toBeGreaterThanOrEqual(drafts.length);
    for (const draft of drafts) {
      expect(draft.content.posts).toHaveLength(2);
      expect(contentHashFromFiles(draft.content, store.mediaDir)).toBe(draft.contentHash);
      for (let version = 1; version <= draft.version; version += 1) {
        expect(getDraftVersion(db, draft.id, version)).not.toBeNull();
      }
    }
    // An import is all or nothing: every update has one draft per network.
    const perUpdate = db
      .prepare('SELECT u.id, COUNT(d.id) AS n FROM updates u LEFT JOIN drafts d ON d.update_id = u.id GROUP BY u.id')
      .all() as { id: number; n: number }[];
    for (const row of perUpdate) expect(row.n).toBe(NETWORKS.length);
    // At most one live draft per date and network: the previous ones were superseded in the same transaction.
    const live = db
      .prepare(
        "SELECT date, network, COUNT(*) AS n FROM drafts WHERE status != 'superseded' GROUP BY date, network HAVING n > 1",
      )
      .all();
    expect(live).toEqual([]);
    const audit = db.prepare('SELECT COUNT(*) AS n FROM audit_events').get() as { n: number };
    expect(audit.n).toBeGreaterThan(0);

    const context = { store, now: () => new Date(), fourEyes: true };
    const fresh = [{ network: 'x' as const, posts: [{ text: 'Après la panne', media: [cards[0]!] }], warnings: [] }];
    expect(importDrafts(context, { update: makeUpdate('2026-06-01'), drafts: fresh, by: 'ana' }).drafts).toHaveLength(
      1,
    );
    expect(verifyChain(db).ok).toBe(true);
  });
});
