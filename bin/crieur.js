#!/usr/bin/env node
// Entry point: runs the compiled JavaScript in dist/, compiling it first when the sources changed
// since the last build (a developer who edits src/ then runs crieur never runs stale code).
import module from 'node:module';
import { fileURLToPath } from 'node:url';
import v8 from 'node:v8';
import { BuildError, ensureBuilt } from './build.js';
import { loadBundle } from './load-bundle.js';

// Node 22.1 and later keep V8's compiled code between runs (a no-op on Node 20, which lacks it).
module.enableCompileCache?.();

try {
  ensureBuilt();
} catch (error) {
  process.stderr.write(
    error instanceof BuildError
      ? `crieur: ${error.message}\ncrieur : le code compilé est absent ou périmé et n’a pas pu être reconstruit\n`
      : `${error?.stack ?? error}\n`,
  );
  process.exit(1);
}
// Output piped into `head` and the like: a closed pipe ends the command quietly.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
  });
}
/**
 * Commands that read, compose and draw one update in a process of about a second. For them V8 keeps
 * to its first tiers, the interpreter and baseline code for JavaScript and Liftoff for Satori's
 * WebAssembly: its optimising compilers cost the sample's preview ~200 ms of CPU (user time ~1.2 s →
 * ~1.0 s without them) and ~60 ms of waiting, for code the command has nearly done with once it is
 * optimised. Their young generation also keeps its first size (1 MiB semi-spaces) instead of
 * doubling up to 16 MiB: memory touched for the first time costs a page fault per 4 KiB (~10 µs
 * each on a virtual machine), and growing it touched ~30 MiB of new pages. Scavenges are more
 * frequent but cheaper in all: the sample's preview has ~7 500 fewer page faults and takes ~110 ms
 * less (ten alternated runs each, on the project's 2-core machine). A regular expression is compiled
 * once, to machine code, instead of to bytecode first and to machine code after its first match
 * (V8's tier-up, for pages that run a pattern once): French typography, X's counting and Satori
 * compile a few hundred of them, with large Unicode classes and top-level domain lists: ~30–60 ms of
 * CPU less.
 * CRIEUR_V8_TIERS=default keeps V8's defaults (to compare), as every other command does:
 * `crieur run` lasts for days, `queue` or `audit --verify` may read years of history.
 */
const ONE_UPDATE_COMMANDS = new Set(['check', 'preview', 'draft', 'edit', 'rehearse']);
// The bundle (build.js), with the code compiled for this command on its first run (load-bundle.js);
// the compiled modules when dist/ has no bundle.
const ROOT = fileURLToPath(new URL('..', import.meta.url));
const argv = process.argv.slice(2);
const name = commandName(argv);
const oneUpdate = ONE_UPDATE_COMMANDS.has(name);
const defaultTiers = process.env.CRIEUR_V8_TIERS === 'default';
// Before anything is compiled. V8 refuses a code cache compiled under other flags: on V8's defaults,
// such a command keeps its compiled code apart.
if (oneUpdate && !defaultTiers)
  v8.setFlagsFromString('--no-opt --liftoff-only --semi-space-growth-factor=1 --no-regexp-tier-up');
const cacheName = oneUpdate && defaultTiers ? `${name}-default-tiers` : name;
// The overview (`crieur`, `--help`, `--version`) needs a handful of modules: fewer bytes to read
// than the bundle. CRIEUR_BUNDLE=off runs the compiled modules for every command, CRIEUR_CODE_CACHE=off
// the bundle without its cache (to compare start-up times, or to rule either out when something looks wrong).
const overview = name === 'help' || argv[0] === '--version';
const bundle =
  process.env.CRIEUR_BUNDLE === 'off' || overview
    ? undefined
    : loadBundle(ROOT, cacheName, { codeCache: process.env.CRIEUR_CODE_CACHE !== 'off' });
const { main } = bundle?.exports ?? (await import('../dist/src/cli/main.js'));
process.exitCode = await main(argv, {
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  cwd: process.cwd(),
});
// Kept for crieur's own commands only (not for every mistyped name).
if (bundle && bundle.exports.commandOf(argv) === name) bundle.keepCompiledCode();
// Everything written reaches the reader first: a large output (`queue --json` over years of
// history) into a slow pipe is still being written when the command returns.
await Promise.all(
  [process.stdout, process.stderr].map((stream) => new Promise((resolve) => stream.write('', resolve))),
);
// The command is over: a connection a client library left open (one that cannot be cancelled)
// must not keep the process alive. The timer does not itself hold the process up.
setTimeout(() => process.exit(), 2000).unref();

/** The command an invocation names, `--config FILE` aside (`help` for none, `--help` or `-h`). */
function commandName(args) {
  const [first, second, third] = args;
  const named = first === '--config' ? third : first?.startsWith('--config=') ? second : first;
  if (named === undefined || named === '--help' || named === '-h') return 'help';
  return /^[a-z][a-z-]{0,40}$/.test(named) ? named : 'other';
}
