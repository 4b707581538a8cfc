import { approve } from '../../src/queue/approve.js';
import { importDrafts } from '../../src/queue/import.js';
import { reject } from '../../src/queue/reject.js';
import { transition } from '../../src/queue/transition.js';
import type { DraftStatus } from '../../src/store/types.js';
import { type Fixture, makeUpdate } from './fixtures.js';

/** Brings a new X draft to `status` through the queue's own functions; returns its id. */
export function draftIn(fx: Fixture, status: DraftStatus, date = '2026-05-14'): number {
  const imported = () =>
    importDrafts(fx.context, { update: makeUpdate(date), drafts: fx.drafts(['x']), by: 'ana' }).drafts[0]!.id;
  const approved = () => {
    const id = imported();
    approve(fx.context, { draftId: id, by: 'bruno' });
    return id;
  };
  const publishing = () => {
    const id = approved();
    transition(fx.context, id, 'publishing');
    return id;
  };
  switch (status) {
    case 'awaiting_review':
      return imported();
    case 'needs_decision': {
      const drafts = fx.drafts(['x']).map((draft) => ({
        ...draft,
        format: 'thread' as const,
        omitted: [{ text: 'Une puce de trop', section: 'Faits saillants', reason: 'max-thread-posts' as const }],
      }));
      return importDrafts(fx.context, { update: makeUpdate(date), drafts, by: 'ana' }).drafts[0]!.id;
    }
    case 'approved':
      return approved();
    case 'rejected': {
      const id = imported();
      reject(fx.context, { draftId: id, by: 'bruno', reason: 'Chiffre erroné' });
      return id;
    }
    case 'superseded': {
      const id = imported();
      imported();
      return id;
    }
    case 'publishing':
      return publishing();
    case 'published':
    case 'partly_published':
    case 'failed': {
      const id = publishing();
      transition(fx.context, id, status);
      return id;
    }
    case 'missed': {
      const id = approved();
      transition(fx.context, id, 'missed');
      return id;
    }
  }
}
