import { describe, expect, it } from 'vitest';
import type { AuditEvent } from '../../src/audit/types.js';
import { frenchSentence, frenchSentenceProblems } from '../../src/i18n/sentence.js';
import { frenchBytes } from '../../src/i18n/sizes.js';
import { eventSentence, technicalDetails } from '../../src/web/event-sentences.js';
import { foldText } from '../../src/web/views/post-preview.js';

const context = {
  draftOf: (subject: string) => (subject === 'd3' ? { network: 'x' as const, date: '2026-06-03' } : undefined),
  isAccount: (name: string) => name === 'Julie Roy',
};

function event(action: string, actor: string, subject: string, data: Record<string, unknown>): AuditEvent {
  return { id: 1, seq: 1, at: '2026-06-03T12:40:00Z', actor, action, subject, data, prevHash: '', hash: '' };
}

describe('French sentences shown to the team', () => {
  it('sets the apostrophe, the capital, the no-break spaces and the final period', () => {
    expect(frenchSentence('une raison est requise pour rejeter')).toBe('Une raison est requise pour rejeter.');
    expect(frenchSentence("l'heure doit être au format HH:MM (24 h)")).toBe(
      'L’heure doit être au format HH:MM (24\u00a0h).',
    );
    expect(frenchSentence('raison : « trop long »')).toBe('Raison\u00a0: «\u00a0trop long\u00a0».');
    expect(frenchSentence('mauvais.md:3 : date invalide')).toBe('mauvais.md:3\u00a0: date invalide.');
    expect(frenchSentence("voir `crieur doctor` ou https://example.org/a'b")).toContain("https://example.org/a'b");
    for (const text of ['une raison est requise', "l'heure", 'fin sans point', 'Titre : ok.']) {
      expect(frenchSentenceProblems(frenchSentence(text))).toEqual([]);
    }
    expect(frenchSentenceProblems("l'heure doit")).toEqual([
      'straight apostrophe',
      'lower-case start',
      'no final period',
    ]);
  });

  it('gives sizes in octets, Ko and Mo against the limits as written', () => {
    expect(frenchBytes(120)).toBe('120\u00a0octets');
    expect(frenchBytes(1_621_288)).toBe('1,6\u00a0Mo');
    expect(frenchBytes(640_000)).toBe('640\u00a0Ko');
    expect(frenchBytes(1_000_000)).toBe('1\u00a0Mo');
  });

  it('folds LinkedIn at about 210 characters and Facebook at about 480, on a word', () => {
    const text = `${'mot '.repeat(150)}fin`;
    const linkedin = foldText('linkedin', text);
    expect(linkedin.shown.length).toBeLessThanOrEqual(210);
    expect(linkedin.shown.length).toBeGreaterThan(150);
    expect(`${linkedin.shown} ${linkedin.folded}`).toBe(text);
    expect(foldText('facebook', text).shown.length).toBeGreaterThan(400);
    expect(foldText('x', text)).toEqual({ shown: text, folded: '' });
    expect(foldText('linkedin', 'Court.')).toEqual({ shown: 'Court.', folded: '' });
  });

  it('tells events as sentences, naming people, never a system user, and keeps paths out of the details', () => {
    expect(eventSentence(event('approve', 'Julie Roy', 'd3', { version: 3 }), context)).toBe(
      'Julie Roy a approuvé la version 3 du fil X du 3 juin 2026.',
    );
    const byRoot = eventSentence(event('edit', 'root', 'd3', { version: 4, post: 2, approvalCleared: true }), context);
    expect(byRoot).toBe(
      'L’exploitation a modifié le texte de la publication 2 du fil X du 3 juin 2026\u00a0: c’est la version 4. L’approbation précédente a été annulée.',
    );
    expect(byRoot).not.toContain('root');
    expect(eventSentence(event('published', 'crieur', 'd3', { part: 2, remoteId: 'dry-run:x:2' }), context)).toBe(
      'Crieur a publié la partie 2 du fil X du 3 juin 2026 (essai\u00a0: rien n’a été envoyé).',
    );
    const imported = event('import', 'Julie Roy', 'update 7', {
      date: '2026-06-03',
      source: '/srv/crieur/data/uploads/x/maj.md',
    });
    expect(eventSentence(imported, context)).toBe(
      'Julie Roy a importé la mise à jour du 3 juin 2026 (fichier maj.md).',
    );
    const config = event('config-loaded', 'crieur', '/etc/crieur/crieur.yaml', { networks: ['x', 'linkedin'] });
    expect(eventSentence(config, context)).toBe('Crieur a démarré avec sa configuration (réseaux\u00a0: X, LinkedIn).');
    expect(technicalDetails(config)).not.toContain('/etc/');
    expect(technicalDetails(imported)).not.toContain('/srv/');
    expect(technicalDetails(imported)).toContain('maj.md');
  });
});
