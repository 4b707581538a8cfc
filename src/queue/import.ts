import { appendEvent } from '../audit/journal.js';
import { needsDecision } from '../compose/omitted.js';
import type { RenderedDraft } from '../compose/types.js';
import type { NetworkId } from '../networks/index.js';
import { ledgerParts } from '../publish/ledger-repo.js';
import { getDraft, insertDraft, insertDraftVersion, listDrafts, setDraftStatus } from '../store/drafts-repo.js';
import type { DraftContent, DraftRecord, DraftStatus } from '../store/types.js';
import { formatDraftId } from '../store/types.js';
import { insertUpdate } from '../store/updates-repo.js';
import type { Update } from '../update/types.js';
import { contentHash } from './content-hash.js';
import type { QueueContext } from './context.js';
import { EDITABLE, ON_NETWORK } from './lifecycle.js';
import { storeCardFile } from './media-files.js';
import { refused } from './refusals.js';

export interface SupersededDraft {
  id: number;
  network: NetworkId;
  previousStatus: DraftStatus;
}

export interface SkippedNetwork {
  network: NetworkId;
  /** The draft for this date that is (or may be) on the network already. */
  existingId: number;
  existingStatus: DraftStatus;
}

export interface ImportResult {
  updateId: number;
  drafts: DraftRecord[];
  /** Earlier drafts for the same date that this import replaced; `approved` ones deserve a loud warning. */
  superseded: SupersededDraft[];
  /** Networks not queued because a draft for this date is or may be published there already. */
  skipped: SkippedNetwork[];
}

/**
 * Stores an update and one draft per network, awaiting review. Earlier drafts for the same date that
 * have not gone out are superseded; networks where one may have gone out are skipped, never posted twice.
 */
export function importDrafts(
  context: QueueContext,
  input: { update: Update; drafts: readonly RenderedDraft[]; by: string },
): ImportResult {
  const { store } = context;
  const by = input.by.trim();
  if (by === '') throw refused('the author name is empty', 'le nom de l’auteur est vide');
  const seen = new Set<NetworkId>();
  for (const draft of input.drafts) {
    if (seen.has(draft.network)) {
      throw refused(`two drafts for ${draft.network}`, `deux brouillons pour ${draft.network}`);
    }
    seen.add(draft.network);
    if (draft.posts.length === 0) {
      throw refused(
        `the ${draft.network} draft has no post`,
        `le brouillon ${draft.network} ne contient aucune publication`,
      );
    }
  }
  // Files first: content-addressed, so one left behind by a crash is harmless and reused next time.
  const contents: DraftContent[] = input.drafts.map((draft) => ({
    network: draft.network,
    posts: draft.posts.map((post) => ({
      text: post.text,
      media: post.media.map((card) => storeCardFile(card, store)),
    })),
    warnings: [...draft.warnings],
    ...(draft.format ? { format: draft.format } : {}),
    omitted: (draft.omitted ?? []).map((item) => ({ ...item })),
  }));

  return store.transaction((): ImportResult => {
    const at = context.now();
    const iso = at.toISOString();
    const { update } = input;
    const updateId = insertUpdate(store.db, {
      date: update.date,
      sourcePath: update.source.path,
      sha256: update.source.sha256,
      parsed: update,
      importedBy: by,
      importedAt: iso,
    });
    appendEvent(
      store.db,
      {
        at,
        actor: by,
        action: 'import',
        subject: `update ${updateId}`,
        data: { date: update.date, source: update.source.path, sha256: update.source.sha256 },
      },
      store.secrets,
    );

    const superseded: SupersededDraft[] = [];
    const blocking = new Map<NetworkId, DraftRecord>();
    for (const existing of listDrafts(store.db, { date: update.date, kinds: ['update'] })) {
      if (mayBeOnNetwork(context, existing)) {
        if (!blocking.has(existing.network)) blocking.set(existing.network, existing);
        continue;
      }
      if (!EDITABLE.includes(existing.status) && existing.status !== 'failed') continue;
      if (!seen.has(existing.network)) continue;
      const reason = `replaced by update ${updateId}`;
      setDraftStatus(store.db, existing.id, 'superseded', reason, iso);
      appendEvent(
        store.db,
        {
          at,
          actor: by,
          action: 'supersede',
          subject: formatDraftId(existing.id),
          data: { previousStatus: existing.status, byUpdate: updateId, version: existing.version },
        },
        store.secrets,
      );
      superseded.push({ id: existing.id, network: existing.network, previousStatus: existing.status });
    }

    const created: DraftRecord[] = [];
    const skipped: SkippedNetwork[] = [];
    for (const content of contents) {
      const existing = blocking.get(content.network);
      if (existing !== undefined) {
        skipped.push({ network: content.network, existingId: existing.id, existingStatus: existing.status });
        continue;
      }
      const hash = contentHash(content);
      const id = insertDraft(store.db, {
        updateId,
        date: update.date,
        network: content.network,
        status: reviewStatus(content),
        contentHash: hash,
        at: iso,
      });
      insertDraftVersion(store.db, { draftId: id, version: 1, content, contentHash: hash, author: by, at: iso });
      appendEvent(
        store.db,
        {
          at,
          actor: by,
          action: 'import',
          subject: formatDraftId(id),
          data: {
            update: updateId,
            date: update.date,
            network: content.network,
            version: 1,
            contentHash: hash,
            posts: content.posts.length,
            media: content.posts.reduce((sum, post) => sum + post.media.length, 0),
            ...(content.format ? { format: content.format } : {}),
            omitted: content.omitted?.length ?? 0,
          },
        },
        store.secrets,
      );
      const record = getDraft(store.db, id);
      if (record === null) throw new Error(`draft ${id} vanished inside its own transaction`);
      created.push(record);
    }
    return { updateId, drafts: created, superseded, skipped };
  });
}

/** Whether any part of this draft may have reached its network. */
function mayBeOnNetwork(context: QueueContext, draft: DraftRecord): boolean {
  if (ON_NETWORK.includes(draft.status)) return true;
  if (draft.status !== 'failed') return false;
  return ledgerParts(context.store.db, draft.id).some((part) => part.state !== 'pending' && part.state !== 'failed');
}

/** A draft that leaves part of the update out past a limit waits for a person's decision. */
export function reviewStatus(content: DraftContent): 'awaiting_review' | 'needs_decision' {
  return needsDecision(content.omitted ?? []) ? 'needs_decision' : 'awaiting_review';
}
