import { basename } from 'node:path';
import type { Section, UpdateWarning } from './types.js';

/**
 * Sections with nothing under them (a heading, then the next heading of the same or a higher level,
 * or the end), left out so that no heading stands alone in a post or on the page; each one named in
 * a warning. A heading whose sub-sections are all empty is empty too.
 */
export function withoutEmptySections(
  sections: Section[],
  path: string,
): { sections: Section[]; warnings: UpdateWarning[] } {
  const empty = new Set<number>();
  for (let i = sections.length - 1; i >= 0; i--) {
    const section = sections[i]!;
    if (section.bullets.length > 0 || section.paragraphs.length > 0) continue;
    let allEmpty = true;
    for (let j = i + 1; j < sections.length && sections[j]!.level > section.level; j++) {
      if (!empty.has(j)) allEmpty = false;
    }
    if (allEmpty) empty.add(i);
  }
  const file = basename(path);
  const warnings = sections
    .filter((section, i) => empty.has(i) && section.heading.trim() !== '')
    .map((section) => emptySectionWarning(file, section));
  return { sections: sections.filter((_, i) => !empty.has(i)), warnings };
}

function emptySectionWarning(file: string, section: Section): UpdateWarning {
  const heading = section.heading.trim();
  const known = section.line > 0;
  return {
    ...(known ? { line: section.line } : {}),
    message: `${known ? `${file}:${section.line}` : file}: the section "${heading}" is empty: its heading is left out of the posts and the page`,
    messageFr: `${known ? `${file}, ligne ${section.line}` : file}\u00A0: la section «\u00A0${heading}\u00A0» est vide\u00A0: son titre est retiré des publications et de la page`,
  };
}
