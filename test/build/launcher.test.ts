import { spawnSync } from 'node:child_process';
import { cpSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
// @ts-expect-error: plain JavaScript run before anything is compiled, it has no types.
import { ensureBuilt } from '../../bin/build.js';
import { ROOT, removeAll, tinyProject } from './tiny-project.js';

const dirs: string[] = [];
afterEach(() => removeAll(dirs));

const PRINTS_COMMAND = `export function commandOf(argv: string[]): string {
  return argv[0] ?? 'help';
}
export async function main(argv: string[], io: { stdout: NodeJS.WritableStream }): Promise<number> {
  io.stdout.write(\`ran \${argv.join(' ')}\\n\`);
  return 0;
}
`;

/** Keeps ~24 MB of small objects alive, then prints the young generation's size in MiB. */
const PRINTS_YOUNG_GENERATION = `import v8 from 'node:v8';
export function commandOf(argv: string[]): string {
  return argv[0] ?? 'help';
}
export async function main(_argv: string[], io: { stdout: NodeJS.WritableStream }): Promise<number> {
  const kept: object[] = [];
  for (let i = 0; i < 300_000; i++) kept.push({ i, text: \`item \${i}\` });
  const young = v8.getHeapSpaceStatistics().find((space) => space.space_name === 'new_space');
  io.stdout.write(\`\${(young?.space_size ?? 0) / 2 ** 20} \${kept.length}\\n\`);
  return 0;
}
`;

/** A tiny project with crieur's launcher (bin/) and a command line (by default, one that prints its command). */
function project(main = PRINTS_COMMAND): string {
  const root = tinyProject({ 'src/cli/main.ts': main }, dirs);
  for (const file of ['crieur.js', 'build.js', 'load-bundle.js']) {
    cpSync(join(ROOT, 'bin', file), join(root, 'bin', file));
  }
  ensureBuilt(root, () => undefined);
  return root;
}

function run(root: string, args: string[], env: NodeJS.ProcessEnv = {}) {
  const result = spawnSync(process.execPath, [join(root, 'bin', 'crieur.js'), ...args], {
    encoding: 'utf8',
    env: { ...process.env, CRIEUR_V8_TIERS: '', CRIEUR_CODE_CACHE: '', CRIEUR_BUNDLE: '', ...env },
  });
  expect(result.stderr).toBe('');
  expect(result.status).toBe(0);
  return result.stdout;
}

const cacheDir = (root: string) => join(root, 'dist', '.code-cache');
const cacheFiles = (root: string) =>
  readdirSync(cacheDir(root))
    .map((name) => name.replace(/^[0-9a-f]{16}-/, ''))
    .sort();

describe('the launcher (bin/crieur.js)', () => {
  it("runs a one-update command on V8's first tiers, with a code cache of its own", () => {
    const root = project();
    expect(run(root, ['preview', 'a.md'])).toBe('ran preview a.md\n');
    expect(run(root, ['preview', 'a.md'], { CRIEUR_V8_TIERS: 'default' })).toBe('ran preview a.md\n');
    expect(run(root, ['queue'])).toBe('ran queue\n');
    expect(cacheFiles(root)).toEqual(['preview-default-tiers.bin', 'preview.bin', 'queue.bin']);

    // The next preview compiles from its cache (V8 accepts it: same flags), so leaves it as it is.
    const [quick] = readdirSync(cacheDir(root)).filter((name) => name.endsWith('-preview.bin'));
    const file = join(cacheDir(root), quick as string);
    const written = statSync(file).mtimeMs;
    run(root, ['preview', 'a.md']);
    expect(statSync(file).mtimeMs).toBe(written);
  });

  it("keeps a one-update command's young generation at its first size", () => {
    const root = project(PRINTS_YOUNG_GENERATION);
    const youngMiB = (args: string[], env: NodeJS.ProcessEnv = {}) => Number(run(root, args, env).split(' ')[0]);
    // V8 starts with 1 MiB semi-spaces and, by default, doubles them as objects survive.
    expect(youngMiB(['preview'])).toBeLessThanOrEqual(2);
    expect(youngMiB(['queue'])).toBeGreaterThan(2);
    expect(youngMiB(['preview'], { CRIEUR_V8_TIERS: 'default' })).toBeGreaterThan(2);
  });

  it('files the two tiers apart because V8 refuses code compiled under other flags', () => {
    const root = project();
    run(root, ['preview', 'a.md']);
    const [quick] = readdirSync(cacheDir(root)).filter((name) => name.endsWith('-preview.bin'));
    const quickCode = readFileSync(join(cacheDir(root), quick as string));
    // The quick tiers' code offered to a run on V8's defaults: refused, compiled again, replaced.
    const other = join(cacheDir(root), (quick as string).replace('-preview.bin', '-preview-default-tiers.bin'));
    writeFileSync(other, quickCode);
    run(root, ['preview', 'a.md'], { CRIEUR_V8_TIERS: 'default' });
    expect(readFileSync(other).equals(quickCode)).toBe(false);
  });
});
