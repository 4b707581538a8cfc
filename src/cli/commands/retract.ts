import { NETWORKS } from '../../networks/index.js';
import { queueRetractions } from '../../queue/corrections.js';
import { draftLine } from '../../queue/describe.js';
import { followUpAccount } from '../../queue/follow-up-account.js';
import { mediaDirOf, withQueue } from '../../queue/open-queue.js';
import { draftView } from '../../queue/view.js';
import type { Command } from '../command.js';
import { dateOption, networkOption, requireOptions, stringOption } from './args.js';

export const command: Command = {
  name: 'retract',
  summary: 'Queue the retraction of a published update: once approved, every post of its thread is deleted.',
  usage: 'crieur retract --date YYYY-MM-DD --by NAME --reason TEXT [--network N] [--json]',
  options: {
    date: { type: 'string' },
    by: { type: 'string' },
    reason: { type: 'string' },
    network: { type: 'string' },
    json: { type: 'boolean' },
  },
  maxPositionals: 0,
  async run(args, { io, loadConfig }) {
    requireOptions(args, ['date', 'reason']);
    const date = dateOption(args) as string;
    const reason = stringOption(args, 'reason') as string;
    const network = networkOption(args, NETWORKS);
    const loaded = loadConfig();
    const drafts = await withQueue(loaded, (context) => {
      const by = followUpAccount(context.store.db, stringOption(args, 'by'), io.env, 'retract');
      return queueRetractions(context, { date, by, reason, ...(network ? { network } : {}) });
    });
    if (args.values.json) {
      const mediaDir = mediaDirOf(loaded);
      io.stdout.write(`${JSON.stringify({ drafts: drafts.map((draft) => draftView(draft, mediaDir)) }, null, 2)}\n`);
    } else {
      for (const draft of drafts) io.stdout.write(`${draftLine(draft)}\n`);
    }
    return 0;
  },
};
