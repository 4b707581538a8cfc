import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { flagLetters } from '../render/flags.js';
import type { Update, UpdateWarning } from '../update/types.js';

const describe = (char: string) =>
  [...char].map((c) => `U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`).join(' ');
const isFlag = (char: string) => /^\p{Regional_Indicator}{2}$/u.test(char);

/**
 * Warnings for characters the cards cannot draw, one per update line holding them: a flag is
 * drawn as its letters, anything else is left out of the card; posts keep the text as written.
 */
export function glyphWarnings(update: Update, characters: readonly string[]): UpdateWarning[] {
  if (characters.length === 0) return [];
  const lines = sourceLines(update);
  const file = basename(update.source.path);
  const warnings: UpdateWarning[] = [];
  const located = new Set<string>();
  lines.forEach((text, index) => {
    const here = characters.filter((char) => text.includes(char));
    if (here.length === 0) return;
    for (const char of here) located.add(char);
    warnings.push(warning(file, index + 1, here));
  });
  const elsewhere = characters.filter((char) => !located.has(char));
  if (elsewhere.length > 0) warnings.push(warning(file, undefined, elsewhere));
  return warnings;
}

function warning(file: string, line: number | undefined, chars: string[]): UpdateWarning {
  const where = line === undefined ? file : `${file}:${line}`;
  const whereFr = line === undefined ? file : `${file}, ligne ${line}`;
  const en = chars.map(
    (c) => `"${c}" (${describe(c)}) ${isFlag(c) ? `is drawn as "${flagLetters(c)}"` : 'is left out'} on the cards`,
  );
  const fr = chars.map(
    (c) =>
      `« ${c} » (${describe(c)}) ${isFlag(c) ? `est remplacé par « ${flagLetters(c)} »` : 'est omis'} sur les cartes`,
  );
  return {
    ...(line === undefined ? {} : { line }),
    message: `${where}: ${en.join(', ')} (no card font can draw ${chars.length > 1 ? 'them' : 'it'}); the posts keep ${chars.length > 1 ? 'them' : 'it'} as written`,
    messageFr:
      `${whereFr} : ${fr.join(', ')} (aucune police ne peut ${chars.length > 1 ? 'les' : 'le'} dessiner) ; les publications ${chars.length > 1 ? 'les' : 'le'} gardent tels quels`.replace(
        /le gardent tels quels/,
        'le gardent tel quel',
      ),
  };
}

/** The update file's lines; when the file cannot be read again, the lines its headings and bullets came from. */
function sourceLines(update: Update): string[] {
  try {
    return readFileSync(update.source.path, 'utf8').replace(/\r\n?/g, '\n').split('\n');
  } catch {
    const lines: string[] = [];
    const put = (line: number, text: string) => {
      if (line > 0) lines[line - 1] = `${lines[line - 1] ?? ''} ${text}`;
    };
    for (const section of update.sections) {
      put(section.line, section.heading);
      const walk = (bullets: Update['sections'][number]['bullets']) => {
        for (const bullet of bullets) {
          put(bullet.line, bullet.text);
          walk(bullet.children);
        }
      };
      walk(section.bullets);
    }
    lines.unshift(`${update.title} ${update.subtitle ?? ''}`);
    return Array.from(lines, (line) => line ?? '');
  }
}
