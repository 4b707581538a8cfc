import { appendEvent } from '../audit/journal.js';
import { composeCorrection } from '../compose/correction.js';
import { type NetworkId, networkLabel } from '../networks/index.js';
import { type LedgerPart, ledgerParts, mayBeOnline } from '../publish/ledger-repo.js';
import {
  draftsTargeting,
  draftsTargetingEach,
  getDraft,
  insertDraft,
  insertDraftVersion,
  listDrafts,
} from '../store/drafts-repo.js';
import type { DraftContent, DraftRecord, DraftStatus, StoredMedia } from '../store/types.js';
import { formatDraftId } from '../store/types.js';
import { contentHash } from './content-hash.js';
import type { QueueContext } from './context.js';
import { refused } from './refusals.js';

/** Statuses of a retraction that stand: an update so retracted (or about to be) takes no correction. */
const RETRACTION_STANDS: readonly DraftStatus[] = [
  'awaiting_review',
  'needs_decision',
  'approved',
  'publishing',
  'published',
  'partly_published',
];
/** A retraction that went out, even in part: the update is retracted. */
const RETRACTED: readonly DraftStatus[] = ['publishing', 'published', 'partly_published'];

/** The update drafts of `date` with their first post online (where a correction applies). */
export function publishedUpdates(context: QueueContext, date: string, network?: NetworkId): DraftRecord[] {
  return updatesWith(context, date, network, (part) => part.state === 'posted');
}

/**
 * The update drafts of `date` a retraction applies to: those with a post online, and those with a
 * post that may be online (its create went out, no answer came back): the retraction looks for it.
 */
export function retractableUpdates(context: QueueContext, date: string, network?: NetworkId): DraftRecord[] {
  return updatesWith(context, date, network, (part) => part.state === 'posted' || mayBeOnline(part));
}

function updatesWith(
  context: QueueContext,
  date: string,
  network: NetworkId | undefined,
  holds: (part: LedgerPart) => boolean,
): DraftRecord[] {
  return listDrafts(context.store.db, { date, kinds: ['update'] })
    .filter((draft) => network === undefined || draft.network === network)
    .filter((draft) => ledgerParts(context.store.db, draft.id).some(holds));
}

/** The retraction of this update draft that went out (even in part), if any. */
export function retractionOf(context: QueueContext, updateDraftId: number): DraftRecord | null {
  return wentOut(draftsTargeting(context.store.db, updateDraftId));
}

/** `retractionOf` for each of a page of update drafts, read together: only those retracted are in the map. */
export function retractionsOf(context: QueueContext, updateDraftIds: readonly number[]): Map<number, DraftRecord> {
  const retractions = new Map<number, DraftRecord>();
  for (const [id, followUps] of draftsTargetingEach(context.store.db, updateDraftIds)) {
    const retraction = wentOut(followUps);
    if (retraction !== null) retractions.set(id, retraction);
  }
  return retractions;
}

/** The first of an update's follow-ups that is a retraction gone out (even in part). */
function wentOut(followUps: readonly DraftRecord[]): DraftRecord | null {
  return followUps.find((draft) => draft.kind === 'retraction' && RETRACTED.includes(draft.status)) ?? null;
}

/** Corrections and retractions of one update draft, oldest first. */
export function followUpsOf(context: QueueContext, updateDraftId: number): DraftRecord[] {
  return draftsTargeting(context.store.db, updateDraftId);
}

/**
 * One correction draft per network where the update of `date` is online (the first post of its thread
 * posted), awaiting review like any draft: four-eyes approval bound to the content hash, ledger and
 * audit. Refused, with nothing stored, for an update retracted (or whose retraction awaits), for a text
 * that is empty or too long for a network that cannot thread it.
 */
export function queueCorrections(
  context: QueueContext,
  input: {
    date: string;
    text: string;
    by: string;
    network?: NetworkId;
    /** The corrected card for each network that shows one with a correction (see `correctedCards`). */
    cards?: Partial<Record<NetworkId, StoredMedia>>;
  },
): DraftRecord[] {
  const by = input.by.normalize('NFC').trim();
  if (by === '') throw refused('the author name is empty', 'le nom de l’auteur est vide');
  if (input.text.trim() === '') throw refused('the correction text is empty', 'le texte du correctif est vide');
  const { store } = context;
  return store.transaction(() => {
    const targets = publishedUpdates(context, input.date, input.network);
    if (targets.length === 0) {
      throw refused(
        `no published update for ${input.date}${input.network ? ` on ${input.network}` : ''}: nothing to correct`,
        `aucune mise à jour publiée le ${input.date}${input.network ? ` sur ${networkLabel(input.network)}` : ''} : rien à corriger`,
      );
    }
    for (const target of targets) {
      const retraction = draftsTargeting(store.db, target.id).find(
        (draft) => draft.kind === 'retraction' && RETRACTION_STANDS.includes(draft.status),
      );
      if (retraction) {
        const done = RETRACTED.includes(retraction.status);
        throw refused(
          `the update of ${input.date} on ${target.network} is ${done ? 'retracted' : 'being retracted'} (${formatDraftId(retraction.id)}): a correction is refused`,
          `la mise à jour du ${input.date} sur ${networkLabel(target.network)} ${done ? 'a été retirée' : 'fait l’objet d’un retrait'} (${formatDraftId(retraction.id)}) : un correctif est refusé`,
        );
      }
    }
    const contents = targets.map((target) => {
      const composed = composeCorrection(input.text, target.network);
      if (!composed.ok) {
        throw refused(
          `the correction is too long for ${networkLabel(target.network)}: ${composed.length} of ${composed.limit}`,
          `le correctif est trop long pour ${networkLabel(target.network)} : ${composed.length} sur ${composed.limit}`,
        );
      }
      const content: DraftContent = {
        network: target.network,
        posts: composed.posts.map((text, index) => {
          const card = index === 0 ? input.cards?.[target.network] : undefined;
          return { text, media: card ? [card] : [] };
        }),
        warnings: [],
        format: 'thread',
        omitted: [],
      };
      return { target, content };
    });
    return contents.map(({ target, content }) =>
      insertFollowUp(context, { kind: 'correction', target, content, by, data: { posts: content.posts.length } }),
    );
  });
}

/**
 * One retraction draft per network where the update of `date` is online: once approved (four-eyes),
 * it deletes every post of the thread there, corrections included. The reason is its content (the
 * website's notice), so the approval binds it.
 */
export function queueRetractions(
  context: QueueContext,
  input: { date: string; by: string; reason: string; network?: NetworkId },
): DraftRecord[] {
  const by = input.by.normalize('NFC').trim();
  const reason = input.reason.normalize('NFC').trim();
  if (by === '') throw refused('the author name is empty', 'le nom de l’auteur est vide');
  if (reason === '') {
    throw refused('a retraction needs its reason (--reason)', 'un retrait doit donner sa raison (--reason)');
  }
  const { store } = context;
  return store.transaction(() => {
    const targets = retractableUpdates(context, input.date, input.network);
    if (targets.length === 0) {
      throw refused(
        `no published update for ${input.date}${input.network ? ` on ${input.network}` : ''}: nothing to retract`,
        `aucune mise à jour publiée le ${input.date}${input.network ? ` sur ${networkLabel(input.network)}` : ''} : rien à retirer`,
      );
    }
    const fresh = targets.filter(
      (target) =>
        !draftsTargeting(store.db, target.id).some(
          (draft) => draft.kind === 'retraction' && RETRACTION_STANDS.includes(draft.status),
        ),
    );
    if (fresh.length === 0) {
      throw refused(
        `the update of ${input.date} is already retracted or awaiting its retraction`,
        `la mise à jour du ${input.date} est déjà retirée ou son retrait attend une approbation`,
      );
    }
    return fresh.map((target) => {
      const content: DraftContent = {
        network: target.network,
        posts: [{ text: `Retrait : ${reason}`, media: [] }],
        warnings: [],
        omitted: [],
      };
      return insertFollowUp(context, { kind: 'retraction', target, content, by, data: { reason } });
    });
  });
}

function insertFollowUp(
  context: QueueContext,
  input: {
    kind: 'correction' | 'retraction';
    target: DraftRecord;
    content: DraftContent;
    by: string;
    data: Record<string, unknown>;
  },
): DraftRecord {
  const { store } = context;
  const at = context.now();
  const iso = at.toISOString();
  const hash = contentHash(input.content);
  const id = insertDraft(store.db, {
    updateId: input.target.updateId,
    date: input.target.date,
    network: input.target.network,
    status: 'awaiting_review',
    kind: input.kind,
    targetId: input.target.id,
    contentHash: hash,
    at: iso,
  });
  insertDraftVersion(store.db, {
    draftId: id,
    version: 1,
    content: input.content,
    contentHash: hash,
    author: input.by,
    at: iso,
  });
  appendEvent(
    store.db,
    {
      at,
      actor: input.by,
      action: input.kind === 'correction' ? 'correct' : 'retract',
      subject: formatDraftId(id),
      data: {
        date: input.target.date,
        network: input.target.network,
        target: formatDraftId(input.target.id),
        version: 1,
        contentHash: hash,
        ...input.data,
      },
    },
    store.secrets,
  );
  const record = getDraft(store.db, id);
  if (record === null) throw new Error(`draft ${id} vanished inside its own transaction`);
  return record;
}
