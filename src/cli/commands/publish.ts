import { openServices, type Services } from '../../app/services.js';
import { secretValues } from '../../config/env.js';
import { CrieurError } from '../../errors.js';
import { statusExplained } from '../../i18n/fr.js';
import { frenchLine } from '../../i18n/french-line.js';
import { createLogger } from '../../log.js';
import { isNetworkId, NETWORKS } from '../../networks/index.js';
import { createDryRunJournal } from '../../publish/dry-run-journal.js';
import type { PublishOutcome } from '../../publish/publish-draft.js';
import { systemUserName } from '../../queue/context.js';
import { copyOfQueue } from '../../queue/open-queue.js';
import { findDraft, queuedDrafts } from '../../queue/read.js';
import { refused } from '../../queue/refusals.js';
import { type DraftRecord, type DraftStatus, formatDraftId } from '../../queue/types.js';
import { zonedDate } from '../../time/zoned-time.js';
import type { Command } from '../command.js';
import { dateOption, stringOption } from './args.js';

/** Statuses `publish --now` sends (see Runner.publishNow). */
const PUBLISHABLE: readonly DraftStatus[] = ['approved', 'failed', 'partly_published', 'publishing'];

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
  maxPositionals: 0,
  async run(args, { io, loadConfig }) {
    const loaded = loadConfig();
    const network = stringOption(args, 'network');
    if (network !== undefined && !isNetworkId(network)) {
      throw new CrieurError(
        `unknown network "${network}"; expected ${NETWORKS.join(', ')}`,
        `réseau inconnu « ${network} » ; attendu : ${NETWORKS.join(', ')}`,
      );
    }
    const givenDate = dateOption(args);
    const now = args.values.now === true;
    if (!now && (givenDate !== undefined || network !== undefined)) {
      throw refused(
        '--date and --network go with --now; without --now, publish sends what is due at this moment, every date and network',
        '--date et --network s’utilisent avec --now ; sans --now, publish envoie ce qui est dû maintenant, toutes dates et tous réseaux confondus',
      );
    }
    const dryRun = args.values['dry-run'] === true;
    const journal = createDryRunJournal();
    // A dry run works on a copy of the store: the real drafts keep their status and no one is notified.
    const sandbox = dryRun ? await copyOfQueue(loaded) : undefined;
    let services: Services | undefined;
    try {
      // With --now, a draft not sent for want of credentials is named below with the variable.
      const quiet = { logProblems: !now };
      services = openServices(
        loaded,
        sandbox
          ? {
              ...quiet,
              dryRun: journal,
              queue: sandbox.queue,
              notifier: { send: async () => false },
              log: createLogger({ secrets: secretValues(loaded.env), level: 'warn' }),
            }
          : quiet,
      );
      if (dryRun) {
        io.stdout.write(
          'Dry run: nothing is sent and the queue is left as it is. / Essai à blanc : rien n’est envoyé et la file reste telle quelle.\n',
        );
      }
      const date = givenDate ?? zonedDate(new Date(), loaded.config.timezone);
      let outcomes: PublishOutcome[];
      let before: DraftRecord[] = [];
      if (now) {
        const by = stringOption(args, 'by') ?? systemUserName(io.env);
        before = queuedDrafts(services.queue, { date }).filter(
          (draft) => draft.status !== 'superseded' && (network === undefined || draft.network === network),
        );
        outcomes = await services.runner.publishNow(date, { by, ...(network ? { network } : {}) });
      } else {
        const report = await services.runner.tick();
        outcomes = await Promise.all(report.started);
        await services.runner.idle();
      }
      for (const outcome of outcomes) {
        const kind = findDraft(services.queue, outcome.draftId)?.kind ?? 'update';
        const what = kind === 'update' ? '' : kind === 'correction' ? ' (correction)' : ' (retraction: ✓ = deleted)';
        io.stdout.write(`d${outcome.draftId}: ${outcome.status}${what}\n`);
        for (const part of outcome.posted) io.stdout.write(`  ✓ ${part.index + 1} ${part.url ?? ''}\n`);
        for (const part of outcome.notPosted) io.stdout.write(`  ✗ ${part.index + 1} ${frenchLine(part.reason)}\n`);
      }
      if (!now) {
        if (outcomes.length === 0) io.stdout.write('Nothing to publish now. / Rien à publier maintenant.\n');
        return outcomes.every((outcome) => outcome.status === 'published') ? 0 : 1;
      }
      // --now: every draft asked for either went out or is named with the reason it did not.
      const started = new Set(outcomes.map((outcome) => outcome.draftId));
      const notStarted = before.filter((draft) => PUBLISHABLE.includes(draft.status) && !started.has(draft.id));
      for (const draft of notStarted) {
        const problem = services.problems.get(draft.network);
        io.stdout.write(
          problem
            ? `${formatDraftId(draft.id)}: not sent / non envoyé (${draft.network}): ${problem.message}\n    ${frenchLine(problem.messageFr)}\n`
            : `${formatDraftId(draft.id)}: not sent / non envoyé (${draft.network}): not in the configured networks / absent des réseaux configurés (networks)\n`,
        );
      }
      if (outcomes.length === 0 && notStarted.length === 0) return nothingToPublish(io.stdout, date, network, before);
      return notStarted.length === 0 && outcomes.every((outcome) => outcome.status === 'published') ? 0 : 1;
    } finally {
      services?.close();
      sandbox?.remove();
    }
  },
};

/**
 * `publish --now` found nothing to send: fine when everything asked for is already published;
 * otherwise refused (exit code 2), saying what state each draft is in.
 */
function nothingToPublish(
  stdout: NodeJS.WritableStream,
  date: string,
  network: string | undefined,
  drafts: DraftRecord[],
): number {
  const what = `${date}${network ? ` (${network})` : ''}`;
  if (drafts.length > 0 && drafts.every((draft) => draft.status === 'published')) {
    stdout.write(
      `Nothing to publish: ${what} is already published. / ${frenchLine(`Rien à publier : ${what} est déjà publié.`)}\n`,
    );
    return 0;
  }
  if (drafts.length === 0) throw refused(`no draft for ${what}`, `aucun brouillon pour le ${what}`);
  const list = drafts.map(
    (draft) => `${formatDraftId(draft.id)} ${draft.network} ${draft.status.replaceAll('_', ' ')}`,
  );
  const listFr = drafts.map((draft) => `${formatDraftId(draft.id)} ${draft.network} ${statusExplained(draft.status)}`);
  const missed = drafts.some((draft) => draft.status === 'missed');
  throw refused(
    `nothing approved to publish for ${what}: ${list.join(', ')}; a draft must be approved first (crieur approve)${missed ? '; a missed draft still goes out late once approved by another person (crieur approve dN --by NAME), then run this again' : ''}`,
    `rien d’approuvé à publier pour le ${what} : ${listFr.join(', ')} ; un brouillon doit d’abord être approuvé (crieur approve)${missed ? ' ; un brouillon manqué peut encore partir en retard une fois approuvé par une autre personne (crieur approve dN --by NOM), puis relancez cette commande' : ''}`,
  );
}
