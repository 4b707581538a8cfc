import { join } from 'node:path';
import { type Running, startRunning } from '../../app/run-service.js';
import { openServices, type Services } from '../../app/services.js';
import { CrieurError } from '../../errors.js';
import { createDryRunJournal, type DryRunJournal } from '../../publish/dry-run-journal.js';
import type { PublishOutcome } from '../../publish/publish-draft.js';
import { findDraft, queuedDrafts } from '../../queue/read.js';
import { refused } from '../../queue/refusals.js';
import { formatDraftId } from '../../queue/types.js';
import { buildRehearsalReport } from '../../rehearsal/build-report.js';
import { writeRehearsalReport } from '../../rehearsal/report.js';
import { publishSlot } from '../../schedule/due.js';
import { zonedDate } from '../../time/zoned-time.js';
import type { Command } from '../command.js';

export const command: Command = {
  name: 'run',
  summary: 'Run the scheduler, the inbox watcher and the approval web page (with --dry-run, send nothing).',
  usage: 'crieur run [--dry-run] [--no-web]',
  options: { 'dry-run': { type: 'boolean' }, 'no-web': { type: 'boolean' } },
  maxPositionals: 0,
  async run(args, { io, loadConfig }) {
    const loaded = loadConfig();
    const dryRun = args.values['dry-run'] === true;
    const journal = createDryRunJournal();
    const services = openServices(loaded, dryRun ? { dryRun: journal } : {});
    if (dryRun) {
      const live = liveDrafts(services);
      if (live.length > 0) {
        services.close();
        throw refused(
          `${loaded.dataDir} holds drafts still to publish (${live.join(', ')}): a dry run would mark them published and the real service would then never send them; rehearse in another data directory (CRIEUR_DATA_DIR) or with crieur rehearse`,
          `${loaded.dataDir} contient des brouillons encore à publier (${live.join(', ')}) : un essai à blanc les marquerait publiés et le vrai service ne les enverrait jamais ; répétez dans un autre dossier de données (CRIEUR_DATA_DIR) ou avec crieur rehearse`,
        );
      }
    }
    let running: Running;
    try {
      running = await startRunning(services, {
        web: args.values['no-web'] !== true,
        dryRun,
        ...(dryRun ? { daemon: { afterPublish: (outcome) => writeDryRunReport(services, journal, outcome) } } : {}),
      });
    } catch (error) {
      services.close();
      const { code } = error as NodeJS.ErrnoException;
      if (code !== 'EADDRINUSE' && code !== 'EADDRNOTAVAIL' && code !== 'EACCES') throw error;
      const where = `${loaded.config.web.host}:${loaded.config.web.port}`;
      throw new CrieurError(
        `the web page cannot listen on ${where} (${code}): another crieur run, or another program, uses it; stop it, or set web.port in ${loaded.path}`,
        `la page Web ne peut pas écouter sur ${where} (${code}) : un autre « crieur run » ou un autre programme l’utilise ; arrêtez-le ou changez web.port dans ${loaded.path}`,
        { exitCode: 1 },
      );
    }
    const { web } = running;
    io.stdout.write(
      `crieur running${dryRun ? ' (dry run: nothing is sent)' : ''}; inbox ${loaded.inboxDir}; ${web ? `web page ${web.url}; ` : ''}Ctrl+C to stop\n`,
    );
    await new Promise<void>((resolve) => {
      const stop = () => resolve();
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
    services.log.info({}, 'stopping: waiting for publications in progress');
    await running.stop();
    services.close();
    return 0;
  },
};

/** Drafts of today or later that the real service may still publish (`d12 x approved`). */
function liveDrafts(services: Services): string[] {
  const today = zonedDate(services.queue.now(), services.loaded.config.timezone);
  return queuedDrafts(services.queue, {
    statuses: ['awaiting_review', 'needs_decision', 'approved', 'publishing', 'failed', 'partly_published'],
  })
    .filter((draft) => draft.date >= today)
    .map((draft) => `${formatDraftId(draft.id)} ${draft.network} ${draft.status}`);
}

/** In a dry run, each publication leaves the same report as a rehearsal, in `<dataDir>/rehearsals/`. */
async function writeDryRunReport(services: Services, journal: DryRunJournal, outcome: PublishOutcome): Promise<void> {
  const { store } = services.queue;
  const draft = findDraft(services.queue, outcome.draftId);
  if (!draft) return;
  const now = services.queue.now();
  const id = `run-${draft.date}`;
  const slot = publishSlot(draft.date, services.loaded.config);
  const drafts = queuedDrafts(services.queue, { date: draft.date }).filter(
    (candidate) => candidate.status !== 'superseded',
  );
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
