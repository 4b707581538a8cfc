import { join } from 'node:path';
import { createDryRunJournal, type DryRunJournal } from '../../../adapters/dry-run/journal.js';
import { startDaemon } from '../../app/daemon.js';
import { openServices, type Services } from '../../app/services.js';
import type { PublishOutcome } from '../../publish/publish-draft.js';
import { buildRehearsalReport } from '../../rehearsal/build-report.js';
import { writeRehearsalReport } from '../../rehearsal/report.js';
import { publishSlot } from '../../schedule/due.js';
import { getDraft, listDrafts } from '../../store/drafts-repo.js';
import type { Command } from '../command.js';

export const command: Command = {
  name: 'run',
  summary: 'Run the scheduler, the inbox watcher and the approval web page (with --dry-run, send nothing).',
  usage: 'crieur run [--dry-run] [--no-web]',
  options: { 'dry-run': { type: 'boolean' }, 'no-web': { type: 'boolean' } },
  async run(args, { io, loadConfig }) {
    const loaded = loadConfig();
    const dryRun = args.values['dry-run'] === true;
    const journal = createDryRunJournal();
    const services = openServices(loaded, dryRun ? { dryRun: journal } : {});
    const daemon = startDaemon(
      services,
      dryRun ? { afterPublish: (outcome) => writeDryRunReport(services, journal, outcome) } : {},
    );
    const web = args.values['no-web']
      ? undefined
      : await (await import('../../web/server.js')).startWebServer({
          queue: services.queue,
          loaded,
          log: services.log,
        });
    io.stdout.write(
      `crieur running${dryRun ? ' (dry run: nothing is sent)' : ''}; inbox ${loaded.inboxDir}; ${web ? `web page ${web.url}; ` : ''}Ctrl+C to stop\n`,
    );
    await new Promise<void>((resolve) => {
      const stop = () => resolve();
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
    services.log.info({}, 'stopping: waiting for publications in progress');
    await web?.close();
    await daemon.stop();
    services.close();
    return 0;
  },
};

/** In a dry run, each publication leaves the same report as a rehearsal, in `<dataDir>/rehearsals/`. */
async function writeDryRunReport(services: Services, journal: DryRunJournal, outcome: PublishOutcome): Promise<void> {
  const { store } = services.queue;
  const draft = getDraft(store.db, outcome.draftId);
  if (!draft) return;
  const now = services.queue.now();
  const id = `run-${draft.date}`;
  const slot = publishSlot(draft.date, services.loaded.config);
  const drafts = listDrafts(store.db, { date: draft.date }).filter((candidate) => candidate.status !== 'superseded');
  const report = buildRehearsalReport({
    id,
    createdAt: now,
    updateFile: '(crieur run --dry-run)',
    date: draft.date,
    simulatedAt: now,
    publishAt: slot.at,
    store,
    draftIds: drafts.map((candidate) => candidate.id),
    journal: journal.entries,
    timings: new Map([[outcome.draftId, outcome.elapsedMs]]),
  });
  const { htmlPath } = await writeRehearsalReport(report, join(services.loaded.dataDir, 'rehearsals', id));
  services.log.info({ report: htmlPath, draft: outcome.draftId }, 'dry-run report written');
}
