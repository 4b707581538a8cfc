#!/usr/bin/env node
// Compiles crieur's TypeScript (src/, adapters/, templates/) into dist/ with the project's own
// compiler, so a command starts without transpiling anything. `npm run build` and `npm ci`
// (through `prepare`) run this file; bin/crieur.js calls ensureBuilt() so that sources edited
// since the last build are compiled before they run, never silently skipped.
// The compiled command line is then bundled into one file, dist/src/crieur.cjs, with the pure
// JavaScript libraries it uses: a command reads one file instead of some 300 modules, and V8 can
// keep that file's compiled code between runs (bin/load-bundle.js).
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const SOURCE_DIRS = ['src', 'adapters', 'templates'];
const SOURCE_FILES = ['tsconfig.json', 'tsconfig.build.json'];
const STAMP = '.sources.json';
/** The bundle, in dist/src/ beside the modules it was made from (they find the repository's files the same way). */
const BUNDLE = 'src/crieur.cjs';
/**
 * Loaded from node_modules when used rather than bundled: native addons, libraries that load files
 * or threads of their own by path, and the network SDKs and the web server, which only some commands use.
 */
export const EXTERNAL_PACKAGES = [
  'sharp',
  'better-sqlite3',
  'pg',
  'pg-native',
  'libpq',
  '@node-rs/argon2',
  '@napi-rs/canvas',
  'pino',
  'fastify',
  '@fastify/*',
  'facebook-nodejs-business-sdk',
  '@atproto/api',
  'twitter-api-v2',
  'mammoth',
  'yauzl',
];
/**
 * Libraries bundled apart, each into its own file, loaded the first time the command line asks for
 * them (bin/load-bundle.js): Satori is a third of the code and only commands that draw cards use it.
 */
export const APART_PACKAGES = { satori: 'src/satori.cjs' };
const LOCK_WAIT_MS = 300_000;
/**
 * Each bundled file is written as the function Node would wrap a CommonJS module in, so the
 * loader compiles the file's text as it is (bin/load-bundle.js): wrapping it at run time joined two
 * strings that V8 then copied whole into new memory (3.5 MB for the command line) at every start.
 */
const WRAPPER = ['(function (exports, require, module, __filename, __dirname) { ', '\n});'];

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

/**
 * Whether dist/ was built from exactly the sources as they are now, and still holds every file the
 * build bundled (one removed since is built again, not met as a stack trace in the middle of a command).
 */
export function isFresh(root = ROOT, state = sourceState(root)) {
  try {
    const stamp = JSON.parse(readFileSync(join(root, 'dist', STAMP), 'utf8'));
    return (
      stamp.count === state.count &&
      stamp.newest === state.newest &&
      bundledFiles(stamp.bundle).every((file) => existsSync(join(root, 'dist', file)))
    );
  } catch {
    return false;
  }
}

/** The files of dist/ a build's bundle is made of (the stamp's `bundle`): none without a bundle. */
function bundledFiles(bundle) {
  if (!bundle) return [];
  return [bundle.file, ...Object.values(bundle.apart ?? {}).flatMap((part) => [part.file, ...(part.blobs ?? [])])];
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
  let bundle;
  try {
    bundle = bundleCommandLine(root, scratch);
  } catch (error) {
    rmSync(scratch, { recursive: true, force: true });
    throw error;
  }
  writeFileSync(join(scratch, STAMP), `${JSON.stringify({ ...state, ...(bundle ? { bundle } : {}) })}\n`);
  const old = join(root, `dist.old-${process.pid}`);
  if (existsSync(join(root, 'dist'))) renameSync(join(root, 'dist'), old);
  renameSync(scratch, join(root, 'dist'));
  rmSync(old, { recursive: true, force: true });
}

/**
 * Bundles the compiled command line (dist/src/cli/main.js and what it imports) into one CommonJS
 * file. Returns its path in dist/ and its SHA-256 (the code cache is kept per bundle), or nothing
 * for a project without a command line. Refuses a bundle that would still import a package at run
 * time with `import()`: the bundle runs as a script whose compiled code is cached, where `import()`
 * is not available.
 */
export function bundleCommandLine(root, dist) {
  const entry = join(dist, 'src', 'cli', 'main.js');
  if (!existsSync(entry)) return undefined;
  let esbuild;
  try {
    esbuild = createRequire(join(root, 'package.json'))('esbuild');
  } catch {
    throw new BuildError('the bundler esbuild (a dev dependency) is not installed: run `npm ci`, then `npm run build`');
  }
  const outfile = join(dist, BUNDLE);
  const common = {
    bundle: true,
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    // Smaller to read and to compile; crieur's names are kept, so a stack trace still names its functions.
    minify: true,
    keepNames: true,
    charset: 'ascii',
    legalComments: 'none',
    banner: { js: WRAPPER[0] },
    footer: { js: WRAPPER[1] },
    metafile: true,
    logLevel: 'silent',
  };
  const made = (file) => ({
    file,
    wrapped: true,
    sha256: createHash('sha256')
      .update(readFileSync(join(dist, file)))
      .digest('hex'),
  });
  const run = (what, options) => {
    let result;
    try {
      result = esbuild.buildSync({ ...common, ...options });
    } catch (error) {
      throw new BuildError(`bundling ${what} failed: ${error.message}`);
    }
    const dynamic = Object.values(result.metafile.outputs)
      .flatMap((output) => output.imports)
      .filter((imported) => imported.kind === 'dynamic-import' && imported.external)
      .map((imported) => imported.path);
    if (dynamic.length > 0) {
      throw new BuildError(
        `the bundle of ${what} would load ${[...new Set(dynamic)].join(', ')} with import() at run time: import it statically in a module loaded on demand, or leave it out of EXTERNAL_PACKAGES`,
      );
    }
  };
  run('the command line', {
    entryPoints: [entry],
    outfile,
    external: [...EXTERNAL_PACKAGES, ...Object.keys(APART_PACKAGES)],
    // Each module's own location is the bundle's: it sits in dist/src/, as shipped-files.js does.
    define: { 'import.meta.url': '__crieurModuleUrl' },
    banner: { js: `${WRAPPER[0]}const __crieurModuleUrl = require('node:url').pathToFileURL(__filename).href;` },
  });
  const apart = {};
  for (const [name, file] of Object.entries(APART_PACKAGES)) {
    // What `import x from '<name>'` gives an ES module: the package's default export.
    run(name, {
      stdin: {
        contents: `module.exports = require(${JSON.stringify(name)}).default;\n`,
        resolveDir: root,
        loader: 'js',
      },
      outfile: join(dist, file),
      external: EXTERNAL_PACKAGES,
      // A library's own names are not kept: keeping them wraps every function it creates, and
      // Satori creates two per glyph it draws (13 of the sample preview's 138 MB allocated, ~20 ms).
      keepNames: false,
    });
    const blobs = largeStringsApart(dist, file, name);
    apart[name] = { ...made(file), blobs };
  }
  return { ...made(BUNDLE), apart };
}

/**
 * Moves a bundle's very long base64 string literals into files of their own beside it, read when
 * the code that held them runs (same string); returns those files' paths in dist/. Satori carries
 * its two WebAssembly modules so (1.2 MB): inside the script, they were read, decoded and kept as
 * source text, and copied again from the code cache at every start.
 */
function largeStringsApart(dist, file, name) {
  const path = join(dist, file);
  const code = readFileSync(path, 'utf8');
  const blobs = [];
  const moved = code.replace(/"([A-Za-z0-9+/]{100000,}={0,2})"/g, (_literal, value) => {
    const blob = `${name}-${createHash('sha256').update(value).digest('hex').slice(0, 16)}.b64`;
    writeFileSync(join(dirname(path), blob), value);
    blobs.push(join(dirname(file), blob));
    return `require("node:fs").readFileSync(require("node:path").join(__dirname,${JSON.stringify(blob)}),"latin1")`;
  });
  if (moved !== code) writeFileSync(path, moved);
  return blobs;
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
