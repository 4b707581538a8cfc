import { draftLine } from '../../queue/describe.js';
import { withQueue } from '../../queue/open-queue.js';
import { queuedDrafts } from '../../queue/read.js';
import { draftView } from '../../queue/view.js';
import type { Command } from '../command.js';
import { dateOption } from './args.js';

export const command: Command = {
  name: 'queue',
  summary: 'List the drafts, with their status, version and content hash.',
  usage: 'crieur queue [--date YYYY-MM-DD] [--json]',
  options: { date: { type: 'string' }, json: { type: 'boolean' } },
  maxPositionals: 0,
  async run(args, { io, loadConfig }) {
    const date = dateOption(args);
    return withQueue(loadConfig(), (context) => {
      const { store } = context;
      const drafts = queuedDrafts(context, date === undefined ? {} : { date });
      if (args.values.json) {
        io.stdout.write(
          `${JSON.stringify({ drafts: drafts.map((draft) => draftView(draft, store.mediaDir)) }, null, 2)}\n`,
        );
      } else if (drafts.length === 0) {
        io.stdout.write(
          date === undefined
            ? 'No draft. / Aucun brouillon.\n'
            : `No draft for ${date}. / Aucun brouillon pour le ${date}.\n`,
        );
      } else {
        for (const draft of drafts) io.stdout.write(`${draftLine(draft)}\n`);
      }
      return 0;
    });
  },
};
