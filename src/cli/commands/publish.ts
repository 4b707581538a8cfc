import { createDryRunJournal } from '../../../adapters/dry-run/journal.js';
import { openServices } from '../../app/services.js';
import { CrieurError } from '../../errors.js';
import { isNetworkId, NETWORKS } from '../../networks.js';
import type { PublishOutcome } from '../../publish/publish-draft.js';
import { systemUserName } from '../../queue/context.js';
import { zonedDate } from '../../schedule/zoned-time.js';
import type { Command } from '../command.js';
import { stringOption } from './args.js';

export const command: Command = {
  name: 'publish',
  summary: 'Publish what is due now (or, with --now, the approved drafts of a date at once).',
  usage: 'crieur publish [--date YYYY-MM-DD] [--network N] [--now] [--dry-run] [--by NAME]',
  options: {
    date: { type: 'string' },
    network: { type: 'string' },
    now: { type: 'boolean' },
    'dry-run': { type: 'boolean' },
    by: { type: 'string' },
  },
  async run(args, { io, loadConfig }) {
    const loaded = loadConfig();
    const network = stringOption(args, 'network');
    if (network !== undefined && !isNetworkId(network)) {
      throw new CrieurError(
        `unknown network "${network}"; expected ${NETWORKS.join(', ')}`,
        `réseau inconnu « ${network} »; attendu : ${NETWORKS.join(', ')}`,
      );
    }
    const journal = createDryRunJournal();
    const services = openServices(loaded, args.values['dry-run'] ? { dryRun: journal } : {});
    try {
      const date = stringOption(args, 'date') ?? zonedDate(new Date(), loaded.config.timezone);
      let outcomes: PublishOutcome[];
      if (args.values.now) {
        const by = stringOption(args, 'by') ?? systemUserName(io.env);
        outcomes = await services.runner.publishNow(date, { by, ...(network ? { network } : {}) });
      } else {
        const report = await services.runner.tick();
        outcomes = await Promise.all(report.started);
        await services.runner.idle();
      }
      if (outcomes.length === 0) io.stdout.write('Nothing to publish now. / Rien à publier maintenant.\n');
      for (const outcome of outcomes) {
        io.stdout.write(`d${outcome.draftId}: ${outcome.status}\n`);
        for (const part of outcome.posted) io.stdout.write(`  ✓ ${part.index + 1} ${part.url ?? ''}\n`);
        for (const part of outcome.notPosted) io.stdout.write(`  ✗ ${part.index + 1} ${part.reason}\n`);
      }
      return outcomes.every((outcome) => outcome.status === 'published') ? 0 : 1;
    } finally {
      services.close();
    }
  },
};
