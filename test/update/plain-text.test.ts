import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { UpdateFileError } from '../../src/errors.js';
import { parseUpdateFile } from '../../src/update/parse.js';
import { parsePlainText } from '../../src/update/plain-text.js';
import { readUpdateFile } from '../../src/update/read-update.js';
import { figureShape, flatBullets, SAMPLE_MD, TEXT_DIR } from './intake-helpers.js';

const SEED = join(TEXT_DIR, 'mise-a-jour-dsn-2026-05-14.txt');

/** Headings compared as a reader sees them: a spaced hyphen and an en dash alike, case aside. */
const same = (text: string) =>
  text
    .replace(/[ \u00A0]+[-–—][ \u00A0]+/gu, ' – ')
    .replace(/\s+/g, ' ')
    .trim()
    .toLowerCase();

async function refusal(path: string): Promise<UpdateFileError> {
  const error = await readUpdateFile(path).then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(UpdateFileError);
  return error as UpdateFileError;
}

let temp: string | undefined;
afterEach(() => {
  if (temp) rmSync(temp, { recursive: true, force: true });
  temp = undefined;
});

describe('the original document as received (plain text)', () => {
  it('gives the Markdown sample’s date, title, subtitle, every section and bullet, and the same key figures', async () => {
    const markdown = parseUpdateFile(SAMPLE_MD);
    const text = await readUpdateFile(SEED);
    expect([text.date, text.title, text.subtitle]).toEqual([markdown.date, markdown.title, markdown.subtitle]);

    const headings = text.sections.map((section) => same(section.heading));
    for (const section of markdown.sections) expect(headings).toContain(same(section.heading));
    // Each Markdown section keeps its level and its bullets, in order, in the section of the same heading.
    for (const section of markdown.sections) {
      const found = text.sections.find((candidate) => same(candidate.heading) === same(section.heading))!;
      expect(found.level).toBe(section.level);
      const written = [...found.paragraphs, ...flatBullets({ ...text, sections: [found] }).map((b) => b.text)];
      for (const bullet of flatBullets({ ...markdown, sections: [section] })) expect(written).toContain(bullet.text);
    }
    const nested = (update: typeof text) =>
      flatBullets(update)
        .filter((bullet) => bullet.children.length > 0)
        .map((bullet) => [bullet.text, bullet.children.map((child) => child.text)]);
    expect(nested(text)).toEqual(nested(markdown));
    const bold = (update: typeof text) =>
      flatBullets(update).flatMap((bullet) => bullet.spans.filter((span) => span.kind !== 'text'));
    expect(bold(text)).toEqual(bold(markdown));

    const figures = (update: typeof text) =>
      update.figures.map((figure) => ({ ...figureShape(figure), section: same(figure.section ?? '') }));
    expect(figures(text)).toEqual(figures(markdown));
  });

  it('drops the logo’s leftover words at the end with a warning naming them, and keeps links without address as text', async () => {
    const update = await readUpdateFile(SEED);
    const all = JSON.stringify(update.sections);
    expect(update.sections.at(-1)?.heading).toBe('Ajustement du format des mises à jour');
    expect(all).not.toContain('Réservée aux médias');
    const warnings = update.intake?.warnings.map((warning) => warning.messageFr) ?? [];
    expect(warnings.find((warning) => warning.startsWith('lignes de fin'))).toContain('« Santé », « Québec »');
    expect(all).toContain('Médias sociaux de Santé Québec : LinkedIn, Facebook, Bluesky, X.');
    expect(all).not.toContain('](#)');
    expect(warnings.some((warning) => warning.startsWith('ligne 80 : 4 lien(s) sans adresse'))).toBe(true);
  });

  it('keeps the file’s line numbers', async () => {
    const update = await readUpdateFile(SEED);
    const lines = readFileSync(SEED, 'utf8').split('\n');
    for (const bullet of flatBullets(update)) expect(lines[bullet.line - 1]).toContain(bullet.text.slice(0, 20));
    const section = update.sections.find((candidate) => candidate.heading === 'Mardi 12 mai 2026')!;
    expect(lines[section.line - 1]).toBe('Mardi 12 mai 2026 :');
  });
});

describe('plain text as pasted', () => {
  it('a short update: subtitle between the title and the dated line', async () => {
    const update = await readUpdateFile(join(TEXT_DIR, '2026-06-10-courte.txt'));
    expect([update.date, update.title, update.subtitle]).toEqual([
      '2026-06-10',
      'Mise à jour quotidienne',
      'Aucun changement notable',
    ]);
    expect(update.sections.map((section) => [section.level, section.heading, section.bullets.length])).toEqual([
      [1, 'Situation stable', 1],
    ]);
  });

  it('figures in « Label : 1790 » paragraphs, sub-bullets by any indentation, the date in the title, the link at the end', async () => {
    const update = await readUpdateFile(join(TEXT_DIR, 'chiffres-monteregie.txt'));
    expect([update.date, update.title, update.subtitle, update.link]).toEqual([
      '2026-06-16',
      'Mise à jour quotidienne',
      'Urgences de la Montérégie 🚑',
      'https://www.example.org/monteregie',
    ]);
    const [data, clinics] = update.sections;
    expect(data?.heading).toBe('Données de la veille');
    expect(data?.paragraphs).toEqual(['Nombre de lits ouverts : 1 620', 'Taux de vaccination du personnel : 74,5 %']);
    const visits = data?.bullets[2];
    expect(visits?.children.map((child) => child.text)).toEqual(['dont 312 en pédiatrie;']);
    expect(visits?.children[0]?.children.map((child) => child.text)).toEqual(['et 27 transferts interrégionaux.']);
    expect(update.figures.map((figure) => [figure.value, figure.label])).toContainEqual(['1 620', 'lits ouverts']);
    expect(update.figures.find((figure) => figure.value === '1 245')?.total?.value).toBe('1 100');
    expect(clinics?.bullets[0]?.spans).toContainEqual({
      kind: 'link',
      text: 'la carte',
      url: 'https://www.example.org/cliniques',
    });
    expect(JSON.stringify(update.sections)).not.toContain('Pour en savoir plus');
  });

  it('Markdown without front matter: its own headings and nesting, the date from the file name', async () => {
    const update = await readUpdateFile(join(TEXT_DIR, '2026-06-20-markdown-sans-en-tete.md'));
    expect([update.date, update.title]).toEqual(['2026-06-20', 'Bilan régional – Côte-Nord']);
    expect(update.sections.map((section) => [section.level, section.heading])).toEqual([
      [2, 'Faits saillants'],
      [2, 'Nord-du-Québec'],
    ]);
    expect(update.sections[0]?.bullets[0]?.children[0]?.text).toBe('4 départs par jour dès lundi.');
    expect(update.intake?.format).toBe('text');
  });

  it('without a date anywhere: refused naming the title, the line after it and the file name', async () => {
    const error = await refusal(join(TEXT_DIR, 'sans-titre-date.txt'));
    expect(error.exitCode).toBe(2);
    expect(error.messageFr).toContain('aucune date trouvée');
    expect(error.messageFr).toContain('le titre « Mise à jour quotidienne »');
    expect(error.messageFr).toContain('le nom du fichier « sans-titre-date.txt »');
    expect(error.message).toContain('no date found');
  });

  it('the same text named after its day takes the date from the file name', async () => {
    temp = mkdtempSync(join(tmpdir(), 'crieur-text-'));
    const named = join(temp, '2026-07-02-maj.txt');
    copyFileSync(join(TEXT_DIR, 'sans-titre-date.txt'), named);
    expect((await readUpdateFile(named)).date).toBe('2026-07-02');
  });

  it('a text that starts with a bullet is refused at line 1', () => {
    const error = (() => {
      try {
        parsePlainText('- une puce\n- une autre\n', '2026-05-14.txt');
      } catch (caught) {
        return caught as UpdateFileError;
      }
      return undefined;
    })();
    expect(error?.line).toBe(1);
    expect(error?.messageFr).toContain('commence par une puce');
  });

  it('a title « Mise à jour du 18 juin 2026 » loses the date and the « du » before it', () => {
    const update = parsePlainText(
      'Mise à jour du jeudi 18 juin 2026\n\nLe portail est de nouveau accessible depuis ce matin.\n',
      'u.txt',
    );
    expect([update.date, update.title]).toEqual(['2026-06-18', 'Mise à jour']);
    expect(parsePlainText('Point de situation au 18 juin 2026\n\nTout va bien ce matin.\n', 'u.txt').title).toBe(
      'Point de situation',
    );
    expect(parsePlainText('Le 18 juin 2026 – Bilan du jour\n\nTout va bien ce matin.\n', 'u.txt').title).toBe(
      'Bilan du jour',
    );
  });

  it('Word-style bullets (•) and numbered items are read as lists with their numbers', () => {
    const update = parsePlainText(
      'Mise à jour – 2026-05-14\n\nÉtapes\n\n1. Ouvrir\n2. Valider\n\nRappels\n\n• Un\n\t◦ Deux\n',
      'u.txt',
    );
    expect(update.sections[0]?.bullets.map((bullet) => [bullet.ordinal, bullet.text])).toEqual([
      [1, 'Ouvrir'],
      [2, 'Valider'],
    ]);
    expect(update.sections[1]?.bullets[0]?.children[0]?.text).toBe('Deux');
  });
});
