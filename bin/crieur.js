#!/usr/bin/env node
// Entry point: runs the compiled JavaScript in dist/, compiling it first when the sources changed
// since the last build (a developer who edits src/ then runs crieur never runs stale code).
import module from 'node:module';
import { BuildError, ensureBuilt } from './build.js';

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
const { main } = await import('../dist/src/cli/main.js');
process.exitCode = await main(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  cwd: process.cwd(),
});
// Everything written reaches the reader first: a large output (`queue --json` over years of
// history) into a slow pipe is still being written when the command returns.
await Promise.all(
  [process.stdout, process.stderr].map((stream) => new Promise((resolve) => stream.write('', resolve))),
);
// The command is over: a connection a client library left open (one that cannot be cancelled)
// must not keep the process alive. The timer does not itself hold the process up.
setTimeout(() => process.exit(), 2000).unref();
