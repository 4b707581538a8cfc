import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createDryRunAdapter, createDryRunJournal } from '../../adapters/dry-run/index.js';
import { createRunner } from '../../src/app/runner.js';
import { silentLogger } from '../../src/log.js';
import type { NetworkId } from '../../src/networks/index.js';
import type { NetworkAdapter } from '../../src/publish/port.js';
import { approve } from '../../src/queue/approve.js';
import { queueCorrections, queueRetractions } from '../../src/queue/corrections.js';
import { importDrafts } from '../../src/queue/import.js';
import { findDraft } from '../../src/queue/read.js';
import { openStore, storePath } from '../../src/store/db.js';
import { makeUpdate, tempDir } from '../queue/fixtures.js';

/**
 * The scheduler sends a correction or a retraction as soon as it is approved, whatever the hour
 * (the update's 9:00 is long past), and never marks one waiting for approval as missed.
 */

let dir: { path: string; remove: () => void } | undefined;
afterEach(() => dir?.remove());

describe('the scheduler and corrections', () => {
  it('publishes an approved correction, then a retraction, at the next tick; leaves one awaiting alone', async () => {
    dir = tempDir('crieur-at-once-');
    // Two days after the update: its publish window closed long ago.
    let time = Date.parse('2026-05-16T15:00:00Z');
    const store = openStore(storePath(join(dir.path, 'data')));
    const queue = { store, now: () => new Date(time) };
    const journal = createDryRunJournal();
    const adapters = new Map<NetworkId, NetworkAdapter>([
      ['x', createDryRunAdapter('x', { record: (entry) => journal.record(entry), now: queue.now })],
    ]);
    const runner = createRunner({
      queue,
      adapters,
      rules: { timezone: 'America/Toronto', publishTime: '09:00', latenessWindowMinutes: 60, mediaLeadMinutes: 10 },
      sleep: async (ms) => {
        time += ms;
      },
      random: () => 0.5,
      log: silentLogger(),
      notify: async () => true,
    });
    try {
      const [update] = importDrafts(queue, {
        update: makeUpdate(),
        drafts: [
          {
            network: 'x',
            posts: [
              { text: 'Mise à jour du 14 mai 1/2', media: [] },
              { text: 'Suite 2/2', media: [] },
            ],
            warnings: [],
          },
        ],
        by: 'Rédaction',
      }).drafts;
      approve(queue, { draftId: update!.id, by: 'Approbation' });
      expect((await runner.publishNow('2026-05-14', { by: 'Opérateur' }))[0]?.status).toBe('published');

      const [waiting] = queueCorrections(queue, { date: '2026-05-14', text: 'Précision en attente.', by: 'Rédaction' });
      const [correction] = queueCorrections(queue, {
        date: '2026-05-14',
        text: 'Il fallait lire 1 016.',
        by: 'Rédaction',
      });
      approve(queue, { draftId: correction!.id, by: 'Approbation' });
      const tick = await runner.tick();
      expect(tick.missed).toEqual([]);
      const outcomes = await Promise.all(tick.started);
      expect(outcomes.map((outcome) => [outcome.draftId, outcome.status])).toEqual([[correction!.id, 'published']]);
      expect(findDraft(queue, waiting!.id)?.status).toBe('awaiting_review');
      const reply = journal.entries.find((entry) => entry.kind === 'post' && entry.text.startsWith('Correctif'));
      expect(reply?.kind === 'post' && reply.replyTo?.parent.id).toBe('dry-run:x:1');

      const [retraction] = queueRetractions(queue, { date: '2026-05-14', by: 'Administration', reason: 'Erreur.' });
      approve(queue, { draftId: retraction!.id, by: 'Approbation' });
      const next = await Promise.all((await runner.tick()).started);
      expect(next.map((outcome) => outcome.status)).toEqual(['published']);
      // Leaf first: the correction, then the thread from its last post.
      expect(journal.entries.filter((entry) => entry.kind === 'delete').map((entry) => entry.ref.id)).toEqual([
        'dry-run:x:3',
        'dry-run:x:2',
        'dry-run:x:1',
      ]);
    } finally {
      await runner.idle();
      store.close();
    }
  });
});
