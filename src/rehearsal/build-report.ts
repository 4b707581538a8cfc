import { describeCount } from '../compose/describe-count.js';
import { needsDecision } from '../compose/omitted.js';
import type { DryRunEntry } from '../publish/dry-run-journal.js';
import { ledgerParts } from '../publish/ledger.js';
import type { Store } from '../store/db.js';
import { getDraft } from '../store/drafts-repo.js';
import { localMediaFile } from '../store/media-rows.js';
import { rehearsalDraftWarnings } from './draft-warnings.js';
import type { RehearsalReport, RehearsalWarning } from './report.js';

/** What a dry-run publication sent, per network, from the store and the dry-run journal. */
export function buildRehearsalReport(input: {
  id: string;
  createdAt: Date;
  updateFile: string;
  date: string;
  simulatedAt: Date;
  publishAt: Date;
  store: Store;
  draftIds: number[];
  journal: readonly DryRunEntry[];
  timings: ReadonlyMap<number, number>;
  /** The update's own warnings, as `crieur check` gives them. */
  warnings?: readonly RehearsalWarning[];
}): RehearsalReport {
  const { store } = input;
  return {
    id: input.id,
    createdAt: input.createdAt.toISOString(),
    updateFile: input.updateFile,
    date: input.date,
    simulatedAt: input.simulatedAt.toISOString(),
    publishAt: input.publishAt.toISOString(),
    warnings: (input.warnings ?? []).map((warning) => ({ ...warning })),
    networks: input.draftIds.flatMap((draftId) => {
      const draft = getDraft(store.db, draftId);
      if (!draft) return [];
      const parts = ledgerParts(store, draft.id);
      const posts = input.journal.filter((entry) => entry.kind === 'post' && entry.network === draft.network);
      return [
        {
          network: draft.network,
          status: draft.status,
          posts: draft.content.posts.map((post, index) => {
            const sent = posts.find((entry) => entry.kind === 'post' && entry.part.index === index);
            const part = parts[index];
            return {
              index,
              text: post.text,
              count: describeCount(draft.network, post.text),
              media: post.media.map((media) => ({
                path: localMediaFile(store, media.file),
                alt: media.alt,
                mime: media.mime,
                width: media.width,
                height: media.height,
                bytes: media.bytes,
              })),
              ...(sent?.kind === 'post' && sent.replyTo ? { replyTo: sent.replyTo.parent.id } : {}),
              ...(sent ? { sentAt: sent.at.toISOString() } : {}),
              ...(part?.remoteId ? { remoteId: part.remoteId } : {}),
            };
          }),
          warnings: [...rehearsalDraftWarnings(draft.content), ...draft.content.warnings],
          omitted: (draft.content.omitted ?? []).map((item) => ({ ...item })),
          needsDecision: needsDecision(draft.content.omitted ?? []),
          errors: parts
            .filter((part) => part.errorMessage)
            .map((part) => `${part.partIndex + 1}: ${part.errorMessage}`),
          durationMs: input.timings.get(draft.id) ?? 0,
        },
      ];
    }),
  };
}
