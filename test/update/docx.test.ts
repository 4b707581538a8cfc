import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import JSZip from 'jszip';
import { afterEach, describe, expect, it } from 'vitest';
import { UpdateFileError } from '../../src/errors.js';
import { parseUpdateFile } from '../../src/update/parse.js';
import { readUpdateFile } from '../../src/update/read-update.js';
import { contentShape, DOCX_DIR, flatBullets, SAMPLE_DOCX, SAMPLE_MD } from './intake-helpers.js';

let temp: string | undefined;
afterEach(() => {
  if (temp) rmSync(temp, { recursive: true, force: true });
  temp = undefined;
});

async function refusal(path: string): Promise<UpdateFileError> {
  const error = await readUpdateFile(path).then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(UpdateFileError);
  return error as UpdateFileError;
}

describe('Word documents made by an office suite', () => {
  it('the sample as a Word document reads exactly as the Markdown sample', async () => {
    const markdown = parseUpdateFile(SAMPLE_MD);
    const word = await readUpdateFile(SAMPLE_DOCX);
    expect([word.date, word.title, word.subtitle, word.link]).toEqual([
      markdown.date,
      markdown.title,
      markdown.subtitle,
      markdown.link,
    ]);
    expect(contentShape(word)).toEqual(contentShape(markdown));
    expect(word.intake).toEqual({ format: 'docx', warnings: [] });
    expect(readFileSync(join(DOCX_DIR, '2026-05-14-dsn.docx')).equals(readFileSync(SAMPLE_DOCX))).toBe(true);
  });

  it('numbered lists keep their numbers, nested bullets their levels, links their address, emoji stay', async () => {
    const update = await readUpdateFile(join(DOCX_DIR, 'listes-numerotees.docx'));
    expect([update.date, update.title, update.subtitle, update.link]).toEqual([
      '2026-06-02',
      'Mise à jour quotidienne',
      'Vaccination saisonnière 💉',
      'https://www.quebec.ca/sante/vaccination',
    ]);
    const [first, figures, next] = update.sections;
    expect(first?.bullets.map((bullet) => bullet.ordinal)).toEqual([1, 2, 3]);
    const second = first?.bullets[1];
    expect(second?.spans).toContainEqual({ kind: 'link', text: 'Clic Santé', url: 'https://portal3.clicsante.ca/' });
    expect(second?.children.map((child) => [child.ordinal, child.text])).toEqual([
      [undefined, 'Les personnes de 75 ans et plus ont la priorité.'],
      [undefined, 'Un soutien téléphonique reste offert :'],
    ]);
    expect(second?.children[1]?.children.map((child) => [child.ordinal, child.text])).toEqual([
      [1, 'au 1 877 644-4545 en semaine;'],
      [2, 'dans les pharmacies participantes.'],
    ]);
    expect(first?.bullets[2]?.text).toContain('🚐');
    expect(figures?.bullets[0]?.spans[0]).toEqual({ kind: 'strong', text: '12 480' });
    expect(update.figures.map((figure) => figure.value)).toEqual(expect.arrayContaining(['12 480', '96 %', '58']));
    expect(next?.bullets.map((bullet) => bullet.ordinal)).toEqual([1, 2]);
  });

  it('comments, footnotes, headers and footers, images and text boxes are left out, each with a warning', async () => {
    const update = await readUpdateFile(join(DOCX_DIR, 'commentaires-notes.docx'));
    expect(update.date).toBe('2026-05-14');
    const content = JSON.stringify(update.sections);
    for (const leftOut of ['Vérifier ce chiffre', 'tableau de bord interne', 'usage interne', 'Encadré', '[1]', '↑'])
      expect(content).not.toContain(leftOut);
    expect(flatBullets(update).map((bullet) => bullet.text)).toEqual([
      'Taux d’occupation moyen : 118 %',
      '42 civières occupées depuis plus de 48 heures.',
      'Les équipes de Granby et de Saint-Hyacinthe se relaient la nuit.',
      'Pour un problème non urgent, appelez d’abord Info-Santé 811.',
    ]);
    expect(update.intake?.warnings.map((warning) => warning.messageFr)).toEqual([
      '1 commentaire(s) ignoré(s)',
      '1 note(s) de bas de page ou de fin ignorée(s)',
      'en-têtes et pieds de page ignorés : « Santé Québec – usage interne », « Page 1 »',
      '1 image(s) ignorée(s) (crieur fait ses propres cartes)',
      '1 paragraphe(s) de zone de texte ignoré(s) : « Encadré : rappel interne, ne pas diffuser »',
    ]);
  });

  it('tracked changes not yet accepted refuse the document, saying what to do in Word', async () => {
    const error = await refusal(join(DOCX_DIR, 'modifications-suivies.docx'));
    expect(error.exitCode).toBe(2);
    expect(error.messageFr).toContain('modifications suivies non acceptées (1 insertion(s), 1 suppression(s)');
    expect(error.messageFr).toContain('Accepter toutes les modifications');
    expect(error.message).toContain('tracked changes');
  });

  it('the date only in the file name; renamed without it, the date the document was last saved', async () => {
    const named = await readUpdateFile(join(DOCX_DIR, '2026-06-03-bilan.docx'));
    expect([named.date, named.title, named.subtitle]).toEqual([
      '2026-06-03',
      'Bilan de la semaine',
      'Dossier santé numérique (DSN)',
    ]);
    temp = mkdtempSync(join(tmpdir(), 'crieur-docx-'));
    const unnamed = join(temp, 'bilan.docx');
    copyFileSync(join(DOCX_DIR, '2026-06-03-bilan.docx'), unnamed);
    const core = await (await JSZip.loadAsync(readFileSync(unnamed))).file('docProps/core.xml')!.async('string');
    const saved = /<dcterms:modified[^>]*>([^<]+)</.exec(core)![1]!;
    const local = new Intl.DateTimeFormat('en-CA', { timeZone: 'America/Toronto' }).format(new Date(saved));
    expect((await readUpdateFile(unnamed, { timeZone: 'America/Toronto' })).date).toBe(local);
  });

  it('a first two-column table gives the metadata and is not content', async () => {
    const update = await readUpdateFile(join(DOCX_DIR, 'tableau-en-tete.docx'));
    expect([update.date, update.title, update.subtitle, update.link, update.hashtags]).toEqual([
      '2026-06-04',
      'Point de presse régional',
      'Abitibi-Témiscamingue',
      'https://www.example.org/abitibi',
      ['AbitibiTémiscamingue', 'Santé'],
    ]);
    expect(update.sections.map((section) => section.heading)).toEqual(['Services rétablis à Rouyn-Noranda']);
    expect(JSON.stringify(update.sections)).not.toContain('mots-clics');
  });
});
