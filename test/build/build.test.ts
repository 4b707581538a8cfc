import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
// @ts-expect-error: plain JavaScript run before anything is compiled, it has no types.
import { BuildError, ensureBuilt, isFresh } from '../../bin/build.js';
import { ROOT, removeAll, tinyProject } from './tiny-project.js';

const dirs: string[] = [];
afterEach(() => removeAll(dirs));

const project = (files: Record<string, string>, withCompiler = true) => tinyProject(files, dirs, withCompiler);

const silent = () => undefined;
const later = (root: string, file: string) => {
  const when = new Date(Date.now() + 5_000);
  utimesSync(join(root, file), when, when);
};

describe('the build into dist/', () => {
  it('compiles missing or stale sources, and only then', () => {
    const root = project({ 'src/greet.ts': "export const greeting: string = 'bonjour';\n" });
    const lines: string[] = [];
    expect(isFresh(root)).toBe(false);
    expect(ensureBuilt(root, (line: string) => lines.push(line))).toBe(true);
    expect(lines.join('\n')).toContain('compiling the TypeScript sources into dist/');
    expect(readFileSync(join(root, 'dist', 'src', 'greet.js'), 'utf8')).toContain("'bonjour'");
    expect(ensureBuilt(root, silent)).toBe(false);

    // An edited source is compiled before it runs.
    writeFileSync(join(root, 'src', 'greet.ts'), "export const greeting: string = 'salut';\n");
    later(root, 'src/greet.ts');
    expect(isFresh(root)).toBe(false);
    expect(ensureBuilt(root, silent)).toBe(true);
    expect(readFileSync(join(root, 'dist', 'src', 'greet.js'), 'utf8')).toContain("'salut'");

    // A removed source leaves nothing behind in dist/; an added one is compiled.
    rmSync(join(root, 'src', 'greet.ts'));
    writeFileSync(join(root, 'templates', 'card.ts'), 'export const width = 1200;\n');
    expect(ensureBuilt(root, silent)).toBe(true);
    expect(existsSync(join(root, 'dist', 'src', 'greet.js'))).toBe(false);
    expect(existsSync(join(root, 'dist', 'templates', 'card.js'))).toBe(true);
    // Test files are not shipped.
    writeFileSync(join(root, 'src', 'card.test.ts'), 'export {};\n');
    expect(isFresh(root)).toBe(true);
  });

  it('keeps the last good build when the sources do not compile, and says why', () => {
    const root = project({ 'src/greet.ts': "export const greeting: string = 'bonjour';\n" });
    ensureBuilt(root, silent);
    writeFileSync(join(root, 'src', 'greet.ts'), 'export const greeting: number = "bonjour";\n');
    later(root, 'src/greet.ts');
    expect(() => ensureBuilt(root, silent)).toThrow(BuildError);
    expect(() => ensureBuilt(root, silent)).toThrow(/src\/greet\.ts.*not assignable/s);
    expect(readFileSync(join(root, 'dist', 'src', 'greet.js'), 'utf8')).toContain("'bonjour'");
    expect(existsSync(join(root, 'dist.lock'))).toBe(false);
  });

  it('tells the operator what to run when there is no build and no compiler', () => {
    const root = project({ 'src/greet.ts': 'export const greeting = 1;\n' }, false);
    expect(() => ensureBuilt(root, silent)).toThrow(
      /TypeScript compiler \(a dev dependency\) is not installed: run `npm ci`/,
    );
  });
});

describe('crieur run from dist/', () => {
  it('finds the files shipped beside the code (default configuration, page assets) from the build', () => {
    ensureBuilt(ROOT, silent);
    const script =
      "const { DEFAULT_CONFIG_PATH } = await import('./dist/src/config/load.js');" +
      "const { shippedFile } = await import('./dist/src/shipped-files.js');" +
      "console.log(JSON.stringify([DEFAULT_CONFIG_PATH, shippedFile('src', 'web', 'assets', 'site.css')]));";
    const result = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd: ROOT, encoding: 'utf8' });
    expect(result.status, result.stderr).toBe(0);
    const [config, css] = JSON.parse(result.stdout) as [string, string];
    expect(config).toBe(join(ROOT, 'config', 'crieur.yaml'));
    expect(css).toBe(join(ROOT, 'src', 'web', 'assets', 'site.css'));
    expect(existsSync(config) && existsSync(css)).toBe(true);
  });

  it('runs the compiled command, with the TypeScript loader only a development dependency', () => {
    const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
      dependencies: Record<string, string>;
      devDependencies: Record<string, string>;
    };
    expect(Object.keys(manifest.dependencies)).not.toContain('tsx');
    expect(Object.keys(manifest.devDependencies)).toContain('tsx');
    expect(readFileSync(join(ROOT, 'bin', 'crieur.js'), 'utf8')).toContain("import('../dist/src/cli/main.js')");
    const result = spawnSync(process.execPath, ['bin/crieur.js', '--version'], { cwd: ROOT, encoding: 'utf8' });
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toBe('crieur 0.1.0\n');
  });
});
