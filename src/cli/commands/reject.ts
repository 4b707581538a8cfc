import { decidingAccount } from '../../queue/approver.js';
import { draftLine } from '../../queue/describe.js';
import { withQueue } from '../../queue/open-queue.js';
import { refused } from '../../queue/refusals.js';
import { reject } from '../../queue/reject.js';
import type { Command } from '../command.js';
import { requireDraftIdArgument, stringOption } from './args.js';

export const command: Command = {
  name: 'reject',
  summary: 'Reject a draft, with the reason.',
  usage: 'crieur reject <draft-id> [--by NAME] --reason TEXT\n(--by names a page account; without it, CRIEUR_USER)',
  options: { by: { type: 'string' }, reason: { type: 'string' } },
  maxPositionals: 1,
  async run(args, { io, loadConfig }) {
    const draftId = requireDraftIdArgument(args);
    const byOption = stringOption(args, 'by');
    const reason = stringOption(args, 'reason');
    if (reason === undefined) throw refused('--reason TEXT is required', '--reason TEXTE est requis');
    const rejected = await withQueue(loadConfig(), (context) =>
      reject(context, { draftId, by: decidingAccount(context.store.db, byOption, io.env, 'reject'), reason }),
    );
    io.stdout.write(`${draftLine(rejected)}\n`);
    return 0;
  },
};
