import { appendFile, copyFile, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { UpdateFileError } from '../../src/errors.js';
import { type InboxWatcher, watchInbox } from '../../src/inbox/watch-inbox.js';
import { readUpdateFile } from '../../src/update/read-update.js';
import { SAMPLE_DOCX, TEXT_DIR } from '../update/intake-helpers.js';

const dirs: string[] = [];
const watchers: InboxWatcher[] = [];

afterEach(async () => {
  await Promise.all(watchers.splice(0).map((watcher) => watcher.close()));
  await Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

async function tempInbox(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'crieur-inbox-'));
  dirs.push(dir);
  return dir;
}

const quietLog = () => {
  const warnings: Array<{ obj: object; msg: string }> = [];
  return {
    warnings,
    log: { warn: (obj: object, msg: string) => warnings.push({ obj, msg }), info: () => {} },
  };
};

const HOUR = 3_600_000;

/**
 * A watcher driven by `scanNow` only, so each check happens exactly when the test says: its clock
 * moves one settle time per check, and real time never reaches a timer. Its start-up scan is over
 * before the test writes anything.
 */
async function manualInbox(dir: string, onFile: (path: string) => Promise<void>) {
  const logs = quietLog();
  let clock = 0;
  const inner = watchInbox({
    dir,
    onFile,
    log: logs.log,
    watch: false,
    pollMs: HOUR,
    settleMs: HOUR,
    now: () => clock,
  });
  watchers.push(inner);
  const watcher: InboxWatcher = {
    close: () => inner.close(),
    scanNow: () => {
      clock += HOUR;
      return inner.scanNow();
    },
  };
  await watcher.scanNow();
  return { watcher, logs };
}

const UPDATE = '---\ndate: 2026-05-14\n---\n# Titre\n- Point\n';

describe('watchInbox', () => {
  it('picks up a new file by itself, hands it over once and moves it to traite/', async () => {
    const dir = await tempInbox();
    const calls: Array<{ path: string; text: string }> = [];
    const watcher = watchInbox({
      dir,
      log: quietLog().log,
      pollMs: 50,
      settleMs: 20,
      onFile: async (path) => {
        calls.push({ path, text: await readFile(path, 'utf8') });
      },
    });
    watchers.push(watcher);
    await writeFile(join(dir, '2026-05-14-dsn.md'), UPDATE);
    await vi.waitFor(async () => expect(await readdir(join(dir, 'traite'))).toEqual(['2026-05-14-dsn.md']), {
      timeout: 5_000,
      interval: 20,
    });
    await watcher.scanNow();
    await watcher.scanNow();
    expect(calls).toEqual([{ path: join(dir, '2026-05-14-dsn.md'), text: UPDATE }]);
    expect((await readdir(dir)).sort()).toEqual(['refuse', 'traite']);
  });

  it('waits while a file is still growing and reads it whole', async () => {
    const dir = await tempInbox();
    const seen: string[] = [];
    const { watcher } = await manualInbox(dir, async (path) => {
      seen.push(await readFile(path, 'utf8'));
    });
    const file = join(dir, 'update.md');
    await writeFile(file, UPDATE.slice(0, 10));
    await watcher.scanNow();
    expect(seen).toEqual([]);
    await appendFile(file, UPDATE.slice(10, 30));
    await watcher.scanNow();
    expect(seen).toEqual([]);
    await appendFile(file, UPDATE.slice(30));
    await watcher.scanNow();
    expect(seen).toEqual([]);
    await watcher.scanNow();
    expect(seen).toEqual([UPDATE]);
  });

  it('does not take an empty file as a finished copy', async () => {
    const dir = await tempInbox();
    const onFile = vi.fn(async () => {});
    const { watcher } = await manualInbox(dir, onFile);
    await writeFile(join(dir, 'empty.md'), '');
    await watcher.scanNow();
    await watcher.scanNow();
    await watcher.scanNow();
    expect(onFile).not.toHaveBeenCalled();
    expect(await readdir(dir)).toContain('empty.md');
  });

  it('moves a refused file to refuse/ with its French and English error beside it', async () => {
    const dir = await tempInbox();
    const { watcher, logs } = await manualInbox(dir, async (path) => {
      throw new UpdateFileError(path, 3, 'date is missing', 'la date est absente');
    });
    await writeFile(join(dir, 'bad.md'), 'no front matter');
    await watcher.scanNow();
    await watcher.scanNow();
    expect((await readdir(join(dir, 'refuse'))).sort()).toEqual(['bad.erreur.txt', 'bad.md']);
    expect(await readFile(join(dir, 'refuse', 'bad.md'), 'utf8')).toBe('no front matter');
    const note = await readFile(join(dir, 'refuse', 'bad.erreur.txt'), 'utf8');
    expect(note).toContain('la date est absente');
    expect(note).toContain('date is missing');
    expect(note).toContain('« bad.md »');
    expect(await readdir(join(dir, 'traite'))).toEqual([]);
    expect(logs.warnings.some((warning) => warning.msg === 'inbox file refused')).toBe(true);
  });

  it('a plain error is written in both sections, and a second refusal never overwrites the first', async () => {
    const dir = await tempInbox();
    const { watcher } = await manualInbox(dir, async () => {
      throw new Error('database is locked');
    });
    await writeFile(join(dir, 'a.md'), 'one');
    await watcher.scanNow();
    await watcher.scanNow();
    await writeFile(join(dir, 'a.md'), 'one');
    await watcher.scanNow();
    await watcher.scanNow();
    expect((await readdir(join(dir, 'refuse'))).sort()).toEqual(['a-2.erreur.txt', 'a-2.md', 'a.erreur.txt', 'a.md']);
    const note = await readFile(join(dir, 'refuse', 'a.erreur.txt'), 'utf8');
    expect(note).toContain('Erreur : database is locked');
    expect(note).toContain('Error: database is locked');
  });

  it('after a restart, content already imported is not imported again; new content is', async () => {
    const dir = await tempInbox();
    const first: string[] = [];
    const before = await manualInbox(dir, async (path) => {
      first.push(await readFile(path, 'utf8'));
    });
    await writeFile(join(dir, 'jeudi.md'), UPDATE);
    await before.watcher.scanNow();
    await before.watcher.scanNow();
    await before.watcher.close();
    expect(first).toEqual([UPDATE]);

    const second: string[] = [];
    const after = await manualInbox(dir, async (path) => {
      second.push(await readFile(path, 'utf8'));
    });
    await writeFile(join(dir, 'copie-de-jeudi.md'), UPDATE);
    await writeFile(join(dir, 'jeudi.md'), `${UPDATE}- Correction\n`);
    await after.watcher.scanNow();
    await after.watcher.scanNow();
    expect(second).toEqual([`${UPDATE}- Correction\n`]);
    expect((await readdir(join(dir, 'traite'))).sort()).toEqual(['copie-de-jeudi.md', 'jeudi-2.md', 'jeudi.md']);
    expect(await readFile(join(dir, 'traite', 'jeudi.md'), 'utf8')).toBe(UPDATE);
  });

  it('takes Word documents and plain text; a macro-enabled document is refused with its note', async () => {
    const dir = await tempInbox();
    const dates: string[] = [];
    const { watcher } = await manualInbox(dir, async (path) => {
      dates.push((await readUpdateFile(path)).date);
    });
    await copyFile(SAMPLE_DOCX, join(dir, 'mise-a-jour.docx'));
    await copyFile(join(TEXT_DIR, 'chiffres-monteregie.txt'), join(dir, 'colle.txt'));
    await copyFile(SAMPLE_DOCX, join(dir, 'macros.docm'));
    await watcher.scanNow();
    await watcher.scanNow();
    expect(dates.sort()).toEqual(['2026-05-14', '2026-06-16']);
    expect((await readdir(join(dir, 'traite'))).sort()).toEqual(['colle.txt', 'mise-a-jour.docx']);
    expect((await readdir(join(dir, 'refuse'))).sort()).toEqual(['macros.docm', 'macros.erreur.txt']);
    expect(await readFile(join(dir, 'refuse', 'macros.erreur.txt'), 'utf8')).toContain('document Word avec macros');
  });

  it('two files with the same content in one scan are handed over once', async () => {
    const dir = await tempInbox();
    const onFile = vi.fn(async () => {});
    const { watcher } = await manualInbox(dir, onFile);
    await writeFile(join(dir, 'a.md'), UPDATE);
    await writeFile(join(dir, 'b.md'), UPDATE);
    await watcher.scanNow();
    await watcher.scanNow();
    expect(onFile).toHaveBeenCalledTimes(1);
    expect((await readdir(join(dir, 'traite'))).sort()).toEqual(['a.md', 'b.md']);
  });

  it('leaves other files alone', async () => {
    const dir = await tempInbox();
    const onFile = vi.fn(async () => {});
    const { watcher } = await manualInbox(dir, onFile);
    await writeFile(join(dir, 'notes.pdf'), 'x');
    await writeFile(join(dir, '.cache.md'), 'x');
    await writeFile(join(dir, '~$brouillon.md'), 'x');
    await writeFile(join(dir, '~$brouillon.docx'), 'x');
    await watcher.scanNow();
    await watcher.scanNow();
    expect(onFile).not.toHaveBeenCalled();
    expect((await readdir(dir)).sort()).toEqual([
      '.cache.md',
      'notes.pdf',
      'refuse',
      'traite',
      '~$brouillon.docx',
      '~$brouillon.md',
    ]);
  });

  it('waits for the settle time between the two checks', async () => {
    const dir = await tempInbox();
    let clock = 0;
    const onFile = vi.fn(async () => {});
    const watcher = watchInbox({
      dir,
      onFile,
      log: quietLog().log,
      watch: false,
      pollMs: 3_600_000,
      settleMs: 1_000,
      now: () => clock,
    });
    watchers.push(watcher);
    await watcher.scanNow();
    await writeFile(join(dir, 'a.md'), UPDATE);
    await watcher.scanNow();
    clock = 500;
    await watcher.scanNow();
    expect(onFile).not.toHaveBeenCalled();
    clock = 1_000;
    await watcher.scanNow();
    expect(onFile).toHaveBeenCalledTimes(1);
  });
});
