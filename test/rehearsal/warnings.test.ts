import { describe, expect, it } from 'vitest';
import { rehearsalDraftWarnings } from '../../src/rehearsal/draft-warnings.js';
import type { RehearsalReport } from '../../src/rehearsal/report.js';
import { renderRehearsalHtml } from '../../src/rehearsal/report-html.js';
import { rehearsalText } from '../../src/rehearsal/report-text.js';
import type { DraftContent, StoredMedia } from '../../src/store/types.js';

function media(alt: string): StoredMedia {
  return {
    file: `${'a'.repeat(64)}.png`,
    sha256: 'a'.repeat(64),
    mime: 'image/png',
    width: 40,
    height: 20,
    bytes: 120,
    alt,
    spec: {
      template: 'key-figures',
      title: 'Mise à jour',
      dateLabel: '14 mai 2026',
      figures: [],
      anchor: { kind: 'lead' },
    },
  };
}

describe('what a rehearsal warns about in a draft', () => {
  it('says nothing about a draft that fits, with alt text on every image', () => {
    const content: DraftContent = {
      network: 'x',
      posts: [{ text: 'Mise à jour du 14 mai.', media: [media('Chiffres clés du jour.')] }],
      warnings: [],
      omitted: [{ text: 'Une puce.', section: 'Faits saillants', reason: 'on-site-only' }],
    };
    expect(rehearsalDraftWarnings(content)).toEqual([]);
  });

  it('names what needs a decision, a post too long and an image without alt text, in French', () => {
    const content: DraftContent = {
      network: 'x',
      posts: [
        { text: 'Première partie.', media: [media('Chiffres clés.'), media('  ')] },
        { text: 'a'.repeat(300), media: [] },
      ],
      warnings: [],
      omitted: [
        { text: 'Une puce.', section: 'Faits saillants', reason: 'max-thread-posts' },
        { text: 'Une autre.', section: 'Bons coups', reason: 'max-thread-posts' },
      ],
    };
    const warnings = rehearsalDraftWarnings(content);
    expect(warnings).toHaveLength(3);
    expect(warnings[0]).toContain('Décision requise\u00a0: ce brouillon laisse de côté 2 éléments');
    expect(warnings[0]).toContain('le fil dépasserait le nombre de publications permis');
    expect(warnings[0]).toContain('--accept-omissions');
    expect(warnings[1]).toContain('Publication 1, image 2\u00a0: aucun texte de remplacement');
    expect(warnings[2]).toContain('Publication 2\u00a0: trop longue pour X (300 / 280)');
    for (const warning of warnings) expect(warning).not.toMatch(/\p{L}'\p{L}| [:;»]/u);
  });
});

function report(): RehearsalReport {
  return {
    id: 'r1',
    createdAt: '2026-05-14T12:00:05.000Z',
    updateFile: '/srv/updates/2026-05-14-dsn.md',
    date: '2026-05-14',
    simulatedAt: '2026-05-14T13:00:00.000Z',
    publishAt: '2026-05-14T13:00:00.000Z',
    warnings: [
      {
        line: 12,
        message: 'figure "500 usagers" is dated 2026-05-20, after the update',
        messageFr:
          'le chiffre « 500 usagers » est daté du 2026-05-20, après la date de la mise à jour : vérifiez l’année',
      },
    ],
    networks: [
      {
        network: 'x',
        status: 'published',
        durationMs: 800,
        warnings: ['X : puce retirée (le fil est limité à 3 publications) : « Une puce. »'],
        errors: [],
        posts: [],
        needsDecision: true,
        omitted: [{ text: 'Une puce.', section: 'Faits saillants', reason: 'max-thread-posts' }],
      },
      { network: 'site', status: 'published', durationMs: 10, warnings: [], errors: [], posts: [] },
    ],
  };
}

describe('the rehearsal report lists the warnings', () => {
  it('in the terminal: the update’s, then each network’s, and how many there are', () => {
    const text = rehearsalText(report(), { htmlPath: '/r/report.html', jsonPath: '/r/report.json' });
    const lines = text.split('\n');
    const update = lines.findIndex((line) => line.includes('figure "500 usagers" is dated 2026-05-20'));
    const network = lines.findIndex((line) => line.includes('X\u00a0: puce retirée'));
    expect(update).toBeGreaterThan(0);
    expect(lines[update + 1]).toContain('après la date de la mise à jour\u00a0: vérifiez l’année');
    expect(network).toBeGreaterThan(lines.findIndex((line) => line.startsWith('  x ')));
    expect(text).toContain('2 warnings to read before the real morning / 2\u00a0avertissements');
    for (const french of [lines[update + 1], lines[network]]) expect(french).not.toMatch(/ [:;»]|« /);
  });

  it('says nothing about warnings when there are none', () => {
    const quiet = { ...report(), warnings: [], networks: [{ ...report().networks[1]! }] };
    const text = rehearsalText(quiet, { htmlPath: '/r/report.html', jsonPath: '/r/report.json' });
    expect(text).not.toMatch(/warning|avertissement/i);
  });

  it('in the HTML page: a section for the update’s own warnings', () => {
    const page = renderRehearsalHtml(report());
    expect(page).toContain('<h2 id="avertissements-mise-a-jour">Avertissements sur la mise à jour</h2>');
    expect(page).toContain('le chiffre « 500 usagers » est daté du 2026-05-20');
    expect(renderRehearsalHtml({ ...report(), warnings: [] })).not.toContain('avertissements-mise-a-jour');
  });
});
