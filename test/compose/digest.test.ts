import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { altText } from '../../src/cards/alt-text.js';
import { typesetFigure } from '../../src/cards/french-text.js';
import { planCards } from '../../src/cards/plan.js';
import type { CardSpec } from '../../src/cards/types.js';
import { type ComposeOptions, composeDrafts } from '../../src/compose/compose.js';
import { DEFAULT_FORMATS, WHOLE_UPDATE_FORMATS } from '../../src/compose/formats.js';
import { MEASURES } from '../../src/compose/measure.js';
import { needsDecision } from '../../src/compose/omitted.js';
import type { ComposedDraft } from '../../src/compose/types.js';
import { normalizeTypography, typographyStyleFor } from '../../src/compose/typography.js';
import { parseUpdateFile, parseUpdateText } from '../../src/update/parse.js';
import type { Update } from '../../src/update/types.js';
import { allBullets, flattenSpaces, sampleUpdate, withoutNumbering } from './helpers.js';

const SITE_URL = 'https://www.exemple.qc.ca/nouvelles/2026/05/14/';

const OPTIONS: ComposeOptions = {
  networks: ['x', 'bluesky', 'linkedin', 'facebook'],
  hashtags: [],
  numbering: 'n/N',
  maxThreadPosts: 25,
  formats: DEFAULT_FORMATS,
  maxDigestPosts: 3,
  siteUrl: SITE_URL,
};

function updateFile(name: string): Update {
  return parseUpdateFile(fileURLToPath(new URL(`./updates/${name}`, import.meta.url)));
}

function compose(
  update: Update,
  options: Partial<ComposeOptions> = {},
): { drafts: ComposedDraft[]; cards: CardSpec[] } {
  const cards = planCards(update);
  return { drafts: composeDrafts(update, { ...OPTIONS, ...options }, cards), cards };
}

function byNetwork(drafts: ComposedDraft[], network: string): ComposedDraft {
  const draft = drafts.find((d) => d.network === network);
  if (!draft) throw new Error(`no ${network} draft`);
  return draft;
}

/** A figure's value as the network's typography writes it, spaces flattened. */
function figureValue(value: string, network: 'x' | 'bluesky' | 'linkedin' | 'facebook'): string {
  return flattenSpaces(normalizeTypography(value, typographyStyleFor(network)));
}

/** Every bullet of the update is in the draft's text or listed in `omitted`. */
function expectNothingUnlisted(update: Update, draft: ComposedDraft): void {
  const text = flattenSpaces(draft.posts.map((p) => withoutNumbering(p.text)).join(' '));
  const style = typographyStyleFor(draft.network);
  for (const b of allBullets(update)) {
    const shown = text.includes(flattenSpaces(normalizeTypography(b.text, style)));
    const listed = draft.omitted.some((o) => o.text === b.text);
    const onCard = draft.posts.some((p) =>
      p.cards.some((c) => c.template === 'highlights' && c.bullets.includes(b.text)),
    );
    expect(shown || listed || onCard, `${draft.network}: ${b.text}`).toBe(true);
  }
}

describe('the digest of the sample with the default configuration', () => {
  const update = sampleUpdate();
  const { drafts, cards } = compose(update);
  const keyFigures = cards.find((c) => c.template === 'key-figures');

  it.each(['x', 'bluesky'] as const)(
    '%s: at most 3 posts, post 1 with the link, two figures and the card',
    (network) => {
      const draft = byNetwork(drafts, network);
      expect(draft.format).toBe('digest');
      expect(draft.posts.length).toBeGreaterThan(1);
      expect(draft.posts.length).toBeLessThanOrEqual(3);
      const first = draft.posts[0]!;
      expect(first.text.startsWith('Mise à jour quotidienne – 14 mai 2026')).toBe(true);
      expect(first.text).toContain(SITE_URL);
      expect(first.text).toContain('Malgré l');
      const values = update.figures.map((f) => figureValue(f.value, network));
      expect(values.filter((v) => flattenSpaces(first.text).includes(v)).length).toBeGreaterThanOrEqual(2);
      expect(first.cards).toEqual([keyFigures]);
      for (const post of draft.posts) expect(MEASURES[network](post.text).valid, post.text).toBe(true);
      // The following posts: a highlights card each, with its heading and lead line.
      for (const post of draft.posts.slice(1)) {
        expect(post.cards.map((c) => c.template)).toEqual(['highlights']);
        expect(post.text.startsWith('Bons coups')).toBe(true);
      }
      expect(draft.posts.slice(1).some((p) => p.text.includes('santequebec'))).toBe(false);
      expect(draft.warnings).toEqual([]);
    },
  );

  it('puts every figure of the card in its alt text', () => {
    expect(keyFigures?.template).toBe('key-figures');
    if (keyFigures?.template !== 'key-figures') return;
    const alt = flattenSpaces(altText(keyFigures, 1000));
    for (const figure of keyFigures.figures) expect(alt).toContain(flattenSpaces(typesetFigure(figure.value)));
  });

  it.each(['linkedin', 'facebook'] as const)(
    '%s: one post with the lead, the figures, the link, hashtags and the card',
    (network) => {
      const draft = byNetwork(drafts, network);
      expect(draft.posts).toHaveLength(1);
      const text = draft.posts[0]!.text;
      expect(text).toContain(`Lire la mise à jour complète\u00A0: ${SITE_URL}`);
      expect(text.endsWith('#DSN #SantéQuébec')).toBe(true);
      expect(text).toContain('• 22');
      expect(draft.posts[0]!.cards).toEqual([keyFigures]);
      expect(needsDecision(draft.omitted)).toBe(false);
    },
  );

  it.each(['x', 'bluesky', 'linkedin', 'facebook'] as const)(
    '%s: what is not in the digest is listed, on the site only',
    (network) => {
      const draft = byNetwork(drafts, network);
      expect(draft.omitted.length).toBeGreaterThan(10);
      expect(new Set(draft.omitted.map((o) => o.reason))).toEqual(new Set(['on-site-only']));
      expect(draft.omitted.find((o) => o.text.startsWith('166 chirurgies'))).toMatchObject({
        section: 'Mardi 12 mai 2026',
      });
      expectNothingUnlisted(update, draft);
    },
  );

  it('links to the update’s own link when the website channel is off', () => {
    const { drafts: offSite } = compose(update, { siteUrl: undefined, networks: ['x', 'linkedin'] });
    for (const draft of offSite) expect(draft.posts[0]!.text).toContain('https://www.santequebec.gouv.qc.ca/');
  });

  it('keeps to maxDigestPosts', () => {
    const { drafts: one } = compose(update, { maxDigestPosts: 1, networks: ['x'] });
    expect(one[0]!.posts).toHaveLength(1);
    expect(one[0]!.posts[0]!.text).not.toMatch(/1\/1$/u);
  });
});

describe('digests of updates written for the purpose', () => {
  it('short: one post, the lead and its figure, the other bullet listed', () => {
    const update = updateFile('short.md');
    const { drafts } = compose(update);
    const x = byNetwork(drafts, 'x');
    expect(x.posts).toHaveLength(1);
    expect(x.posts[0]!.text).toBe(
      `Point de situation – 18 mai 2026\n\nLes urgences de la région fonctionnent normalement ce matin.\n\n• 412 usagers vus hier\n\nPour en savoir plus\u00A0: ${SITE_URL}\n#Santé`,
    );
    expect(x.omitted).toEqual([
      { text: '412 usagers ont été vus hier.', section: 'Faits saillants', reason: 'on-site-only' },
    ]);
  });

  it('a correction always goes in post 1, before the lead', () => {
    const update = updateFile('correction.md');
    const { drafts } = compose(update);
    for (const network of ['x', 'bluesky', 'linkedin', 'facebook'] as const) {
      const first = byNetwork(drafts, network).posts[0]!.text;
      const correction = first.indexOf('Correctif');
      expect(correction, network).toBeGreaterThan(0);
      expect(first, network).toContain('le bon nombre est 1');
      expect(correction).toBeLessThan(first.indexOf('Le déploiement'));
      expect(MEASURES[network](withoutNumbering(first)).valid).toBe(true);
      expect(byNetwork(drafts, network).omitted.some((o) => o.text.includes('1 425'))).toBe(false);
    }
  });

  it('the front matter’s summary is the lead; a hashtag of the text not in the post is still added', () => {
    const update = updateFile('summary-emoji.md');
    const { drafts } = compose(update);
    const bluesky = byNetwork(drafts, 'bluesky').posts[0]!.text;
    expect(bluesky).toContain('La campagne de vaccination atteint son rythme de croisière 💉 dans toutes les régions.');
    expect(bluesky).toContain('48\u202F210 doses administrées');
    expect(bluesky.endsWith('#Vaccination #SantéQc')).toBe(true);
  });

  it('figure-heavy: the lead is a sentence that says something, never an introduction or a heading', () => {
    const update = updateFile('figures.md');
    const { drafts } = compose(update);
    for (const draft of drafts) {
      const text = draft.posts[0]!.text;
      expect(text).not.toContain('Voici les faits');
      expect(text).not.toContain('Intro');
      const shown = update.figures.filter((f) =>
        flattenSpaces(text).includes(figureValue(f.value, draft.network as 'x')),
      );
      expect(shown.length, draft.network).toBeGreaterThanOrEqual(2);
    }
  });

  it('long regional: the digest is short, and its 60 regional bullets are listed as on the site only', () => {
    const update = updateFile('long-regional.md');
    const { drafts } = compose(update);
    const x = byNetwork(drafts, 'x');
    expect(x.posts.length).toBeLessThanOrEqual(3);
    expect(x.omitted.filter((o) => o.section.startsWith('Faits saillants – ')).length).toBe(60);
    expectNothingUnlisted(update, x);
  });
});

describe('post 1 of a digest as the team reads it', () => {
  it('the lead keeps its no-break spaces and is not listed as on the site only', () => {
    const update = parseUpdateText(
      "---\ndate: 2026-06-03\ntitle: Brève\nlink: https://www.exemple.qc.ca/breve/\n---\n\nInfo-Santé : 811 reste ouvert; aucune interruption de service n'a été signalée hier.\n",
      'breve.md',
    );
    const { drafts } = compose(update);
    for (const network of ['x', 'bluesky', 'linkedin', 'facebook'] as const) {
      const draft = byNetwork(drafts, network);
      const style = typographyStyleFor(network);
      expect(draft.posts[0]!.text, network).toContain(
        normalizeTypography(
          "Info-Santé : 811 reste ouvert; aucune interruption de service n'a été signalée hier.",
          style,
        ),
      );
      expect(draft.omitted, network).toEqual([]);
    }
  });

  it('a sentence sending the reader elsewhere is no lead while another says something', () => {
    const update = parseUpdateText(
      [
        '---\ndate: 2026-06-03\ntitle: Chaleur\nlink: https://www.exemple.qc.ca/chaleur/\n---\n',
        'Voir https://www.exemple.qc.ca/chaleur/ pour les détails.\n',
        '## Avis',
        '',
        '- Pour en savoir plus, consultez le site de la Santé publique.',
        '- Une vague de chaleur est attendue jusqu’à jeudi dans le sud du Québec.',
        '- https://www.quebec.ca/chaleur en bref.',
        '',
      ].join('\n'),
      'chaleur.md',
    );
    const { drafts } = compose(update);
    for (const network of ['x', 'bluesky', 'linkedin', 'facebook'] as const) {
      const first = byNetwork(drafts, network).posts[0]!.text;
      const lead = first.split('\n\n')[1]!;
      expect(lead, network).toMatch(/^Une vague de chaleur est attendue/u);
    }
    const only = parseUpdateText(
      '---\ndate: 2026-06-03\ntitle: Chaleur\nlink: https://www.exemple.qc.ca/chaleur/\n---\n\nVoir https://www.exemple.qc.ca/chaleur/ pour les détails.\n',
      'chaleur.md',
    );
    // With nothing else to say, the pointer is still the lead rather than an empty post.
    expect(byNetwork(compose(only).drafts, 'x').posts[0]!.text).toContain('Voir https://www.exemple.qc.ca/chaleur/');
  });

  it('a paragraph whose figure is in a later sentence leads with its first one, and is not posted whole beside the figure', () => {
    const update = parseUpdateText(
      '---\ndate: 2026-06-12\ntitle: Vaccination\nlink: https://www.exemple.qc.ca/vaccination/\n---\n\n' +
        'La campagne avance bien dans toutes les régions. Au total, **412 318 doses** ont été administrées.\n\n' +
        '## Par région\n\n- Laval : **48 210** doses administrées\n',
      'vaccination.md',
    );
    expect(update.figures.map((figure) => figure.value)).toEqual(['412 318', '48 210']);
    for (const network of ['x', 'bluesky', 'linkedin', 'facebook'] as const) {
      const first = byNetwork(compose(update).drafts, network).posts[0]!.text;
      expect(first.split('\n\n')[1], network).toBe('La campagne avance bien dans toutes les régions.');
      // The figure once, written out below the lead.
      expect(first.match(/412\s318/gu), network).toHaveLength(1);
    }
  });

  it('a short lead paragraph is posted whole where it fits; a long one, or one that would crowd out figures, is cut after its first sentence', () => {
    const notice = parseUpdateText(
      '---\ndate: 2026-12-06\ntitle: Avis de fermeture\nlink: https://www.exemple.qc.ca/avis/\n---\n\nLes bureaux seront fermés le 24 décembre à compter de midi. Bon temps des fêtes à toutes et à tous ! 🎄\n',
      'avis.md',
    );
    for (const network of ['x', 'bluesky', 'linkedin', 'facebook'] as const) {
      const draft = byNetwork(compose(notice).drafts, network);
      expect(draft.posts[0]!.text, network).toContain('à compter de midi. Bon temps des fêtes');
      expect(draft.omitted, network).toEqual([]);
    }
    const sentence = 'La démarche de modernisation se poursuit dans tous les établissements du réseau.';
    const long = parseUpdateText(
      `---\ndate: 2026-12-06\ntitle: Modernisation\n---\n\n${sentence} ${'Les équipes restent mobilisées jour et nuit pour la continuité des services. '.repeat(3)}\n`,
      'long.md',
    );
    for (const network of ['x', 'linkedin'] as const) {
      const draft = byNetwork(compose(long).drafts, network);
      expect(draft.posts[0]!.text, network).toContain(sentence);
      expect(draft.posts[0]!.text, network).not.toContain('mobilisées');
      expect(draft.omitted, network).toHaveLength(1);
    }
    // On X the whole paragraph would leave no room for both figures: its first sentence is posted.
    const crowded = parseUpdateText(
      [
        '---',
        'date: 2026-12-06',
        'title: Mise à jour quotidienne',
        'link: https://www.exemple.qc.ca/maj/',
        '---',
        '',
        'La continuité des soins a été assurée pendant toute la fin de semaine. Les équipes de soutien sont restées sur place dans chacun des établissements, de jour comme de nuit, pour accompagner le personnel.',
        '',
        '- 24 100 utilisateurs se sont connectés au DSN, sur un total de 30 000 utilisateurs.',
        '- **76,2 % des accès sont effectués.**',
        '',
      ].join('\n'),
      'crowded.md',
    );
    const { drafts } = compose(crowded, { siteUrl: undefined });
    const x = flattenSpaces(byNetwork(drafts, 'x').posts[0]!.text);
    expect(x).toContain('pendant toute la fin de semaine.');
    expect(x).not.toContain('Les équipes de soutien');
    expect(x).toContain('24 100 utilisateurs');
    expect(x).toContain('76,2 %');
    expect(byNetwork(drafts, 'linkedin').posts[0]!.text).toContain('Les équipes de soutien sont restées');
  });

  it('a lead shortened before the figures were given up gets its words back when they fit', () => {
    const update = parseUpdateText(
      [
        '---',
        'date: 2026-06-09',
        'title: Mise à jour quotidienne',
        'link: https://www.exemple.qc.ca/maj/',
        '---',
        '',
        '# Correctif',
        '',
        "- Correctif : hier, nous avons indiqué 82 % d'ordonnances entrées par des médecins; le bon chiffre est 78 %.",
        '',
        '# Un réseau qui s’adapte',
        '',
        '- La continuité des soins a été assurée pendant la fin de semaine.',
        '- 24 100 utilisateurs se sont connectés au DSN, sur un total de 30 000 utilisateurs.',
        '- **76,2 % des accès sont effectués.**',
        '',
      ].join('\n'),
      'correctif.md',
    );
    const { drafts } = compose(update, { siteUrl: undefined });
    const x = byNetwork(drafts, 'x');
    expect(x.posts[0]!.text).toContain('La continuité des soins a été assurée pendant la fin de semaine.');
    expect(x.warnings.some((w) => w.includes('raccourcie'))).toBe(false);
    expect(x.omitted.some((o) => o.text.startsWith('La continuité'))).toBe(false);
  });

  it('a regional figure keeps its place in the figure lines', () => {
    const update = parseUpdateText(
      [
        '---',
        'date: 2026-06-02',
        'title: Bilan régional',
        'link: https://www.exemple.qc.ca/bilan/',
        '---',
        '',
        '# Vue d’ensemble',
        '',
        '- Le déploiement se poursuit dans toutes les régions du Québec.',
        '',
        '## Faits saillants – Laval',
        '',
        '- 60 % des rendez-vous confirmés en ligne.',
        '',
        '## Faits saillants – Estrie',
        '',
        '- 61 % des rendez-vous confirmés en ligne.',
        '',
      ].join('\n'),
      'regional.md',
    );
    const { drafts } = compose(update);
    for (const network of ['x', 'bluesky', 'linkedin', 'facebook'] as const) {
      const text = flattenSpaces(byNetwork(drafts, network).posts[0]!.text);
      expect(text, network).toContain('• 60 % rendez-vous confirmés en ligne, Laval');
      expect(text, network).toContain('• 61 % rendez-vous confirmés en ligne, Estrie');
    }
  });
});

describe('threads and full posts past their limits', () => {
  it.each(['sample', 'long-regional.md'])(
    '%s: every bullet is in the thread or listed, the draft then needs a decision, key figures kept first',
    (name) => {
      const update = name === 'sample' ? sampleUpdate() : updateFile(name);
      const figureLines = new Set(update.figures.map((f) => f.line));
      const { drafts } = compose(update, { formats: WHOLE_UPDATE_FORMATS, maxThreadPosts: 8 });
      for (const draft of drafts) {
        expectNothingUnlisted(update, draft);
        if (draft.network === 'x' || draft.network === 'bluesky') {
          expect(draft.format).toBe('thread');
          expect(draft.posts.length).toBeLessThanOrEqual(8);
        } else {
          expect(draft.format).toBe('full');
        }
        if (draft.omitted.length === 0) continue;
        expect(needsDecision(draft.omitted), draft.network).toBe(true);
        const ordinaryKept = allBullets(update).some(
          (b) => !figureLines.has(b.line) && !draft.omitted.some((o) => o.text === b.text),
        );
        const figureOmitted = allBullets(update).some(
          (b) => figureLines.has(b.line) && draft.omitted.some((o) => o.text === b.text),
        );
        expect(ordinaryKept && figureOmitted, draft.network).toBe(false);
      }
      const x = byNetwork(drafts, 'x');
      expect(x.omitted.length).toBeGreaterThan(0);
      expect(withoutNumbering(x.posts[0]!.text)).toMatch(/Pour en savoir plus\u00A0: https:\/\/\S+$/u);
    },
  );

  it('the long regional update fits 25 posts on X only by leaving out ordinary bullets, listed', () => {
    const update = updateFile('long-regional.md');
    const { drafts } = compose(update, { formats: WHOLE_UPDATE_FORMATS, networks: ['x'] });
    const x = drafts[0]!;
    expect(x.posts.length).toBeLessThanOrEqual(25);
    expect(x.omitted.length).toBeGreaterThan(0);
    const text = flattenSpaces(x.posts.map((p) => p.text).join(' '));
    expect(text).toContain('166 chirurgies');
    expect(text).toContain('Chiffres clés du réseau');
  });

  it('first post always carries content, even when the first section is long', () => {
    const update = updateFile('long-regional.md');
    update.sections = update.sections.slice(1);
    const { drafts } = compose(update, { formats: WHOLE_UPDATE_FORMATS, networks: ['x', 'bluesky'] });
    for (const draft of drafts) {
      const first = withoutNumbering(draft.posts[0]!.text).replace(/\n\nPour en savoir plus\u00A0: \S+$/u, '');
      expect(first.split('\n').length, first).toBeGreaterThan(2);
      expect(first).toContain('• ');
    }
  });

  it('a hashtag written in the text is not repeated at the end', () => {
    const update = updateFile('summary-emoji.md');
    const { drafts } = compose(update, { formats: WHOLE_UPDATE_FORMATS, networks: ['x', 'linkedin'] });
    for (const draft of drafts) {
      const text = draft.posts.map((p) => p.text).join('\n');
      expect(text.match(/#Vaccination\b/gu), draft.network).toHaveLength(1);
      expect(text).toContain('#SantéQc');
    }
  });
});
