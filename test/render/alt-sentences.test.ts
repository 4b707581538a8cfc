import { describe, expect, it } from 'vitest';
import { altText } from '../../src/cards/alt-text.js';
import { planCards } from '../../src/cards/plan.js';
import type { CardSpec } from '../../src/cards/types.js';
import { parseUpdateFile, parseUpdateText } from '../../src/update/parse.js';

const file = (name: string) => new URL(`../update/files/${name}`, import.meta.url).pathname;
const plain = (text: string) => text.replace(/[\u00a0\u202f]/gu, ' ');

function keyFiguresAlt(update: ReturnType<typeof parseUpdateFile>, glossary?: Record<string, string>): string {
  const card = planCards(update, glossary ? { glossary } : {}).find(
    (spec): spec is CardSpec => spec.template === 'key-figures',
  );
  if (!card) throw new Error('no key-figures card');
  return plain(altText(card, 1000));
}

describe('alt text reads as sentences', () => {
  it('tells each figure in its bullet’s own words, without emoji, with its place', () => {
    const alt = keyFiguresAlt(parseUpdateFile(file('emoji-label.md')));
    expect(alt).toContain('74,88 % des accès sont effectués.');
    expect(alt).toContain('Laval : 92 % des rendez-vous confirmés.');
    expect(alt).not.toMatch(/\p{Extended_Pictographic}/u);
  });

  it('spells out an acronym of the glossary the first time only', () => {
    const update = parseUpdateText(
      '---\ndate: 2026-05-14\ntitle: Mise à jour quotidienne\n---\n\n# Déploiement\n\n- 22 460 utilisateurs se sont connectés au DSN, sur un total de 30 000.\n- 166 chirurgies documentées dans le DSN hier.\n',
      'glossaire.md',
    );
    const alt = keyFiguresAlt(update, { DSN: 'Dossier santé numérique' });
    expect(alt).toContain(
      '22 460 utilisateurs se sont connectés au Dossier santé numérique (DSN), sur un total de 30 000.',
    );
    expect(alt).toContain('166 chirurgies documentées dans le DSN hier.');
    expect(alt.match(/Dossier santé numérique/gu)).toHaveLength(1);
  });

  it('a figure given in the front matter, with no sentence, is told from its tile', () => {
    const update = parseUpdateText(
      '---\ndate: 2026-05-14\ntitle: Mise à jour quotidienne\nfigures:\n  - { value: "92 %", label: rendez-vous confirmés, place: Laval, refersTo: 13 mai 2026 }\n---\n\n# Déploiement\n\n- Tout va bien.\n',
      'front.md',
    );
    expect(keyFiguresAlt(update)).toContain('92 % rendez-vous confirmés, Laval (13 mai 2026).');
  });
});
