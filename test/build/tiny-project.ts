import { cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

export const ROOT = resolve(import.meta.dirname, '..', '..');

/**
 * A tiny project laid out like crieur, built by crieur's own compiler, bundler and build settings
 * (node_modules linked in unless `withCompiler` is false). Its directory is added to `made`, for the
 * caller to remove.
 */
export function tinyProject(files: Record<string, string>, made: string[], withCompiler = true): string {
  const root = mkdtempSync(join(tmpdir(), 'crieur-build-'));
  made.push(root);
  for (const dir of ['src', 'adapters', 'templates']) mkdirSync(join(root, dir));
  cpSync(join(ROOT, 'tsconfig.json'), join(root, 'tsconfig.json'));
  cpSync(join(ROOT, 'tsconfig.build.json'), join(root, 'tsconfig.build.json'));
  writeFileSync(join(root, 'package.json'), '{ "name": "tiny", "type": "module", "private": true }\n');
  if (withCompiler) symlinkSync(join(ROOT, 'node_modules'), join(root, 'node_modules'), 'dir');
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, name)), { recursive: true });
    writeFileSync(join(root, name), text);
  }
  return root;
}

export function removeAll(made: string[]): void {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
}
