import { CrieurError } from '../../errors.js';
import type { CommandArgs } from '../command.js';

/** The positional argument at `index`, or a refusal naming it (exit code 2). */
export function requirePositional(args: CommandArgs, index: number, name: string, nameFr: string): string {
  const value = args.positionals[index];
  if (value === undefined || value === '') {
    throw new CrieurError(`missing <${name}> argument`, `argument <${nameFr}> manquant`);
  }
  return value;
}

/** A string option's value, when given. */
export function stringOption(args: CommandArgs, name: string): string | undefined {
  const value = args.values[name];
  return typeof value === 'string' ? value : undefined;
}
