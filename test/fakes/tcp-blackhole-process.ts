import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

/**
 * The TCP proxy of tcp-blackhole.ts in a process of its own: for a test whose own process blocks
 * on the connection (libpq's synchronous calls), where a proxy in the same event loop would never
 * get to forward anything. `cut()`, `refuse()` and `restore()` are acknowledged before they return.
 */
export interface BlackholeProcess {
  port: number;
  cut(): Promise<void>;
  refuse(): Promise<void>;
  restore(): Promise<void>;
  close(): Promise<void>;
}

const CHILD = fileURLToPath(new URL('./tcp-blackhole-child.ts', import.meta.url));

export async function startBlackholeProcess(target: { host: string; port: number }): Promise<BlackholeProcess> {
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', CHILD, target.host, String(target.port)], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout! });
  const waiting: Array<(line: string) => void> = [];
  lines.on('line', (line) => waiting.shift()?.(line));
  const next = () => new Promise<string>((resolve) => waiting.push(resolve));
  const port = Number(await next());
  const ask = async (command: string) => {
    const answer = next();
    child.stdin!.write(`${command}\n`);
    await answer;
  };
  return {
    port,
    cut: () => ask('cut'),
    refuse: () => ask('refuse'),
    restore: () => ask('restore'),
    close: async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
  };
}
