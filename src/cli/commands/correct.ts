import { frenchLine } from '../../i18n/french-line.js';
import { NETWORKS } from '../../networks/index.js';
import { cardRedrawer } from '../../pipeline/card-redrawer.js';
import { correctedCards, parseFigureCorrection } from '../../queue/corrected-cards.js';
import { queueCorrections } from '../../queue/corrections.js';
import { draftLine } from '../../queue/describe.js';
import { followUpAccount } from '../../queue/follow-up-account.js';
import { mediaDirOf, withQueue } from '../../queue/open-queue.js';
import { draftView } from '../../queue/view.js';
import type { Command } from '../command.js';
import { dateOption, networkOption, readTextFile, requireOptions, stringOption } from './args.js';

export const command: Command = {
  name: 'correct',
  summary: 'Queue a correction of a published update: a reply, comment or « Correctif » box on each network.',
  usage: 'crieur correct --date YYYY-MM-DD --text-file FILE --by NAME [--figure N=VALUE ...] [--network N] [--json]',
  options: {
    date: { type: 'string' },
    'text-file': { type: 'string' },
    by: { type: 'string' },
    network: { type: 'string' },
    /** A corrected key figure (its number on the card, then its value): the corrected card goes with the correction. */
    figure: { type: 'string', multiple: true },
    json: { type: 'boolean' },
  },
  maxPositionals: 0,
  async run(args, { io, loadConfig }) {
    requireOptions(args, ['date', 'text-file']);
    const date = dateOption(args) as string;
    const file = stringOption(args, 'text-file') as string;
    const network = networkOption(args, NETWORKS);
    const text = readTextFile(io.cwd, file, '--text-file');
    const figureArgs = args.values.figure;
    const figures = (Array.isArray(figureArgs) ? figureArgs : []).map((item) => parseFigureCorrection(String(item)));
    const loaded = loadConfig();
    const drafts = await withQueue(loaded, async (context) => {
      const by = followUpAccount(context.store.db, stringOption(args, 'by'), io.env, 'correct');
      const redrawer = cardRedrawer(loaded);
      try {
        const cards = await correctedCards(context, { date, figures, ...(network ? { network } : {}) }, (spec, on) =>
          redrawer.render(spec, on),
        );
        return queueCorrections(context, { date, text, by, cards, ...(network ? { network } : {}) });
      } finally {
        redrawer.dispose();
      }
    });
    if (args.values.json) {
      const mediaDir = mediaDirOf(loaded);
      io.stdout.write(`${JSON.stringify({ drafts: drafts.map((draft) => draftView(draft, mediaDir)) }, null, 2)}\n`);
    } else {
      for (const draft of drafts) io.stdout.write(`${draftLine(draft)}\n`);
      io.stderr.write(
        'Correction drafts queued: another person approves them, then `crieur publish --date ' +
          `${date} --now\` publishes them / ${frenchLine('brouillons de correctif en file : une autre personne les approuve, puis ils partent aussitôt')}\n`,
      );
    }
    return 0;
  },
};
