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

/**
 * The text with French no-break spaces read as plain ones: for asserting what a message says; its
 * typography is asserted on its own (french-messages.test.ts).
 */
export function plainSpaces(text: string): string {
  return text.replace(/[\u00a0\u202f]/g, ' ');
}
