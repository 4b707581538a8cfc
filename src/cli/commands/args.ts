import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { CrieurError } from '../../errors.js';
import type { QueueContext } from '../../queue/context.js';
import { findDraft } from '../../queue/read.js';
import { refused, requireDraftId } from '../../queue/refusals.js';
import { closest } from '../../util/closest.js';
import type { CommandArgs } from '../command.js';

/** The positional argument at `index`, or a refusal naming it (exit code 2). */
export function requirePositional(args: CommandArgs, index: number, name: string, nameFr: string): string {
  const value = args.positionals[index];
  if (value === undefined || value === '') {
    throw new CrieurError(`missing <${name}> argument`, `argument <${nameFr}> manquant`);
  }
  return value;
}

/** The draft id given first (`d12`): "missing" when absent, "not a draft id" when malformed. */
export function requireDraftIdArgument(args: CommandArgs): number {
  return requireDraftId(requirePositional(args, 0, 'draft-id', 'numéro de brouillon'));
}

/** A string option's value, when given. */
export function stringOption(args: CommandArgs, name: string): string | undefined {
  const value = args.values[name];
  return typeof value === 'string' ? value : undefined;
}

/** Refuses, naming each one, when options the command needs are missing (exit code 2). */
export function requireOptions(args: CommandArgs, names: readonly string[]): void {
  const missing = names.filter((name) => stringOption(args, name) === undefined).map((name) => `--${name}`);
  if (missing.length === 0) return;
  const many = missing.length > 1;
  throw refused(
    `${missing.join(' and ')} ${many ? 'are' : 'is'} required`,
    `${missing.join(' et ')} ${many ? 'sont requis' : 'est requis'}`,
  );
}

/** A `--network` option, when given: one of `allowed`, or a refusal listing them (exit code 2). */
export function networkOption<T extends string>(args: CommandArgs, allowed: readonly T[]): T | undefined {
  const value = stringOption(args, 'network');
  if (value === undefined || (allowed as readonly string[]).includes(value)) return value as T | undefined;
  const suggestion = closest(value, allowed);
  throw refused(
    `unknown network "${value}"${suggestion ? ` (did you mean "${suggestion}"?)` : ''}; expected ${allowed.join(', ')}`,
    `réseau inconnu « ${value} »${suggestion ? ` (vouliez-vous dire « ${suggestion} » ?)` : ''} ; attendu : ${allowed.join(', ')}`,
  );
}

/** A `--date` option, when given: a real calendar day written YYYY-MM-DD, or a refusal (exit code 2). */
export function dateOption(args: CommandArgs, name = 'date'): string | undefined {
  const value = stringOption(args, name);
  if (value === undefined || isCalendarDate(value)) return value;
  throw refused(
    `--${name} expects a real date written YYYY-MM-DD, like 2026-05-14, got "${value}"`,
    `--${name} attend une vraie date écrite AAAA-MM-JJ, comme 2026-05-14, reçu « ${value} »`,
  );
}

function isCalendarDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value);
}

/** A text file named by an option (relative to the working directory), or a refusal saying why. */
export function readTextFile(cwd: string, file: string, option: string): string {
  const path = resolve(cwd, file);
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why =
      code === 'ENOENT'
        ? ['file not found', 'fichier introuvable']
        : code === 'EISDIR'
          ? ['this is a folder, not a file', 'c’est un dossier, pas un fichier']
          : code === 'EACCES' || code === 'EPERM'
            ? ['permission denied', 'accès refusé (permissions)']
            : [(error as Error).message, code ?? 'erreur de lecture'];
    throw refused(`${option} ${path}: ${why[0]}`, `${option} ${path} : ${why[1]}`);
  }
}

/**
 * A file path typed by the person, read from the working directory of the invocation: kept as typed
 * (so messages show it as typed) when that is the process's own working directory.
 */
export function typedPath(cwd: string, path: string): string {
  return resolve(cwd, path) === resolve(path) ? path : resolve(cwd, path);
}

/**
 * `--expect HASH` as `queue` and `show` print it (the first 12 characters) or in full: a prefix of the
 * draft's current content hash stands for that hash. The queue still refuses if the draft changes
 * before the approval or edit is written.
 */
export function expectedHash(context: QueueContext, draftId: number, expected: string | undefined): string | undefined {
  if (expected === undefined || !/^[0-9a-f]{12,63}$/.test(expected)) return expected;
  const current = findDraft(context, draftId)?.contentHash;
  return current?.startsWith(expected) ? current : expected;
}
