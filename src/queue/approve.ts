import { appendEvent } from '../audit/journal.js';
import { needsDecision } from '../compose/omitted.js';
import { approvalFor, insertApproval } from '../store/approvals-repo.js';
import { getDraft, listDrafts, setDraftStatus } from '../store/drafts-repo.js';
import { localDraftMedia } from '../store/media-rows.js';
import type { DraftRecord } from '../store/types.js';
import { formatDraftId } from '../store/types.js';
import { contentHashFromFiles } from './content-hash.js';
import { type QueueContext, sameActor } from './context.js';
import { AWAITING } from './lifecycle.js';
import { refused, staleHash, unknownDraft, wrongStatus } from './refusals.js';

export interface ApproveInput {
  draftId: number;
  by: string;
  /** The content hash the approver reviewed; when given and no longer current, approval is refused. */
  expectedHash?: string;
  /** The approver read what the draft leaves out and accepts it (required for a draft in needs_decision). */
  acceptOmissions?: boolean;
}

/**
 * Approves the current version of a draft, binding the approval to the hash of the exact bytes that
 * will be sent (recomputed from the media files). Refused, with nothing changed, when the draft is
 * not awaiting review, when the approver wrote the current version (four-eyes), or when the content
 * is not the one reviewed.
 */
export function approve(context: QueueContext, input: ApproveInput): DraftRecord {
  return context.store.transaction(() => approveInTransaction(context, input));
}

/** Approves every draft of a date awaiting review: all of them, or none when one is refused. */
export function approveDate(
  context: QueueContext,
  input: { date: string; by: string; acceptOmissions?: boolean },
): DraftRecord[] {
  return context.store.transaction(() => {
    const pending = listDrafts(context.store.db, { date: input.date, statuses: AWAITING });
    if (pending.length === 0) {
      throw refused(
        `no draft awaiting review for ${input.date}`,
        `aucun brouillon en attente de révision pour le ${input.date}`,
      );
    }
    return pending.map((draft) =>
      approveInTransaction(context, {
        draftId: draft.id,
        by: input.by,
        ...(input.acceptOmissions ? { acceptOmissions: true } : {}),
      }),
    );
  });
}

function approveInTransaction(context: QueueContext, input: ApproveInput): DraftRecord {
  const { store } = context;
  const by = input.by.trim();
  if (by === '') throw refused('the approver name is empty', 'le nom de l’approbateur est vide');
  const draft = getDraft(store.db, input.draftId);
  if (draft === null) throw unknownDraft(input.draftId);
  const label = formatDraftId(draft.id);
  // A missed draft may be approved after the fact, to be published late with `publish --now`: it
  // stays missed, so the scheduler never sends it on its own.
  const late = draft.status === 'missed';
  if (late && approvalFor(store.db, draft.id, draft.version) !== null) {
    throw refused(
      `${label} was missed and is approved already; to publish it late: crieur publish --date ${draft.date} --network ${draft.network} --now`,
      `${label} a été manqué et est déjà approuvé ; pour le publier en retard : crieur publish --date ${draft.date} --network ${draft.network} --now`,
    );
  }
  if (!AWAITING.includes(draft.status) && !late) throw wrongStatus(draft.id, draft.status, 'approve', 'd’approuver');
  const omitted = draft.content.omitted ?? [];
  const decision = needsDecision(omitted);
  if (decision && !input.acceptOmissions) {
    const count = omitted.filter((item) => item.reason !== 'on-site-only').length;
    throw refused(
      `${label} leaves out ${count} item${count > 1 ? 's' : ''} of the update (see crieur show ${label}); approving it means accepting that: add --accept-omissions, or make it fit (crieur edit) first`,
      `${label} laisse de côté ${count} élément${count > 1 ? 's' : ''} de la mise à jour (voir crieur show ${label}) ; l’approuver, c’est l’accepter : ajoutez --accept-omissions, ou raccourcissez-le d’abord (crieur edit)`,
    );
  }
  if ((context.fourEyes ?? true) && sameActor(by, draft.author)) {
    throw refused(
      `${by} wrote version ${draft.version} of ${label} and cannot approve it too: another person must approve (four-eyes rule)`,
      `${by} a rédigé la version ${draft.version} de ${label} et ne peut pas aussi l’approuver : une autre personne doit l’approuver (règle des quatre yeux)`,
    );
  }
  if (input.expectedHash !== undefined && input.expectedHash !== draft.contentHash) {
    throw staleHash(draft.id, input.expectedHash, draft.contentHash);
  }
  localDraftMedia(store, draft.content);
  const actual = contentHashFromFiles(draft.content, store.mediaDir);
  if (actual === null) {
    throw refused(
      `an image of ${label} is missing from the media directory; import the update again`,
      `une image de ${label} est introuvable dans le dossier des médias ; importez de nouveau la mise à jour`,
    );
  }
  if (actual !== draft.contentHash) {
    throw refused(
      `the content of ${label} no longer matches what was stored (an image file changed); import the update again`,
      `le contenu de ${label} ne correspond plus à ce qui a été enregistré (une image a changé) ; importez de nouveau la mise à jour`,
    );
  }
  const at = context.now();
  const iso = at.toISOString();
  insertApproval(store.db, {
    draftId: draft.id,
    version: draft.version,
    contentHash: actual,
    approvedBy: by,
    approvedAt: iso,
  });
  if (!late) setDraftStatus(store.db, draft.id, 'approved', null, iso);
  appendEvent(
    store.db,
    {
      at,
      actor: by,
      action: 'approve',
      subject: label,
      data: {
        version: draft.version,
        contentHash: actual,
        network: draft.network,
        date: draft.date,
        ...(late ? { afterMissed: true } : {}),
        ...(decision
          ? {
              omissionsAccepted: omitted
                .filter((item) => item.reason !== 'on-site-only')
                .map(({ text, section, reason }) => ({ text, section, reason })),
            }
          : {}),
      },
    },
    store.secrets,
  );
  const updated = getDraft(store.db, draft.id);
  if (updated === null) throw unknownDraft(draft.id);
  return updated;
}
