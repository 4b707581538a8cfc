import { spawn } from 'node:child_process';

/** Polls the owner process; once it is gone, runs the stop command and removes the cluster's directory. */
const WATCHDOG = `
const { spawnSync } = require('node:child_process');
const { rmSync } = require('node:fs');
const [owner, dir, command, ...args] = process.argv.slice(1);
setInterval(() => {
  try {
    process.kill(Number(owner), 0);
  } catch {
    spawnSync(command, args, { cwd: dir, stdio: 'ignore' });
    rmSync(dir, { recursive: true, force: true });
    process.exit(0);
  }
}, 500);
`;

/**
 * A detached process that stops the cluster if the process that started it dies without stopping it (an
 * interrupted test run), so no server is left running. Returns a function that dismisses the watchdog.
 */
export function watchOwner(dir: string, stopCommand: [string, string[]]): () => void {
  const [command, args] = stopCommand;
  const child = spawn(process.execPath, ['-e', WATCHDOG, String(process.pid), dir, command, ...args], {
    detached: true,
    stdio: 'ignore',
  });
  child.unref();
  return () => {
    child.kill();
  };
}
