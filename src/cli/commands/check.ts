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
  async run(args, { io }) {
    const path = requirePositional(args, 0, 'update-file', 'fichier de mise à jour');
    const update = await readUpdateFile(typedPath(io.cwd, path));
    io.stdout.write(args.values.json ? `${JSON.stringify(update, null, 2)}\n` : describeUpdate(update));
    for (const warning of update.intake?.warnings ?? []) {
      io.stderr.write(`avertissement : ${warning.messageFr}\nwarning: ${warning.message}\n`);
    }
    return 0;
  },
};

export function describeUpdate(update: Update): string {
  const lines = [`${update.title} (${update.date})${update.subtitle ? ` — ${update.subtitle}` : ''}`, ''];
  lines.push('Sections:');
  for (const section of update.sections) {
    const indent = '  '.repeat(section.level);
    lines.push(
      `${indent}${section.heading || '(lead)'}  [line ${section.line}, ${countBullets(section.bullets)} bullets]`,
    );
  }
  lines.push('', 'Key figures:');
  for (const figure of update.figures) {
    const total = figure.total ? ` / ${figure.total.value}` : '';
    const when = figure.refersTo ? ` (${figure.refersTo})` : '';
    lines.push(`  ${figure.value}${total}  ${figure.label}${when}`);
  }
  if (update.figures.length === 0) lines.push('  (none)');
  return `${lines.join('\n')}\n`;
}

function countBullets(bullets: Update['sections'][number]['bullets']): number {
  return bullets.reduce((sum, bullet) => sum + 1 + countBullets(bullet.children), 0);
}
