import { approve, approveDate } from '../../queue/approve.js';
import { decidingAccount } from '../../queue/approver.js';
import { draftLine } from '../../queue/describe.js';
import { withQueue } from '../../queue/open-queue.js';
import { refused, requireDraftId } from '../../queue/refusals.js';
import type { Command } from '../command.js';
import { dateOption, expectedHash, stringOption } from './args.js';

export const command: Command = {
  name: 'approve',
  summary: 'Approve a draft (or every draft of a date) exactly as it is now; another person than its author.',
  usage:
    'crieur approve <draft-id> [--by NAME] [--expect HASH] [--accept-omissions]\n       crieur approve --date YYYY-MM-DD [--by NAME] [--accept-omissions]\n' +
    '(--by names a page account; without it, CRIEUR_USER)',
  options: {
    by: { type: 'string' },
    date: { type: 'string' },
    expect: { type: 'string' },
    // A draft that leaves part of the update out (needs_decision) is approved only with this.
    'accept-omissions': { type: 'boolean' },
  },
  maxPositionals: 1,
  async run(args, { io, loadConfig }) {
    const byOption = stringOption(args, 'by');
    const date = dateOption(args);
    const idText = args.positionals[0];
    if ((date === undefined) === (idText === undefined)) {
      throw refused('give either a draft id or --date', 'indiquez soit un numéro de brouillon, soit --date');
    }
    const expected = stringOption(args, 'expect');
    const accept = args.values['accept-omissions'] === true ? { acceptOmissions: true } : {};
    const approved = await withQueue(loadConfig(), (context) => {
      const by = decidingAccount(context.store.db, byOption, io.env, 'approve');
      if (date !== undefined) return approveDate(context, { date, by, ...accept });
      const draftId = requireDraftId(idText);
      return [approve(context, { draftId, by, expectedHash: expectedHash(context, draftId, expected), ...accept })];
    });
    for (const draft of approved) io.stdout.write(`${draftLine(draft)}\n`);
    return 0;
  },
};
