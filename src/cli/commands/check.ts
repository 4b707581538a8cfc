import { glyphWarnings } from '../../cards/glyph-warnings.js';
import { planCards } from '../../cards/plan.js';
import { mentionWarnings } from '../../compose/mentions.js';
import { UpdateFileError, type UpdateProblem } from '../../errors.js';
import { missingOnCards } from '../../render/card-glyphs.js';
import { readUpdateFile } from '../../update/read-update.js';
import type { Update } from '../../update/types.js';
import type { Command } from '../command.js';
import { requirePositional, typedPath } from './args.js';

export const command: Command = {
  name: 'check',
  summary: 'Parse and validate an update file; print its sections and key figures.',
  usage: 'crieur check <update-file> [--json]',
  options: { json: { type: 'boolean' } },
  maxPositionals: 1,
  async run(args, { io, loadConfig }) {
    const path = requirePositional(args, 0, 'update-file', 'fichier de mise à jour');
    let update: Update;
    try {
      update = await readUpdateFile(typedPath(io.cwd, path));
    } catch (error) {
      if (!args.values.json || !(error instanceof UpdateFileError)) throw error;
      // With --json, a refused file is a JSON answer too: every problem, each with its line.
      io.stdout.write(`${JSON.stringify(refusalJson(error), null, 2)}\n`);
      io.stderr.write(`erreur : ${error.messageFr}\nerror: ${error.message}\n`);
      return error.exitCode;
    }
    // The same warnings `preview` gives about characters the cards cannot draw.
    const glyphs = glyphWarnings(update, await missingOnCards(planCards(update)));
    if (glyphs.length > 0) update.warnings = [...(update.warnings ?? []), ...glyphs];
    // The same warnings `preview` gives about @handles that will be plain text on some network.
    const { config } = loadConfig();
    const mentions = mentionWarnings(update, config.accounts, config.networks);
    if (mentions.length > 0) update.warnings = [...(update.warnings ?? []), ...mentions];
    io.stdout.write(args.values.json ? `${JSON.stringify(acceptedJson(update), null, 2)}\n` : describeUpdate(update));
    for (const warning of update.intake?.warnings ?? []) {
      io.stderr.write(`avertissement : ${warning.messageFr}\nwarning: ${warning.message}\n`);
    }
    return 0;
  },
};

/**
 * The JSON of `crieur check --json` for a file that reads: the Update, with `ok: true`, `errors: []`
 * and `warnings` always present (later checks rely on it: extend, never rename).
 */
export function acceptedJson(update: Update) {
  return { ok: true as const, errors: [] as UpdateProblem[], ...update, warnings: update.warnings ?? [] };
}

/** The JSON of `crieur check --json` for a refused file: every problem, each with its line when known. */
export function refusalJson(error: UpdateFileError) {
  return {
    ok: false as const,
    file: error.file,
    errors: error.problems.map((problem) => ({
      ...(problem.line === undefined ? {} : { line: problem.line }),
      message: problem.message,
      messageFr: problem.messageFr,
    })),
    warnings: [] as UpdateProblem[],
  };
}

export function describeUpdate(update: Update): string {
  const lines = [`${update.title} (${update.date})${update.subtitle ? ` — ${update.subtitle}` : ''}`];
  if (update.hashtags.length > 0) lines.push(`Hashtags: ${update.hashtags.map((tag) => `#${tag}`).join(' ')}`);
  lines.push('');
  lines.push('Sections:');
  for (const section of update.sections) {
    const indent = '  '.repeat(section.level);
    lines.push(
      `${indent}${section.heading || '(lead)'}  [line ${section.line}, ${countBullets(section.bullets)} bullets]`,
    );
  }
  lines.push('', 'Key figures:');
  for (const [index, figure] of update.figures.entries()) {
    const total = figure.total ? ` / ${figure.total.value}` : '';
    const when = figure.refersTo ? ` (${figure.refersTo})` : '';
    const place = figure.place ? ` [${figure.place}]` : '';
    lines.push(`  ${index + 1}. ${figure.value}${total}  ${figure.label}${place}${when}`);
  }
  if (update.figures.length === 0) lines.push('  (none)');
  if (update.warnings?.length) {
    lines.push('', 'Warnings:');
    for (const warning of update.warnings) lines.push(`  ! ${warning.message}`, `    ${warning.messageFr}`);
  }
  return `${lines.join('\n')}\n`;
}

function countBullets(bullets: Update['sections'][number]['bullets']): number {
  return bullets.reduce((sum, bullet) => sum + 1 + countBullets(bullet.children), 0);
}
