import { describe, expect, it } from 'vitest';
import { composeDrafts } from '../../src/compose/compose.js';
import { WHOLE_UPDATE_FORMATS } from '../../src/compose/formats.js';
import { mentionsIn, mentionWarnings, withMentionsText } from '../../src/compose/mentions.js';
import { frenchSentenceProblems } from '../../src/i18n/sentence.js';
import { NETWORKS } from '../../src/networks/index.js';
import { parseUpdateText } from '../../src/update/parse.js';

/** French typography's no-break spaces read as plain spaces. */
const plain = (text: string) => text.replace(/[\u00a0\u202f]/gu, ' ');

const ACCOUNTS = {
  SanteQc: {
    name: 'Santé Québec',
    x: '@SanteQc',
    bluesky: 'santequebec.bsky.social',
    linkedin: 'urn:li:organization:12345',
  },
  MSSS: { x: '@MSSS_Quebec' },
};

const UPDATE = parseUpdateText(
  `---
date: 2026-05-14
title: Mise à jour quotidienne
link: https://www.exemple.qc.ca/
---

# Déploiement

- Merci à @SanteQc pour son soutien (écrivez à info@exemple.qc.ca).
- Un mot de @Inconnu, à lire sur https://exemple.qc.ca/@equipe.
- Le @msss salue les équipes.
`,
  'mentions.md',
);

describe('mentions: an @handle written for each network', () => {
  it('finds handles, not e-mail addresses nor URL paths, and leaves a sentence’s final dot out', () => {
    expect(
      mentionsIn('Merci à @SanteQc. Écrivez à info@exemple.qc.ca ou voyez https://x.com/@a (@MSSS_Quebec)'),
    ).toEqual(['SanteQc', 'MSSS_Quebec']);
  });

  it('writes the X handle on X, the Bluesky handle on Bluesky, the plain name elsewhere; an unmapped handle as written', () => {
    const text = 'Merci à @santeqc et à @Inconnu.';
    expect(withMentionsText(text, 'x', ACCOUNTS)).toBe('Merci à @SanteQc et à @Inconnu.');
    expect(withMentionsText(text, 'bluesky', ACCOUNTS)).toBe('Merci à @santequebec.bsky.social et à @Inconnu.');
    expect(withMentionsText(text, 'linkedin', ACCOUNTS)).toBe('Merci à Santé Québec et à @Inconnu.');
    expect(withMentionsText(text, 'facebook', ACCOUNTS)).toBe('Merci à Santé Québec et à @Inconnu.');
    expect(withMentionsText('Le @MSSS.', 'bluesky', ACCOUNTS)).toBe('Le MSSS.');
  });

  it('every network’s whole draft holds its own form; an unmapped @handle is kept as written', () => {
    const drafts = composeDrafts(
      UPDATE,
      {
        networks: [...NETWORKS],
        hashtags: [],
        numbering: 'n/N',
        maxThreadPosts: 25,
        formats: WHOLE_UPDATE_FORMATS,
        accounts: ACCOUNTS,
      },
      [],
    );
    const text = (network: string) =>
      drafts
        .find((draft) => draft.network === network)!
        .posts.map((post) => post.text)
        .join('\n');
    expect(text('x')).toContain('Merci à @SanteQc pour son soutien');
    expect(text('x')).toContain('Le @MSSS_Quebec salue');
    expect(text('bluesky')).toContain('Merci à @santequebec.bsky.social pour son soutien');
    expect(text('bluesky')).toContain('Le MSSS salue');
    expect(text('linkedin')).toContain('Merci à Santé Québec pour son soutien');
    expect(text('facebook')).toContain('Merci à Santé Québec pour son soutien');
    expect(text('site')).toContain('Merci à Santé Québec pour son soutien');
    for (const draft of drafts) {
      const all = draft.posts.map((post) => post.text).join('\n');
      expect(all).toContain('@Inconnu');
      expect(all).toContain('info@exemple.qc.ca');
      expect(all).toContain('https://exemple.qc.ca/@equipe');
    }
  });

  it('warns, with the file and line, about each handle that will be plain text, naming those networks', () => {
    const warnings = mentionWarnings(UPDATE, ACCOUNTS, ['x', 'bluesky', 'linkedin', 'facebook', 'site']);
    expect(warnings.map((warning) => [warning.line, plain(warning.messageFr)])).toEqual([
      [
        10,
        'mentions.md, ligne 10 : @Inconnu n’est pas dans les comptes de la configuration (accounts) : il reste écrit « @Inconnu » en texte simple sur Bluesky, LinkedIn et Facebook ; X en fera un lien vers le compte @Inconnu, quel qu’en soit le titulaire.',
      ],
      [11, 'mentions.md, ligne 11 : @msss n’a pas de compte sur Bluesky : il y sera écrit « MSSS » en texte simple.'],
    ]);
    expect(warnings[0]!.message).toBe(
      'mentions.md:10: @Inconnu is not in the configuration’s accounts: it stays "@Inconnu" as plain text on Bluesky, LinkedIn, Facebook; X links it to the account @Inconnu, whoever owns it.',
    );
    // The sentences open on the file's name, as written: only that may start in lower case.
    for (const warning of warnings) {
      expect(frenchSentenceProblems(warning.messageFr).filter((p) => p !== 'lower-case start')).toEqual([]);
    }
    // Only the networks configured are named; a handle mapped on all of them is no warning.
    expect(mentionWarnings(UPDATE, ACCOUNTS, ['x']).map((warning) => warning.line)).toEqual([10]);
    expect(mentionWarnings(UPDATE, { ...ACCOUNTS, Inconnu: { x: '@Inconnu' } }, ['x'])).toEqual([]);
  });
});
