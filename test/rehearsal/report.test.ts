import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type RehearsalReport, writeRehearsalReport } from '../../src/rehearsal/report.js';

const XSS_TEXT = 'Bonjour <script>alert(1)</script> et "><img src=x onerror=alert(2)> puis javascript:alert(3) & cie';
const XSS_ALT = 'Carte "><img src=x onerror=alert(4)> <script>alert(5)</script> javascript:alert(6)';

let work: string;

beforeEach(async () => {
  work = await mkdtemp(join(tmpdir(), 'crieur-report-'));
});

afterEach(async () => {
  await rm(work, { recursive: true, force: true });
});

async function card(name: string, color: string): Promise<string> {
  const path = join(work, name);
  await sharp({ create: { width: 40, height: 20, channels: 3, background: color } })
    .png()
    .toFile(path);
  return path;
}

async function sampleReport(): Promise<RehearsalReport> {
  const figures = await card('figures.png', '#0a66c2');
  const highlights = await card('faits saillants.png', '#ff0000');
  const media = (path: string, alt: string) => ({ path, alt, mime: 'image/png', width: 40, height: 20, bytes: 120 });
  return {
    id: 'r-2026-05-14-0800',
    createdAt: '2026-05-14T12:00:05.000Z',
    updateFile: 'examples/2026-05-14-dsn.md',
    date: '2026-05-14',
    simulatedAt: '2026-05-14T13:00:00.000Z',
    publishAt: '2026-05-14T13:00:00.000Z',
    networks: [
      {
        network: 'x',
        status: 'published',
        durationMs: 1_240,
        warnings: ['Le lien <b>long</b> a été raccourci.'],
        errors: [],
        posts: [
          {
            index: 0,
            text: XSS_TEXT,
            count: { length: 274, limit: 280, label: '274 / 280' },
            media: [media(figures, XSS_ALT)],
            sentAt: '2026-05-14T13:00:00.400Z',
            remoteId: 'dry-run:x:1',
          },
          {
            index: 1,
            text: 'Deuxième partie : 74,88 %\nsur deux lignes.',
            count: { length: 290, limit: 280, label: '290 / 280' },
            media: [media(highlights, 'Faits saillants du 14 mai 2026')],
            replyTo: 'dry-run:x:1',
            sentAt: '2026-05-14T13:00:00.900Z',
            remoteId: 'dry-run:x:2',
          },
        ],
      },
      {
        network: 'linkedin',
        status: 'failed',
        durationMs: 80,
        warnings: [],
        errors: ['LinkedIn refuserait : <trop> de caractères'],
        posts: [
          {
            index: 0,
            text: 'Une seule publication avec la même carte.',
            count: { length: 41, limit: 3000, label: '41 / 3 000' },
            media: [media(figures, 'Chiffres clés'), media(join(work, 'absente.png'), '')],
          },
        ],
      },
    ],
  };
}

interface Tag {
  name: string;
  attributes: Map<string, string>;
}

function decode(text: string): string {
  return text
    .replace(/&#(\d+);/g, (_, code: string) => String.fromCharCode(Number(code)))
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&');
}

/** Every start tag with its attributes (values quoted with `"`, as the report writes them). */
function startTags(page: string): Tag[] {
  return [...page.matchAll(/<([a-zA-Z][\w-]*)((?:\s+[^\s=>]+(?:="[^"]*")?)*)\s*\/?>/g)].map((match) => ({
    name: match[1]!.toLowerCase(),
    attributes: new Map(
      [...(match[2] ?? '').matchAll(/([^\s=>]+)(?:="([^"]*)")?/g)].map((attribute) => [
        attribute[1]!.toLowerCase(),
        decode(attribute[2] ?? ''),
      ]),
    ),
  }));
}

function elementTexts(page: string, tag: string, className: string): string[] {
  const pattern = new RegExp(`<${tag} class="${className}"[^>]*>([\\s\\S]*?)</${tag}>`, 'g');
  return [...page.matchAll(pattern)].map((match) => decode(match[1]!.replace(/<[^>]*>/g, '')));
}

describe('writeRehearsalReport', () => {
  it('writes report.json and report.html into a new folder, leaving no temporary file', async () => {
    const dir = join(work, 'rehearsals', 'r1');
    const { jsonPath, htmlPath } = await writeRehearsalReport(await sampleReport(), dir);
    expect(jsonPath).toBe(join(dir, 'report.json'));
    expect(htmlPath).toBe(join(dir, 'report.html'));
    expect((await readdir(dir)).sort()).toEqual(['media', 'report.html', 'report.json']);
    expect((await readdir(join(dir, 'media'))).sort()).toEqual(['faits-saillants.png', 'figures.png']);
  });

  it('copies each card once next to the report and points the JSON at the copies', async () => {
    const report = await sampleReport();
    const dir = join(work, 'out');
    const { jsonPath } = await writeRehearsalReport(report, dir);
    const written = JSON.parse(await readFile(jsonPath, 'utf8')) as RehearsalReport;
    const x = written.networks[0]!;
    expect(x.posts[0]!.media[0]!.path).toBe('media/figures.png');
    expect(x.posts[1]!.media[0]!.path).toBe('media/faits-saillants.png');
    expect(written.networks[1]!.posts[0]!.media[0]!.path).toBe('media/figures.png');
    expect(await readFile(join(dir, 'media', 'figures.png'))).toEqual(await readFile(join(work, 'figures.png')));
    expect(x.posts[0]!.text).toBe(XSS_TEXT);
    expect(x.posts[0]!.media[0]!.alt).toBe(XSS_ALT);
    expect(written.simulatedAt).toBe(report.simulatedAt);
  });

  it('a card that cannot be copied is listed among its network’s errors', async () => {
    const { jsonPath, htmlPath } = await writeRehearsalReport(await sampleReport(), join(work, 'out'));
    const written = JSON.parse(await readFile(jsonPath, 'utf8')) as RehearsalReport;
    expect(written.networks[1]!.errors).toContain('Image introuvable ou illisible : absente.png');
    expect(await readFile(htmlPath, 'utf8')).toContain('Image introuvable ou illisible : absente.png');
  });

  describe('report.html', () => {
    async function page(): Promise<{ html: string; report: RehearsalReport; dir: string }> {
      const report = await sampleReport();
      const dir = join(work, 'out');
      const { htmlPath } = await writeRehearsalReport(report, dir);
      return { html: await readFile(htmlPath, 'utf8'), report, dir };
    }

    it('is a French page with no script anywhere', async () => {
      const { html } = await page();
      expect(html.startsWith('<!doctype html>')).toBe(true);
      expect(html).toContain('<html lang="fr-CA">');
      expect(html.toLowerCase()).not.toContain('<script');
      const tags = startTags(html);
      expect(tags.filter((tag) => tag.name === 'script')).toEqual([]);
      for (const tag of tags) {
        for (const [name, value] of tag.attributes) {
          expect(name, `${tag.name} attribute`).not.toMatch(/^on/);
          if (name === 'href' || name === 'src') expect(value.toLowerCase()).not.toContain('javascript:');
        }
      }
      expect(tags.filter((tag) => tag.name === 'link' || tag.name === 'iframe')).toEqual([]);
    });

    it('shows every post text exactly, hostile markup included, as text', async () => {
      const { html, report } = await page();
      const texts = elementTexts(html, 'p', 'text');
      const expected = report.networks.flatMap((network) => network.posts.map((post) => post.text));
      expect(texts).toEqual(expected);
      expect(html).toContain('&#60;script&#62;alert(1)&#60;/script&#62;');
    });

    it('shows each card as an image with a non-empty alt, its alt text visible below it', async () => {
      const { html, dir } = await page();
      const images = startTags(html).filter((tag) => tag.name === 'img');
      expect(images).toHaveLength(3);
      for (const image of images) {
        expect(image.attributes.get('alt')?.trim()).not.toBe('');
        const src = image.attributes.get('src')!;
        expect(src).toMatch(/^media\/[\w.-]+$/);
        await expect(readFile(join(dir, src))).resolves.toBeInstanceOf(Buffer);
      }
      expect(images[0]!.attributes.get('alt')).toBe(XSS_ALT);
      const figcaptions = [...html.matchAll(/<figcaption>([\s\S]*?)<\/figcaption>/g)].map((match) =>
        decode(match[1]!.replace(/<[^>]*>/g, '')),
      );
      expect(figcaptions).toHaveLength(4);
      expect(figcaptions[0]).toContain(`Texte de remplacement : ${XSS_ALT}`);
      expect(figcaptions[1]).toContain('Texte de remplacement : Faits saillants du 14 mai 2026');
      expect(figcaptions[3]).toContain('Texte de remplacement : absent');
      expect(elementTexts(html, 'div', 'missing')).toEqual(['Image non disponible']);
    });

    it('shows counts, marks a post over the limit, and gives timing, warnings and errors', async () => {
      const { html } = await page();
      const visible = decode(html.replace(/<[^>]*>/g, ''));
      const counts = elementTexts(html, 'span', 'count').concat(elementTexts(html, 'span', 'count over'));
      expect(counts).toContain('274 / 280');
      expect(counts).toContain('290 / 280 — trop long');
      expect(html).toContain('41 / 3 000');
      expect(html).toContain('Publication 1 sur 2');
      expect(visible).toContain('Le lien <b>long</b> a été raccourci.');
      expect(html).not.toContain('<b>long</b>');
      expect(visible).toContain('LinkedIn refuserait : <trop> de caractères');
      expect(html).toContain('Durée : 1,2\u00a0s');
      expect(html).toContain('Durée : moins d’une seconde');
      expect(html).not.toMatch(/\d ms|min \d\d s/);
      expect(visible).toContain('Envoyée à 9\u00a0h (moins d’une seconde après l’heure prévue)');
      expect(visible).toContain('En réponse à dry-run:x:1');
      expect(html).toContain('Mise à jour du 14 mai 2026');
      expect(visible).toContain('14 mai 2026, 9\u00a0h');
      expect(visible).not.toContain('America/Toronto');
    });

    it('shows times in the zone it is given', async () => {
      const report = await sampleReport();
      const { htmlPath } = await writeRehearsalReport(report, join(work, 'paris'), { timeZone: 'Europe/Paris' });
      expect(await readFile(htmlPath, 'utf8')).toContain('Envoyée à 15\u00a0h');
    });
  });
});
