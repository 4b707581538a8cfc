import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { LoadedConfig } from '../config/load.js';
import { ConfigError, CrieurError } from '../errors.js';
import { frenchLine } from '../i18n/french-line.js';
import { parseDraftId } from '../queue/types.js';
import { closest } from '../util/closest.js';
import type { CliIo, Command, CommandContext, CommandEntry } from './command.js';
import { COMMANDS } from './commands/index.js';
import { describeFailure, systemReasonFr } from './failure.js';

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
  const [name, ...rest] = commandFirst(argv);
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
    const suggestion = closest(
      name,
      commands.map((candidate) => candidate.name),
    );
    io.stderr.write(
      `error: unknown command "${name}"${suggestion ? ` (did you mean "${suggestion}"?)` : ''}\n${frenchError(`commande inconnue « ${name} »${suggestion ? ` (vouliez-vous dire « ${suggestion} » ?)` : ''}`)}\n\n${overview(commands)}`,
    );
    return 2;
  }
  const command = 'load' in entry ? await entry.load() : entry;
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({
      args: dashValuesJoined(rest, { ...command.options, ...GLOBAL_OPTIONS }),
      options: { ...command.options, ...GLOBAL_OPTIONS },
      allowPositionals: true,
      strict: true,
    });
  } catch (error) {
    const { message, messageFr } = optionError(error as Error, command);
    io.stderr.write(`error: ${message}\n${frenchError(messageFr)}\n\n${help(command)}`);
    return 2;
  }
  if (parsed.values.help) {
    io.stdout.write(help(command));
    return 0;
  }
  const extra = command.maxPositionals === undefined ? [] : parsed.positionals.slice(command.maxPositionals);
  if (extra.length > 0) {
    const listed = extra.map((value) => `"${value}"`).join(', ');
    const listedFr = extra.map((value) => `« ${value} »`).join(', ');
    const hint = extraArgumentHint(extra[0] as string, command);
    io.stderr.write(
      `error: unexpected argument ${listed}; ${hint.message}\n${frenchError(`argument en trop : ${listedFr} ; ${hint.messageFr}`)}\n\n${help(command)}`,
    );
    return 2;
  }
  // Loaded only now: `--help` and a refused command never pay for the YAML parser and the schema.
  const { DEFAULT_CONFIG_PATH, loadConfig } = await import('../config/load.js');
  const configPath = typeof parsed.values.config === 'string' ? parsed.values.config : undefined;
  let loaded: LoadedConfig | undefined;
  const context: CommandContext = {
    io,
    loadConfig: () => {
      try {
        loaded = loadConfig({
          ...(configPath === undefined ? {} : { path: configPath }),
          processEnv: io.env,
          cwd: io.cwd,
        });
      } catch (error) {
        if (error instanceof CrieurError || typeof (error as NodeJS.ErrnoException).code !== 'string') throw error;
        // A configuration file that exists but cannot be read (a folder, no permission): bad input.
        const key = configPath === undefined ? 'CRIEUR_CONFIG' : '--config';
        const file = resolve(io.cwd, configPath ?? io.env.CRIEUR_CONFIG ?? DEFAULT_CONFIG_PATH);
        const { code } = error as NodeJS.ErrnoException;
        throw new ConfigError(
          key,
          `cannot read ${file}: ${(error as Error).message}`,
          `impossible de lire ${file} : ${systemReasonFr(code)}`,
        );
      }
      return loaded;
    },
  };
  try {
    return await command.run({ positionals: parsed.positionals, values: parsed.values }, context);
  } catch (error) {
    if (error instanceof CrieurError) {
      io.stderr.write(`${frenchError(error.messageFr)}\nerror: ${error.message}\n`);
      return error.exitCode;
    }
    // The file system, the network stack or SQLite: say what and where, never a stack trace.
    const given = [
      ...parsed.positionals,
      ...Object.values(parsed.values).filter((value): value is string => typeof value === 'string'),
      ...(io.env.CRIEUR_CONFIG ? [io.env.CRIEUR_CONFIG] : []),
    ];
    const failure = describeFailure(error, { cwd: io.cwd, given, ...(loaded ? { dataDir: loaded.dataDir } : {}) });
    io.stderr.write(`${frenchError(failure.messageFr)}\nerror: ${failure.message}\n`);
    if (failure.stack && /^(debug|trace)$/i.test(io.env.LOG_LEVEL ?? '')) io.stderr.write(`${failure.stack}\n`);
    return failure.exitCode;
  }
}

/**
 * Which command an invocation runs, as a name to keep its compiled code under (bin/load-bundle.js):
 * the command, `help` for the overview, `other` for anything else.
 */
export function commandOf(argv: readonly string[]): string {
  const [name] = commandFirst(argv);
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') return 'help';
  return COMMANDS.some((entry) => entry.name === name) ? name : 'other';
}

/**
 * `crieur --config FILE <command> …` as `crieur <command> --config FILE …`: the global option may
 * come before the command, as the overview lists it among the global options.
 */
function commandFirst(argv: readonly string[]): string[] {
  const [first, second, ...rest] = argv;
  if (first === '--config' && second !== undefined && rest.length > 0) {
    const [name, ...others] = rest;
    return [name as string, ...others, '--config', second];
  }
  if (first?.startsWith('--config=') && second !== undefined) return [second, ...rest, first];
  return [...argv];
}

/**
 * `--code -Xy3…` as `--code=-Xy3…`: an authorisation code, a verifier or a file name may begin with a
 * dash, which the argument parser would otherwise refuse as ambiguous. A value that is itself one of
 * the command's options (`--code --state S`) is left alone, so a missing value is still reported.
 */
function dashValuesJoined(args: readonly string[], options: Command['options']): string[] {
  const flags = new Set(['-h', ...Object.keys(options).map((name) => `--${name}`)]);
  const joined: string[] = [];
  for (let index = 0; index < args.length; index += 1) {
    const arg = args[index] as string;
    const next = args[index + 1];
    const name = arg.startsWith('--') && !arg.includes('=') ? arg.slice(2) : undefined;
    const takesValue = name !== undefined && options[name]?.type === 'string';
    if (takesValue && next?.startsWith('-') && !flags.has(next.split('=')[0] as string)) {
      joined.push(`${arg}=${next}`);
      index += 1;
    } else joined.push(arg);
  }
  return joined;
}

/** What to do instead of an argument the command does not take. */
function extraArgumentHint(value: string, command: Command): { message: string; messageFr: string } {
  if (/^\d{4}-\d{2}-\d{2}$/.test(value) && 'date' in command.options) {
    return {
      message: `a date goes with --date: crieur ${command.name} --date ${value}`,
      messageFr: `une date se donne avec --date : crieur ${command.name} --date ${value}`,
    };
  }
  if (command.maxPositionals === 0) {
    return {
      message: `crieur ${command.name} takes no argument, only options`,
      messageFr: `crieur ${command.name} ne prend pas d’argument, seulement des options`,
    };
  }
  if (parseDraftId(value) !== null) {
    return { message: 'one draft id at a time', messageFr: 'un seul numéro de brouillon à la fois' };
  }
  return {
    message: 'a text with spaces goes between quotes',
    messageFr: 'un texte qui contient des espaces se met entre guillemets',
  };
}

/** The French line of an error, as French typography wants it (no-break spaces before `:` `;` `?`…). */
function frenchError(messageFr: string): string {
  return frenchLine(`erreur : ${messageFr}`);
}

/** A bad option in both languages, naming it, with the closest known option when there is one. */
function optionError(error: Error, command: Command): { message: string; messageFr: string } {
  const option = /'(-{1,2}[^' =]+)/.exec(error.message)?.[1];
  const code = (error as NodeJS.ErrnoException).code;
  if (option !== undefined && code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
    const known = Object.keys({ ...command.options, ...GLOBAL_OPTIONS }).map((name) => `--${name}`);
    const suggestion = closest(option, known);
    return {
      message: `unknown option ${option}${suggestion ? ` (did you mean ${suggestion}?)` : ''}`,
      messageFr: `option inconnue : ${option}${suggestion ? ` (vouliez-vous dire ${suggestion} ?)` : ''}`,
    };
  }
  if (option !== undefined && code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
    const takesValue = /argument missing|ambiguous/.test(error.message);
    return {
      message: takesValue ? `option ${option} needs a value` : `option ${option} takes no value`,
      messageFr: takesValue ? `l’option ${option} attend une valeur` : `l’option ${option} ne prend pas de valeur`,
    };
  }
  return { message: error.message, messageFr: 'option invalide' };
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
