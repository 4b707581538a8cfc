import { draftLine } from '../../queue/describe.js';
import { withQueue } from '../../queue/open-queue.js';
import { queuedDraftsAsRead } from '../../queue/read.js';
import { draftView } from '../../queue/view.js';
import { batchedWriter } from '../batched-output.js';
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
    return withQueue(loadConfig(), async (context) => {
      const { store } = context;
      // Written as read (`iterateDrafts`): years of drafts are never all in memory.
      const drafts = queuedDraftsAsRead(context, date === undefined ? {} : { date });
      const out = batchedWriter(io.stdout);
      if (args.values.json) {
        // The bytes of `JSON.stringify({ drafts }, null, 2)`, written a draft at a time.
        await out.write('{\n  "drafts": [');
        let count = 0;
        for (const draft of drafts) {
          const view = JSON.stringify(draftView(draft, store.mediaDir), null, 2).replaceAll('\n', '\n    ');
          const full = out.write(`${count++ === 0 ? '\n' : ',\n'}    ${view}`);
          if (full) await full;
        }
        await out.write(count === 0 ? ']\n}\n' : '\n  ]\n}\n');
        await out.end();
        return 0;
      }
      let count = 0;
      for (const draft of drafts) {
        const full = out.write(`${draftLine(draft)}\n`);
        if (full) await full;
        count += 1;
      }
      await out.end();
      if (count === 0) {
        io.stdout.write(
          date === undefined
            ? 'No draft. / Aucun brouillon.\n'
            : `No draft for ${date}. / Aucun brouillon pour le ${date}.\n`,
        );
      }
      return 0;
    });
  },
};
