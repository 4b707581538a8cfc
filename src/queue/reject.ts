import { appendEvent } from '../audit/journal.js';
import { getDraft, setDraftStatus } from '../store/drafts-repo.js';
import type { DraftRecord } from '../store/types.js';
import { formatDraftId } from '../store/types.js';
import type { QueueContext } from './context.js';
import { REJECTABLE } from './lifecycle.js';
import { refused, unknownDraft, wrongStatus } from './refusals.js';

/** Rejects a draft awaiting review or approved (not yet publishing), with the reason the team gives. */
export function reject(context: QueueContext, input: { draftId: number; by: string; reason: string }): DraftRecord {
  const { store } = context;
  const by = input.by.trim();
  const reason = input.reason.trim();
  if (by === '') throw refused('the name of who rejects is empty', 'le nom de la personne qui rejette est vide');
  if (reason === '')
    throw refused(
      'a reason is required to reject',
      'une raison est requise pour rejeter un brouillon : écrivez ce qui doit être corrigé.',
    );
  return store.transaction(() => {
    const draft = getDraft(store.db, input.draftId);
    if (draft === null) throw unknownDraft(input.draftId);
    if (!REJECTABLE.includes(draft.status)) throw wrongStatus(draft.id, draft.status, 'reject', 'de rejeter');
    const at = context.now();
    setDraftStatus(store.db, draft.id, 'rejected', reason, at.toISOString());
    appendEvent(
      store.db,
      {
        at,
        actor: by,
        action: 'reject',
        subject: formatDraftId(draft.id),
        data: { reason, version: draft.version, previousStatus: draft.status },
      },
      store.secrets,
    );
    const updated = getDraft(store.db, draft.id);
    if (updated === null) throw unknownDraft(draft.id);
    return updated;
  });
}
