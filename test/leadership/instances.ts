import { type ChildProcess, spawn } from 'node:child_process';
import { appendFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const CHILD_SCRIPT = fileURLToPath(new URL('./run-child.ts', import.meta.url));

/** One `crieur run` process of the two-instance tests (see run-child.ts). */
export interface RunInstance {
  name: string;
  child: ChildProcess;
  pid: number;
  /** Its operator log so far, one parsed pino line each. */
  readonly log: ReadonlyArray<{ msg: string; time: number } & Record<string, unknown>>;
  /** Resolves with the first log line whose message is `msg` (and matches `where`, if given). */
  logged(msg: string, where?: Record<string, unknown>, timeoutMs?: number): Promise<{ time: number }>;
  setClockOffset(offsetMs: number): void;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Starts `crieur run` on the data directory and test servers of `env`; its log is copied to `logPath`. */
export function startInstance(name: string, env: Record<string, string>, logPath: string): RunInstance {
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD_SCRIPT], {
    env: { ...process.env, ...env, LOG_LEVEL: 'info' },
    stdio: ['pipe', 'ignore', 'pipe'],
  });
  const log: Array<{ msg: string; time: number } & Record<string, unknown>> = [];
  let partial = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    const text = partial + chunk.toString('utf8');
    const lines = text.split('\n');
    partial = lines.pop() ?? '';
    for (const line of lines) {
      appendFileSync(logPath, `${name} ${line}\n`);
      try {
        log.push(JSON.parse(line));
      } catch {
        // Not a log line (a stack trace): kept in the file only.
      }
    }
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('close', (code, signal) => resolve({ code, signal })),
  );
  const matches = (line: (typeof log)[number], msg: string, where: Record<string, unknown>) =>
    line.msg === msg && Object.entries(where).every(([key, value]) => line[key] === value);
  return {
    name,
    child,
    pid: child.pid ?? -1,
    log,
    async logged(msg, where = {}, timeoutMs = 60_000) {
      const end = Date.now() + timeoutMs;
      for (;;) {
        const found = log.find((line) => matches(line, msg, where));
        if (found) return found;
        if (Date.now() > end || child.exitCode !== null) {
          throw new Error(`${name} did not log "${msg}" (see ${logPath}); last: ${JSON.stringify(log.slice(-3))}`);
        }
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    },
    setClockOffset(offsetMs) {
      child.stdin?.write(`${JSON.stringify({ clockOffsetMs: offsetMs })}\n`);
    },
    exited,
  };
}

/** Waits until `condition` holds, checking every 100 ms; throws after `timeoutMs`. */
export async function until(condition: () => boolean, what: string, timeoutMs = 60_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
