import { type ChildProcess, spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { fileURLToPath } from 'node:url';

const CHILD_SCRIPT = fileURLToPath(new URL('./publish-child.ts', import.meta.url));

export interface PublisherRun {
  child: ChildProcess;
  /** Exit code (null when killed) and signal. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string }>;
}

/** Starts `publish-child.ts` on `dataDir` with `env` (for the update of `date`, if given); its operator log goes to `logPath`. */
export function startPublisher(
  dataDir: string,
  env: Record<string, string>,
  logPath: string,
  date?: string,
): PublisherRun {
  const args = ['--import', 'tsx', CHILD_SCRIPT, dataDir, ...(date === undefined ? [] : [date])];
  const child = spawn(process.execPath, args, {
    env: { ...process.env, ...env, LOG_LEVEL: 'debug' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    stdout += chunk.toString('utf8');
  });
  child.stderr?.pipe(createWriteStream(logPath, { flags: 'a' }));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string }>((resolve) =>
    child.on('close', (code, signal) => resolve({ code, signal, stdout })),
  );
  return { child, exited };
}
