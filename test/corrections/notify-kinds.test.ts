import { describe, expect, it } from 'vitest';
import { formatNotification } from '../../src/notify/format.js';

/** Notifications of a correction or a retraction say so, with the links of what was done. */
describe('correction and retraction notifications', () => {
  it('names a published correction, with its link', () => {
    const formatted = formatNotification({
      kind: 'published',
      date: '2026-05-14',
      network: 'x',
      posted: [{ index: 0, url: 'https://x.com/i/web/status/1' }],
      draftKind: 'correction',
    });
    expect(formatted.title).toMatch(/^Correctif — /u);
    expect(formatted.text).toMatch(/^Correctif d’une mise à jour déjà publiée\./u);
    expect(formatted.text).toContain('https://x.com/i/web/status/1');
  });

  it('names a partly done retraction: what was deleted, what was not and why', () => {
    const formatted = formatNotification({
      kind: 'partly-published',
      date: '2026-05-14',
      network: 'facebook',
      posted: [{ index: 0, url: 'https://www.facebook.com/1_2' }],
      notPosted: [{ index: 1, reason: 'Facebook refuse de supprimer la publication, toujours en ligne.' }],
      errorClass: 'content-rejected',
      messageFr: 'Facebook refuse de supprimer la publication, toujours en ligne.',
      draftKind: 'retraction',
    });
    expect(formatted.title).toMatch(/^Retrait — Publication partielle — Facebook/u);
    expect(formatted.text).toContain('publication supprimée du réseau');
    expect(formatted.text).toContain('https://www.facebook.com/1_2');
    expect(formatted.text).toContain('toujours en ligne');
  });

  it('leaves the daily update’s notifications as they were', () => {
    const formatted = formatNotification({ kind: 'published', date: '2026-05-14', network: 'x', posted: [] });
    expect(formatted.title).not.toMatch(/Correctif|Retrait/u);
  });
});
