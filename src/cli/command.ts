import type { ParseArgsConfig } from 'node:util';
import type { LoadedConfig } from '../config/load.js';

/** What a command may touch of the outside world; tests pass their own. */
export interface CliIo {
  /** Where a command reads typed input (a password); the process's stdin when absent. */
  stdin?: NodeJS.ReadableStream;
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  env: NodeJS.ProcessEnv;
  cwd: string;
}

export interface CommandArgs {
  positionals: string[];
  values: Record<string, string | boolean | (string | boolean)[] | undefined>;
}

export interface CommandContext {
  io: CliIo;
  /** Loads the configuration (`--config`, CRIEUR_CONFIG or the bundled default); throws ConfigError. */
  loadConfig(): LoadedConfig;
}

export interface Command {
  name: string;
  /** One line, English. */
  summary: string;
  /** Usage line(s) shown by `--help`, e.g. `crieur check <update-file> [--json]`. */
  usage: string;
  /** Options beyond the global `--help` and `--config`. */
  options: NonNullable<ParseArgsConfig['options']>;
  /** How many positional arguments the command takes at most; more are refused (a reason not quoted). */
  maxPositionals?: number;
  /** Returns the exit code: 0 ok, 1 failure (e.g. something did not publish), 2 refused / bad input. */
  run(args: CommandArgs, context: CommandContext): Promise<number>;
}

/** A command as the dispatcher lists it: loaded only when it runs. */
export interface CommandEntry {
  name: string;
  summary: string;
  load(): Promise<Command>;
}
