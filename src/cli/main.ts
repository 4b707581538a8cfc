import { parseArgs } from 'node:util';
import { loadConfig } from '../config/load.js';
import { CrieurError } from '../errors.js';
import type { CliIo, Command, CommandContext, CommandEntry } from './command.js';
import { COMMANDS } from './commands/index.js';

const GLOBAL_OPTIONS = {
  help: { type: 'boolean', short: 'h' },
  config: { type: 'string' },
} as const;

/** Runs one CLI invocation; returns the exit code. */
export async function main(
  argv: string[],
  io: CliIo,
  commands: readonly (Command | CommandEntry)[] = COMMANDS,
): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.stdout.write(overview(commands));
    return name === undefined ? 2 : 0;
  }
  if (name === '--version') {
    io.stdout.write('crieur 0.1.0\n');
    return 0;
  }
  const entry = commands.find((candidate) => candidate.name === name);
  if (!entry) {
    io.stderr.write(
      `error: unknown command "${name}"\nerreur : commande inconnue « ${name} »\n\n${overview(commands)}`,
    );
    return 2;
  }
  const command = 'load' in entry ? await entry.load() : entry;
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({
      args: rest,
      options: { ...command.options, ...GLOBAL_OPTIONS },
      allowPositionals: true,
      strict: true,
    });
  } catch (error) {
    io.stderr.write(`error: ${(error as Error).message}\nerreur : option invalide\n\n${help(command)}`);
    return 2;
  }
  if (parsed.values.help) {
    io.stdout.write(help(command));
    return 0;
  }
  const configPath = typeof parsed.values.config === 'string' ? parsed.values.config : undefined;
  const context: CommandContext = {
    io,
    loadConfig: () =>
      loadConfig({ ...(configPath === undefined ? {} : { path: configPath }), processEnv: io.env, cwd: io.cwd }),
  };
  try {
    return await command.run({ positionals: parsed.positionals, values: parsed.values }, context);
  } catch (error) {
    if (error instanceof CrieurError) {
      io.stderr.write(`erreur : ${error.messageFr}\nerror: ${error.message}\n`);
      return error.exitCode;
    }
    io.stderr.write(`error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    return 1;
  }
}

function overview(commands: readonly { name: string; summary: string }[]): string {
  const width = Math.max(...commands.map((command) => command.name.length));
  const lines = commands.map((command) => `  ${command.name.padEnd(width)}  ${command.summary}`);
  return `crieur: publishes an approved daily update on X, Bluesky, LinkedIn, Facebook and the website.\n\nUsage: crieur <command> [options]\n\nCommands:\n${lines.join('\n')}\n\nGlobal options:\n  --config FILE  configuration file (default: CRIEUR_CONFIG or the bundled config/crieur.yaml)\n  -h, --help     help for a command\n`;
}

function help(command: Command): string {
  const options = Object.entries(command.options).map(([name, option]) => {
    const value = option.type === 'string' ? ` ${name.toUpperCase()}` : '';
    return `  --${name}${value}`;
  });
  return `${command.summary}\n\nUsage: ${command.usage}\n${options.length > 0 ? `\nOptions:\n${options.join('\n')}\n` : ''}  --config FILE\n  -h, --help\n`;
}
