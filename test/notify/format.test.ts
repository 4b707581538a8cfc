import { describe, expect, it } from 'vitest';
import { formatNotification } from '../../src/notify/format.js';
import { notificationPayload } from '../../src/notify/payload.js';
import type { Notification } from '../../src/notify/types.js';

const publishAt = new Date('2026-05-14T13:00:00Z'); // 9:00 in Toronto (EDT)

describe('formatNotification', () => {
  it('reminder lists each unapproved draft with its state and the publish time in Québec style', () => {
    const { title, text } = formatNotification({
      kind: 'unapproved-reminder',
      date: '2026-05-14',
      publishAt,
      drafts: [
        { network: 'linkedin', status: 'awaiting_review' },
        { network: 'x', status: 'rejected' },
      ],
    });
    expect(title).toBe('Brouillons non approuvés — 14 mai 2026, 9 h');
    expect(text).toContain('- LinkedIn : en attente de révision');
    expect(text).toContain('- X : rejeté');
    expect(text).toContain('2 brouillons ne sont pas approuvés');
    expect(text).toContain('avant 9 h');
  });

  it('auth failure says what was posted with links, what was not and why, and names the token and the command', () => {
    const { title, text, action } = formatNotification({
      kind: 'partly-published',
      date: '2026-05-14',
      network: 'linkedin',
      posted: [{ index: 0, url: 'https://www.linkedin.com/feed/update/urn:li:share:1' }],
      notPosted: [{ index: 1, reason: 'jeton expiré' }],
      errorClass: 'auth',
      messageFr: 'LinkedIn refuse le jeton d’accès (expiré).',
    });
    expect(title).toBe('Publication partielle — LinkedIn, 14 mai 2026');
    expect(text).toContain('Partie 1/2 : https://www.linkedin.com/feed/update/urn:li:share:1');
    expect(text).toContain('Partie 2/2 : jeton expiré');
    expect(text).toContain('Cause : LinkedIn refuse le jeton d’accès (expiré).');
    expect(action).toContain('LINKEDIN_ACCESS_TOKEN');
    expect(action).toContain('`crieur publish --date 2026-05-14 --network linkedin --now`');
    expect(text.endsWith(`À faire : ${action}`)).toBe(true);
  });

  it('an explicit action wins over the default one', () => {
    const { action, text } = formatNotification({
      kind: 'failed',
      date: '2026-05-14',
      network: 'x',
      posted: [],
      notPosted: [{ index: 0, reason: 'refusé' }],
      errorClass: 'content-rejected',
      messageFr: 'X refuse le texte.',
      action: 'Appelez l’équipe technique.',
    });
    expect(action).toBe('Appelez l’équipe technique.');
    expect(text).toContain('Publié : rien.');
    expect(text).toContain('Publication : refusé');
  });

  it('unknown outcome tells the team the next attempt looks the post up first', () => {
    const { action } = formatNotification({
      kind: 'part-failed',
      date: '2026-05-14',
      network: 'bluesky',
      posted: [{ index: 0, url: 'https://bsky.app/profile/a/post/1' }],
      notPosted: [
        { index: 1, reason: 'aucune réponse' },
        { index: 2, reason: 'pas tentée' },
      ],
      errorClass: 'outcome-unknown',
      messageFr: 'Bluesky n’a pas répondu.',
    });
    expect(action).toContain('Vérifiez sur Bluesky');
    expect(action).toContain('ne sera pas publiée deux fois');
  });

  it('missed says planned time, deadline, that nothing stale was posted, and how to publish anyway', () => {
    const { title, text } = formatNotification({
      kind: 'missed',
      date: '2026-05-14',
      network: 'facebook',
      publishAt,
      deadline: new Date('2026-05-14T14:00:00Z'),
      status: 'approved',
    });
    expect(title).toBe('Publication manquée — Facebook, 14 mai 2026');
    expect(text).toContain('prévue à 9 h, elle n’était pas partie à 10 h');
    expect(text).toContain('chiffres périmés');
    expect(text).toContain('`crieur publish --date 2026-05-14 --network facebook --now`');
  });

  it('times follow the configured zone, across DST', () => {
    const winter = formatNotification(
      {
        kind: 'missed',
        date: '2026-11-02',
        network: 'x',
        publishAt: new Date('2026-11-02T14:00:00Z'),
        deadline: new Date('2026-11-02T15:30:00Z'),
        status: 'awaiting_review',
      },
      { timeZone: 'America/Toronto' },
    );
    expect(winter.text).toContain('prévue à 9 h, elle n’était pas partie à 10 h 30');
    expect(winter.text).toContain('état : en attente de révision');
  });

  it('published lists every link in thread order', () => {
    const { text } = formatNotification({
      kind: 'published',
      date: '2026-05-01',
      network: 'x',
      posted: [
        { index: 1, url: 'https://x.com/i/status/2' },
        { index: 0, url: 'https://x.com/i/status/1' },
        { index: 2 },
      ],
    });
    expect(text).toContain('1er mai 2026');
    const first = text.indexOf('Partie 1/3 : https://x.com/i/status/1');
    const second = text.indexOf('Partie 2/3 : https://x.com/i/status/2');
    expect(first).toBeGreaterThan(-1);
    expect(second).toBeGreaterThan(first);
    expect(text).toContain('Partie 3/3 : en ligne (lien non fourni par le réseau)');
  });

  it('hash mismatch says nothing was sent and asks for a new approval', () => {
    const { title, text } = formatNotification({ kind: 'hash-mismatch', date: '2026-05-14', network: 'bluesky' });
    expect(title).toBe('Publication bloquée — Bluesky, 14 mai 2026');
    expect(text).toContain('Rien n’a été publié sur Bluesky');
    expect(text).toContain('approuver de nouveau');
  });

  it('every failure class yields an action naming the network or the command', () => {
    for (const errorClass of [
      'network',
      'server',
      'rate-limit',
      'auth',
      'config',
      'content-rejected',
      'duplicate',
      'outcome-unknown',
      'other',
    ]) {
      const { action } = formatNotification({
        kind: 'failed',
        date: '2026-05-14',
        network: 'facebook',
        posted: [],
        notPosted: [{ index: 0, reason: 'r' }],
        errorClass,
        messageFr: 'm',
      });
      expect(action, errorClass).toMatch(/Facebook|crieur publish/);
    }
  });
});

describe('notificationPayload', () => {
  it('carries text, title and the structured fields', () => {
    const notification: Notification = {
      kind: 'part-failed',
      date: '2026-05-14',
      network: 'x',
      posted: [{ index: 0, url: 'https://x.com/i/status/1' }],
      notPosted: [{ index: 1, reason: 'limite atteinte' }],
      errorClass: 'rate-limit',
      messageFr: 'X limite les requêtes.',
    };
    const payload = notificationPayload(notification);
    expect(payload).toMatchObject({
      kind: 'part-failed',
      date: '2026-05-14',
      network: 'x',
      posted: [{ index: 0, url: 'https://x.com/i/status/1' }],
      notPosted: [{ index: 1, reason: 'limite atteinte' }],
      errorClass: 'rate-limit',
    });
    expect(payload.title).toBe('Échec d’une partie — X, 14 mai 2026');
    expect(payload.text).toContain('https://x.com/i/status/1');
    expect(payload.action).toContain('--network x --now');
  });

  it('dates become ISO strings', () => {
    const payload = notificationPayload({
      kind: 'unapproved-reminder',
      date: '2026-05-14',
      publishAt,
      drafts: [{ network: 'x', status: 'awaiting_review' }],
    });
    expect(payload.publishAt).toBe('2026-05-14T13:00:00.000Z');
    expect(payload.drafts).toEqual([{ network: 'x', status: 'awaiting_review' }]);
  });
});
