import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { listEvents } from '../../src/audit/journal.js';
import { command as approveCommand } from '../../src/cli/commands/approve.js';
import { command as draftCommand } from '../../src/cli/commands/draft.js';
import { command as editCommand } from '../../src/cli/commands/edit.js';
import { command as showCommand } from '../../src/cli/commands/show.js';
import { storePath } from '../../src/store/db.js';
import { getDraft } from '../../src/store/drafts-repo.js';
import { runCli } from '../cli/run-cli.js';
import { openTestStore, testStoreEnv } from '../support/test-store.js';
import { tempDir } from './fixtures.js';

const COMMANDS = [draftCommand, showCommand, editCommand, approveCommand];
const HEAVY = fileURLToPath(new URL('../update/files/figure-heavy.md', import.meta.url));

let dir: { path: string; remove: () => void };
let dataDir: string;
const cli = (...argv: string[]) =>
  runCli(
    argv,
    { env: { ...process.env, CRIEUR_DATA_DIR: dataDir, ...testStoreEnv(dataDir) }, cwd: dir.path },
    COMMANDS,
  );

beforeEach(() => {
  dir = tempDir('crieur-figures-');
  dataDir = join(dir.path, 'data');
});
afterEach(() => dir.remove());

function keyFiguresCard(draftId: number) {
  const store = openTestStore(storePath(dataDir));
  try {
    const draft = getDraft(store.db, draftId)!;
    const media = draft.content.posts.flatMap((post) => post.media).find((m) => m.spec.template === 'key-figures')!;
    return {
      draft,
      media,
      bytes: readFileSync(join(store.mediaDir, media.file)),
      events: listEvents(store.db, { subject: 'd1' }),
    };
  } finally {
    store.close();
  }
}

describe('crieur edit --figures', () => {
  it('redraws the card with the chosen figures in order: a new version, approval cleared, audited', async () => {
    expect((await cli('draft', HEAVY, '--by', 'camille')).code).toBe(0);
    expect((await cli('approve', 'd1', '--by', 'julie')).code).toBe(0);
    const before = keyFiguresCard(1);
    expect(before.draft.status).toBe('approved');

    const run = await cli('edit', 'd1', '--figures', '7,1,4', '--by', 'camille');
    expect(run.code, run.stderr).toBe(0);
    const after = keyFiguresCard(1);
    expect(after.draft).toMatchObject({ version: 2, status: 'awaiting_review' });
    expect(after.bytes.equals(before.bytes)).toBe(false);
    const spec = after.media.spec;
    if (spec.template !== 'key-figures') throw new Error('expected a key-figures card');
    expect(spec.figures.map((f) => f.value)).toEqual(['1 612', '25 904', '2,75 M$']);
    expect(after.media.alt).toMatch(
      /billets quotidiens[\u00a0\u202F]: 1\u202F612\. 25\u202F904 utilisateurs.*2,75\u202FM\$/u,
    );
    const edit = after.events.find((event) => event.action === 'edit');
    expect(edit?.data).toMatchObject({ figures: [7, 1, 4], approvalCleared: true, version: 2 });
    // A digest writes its card's figures out in post 1: it is composed again, so its text lists
    // the chosen figures, and no longer one the card dropped.
    const squash = (text: string) => text.replace(/[\s\u00a0\u202f]+/gu, '');
    const dropped = before.media.spec.template === 'key-figures' ? before.media.spec.figures : [];
    const firstPost = squash(after.draft.content.posts[0]?.text ?? '');
    for (const value of ['1 612', '25 904', '2,75 M$']) expect(firstPost).toContain(squash(value));
    const gone = dropped.map((f) => f.value).filter((value) => !['1 612', '25 904', '2,75 M$'].includes(value));
    expect(gone.length).toBeGreaterThan(0);
    for (const value of gone) expect(firstPost).not.toContain(squash(value));
  });

  it('refuses a figure the update does not have, a repeated one, or a bad list, naming it in French and English', async () => {
    await cli('draft', HEAVY, '--by', 'camille');
    const missing = await cli('edit', 'd1', '--figures', '2,99', '--by', 'camille');
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('il n’y a pas de chiffre 99 (la mise à jour en a 11');
    expect(missing.stderr).toContain('there is no figure 99');
    const twice = await cli('edit', 'd1', '--figures', '2,2', '--by', 'camille');
    expect(twice.stderr).toContain('un chiffre est choisi deux fois');
    const words = await cli('edit', 'd1', '--figures', 'deux', '--by', 'camille');
    expect(words.stderr).toContain('comme 2,1,4');
    expect(keyFiguresCard(1).draft.version).toBe(1);
  });
});
