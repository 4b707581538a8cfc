import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';

/** Timings of one measure: the first run (cold) apart, the median of the others (warm). */
export interface Timings {
  cold: number;
  warm: number;
  runs: number;
}

export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

/** Runs `fn` `runs` times (the first one being the cold run) and returns the milliseconds. */
export async function time(runs: number, fn: () => unknown | Promise<unknown>): Promise<Timings> {
  const elapsed: number[] = [];
  for (let run = 0; run < runs; run++) {
    const start = performance.now();
    await fn();
    elapsed.push(performance.now() - start);
  }
  return { cold: elapsed[0] ?? Number.NaN, warm: median(elapsed.slice(1)), runs };
}

/**
 * Runs `fn` and returns the longest time, in milliseconds, this process's event loop was held
 * meanwhile: how long any other request, timer or publication had to wait for it at worst.
 */
export async function longestStall(fn: () => unknown | Promise<unknown>): Promise<number> {
  const delays = monitorEventLoopDelay({ resolution: 1 });
  delays.enable();
  try {
    // The monitor counts from its timer's first run: a stall before it would go unnoticed.
    await sleep(5);
    await fn();
    // The monitor's timer notes a stall when it runs late: once more after `fn`, so a stall at its end counts.
    await sleep(5);
  } finally {
    delays.disable();
  }
  return delays.max / 1e6;
}

export interface ProcessResult {
  code: number | null;
  stdout: string;
  stderr: string;
  ms: number;
  /** User + system CPU time and peak resident memory, when /usr/bin/time is there to tell. */
  usage?: { cpuMs: number; maxRssMiB: number };
}

const GNU_TIME = '/usr/bin/time';

/** A command run to its end, timed from spawn to exit. */
export async function runProcess(
  command: string,
  args: readonly string[],
  options: { env: NodeJS.ProcessEnv; cwd: string },
): Promise<ProcessResult> {
  if (!existsSync(GNU_TIME)) return spawnTimed(command, args, options);
  const dir = mkdtempSync(join(tmpdir(), 'crieur-bench-time-'));
  try {
    const file = join(dir, 'usage');
    const result = await spawnTimed(GNU_TIME, ['-f', '%U %S %M', '-o', file, command, ...args], options);
    const [user, system, maxRssKiB] =
      readFileSync(file, 'utf8').trim().split('\n').at(-1)?.split(' ').map(Number) ?? [];
    if (user === undefined || system === undefined || maxRssKiB === undefined) return result;
    return { ...result, usage: { cpuMs: (user + system) * 1000, maxRssMiB: maxRssKiB / 1024 } };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function spawnTimed(command: string, args: readonly string[], options: { env: NodeJS.ProcessEnv; cwd: string }) {
  return new Promise<ProcessResult>((resolve, reject) => {
    const start = performance.now();
    const child = spawn(command, args, { env: options.env, cwd: options.cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
    child.on('error', reject);
    child.on('close', (code) =>
      resolve({
        code,
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8'),
        ms: performance.now() - start,
      }),
    );
  });
}

/** Resident memory of a process, in MiB: now (VmRSS) and its peak so far (VmHWM). */
export interface Memory {
  rss: number;
  hwm: number;
}

export function readMemory(pid: number): Memory | null {
  let status: string;
  try {
    status = readFileSync(`/proc/${pid}/status`, 'utf8');
  } catch {
    return null;
  }
  const field = (name: string) =>
    Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? Number.NaN) / 1024;
  return { rss: field('VmRSS'), hwm: field('VmHWM') };
}

/** Samples a process's memory every `everyMs` until stopped; keeps the highest VmRSS seen. */
export function sampleMemory(pid: number, everyMs: number) {
  let maxRss = 0;
  let last: Memory | null = null;
  const take = () => {
    const memory = readMemory(pid);
    if (memory === null) return;
    last = memory;
    if (memory.rss > maxRss) maxRss = memory.rss;
  };
  take();
  const timer = setInterval(take, everyMs);
  return {
    stop(): { maxRss: number; last: Memory | null } {
      clearInterval(timer);
      take();
      return { maxRss, last };
    },
  };
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `check` until it returns a value, or throws after `timeoutMs`. */
export async function waitFor<T>(what: string, timeoutMs: number, check: () => T | undefined | null): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = check();
    if (value !== undefined && value !== null) return value;
    if (Date.now() > until) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(100);
  }
}
