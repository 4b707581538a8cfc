import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
// @ts-expect-error: plain JavaScript run before anything is compiled, it has no types.
import { BuildError, ensureBuilt } from '../../bin/build.js';
import { ROOT, removeAll, tinyProject } from './tiny-project.js';

const dirs: string[] = [];
afterEach(() => removeAll(dirs));

/** A tiny project with a command line (src/cli/main.ts) to bundle. */
const project = (main: string) => tinyProject({ 'src/cli/main.ts': main }, dirs);

const silent = () => undefined;

/**
 * Loads the bundle in a new process, as a command does (V8 keeps what it compiled for the life of
 * a process, so a second load in the same one would not read the cache at all). `then` names an
 * export to call and await.
 */
function load(root: string, command: string, then?: string, options: { codeCache?: boolean } = {}) {
  const script = `
    const { loadBundle } = await import(${JSON.stringify(pathToFileURL(join(ROOT, 'bin', 'load-bundle.js')).href)});
    const loaded = loadBundle(${JSON.stringify(root)}, ${JSON.stringify(command)}, ${JSON.stringify(options)});
    const called = ${then ? `await loaded.exports[${JSON.stringify(then)}]()` : 'undefined'};
    const kept = loaded.keepCompiledCode();
    const { where, parsed } = loaded.exports;
    console.log(JSON.stringify({ cached: loaded.cached, kept, where, parsed, called }));`;
  const result = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(result.stderr);
  return JSON.parse(result.stdout) as {
    cached: boolean;
    kept: number;
    where?: string;
    parsed?: string;
    called?: unknown;
  };
}
const cacheFiles = (root: string) => readdirSync(join(root, 'dist', '.code-cache')).sort();

const MAIN = `import { z } from 'zod';
export const where: string = import.meta.url;
export const parsed = z.object({ name: z.string() }).parse({ name: 'crieur' }).name;
export async function main(): Promise<number> {
  return 0;
}
`;

/** A command line whose `draw` export loads Satori on demand (from a module of its own, as crieur's renderer does). */
function drawingProject(): string {
  const root = project(`export async function main(): Promise<number> {
  return 0;
}
export async function draw(): Promise<string> {
  const { drawIt } = await import('./draw.js');
  return drawIt();
}
`);
  writeFileSync(
    join(root, 'src', 'cli', 'draw.ts'),
    `import satori from 'satori';
export const drawIt = (): string => typeof satori;
`,
  );
  return root;
}

describe('the bundled command line', () => {
  it('is one file that runs as the modules do, and keeps its compiled code per command', () => {
    const root = project(MAIN);
    ensureBuilt(root, silent);
    const stamp = JSON.parse(readFileSync(join(root, 'dist', '.sources.json'), 'utf8'));
    expect(stamp.bundle.file).toBe('src/crieur.cjs');
    expect(stamp.bundle.sha256).toMatch(/^[0-9a-f]{64}$/);

    const first = load(root, 'preview');
    // A module finds files from the bundle's place, dist/src/, as the compiled modules do.
    expect(first.where).toBe(pathToFileURL(join(root, 'dist', 'src', 'crieur.cjs')).href);
    expect(first).toMatchObject({ parsed: 'crieur', cached: false, kept: 1 });
    expect(cacheFiles(root)).toEqual([`${stamp.bundle.sha256.slice(0, 16)}-preview.bin`]);

    expect(load(root, 'preview')).toMatchObject({ parsed: 'crieur', cached: true, kept: 0 });
    // Another command has its own.
    expect(load(root, 'check')).toMatchObject({ cached: false, kept: 1 });
    expect(cacheFiles(root)).toHaveLength(2);
  });

  it('neither reads nor writes the cache when told not to (CRIEUR_CODE_CACHE=off)', () => {
    const root = project(MAIN);
    ensureBuilt(root, silent);
    expect(load(root, 'preview', undefined, { codeCache: false })).toMatchObject({
      parsed: 'crieur',
      cached: false,
      kept: 0,
    });
    expect(existsSync(join(root, 'dist', '.code-cache'))).toBe(false);
    load(root, 'preview');
    expect(load(root, 'preview', undefined, { codeCache: false })).toMatchObject({ cached: false, kept: 0 });
  });

  it('is written as its module function, and a bundle from an older build (wrapped at load) still runs', () => {
    const root = project(MAIN);
    ensureBuilt(root, silent);
    const stampFile = join(root, 'dist', '.sources.json');
    const stamp = JSON.parse(readFileSync(stampFile, 'utf8'));
    expect(stamp.bundle.wrapped).toBe(true);
    const file = join(root, 'dist', stamp.bundle.file);
    const wrapped = readFileSync(file, 'utf8');
    const head = '(function (exports, require, module, __filename, __dirname) { ';
    expect(wrapped.startsWith(head)).toBe(true);
    expect(wrapped.endsWith('\n});\n')).toBe(true);
    expect(load(root, 'preview')).toMatchObject({ parsed: 'crieur', cached: false, kept: 1 });

    // As an older build wrote it: the module's body alone, and a stamp that does not say `wrapped`.
    writeFileSync(file, wrapped.slice(head.length, -'\n});\n'.length));
    const { wrapped: _wrapped, ...older } = stamp.bundle;
    writeFileSync(stampFile, JSON.stringify({ ...stamp, bundle: { ...older, sha256: '0'.repeat(64) } }));
    expect(load(root, 'preview')).toMatchObject({ parsed: 'crieur', cached: false, kept: 1 });
    expect(load(root, 'preview')).toMatchObject({ parsed: 'crieur', cached: true, kept: 0 });
  });

  it('runs from source when its cache is damaged, and writes it again', () => {
    const root = project(MAIN);
    ensureBuilt(root, silent);
    load(root, 'preview');
    const [file] = cacheFiles(root);
    writeFileSync(join(root, 'dist', '.code-cache', file as string), 'not a code cache');
    expect(load(root, 'preview')).toMatchObject({ parsed: 'crieur', cached: false, kept: 1 });
    expect(load(root, 'preview')).toMatchObject({ parsed: 'crieur', cached: true });
  });

  it('never takes the cache of another build, even of the same length', () => {
    const root = project(MAIN);
    ensureBuilt(root, silent);
    load(root, 'preview');
    // Same length, other content: V8 alone would accept the old cache.
    writeFileSync(join(root, 'src', 'cli', 'main.ts'), MAIN.replace("'crieur'", "'CRIEUR'"));
    const when = new Date(Date.now() + 5_000);
    utimesSync(join(root, 'src', 'cli', 'main.ts'), when, when);
    expect(ensureBuilt(root, silent)).toBe(true);
    expect(load(root, 'preview')).toMatchObject({ parsed: 'CRIEUR', cached: false });
  });

  it('loads Satori, bundled apart, only when the command line asks for it', () => {
    const root = drawingProject();
    ensureBuilt(root, silent);
    const stamp = JSON.parse(readFileSync(join(root, 'dist', '.sources.json'), 'utf8'));
    expect(stamp.bundle.apart.satori.file).toBe('src/satori.cjs');
    // Satori's WebAssembly, base64 in its source, sits in files of its own beside the bundle.
    const satori = readFileSync(join(root, 'dist', 'src', 'satori.cjs'), 'utf8');
    expect(satori).not.toMatch(/[A-Za-z0-9+/]{100000}/);
    const blobs = readdirSync(join(root, 'dist', 'src')).filter((name) => /^satori-[0-9a-f]{16}\.b64$/.test(name));
    expect(blobs).toHaveLength(2);
    for (const blob of blobs) expect(satori).toContain(blob);
    expect([...stamp.bundle.apart.satori.blobs].sort()).toEqual(blobs.map((blob) => `src/${blob}`).sort());
    // The stamp's hash is the file's as written (the code cache is named by it).
    expect(stamp.bundle.apart.satori.sha256).toBe(createHash('sha256').update(satori).digest('hex'));
    load(root, 'check');
    expect(cacheFiles(root)).toEqual([`${stamp.bundle.sha256.slice(0, 16)}-check.bin`]);
    expect(load(root, 'preview', 'draw')).toMatchObject({ called: 'function', kept: 2 });
    expect(cacheFiles(root)).toContain(`${stamp.bundle.apart.satori.sha256.slice(0, 16)}-preview-satori.bin`);
    expect(load(root, 'preview', 'draw')).toMatchObject({ called: 'function', cached: true, kept: 0 });
  });

  it('is built again when a file it is made of was removed from dist/', () => {
    const root = drawingProject();
    expect(ensureBuilt(root, silent)).toBe(true);
    expect(ensureBuilt(root, silent)).toBe(false);
    const stamp = JSON.parse(readFileSync(join(root, 'dist', '.sources.json'), 'utf8'));
    for (const file of [stamp.bundle.file, stamp.bundle.apart.satori.file, ...stamp.bundle.apart.satori.blobs]) {
      rmSync(join(root, 'dist', file));
      expect(ensureBuilt(root, silent)).toBe(true);
      expect(existsSync(join(root, 'dist', file))).toBe(true);
    }
    expect(load(root, 'preview', 'draw')).toMatchObject({ called: 'function' });
  });

  it('refuses a bundle that would load a package with import() at run time', () => {
    const root = project(`export async function main(): Promise<number> {
  const { readFileSync } = await import('node:fs');
  return typeof readFileSync === 'function' ? 0 : 1;
}
`);
    expect(() => ensureBuilt(root, silent)).toThrow(BuildError);
    expect(() => ensureBuilt(root, silent)).toThrow(/would load node:fs with import\(\) at run time/);
    expect(existsSync(join(root, 'dist'))).toBe(false);
  });
});
