import { describe, expect, it } from 'vitest';
import { planCards } from '../../src/cards/plan.js';
import { composeDrafts } from '../../src/compose/compose.js';
import { WHOLE_UPDATE_FORMATS } from '../../src/compose/formats.js';
import { siteText } from '../../src/compose/site-text.js';
import { UpdateFileError } from '../../src/errors.js';
import { parseUpdateText } from '../../src/update/parse.js';

const HEAD = '---\ndate: 2026-07-09\ntitle: Mise à jour quotidienne\nhashtags: [DSN]\n---\n\n';

const WITH_NOTES =
  `${HEAD}# Bilan <!-- titre provisoire -->\n\n` +
  '<!--\nNote interne : vérifier les chiffres\navec la DRSP avant 8 h 30.\n-->\n\n' +
  '- 1 250 appels reçus hier.<!-- chiffre préliminaire -->\n' +
  '- Les urgences<br>restent ouvertes.\n' +
  '- <!-- à compléter -->\n' +
  '- <b>Bravo</b> aux équipes de nuit.\n\n' +
  'Texte final.\n';

describe('raw HTML in an update', () => {
  it('never publishes a comment: not in the sections, the posts of any network or the page; each one is named in a warning with its line', () => {
    const update = parseUpdateText(WITH_NOTES, 'notes.md');
    const site = siteText(update);
    const posts = composeDrafts(
      update,
      {
        hashtags: [],
        numbering: 'n/N',
        maxThreadPosts: 25,
        formats: WHOLE_UPDATE_FORMATS,
        networks: ['x', 'bluesky', 'linkedin', 'facebook', 'site'],
      },
      planCards(update),
    ).flatMap((draft) => draft.posts.map((post) => post.text));
    for (const text of [site, ...posts, JSON.stringify(update.sections)]) {
      expect(text).not.toMatch(/provisoire|Note interne|DRSP|préliminaire|compléter|<!--|-->/u);
    }
    expect(update.sections.map((section) => section.heading)).toEqual(['Bilan']);
    expect(update.sections[0]?.bullets.map((bullet) => bullet.text)).toEqual([
      '1 250 appels reçus hier.',
      'Les urgences restent ouvertes.',
      'Bravo aux équipes de nuit.',
    ]);
    expect(update.sections[0]?.paragraphs).toEqual(['Texte final.']);
    expect(update.warnings?.map((warning) => [warning.line, warning.messageFr])).toEqual([
      [7, expect.stringContaining('«\u00A0titre provisoire\u00A0»')],
      [9, expect.stringContaining('«\u00A0Note interne : vérifier les chiffres avec la DRSP avant 8 h 30.\u00A0»')],
      [14, expect.stringContaining('«\u00A0chiffre préliminaire\u00A0»')],
      [16, expect.stringContaining('«\u00A0à compléter\u00A0»')],
    ]);
    expect(update.warnings?.[0]?.message).toBe(
      'notes.md:7: a comment (<!-- … -->) is left out of the posts and the page: "titre provisoire"',
    );
  });

  it('refuses a comment never closed, at its line, rather than leave out everything after it', () => {
    const text = `${HEAD}# Bilan\n\n- Un point.\n\n<!-- note jamais fermée\n\n- Deux points.\n`;
    const error = (() => {
      try {
        parseUpdateText(text, 'ouvert.md');
      } catch (caught) {
        return caught;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(UpdateFileError);
    expect((error as UpdateFileError).message).toContain('ouvert.md:11');
    expect((error as UpdateFileError).messageFr).toContain('n’est jamais fermé');
  });

  it('keeps an update without markup as it was: no warning, the same sections', () => {
    const plain = `${HEAD}# Bilan\n\n- 1 250 appels reçus hier.\n- Les urgences restent ouvertes.\n`;
    const update = parseUpdateText(plain, 'plain.md');
    expect(update.warnings).toBeUndefined();
    expect(update.sections[0]?.bullets.map((bullet) => bullet.text)).toEqual([
      '1 250 appels reçus hier.',
      'Les urgences restent ouvertes.',
    ]);
  });
});
