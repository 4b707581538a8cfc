import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Command, CommandArgs } from '../../src/cli/command.js';
import { describeFailure } from '../../src/cli/failure.js';
import { main } from '../../src/cli/main.js';
import { importDrafts } from '../../src/queue/import.js';
import { openStore, storePath } from '../../src/store/db.js';
import { getDraft } from '../../src/store/drafts-repo.js';
import { getUser } from '../../src/store/users-repo.js';
import { makeCard, makeUpdate, tempDir } from '../queue/fixtures.js';
import { type CliRun, plainSpaces, runCli } from './run-cli.js';

const SAMPLE = fileURLToPath(new URL('../../examples/2026-05-14-dsn.md', import.meta.url));
const STACK_LINE = /\n\s+at /;

let dir: { path: string; remove: () => void };
beforeEach(async () => {
  dir = tempDir('crieur-cli-errors-');
  writeFileSync(join(dir.path, 'crieur.yaml'), 'dataDir: ./data\n');
  const card = await makeCard(dir.path, 'card', '#0b4f8a', 'Chiffres clés du jour.');
  const store = openStore(storePath(join(dir.path, 'data')));
  importDrafts(
    { store, now: () => new Date('2026-05-14T12:00:00Z') },
    {
      update: makeUpdate(),
      drafts: [{ network: 'x', posts: [{ text: 'Mise à jour du 14 mai', media: [card] }], warnings: [] }],
      by: 'camille',
    },
  );
  store.close();
});
afterEach(() => dir.remove());

function run(argv: string[], options: { commands?: Command[]; stdin?: NodeJS.ReadableStream } = {}): Promise<CliRun> {
  const env = { CRIEUR_CONFIG: join(dir.path, 'crieur.yaml') };
  return runCli(argv, { env, cwd: dir.path, ...(options.stdin ? { stdin: options.stdin } : {}) }, options.commands);
}

function statusOfD1(): string | undefined {
  const store = openStore(storePath(join(dir.path, 'data')));
  try {
    return getDraft(store.db, 1)?.status;
  } finally {
    store.close();
  }
}

describe('a command typed the wrong way', () => {
  it('suggests the closest command for a misspelled one', async () => {
    const result = await run(['aprove', 'd1', '--by', 'julie']);
    expect(result.code).toBe(2);
    expect(plainSpaces(result.stderr)).toContain('error: unknown command "aprove" (did you mean "approve"?)');
    expect(plainSpaces(result.stderr)).toContain(
      'erreur : commande inconnue « aprove » (vouliez-vous dire « approve » ?)',
    );
  });

  it('names an unknown option in French too, with the closest one', async () => {
    const result = await run(['queue', '--jsno']);
    expect(result.code).toBe(2);
    expect(plainSpaces(result.stderr)).toContain('error: unknown option --jsno (did you mean --json?)');
    expect(plainSpaces(result.stderr)).toContain('erreur : option inconnue : --jsno (vouliez-vous dire --json ?)');
    const missing = await run(['approve', 'd1', '--by']);
    expect(missing.code).toBe(2);
    expect(plainSpaces(missing.stderr)).toContain('erreur : l’option --by attend une valeur');
  });

  it('refuses an extra argument instead of dropping it: an unquoted reason, a second draft id', async () => {
    const reason = await run(['reject', 'd1', '--by', 'julie', '--reason', 'chiffres', 'faux']);
    expect(reason.code).toBe(2);
    expect(plainSpaces(reason.stderr)).toContain('erreur : argument en trop : « faux »');
    expect(plainSpaces(reason.stderr)).toContain('error: unexpected argument "faux"');
    const two = await run(['approve', 'd1', 'd2', '--by', 'julie']);
    expect(two.code).toBe(2);
    expect(plainSpaces(two.stderr)).toContain('« d2 »');
    expect(statusOfD1()).toBe('awaiting_review');
    expect((await run(['queue', '2026-05-14'])).code).toBe(2);
  });

  it('says the draft id is missing rather than « » is not a draft id', async () => {
    for (const argv of [
      ['show'],
      ['reject', '--by', 'julie', '--reason', 'x'],
      ['edit', '--post', '1', '--text', 'x'],
    ]) {
      const result = await run(argv);
      expect(result.code, argv.join(' ')).toBe(2);
      expect(plainSpaces(result.stderr), argv.join(' ')).toContain('erreur : argument <numéro de brouillon> manquant');
      expect(plainSpaces(result.stderr), argv.join(' ')).toContain('error: missing <draft-id> argument');
    }
  });

  it('refuses a --date that is not a real day (2026-02-30, « demain ») on queue, approve and publish', async () => {
    for (const argv of [
      ['queue', '--date', '2026-02-30'],
      ['approve', '--date', 'demain', '--by', 'julie'],
      ['approve', '--date', '2026-02-30', '--by', 'julie'],
      ['publish', '--date', 'demain', '--now', '--dry-run'],
    ]) {
      const result = await run(argv);
      expect(result.code, argv.join(' ')).toBe(2);
      expect(plainSpaces(result.stderr), argv.join(' ')).toMatch(
        /erreur : --date attend une vraie date écrite AAAA-MM-JJ/,
      );
      expect(result.stdout, argv.join(' ')).toBe('');
    }
  });

  it('refuses publish --date without --now rather than ignoring the date', async () => {
    const result = await run(['publish', '--date', '2026-05-14']);
    expect(result.code).toBe(2);
    expect(plainSpaces(result.stderr)).toContain('--date et --network s’utilisent avec --now');
    expect(statusOfD1()).toBe('awaiting_review');
  });

  it('takes --expect as queue and show print the hash (12 characters), and still refuses a changed draft', async () => {
    const [draft] = (JSON.parse((await run(['queue', '--json'])).stdout) as { drafts: { contentHash: string }[] })
      .drafts;
    const shown = draft!.contentHash.slice(0, 12);
    const edited = await run([
      'edit',
      'd1',
      '--post',
      '1',
      '--text',
      'Texte corrigé',
      '--by',
      'ana',
      '--expect',
      shown,
    ]);
    expect(edited.code, edited.stderr).toBe(0);
    const stale = await run(['approve', 'd1', '--by', 'julie', '--expect', shown]);
    expect(stale.code).toBe(2);
    expect(plainSpaces(stale.stderr)).toContain('a été modifié depuis que vous l’avez ouvert');
    const [current] = (JSON.parse((await run(['queue', '--json'])).stdout) as { drafts: { contentHash: string }[] })
      .drafts;
    const approved = await run(['approve', 'd1', '--by', 'julie', '--expect', current!.contentHash.slice(0, 12)]);
    expect(approved.code, approved.stderr).toBe(0);
    expect(statusOfD1()).toBe('approved');
  });

  it('reads a relative update file from the working directory of the invocation', async () => {
    copyFileSync(SAMPLE, join(dir.path, 'update.md'));
    const result = await run(['check', 'update.md', '--json']);
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ date: '2026-05-14' });
  });
});

describe('files and folders that are not what they should be', () => {
  it('refuses a password file that is missing or a folder, with exit code 2 and no stack trace', async () => {
    mkdirSync(join(dir.path, 'folder'));
    for (const file of ['nope.txt', 'folder']) {
      const result = await run(['user', 'add', 'Julie Roy', '--role', 'admin', '--password-file', file]);
      expect(result.code, file).toBe(2);
      expect(plainSpaces(result.stderr), file).toMatch(
        /erreur : --password-file .* : (fichier introuvable|c’est un dossier)/,
      );
      expect(plainSpaces(result.stderr), file).not.toMatch(STACK_LINE);
    }
  });

  it('says why a --text-file cannot be read in French, not just ENOENT', async () => {
    const result = await run(['edit', 'd1', '--post', '1', '--text-file', 'nope.txt', '--by', 'ana']);
    expect(result.code).toBe(2);
    expect(plainSpaces(result.stderr)).toMatch(/erreur : --text-file .*nope\.txt : fichier introuvable/);
  });

  it('refuses a configuration path that is a folder with exit code 2, naming it', async () => {
    const result = await run(['queue', '--config', '.']);
    expect(result.code).toBe(2);
    expect(plainSpaces(result.stderr)).toContain(`impossible de lire ${dir.path} : c’est un dossier, pas un fichier`);
    expect(plainSpaces(result.stderr)).not.toMatch(STACK_LINE);
  });

  it('reports a data directory that is a file as a failure naming it, without a stack trace', async () => {
    writeFileSync(join(dir.path, 'not-a-folder'), 'x');
    const stdout = new PassThrough();
    const stderr = new PassThrough();
    let err = '';
    stderr.on('data', (chunk: Buffer) => {
      err += chunk.toString();
    });
    const code = await main(['queue'], {
      stdout,
      stderr,
      env: { CRIEUR_CONFIG: join(dir.path, 'crieur.yaml'), CRIEUR_DATA_DIR: join(dir.path, 'not-a-folder') },
      cwd: dir.path,
    });
    expect(code).toBe(1);
    expect(plainSpaces(err)).toContain(`erreur : ${join(dir.path, 'not-a-folder')}`);
    expect(err).toContain('CRIEUR_DATA_DIR');
    expect(err).not.toMatch(STACK_LINE);
  });

  it('treats a typed file the system refuses as bad input, and other errors without a stack trace', async () => {
    const denied: Command = {
      name: 'lire',
      summary: 'test',
      usage: 'crieur lire <file>',
      options: {},
      async run() {
        throw Object.assign(new Error("EACCES: permission denied, open 'secret.md'"), {
          code: 'EACCES',
          syscall: 'open',
          path: 'secret.md',
        });
      },
    };
    const result = await run(['lire', 'secret.md'], { commands: [denied] });
    expect(result.code).toBe(2);
    expect(plainSpaces(result.stderr)).toContain(
      `erreur : ${join(dir.path, 'secret.md')} : accès refusé (permissions)`,
    );
    expect(plainSpaces(result.stderr)).not.toMatch(STACK_LINE);

    const bug: Command = { ...denied, name: 'bogue', run: async () => Promise.reject(new TypeError('x is undefined')) };
    const crashed = await run(['bogue'], { commands: [bug] });
    expect(crashed.code).toBe(1);
    expect(plainSpaces(crashed.stderr)).toContain('error: x is undefined');
    expect(plainSpaces(crashed.stderr)).toContain('erreur : erreur inattendue');
    expect(plainSpaces(crashed.stderr)).not.toMatch(STACK_LINE);
  });

  it('prompts for a password typed at a terminal and takes one line, instead of waiting for the end of input', async () => {
    const stdin = Object.assign(new PassThrough(), { isTTY: true, setRawMode: vi.fn() });
    const running = run(['user', 'add', 'Julie Roy', '--role', 'approbation'], { stdin });
    setTimeout(() => stdin.write('un mot de passe assez long\r'), 20);
    const result = await running;
    expect(result.code, result.stderr).toBe(0);
    expect(plainSpaces(result.stderr)).toContain('Mot de passe / Password');
    expect(plainSpaces(result.stderr)).not.toContain('un mot de passe assez long');
    expect(stdin.setRawMode).toHaveBeenLastCalledWith(false);
    const store = openStore(storePath(join(dir.path, 'data')));
    try {
      expect(getUser(store.db, 'Julie Roy')).toMatchObject({ role: 'approbation' });
    } finally {
      store.close();
    }
  }, 10_000);
});

describe('a command that says what to type instead', () => {
  it('takes --config before the command too, and names --config when its file is missing', async () => {
    const before = await run(['--config', join(dir.path, 'crieur.yaml'), 'queue', '--json']);
    expect(before.code, before.stderr).toBe(0);
    expect(JSON.parse(before.stdout).drafts).toHaveLength(1);
    const missing = await run(['queue', '--config', 'absent.yaml']);
    expect(missing.code).toBe(2);
    expect(plainSpaces(missing.stderr)).toContain(
      `erreur : configuration --config : fichier introuvable : ${join(dir.path, 'absent.yaml')}`,
    );
  });

  it('takes a value that begins with a dash (an authorisation code), and still names a missing value', async () => {
    const seen: CommandArgs['values'][] = [];
    const connect: Command = {
      name: 'relier',
      summary: 'test',
      usage: 'crieur relier --code CODE --state STATE',
      options: { code: { type: 'string' }, state: { type: 'string' }, json: { type: 'boolean' } },
      async run(args) {
        seen.push(args.values);
        return 0;
      },
    };
    const dashed = await run(['relier', '--code', '-Xy3_q', '--state', '--Ab', '--json'], { commands: [connect] });
    expect(dashed.code, dashed.stderr).toBe(0);
    expect(seen[0]).toMatchObject({ code: '-Xy3_q', state: '--Ab', json: true });
    const missing = await run(['relier', '--code', '--state', 'S'], { commands: [connect] });
    expect(missing.code).toBe(2);
    expect(plainSpaces(missing.stderr)).toContain('erreur : l’option --code attend une valeur');
    expect(seen).toHaveLength(1);
  });

  it('points an argument it does not take at the option that takes it', async () => {
    const date = await run(['queue', '2026-05-14']);
    expect(date.code).toBe(2);
    expect(plainSpaces(date.stderr)).toContain('une date se donne avec --date : crieur queue --date 2026-05-14');
    const none = await run(['correct', 'd1']);
    expect(none.code).toBe(2);
    expect(plainSpaces(none.stderr)).toContain('crieur correct ne prend pas d’argument, seulement des options');
    expect(none.stderr).not.toContain('guillemets');
  });

  it('names only the options that are missing, and lists the networks with the closest one', async () => {
    const missing = await run(['correct', '--date', '2026-05-14', '--by', 'julie']);
    expect(missing.code).toBe(2);
    expect(plainSpaces(missing.stderr)).toContain('erreur : --text-file est requis');
    const network = await run([
      'retract',
      '--date',
      '2026-05-14',
      '--by',
      'julie',
      '--reason',
      'x',
      '--network',
      'blueksy',
    ]);
    expect(network.code).toBe(2);
    expect(plainSpaces(network.stderr)).toContain(
      'réseau inconnu « blueksy » (vouliez-vous dire « bluesky » ?) ; attendu : x, bluesky, linkedin, facebook, site',
    );
  });

  it('says a folder it must make has the name of a file', () => {
    const error = Object.assign(new Error("EEXIST: file already exists, mkdir '/srv/sortie'"), {
      code: 'EEXIST',
      syscall: 'mkdir',
      path: '/srv/sortie',
    });
    const failure = describeFailure(error, { cwd: '/srv', given: ['sortie'] });
    expect(failure.exitCode).toBe(2);
    expect(failure.messageFr).toBe('/srv/sortie : existe déjà et n’est pas un dossier');
    expect(failure.message).toContain('a folder was expected');
  });
});
