import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createDryRunJournal } from '../../../adapters/dry-run/index.js';
import { startDaemon } from '../../app/daemon.js';
import { openServices } from '../../app/services.js';
import type { Command } from '../command.js';

export const command: Command = {
  name: 'run',
  summary: 'Run the scheduler and the inbox watcher (and, with --dry-run, send nothing).',
  usage: 'crieur run [--dry-run]',
  options: { 'dry-run': { type: 'boolean' } },
  async run(args, { io, loadConfig }) {
    const loaded = loadConfig();
    const dryRun = args.values['dry-run'] === true;
    const journal = createDryRunJournal();
    const services = openServices(loaded, dryRun ? { dryRun: journal } : {});
    const daemon = startDaemon(services);
    io.stdout.write(
      `crieur running${dryRun ? ' (dry run: nothing is sent)' : ''}; inbox ${loaded.inboxDir}; Ctrl+C to stop\n`,
    );
    await new Promise<void>((resolve) => {
      const stop = () => resolve();
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
    services.log.info({}, 'stopping: waiting for publications in progress');
    await daemon.stop();
    if (dryRun) {
      writeFileSync(join(loaded.dataDir, 'dry-run-journal.json'), `${JSON.stringify(journal.entries, null, 2)}\n`);
    }
    services.close();
    return 0;
  },
};
