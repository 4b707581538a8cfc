import { PassThrough } from 'node:stream';
import type { Command, CommandEntry } from '../../src/cli/command.js';
import { main } from '../../src/cli/main.js';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the CLI in this process as a terminal would, and returns its exit code and what it printed. */
export async function runCli(
  argv: string[],
  io: { env: NodeJS.ProcessEnv; cwd: string; stdin?: NodeJS.ReadableStream },
  commands?: readonly (Command | CommandEntry)[],
): Promise<CliRun> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (chunk: Buffer) => {
    out += chunk.toString();
  });
  stderr.on('data', (chunk: Buffer) => {
    err += chunk.toString();
  });
  const code = await main(argv, { ...io, stdout, stderr }, ...(commands ? [commands] : []));
  return { code, stdout: out, stderr: err };
}
