import { listEvents } from '../../audit/log.js';
import { ledgerParts } from '../../publish/ledger.js';
import { describeDraft } from '../../queue/describe.js';
import { withQueue } from '../../queue/open-queue.js';
import { approvalOf, findDraft } from '../../queue/read.js';
import { unknownDraft } from '../../queue/refusals.js';
import { type DraftStatus, formatDraftId } from '../../queue/types.js';
import { draftView } from '../../queue/view.js';
import type { Command } from '../command.js';
import { requireDraftIdArgument } from './args.js';

/** Statuses in which the approval of the current version still stands. */
const SHOWS_APPROVAL: readonly DraftStatus[] = [
  'approved',
  'publishing',
  'published',
  'partly_published',
  'failed',
  'missed',
];

export const command: Command = {
  name: 'show',
  summary: 'Show a draft in full: every post, image and alt text, its approval and its history.',
  usage: 'crieur show <draft-id> [--json]',
  options: { json: { type: 'boolean' } },
  maxPositionals: 1,
  async run(args, { io, loadConfig }) {
    const id = requireDraftIdArgument(args);
    return withQueue(loadConfig(), (context) => {
      const { store } = context;
      const draft = findDraft(context, id);
      if (draft === null) throw unknownDraft(id);
      const approval = SHOWS_APPROVAL.includes(draft.status) ? approvalOf(context, draft) : null;
      const ledger = ledgerParts(store, draft.id);
      const history = listEvents(store.db, { subject: formatDraftId(draft.id) });
      if (args.values.json) {
        const view = {
          ...draftView(draft, store.mediaDir),
          author: draft.author,
          reason: draft.reason,
          warnings: draft.content.warnings,
          approval,
          ledger,
          history: history.map(({ at, actor, action, data }) => ({ at, actor, action, data })),
        };
        io.stdout.write(`${JSON.stringify(view, null, 2)}\n`);
        return 0;
      }
      io.stdout.write(describeDraft(draft, store.mediaDir));
      if (approval !== null) {
        io.stdout.write(
          `\nApproved by ${approval.approvedBy} at ${approval.approvedAt} (hash ${approval.contentHash.slice(0, 12)})\n`,
        );
      }
      if (ledger.length > 0) {
        io.stdout.write('\nLedger:\n');
        for (const part of ledger) {
          const where = part.remoteUrl ?? part.remoteId ?? '';
          const error = part.errorClass === null ? '' : ` ${part.errorClass}: ${part.errorMessage ?? ''}`;
          io.stdout.write(`  part ${part.partIndex + 1}: ${part.state} (attempt ${part.attempt}) ${where}${error}\n`);
        }
      }
      io.stdout.write('\nHistory:\n');
      for (const event of history) io.stdout.write(`  ${event.at}  ${event.actor}  ${event.action}\n`);
      return 0;
    });
  },
};
