#!/usr/bin/env node
// Compiles crieur's TypeScript (src/, adapters/, templates/) into dist/ with the project's own
// compiler, so a command starts without transpiling anything. `npm run build` and `npm ci`
// (through `prepare`) run this file; bin/crieur.js calls ensureBuilt() so that sources edited
// since the last build are compiled before they run, never silently skipped.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const SOURCE_DIRS = ['src', 'adapters', 'templates'];
const SOURCE_FILES = ['tsconfig.json', 'tsconfig.build.json'];
const STAMP = '.sources.json';
const LOCK_WAIT_MS = 300_000;

/** Number of source files and the newest modification time: any edit, addition or removal changes it. */
export function sourceState(root = ROOT) {
  let count = 0;
  let newest = 0;
  const visit = (path) => {
    for (const entry of readdirSync(path, { withFileTypes: true })) {
      const child = join(path, entry.name);
      if (entry.isDirectory()) visit(child);
      else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts')) note(child);
    }
  };
  const note = (file) => {
    count += 1;
    newest = Math.max(newest, statSync(file).mtimeMs);
  };
  for (const dir of SOURCE_DIRS) visit(join(root, dir));
  for (const file of SOURCE_FILES) note(join(root, file));
  return { count, newest };
}

/** Whether dist/ was built from exactly the sources as they are now. */
export function isFresh(root = ROOT, state = sourceState(root)) {
  try {
    const stamp = JSON.parse(readFileSync(join(root, 'dist', STAMP), 'utf8'));
    return stamp.count === state.count && stamp.newest === state.newest;
  } catch {
    return false;
  }
}

export class BuildError extends Error {
  name = 'BuildError';
}

/** Builds dist/ when it is missing or older than the sources. Returns whether it built. */
export function ensureBuilt(root = ROOT, log = (line) => process.stderr.write(`${line}\n`)) {
  if (isFresh(root)) return false;
  return withLock(root, () => {
    // Another process may have built it while this one waited for the lock.
    const state = sourceState(root);
    if (isFresh(root, state)) return false;
    log('crieur: compiling the TypeScript sources into dist/ (missing or older than the sources)');
    build(root, state);
    return true;
  });
}

/** Compiles into a scratch directory, then swaps it in whole: dist/ is never half-written. */
export function build(root = ROOT, state = sourceState(root)) {
  let tsc;
  try {
    tsc = join(dirname(createRequire(join(root, 'package.json')).resolve('typescript/package.json')), 'bin', 'tsc');
  } catch {
    throw new BuildError(
      'dist/ is missing or older than the sources, and the TypeScript compiler (a dev dependency) is not installed: ' +
        'run `npm ci` then `npm run build`, and ship dist/ with the sources',
    );
  }
  const scratch = join(root, `dist.building-${process.pid}`);
  rmSync(scratch, { recursive: true, force: true });
  const result = spawnSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.build.json'), '--outDir', scratch], {
    cwd: root,
    encoding: 'utf8',
  });
  if (result.status !== 0) {
    rmSync(scratch, { recursive: true, force: true });
    throw new BuildError(`the TypeScript build failed (tsc exit ${result.status}):\n${result.stdout}${result.stderr}`);
  }
  writeFileSync(join(scratch, STAMP), `${JSON.stringify(state)}\n`);
  const old = join(root, `dist.old-${process.pid}`);
  if (existsSync(join(root, 'dist'))) renameSync(join(root, 'dist'), old);
  renameSync(scratch, join(root, 'dist'));
  rmSync(old, { recursive: true, force: true });
}

/** One build at a time (tests start many commands at once); a lock left by a killed build expires. */
function withLock(root, fn) {
  const lock = join(root, 'dist.lock');
  const started = Date.now();
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch (error) {
      if (error.code !== 'EEXIST') throw error;
      const age = Date.now() - (statSync(lock, { throwIfNoEntry: false })?.mtimeMs ?? Date.now());
      if (age > LOCK_WAIT_MS) rmSync(lock, { recursive: true, force: true });
      else if (Date.now() - started > LOCK_WAIT_MS) throw new BuildError(`${lock} is still held after 5 minutes`);
      else Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 100);
    }
  }
  try {
    return fn();
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  try {
    const start = performance.now();
    withLock(ROOT, () => build());
    console.log(`crieur: dist/ built in ${((performance.now() - start) / 1000).toFixed(1)} s`);
  } catch (error) {
    console.error(error instanceof BuildError ? `crieur: ${error.message}` : error);
    process.exitCode = 1;
  }
}
