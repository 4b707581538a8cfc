import { draftLine } from '../../queue/describe.js';
import { withQueue } from '../../queue/open-queue.js';
import { refused } from '../../queue/refusals.js';
import { reject } from '../../queue/reject.js';
import type { Command } from '../command.js';
import { requireDraftIdArgument, stringOption } from './args.js';

export const command: Command = {
  name: 'reject',
  summary: 'Reject a draft, with the reason.',
  usage: 'crieur reject <draft-id> --by NAME --reason TEXT',
  options: { by: { type: 'string' }, reason: { type: 'string' } },
  maxPositionals: 1,
  async run(args, { io, loadConfig }) {
    const draftId = requireDraftIdArgument(args);
    const by = stringOption(args, 'by');
    const reason = stringOption(args, 'reason');
    if (by === undefined) throw refused('--by NAME is required: who rejects?', '--by NOM est requis : qui rejette?');
    if (reason === undefined) throw refused('--reason TEXT is required', '--reason TEXTE est requis');
    const rejected = await withQueue(loadConfig(), (context) => reject(context, { draftId, by, reason }));
    io.stdout.write(`${draftLine(rejected)}\n`);
    return 0;
  },
};
