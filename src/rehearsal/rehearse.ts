import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { openServices } from '../app/services.js';
import { secretValues } from '../config/env.js';
import type { LoadedConfig } from '../config/load.js';
import type { Logger } from '../log.js';
import type { Notification } from '../notify/types.js';
import { type Prepared, prepareUpdate } from '../pipeline/prepare.js';
import { createDryRunJournal } from '../publish/dry-run-journal.js';
import type { QueueContext } from '../queue/context.js';
import { queueCorrections, queueRetractions } from '../queue/corrections.js';
import { approve, importDrafts } from '../queue/index.js';
import { databaseUrl, withQueue } from '../queue/open-queue.js';
import type { DraftRecord } from '../queue/types.js';
import { publishSlot } from '../schedule/due.js';
import { openStore } from '../store/db.js';
import { buildRehearsalReport } from './build-report.js';
import type { RehearsalFollowUp, RehearsalReport } from './report.js';
import { writeRehearsalReport } from './report.js';
import { saveReportRows } from './report-rows.js';

/**
 * A correction and a retraction after the rehearsed publication, as the team would run them: queued,
 * approved by another person, published at once (the dry-run adapters check and record every call).
 */
async function rehearseFollowUps(
  queue: QueueContext,
  runner: {
    publishNow(
      date: string,
      options: { by: string },
    ): Promise<Array<{ draftId: number; status: string; posted: unknown[] }>>;
  },
  date: string,
  options: { correct?: string; retract?: boolean },
): Promise<RehearsalFollowUp[]> {
  const results: RehearsalFollowUp[] = [];
  const steps: Array<() => DraftRecord[]> = [];
  if (options.correct !== undefined) {
    const text = options.correct;
    steps.push(() => queueCorrections(queue, { date, text, by: AUTHOR }));
  }
  if (options.retract) {
    steps.push(() => queueRetractions(queue, { date, by: AUTHOR, reason: 'Répétition d’un retrait.' }));
  }
  for (const step of steps) {
    const drafts = step();
    for (const draft of drafts) approve(queue, { draftId: draft.id, by: APPROVER });
    const outcomes = await runner.publishNow(date, { by: APPROVER });
    for (const draft of drafts) {
      const outcome = outcomes.find((item) => item.draftId === draft.id);
      results.push({
        kind: draft.kind === 'retraction' ? 'retraction' : 'correction',
        network: draft.network,
        status: outcome?.status ?? 'not-started',
        texts: draft.content.posts.map((post) => post.text),
        done: outcome?.posted.length ?? 0,
      });
    }
  }
  return results;
}

export interface RehearsalResult {
  report: RehearsalReport;
  dir: string;
  jsonPath: string;
  htmlPath: string;
  notifications: Notification[];
}

const AUTHOR = 'répétition';
const APPROVER = 'répétition (approbation)';

/**
 * Runs the whole pipeline on an update file with the dry-run adapters, on a store of its own under
 * `<dataDir>/rehearsals/<id>/`, at a simulated publish instant (the configured time, or `at`), and
 * writes an HTML and JSON report of exactly what would have been sent. Nothing reaches a network.
 */
export async function rehearse(
  file: string,
  options: {
    loaded: LoadedConfig;
    at?: string;
    log: Logger;
    now?: () => Date;
    /** After the update, rehearse a correction with this text (and its approval, and its publication). */
    correct?: string;
    /** After the update (and the correction), rehearse its retraction. */
    retract?: boolean;
  },
): Promise<RehearsalResult> {
  const { loaded } = options;
  const started = (options.now ?? (() => new Date()))();
  const id = started.toISOString().replace(/[:.]/g, '-');
  const dir = join(loaded.dataDir, 'rehearsals', id);
  mkdirSync(dir, { recursive: true });
  let prepared: Prepared;
  try {
    prepared = await prepareUpdate(file, { loaded, outDir: join(dir, 'rendered') });
  } catch (error) {
    // An update that cannot be read leaves no empty rehearsal behind.
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  const slot = publishSlot(prepared.update.date, loaded.config, options.at ?? prepared.update.publishAt);

  let simulated = slot.at.getTime();
  const now = () => new Date(simulated);
  const sleep = async (ms: number) => {
    simulated += ms;
  };
  const store = openStore(join(dir, 'store.sqlite'), { secrets: secretValues(loaded.env), now });
  const queue = { store, now, fourEyes: true };
  const journal = createDryRunJournal();
  const notifications: Notification[] = [];
  const services = openServices(loaded, {
    dryRun: journal,
    now,
    sleep,
    log: options.log,
    queue,
    notifier: {
      send: async (notification) => {
        notifications.push(notification);
        return true;
      },
    },
  });
  try {
    const { drafts } = importDrafts(queue, { update: prepared.update, drafts: prepared.drafts, by: AUTHOR });
    // What a draft leaves out is accepted so the rehearsal goes to the end; the report says a person
    // must decide it on the real morning.
    for (const draft of drafts) approve(queue, { draftId: draft.id, by: APPROVER, acceptOmissions: true });
    const timings = new Map<number, number>();
    const tick = await services.runner.tick();
    for (const outcome of await Promise.all(tick.started)) timings.set(outcome.draftId, outcome.elapsedMs);
    await services.runner.idle();
    const followUps = await rehearseFollowUps(queue, services.runner, prepared.update.date, options);

    const report = buildRehearsalReport({
      id,
      createdAt: started,
      updateFile: file,
      date: prepared.update.date,
      simulatedAt: slot.at,
      publishAt: slot.at,
      store,
      draftIds: drafts.map((draft) => draft.id),
      journal: journal.entries,
      timings,
      warnings: [...(prepared.update.warnings ?? []), ...(prepared.update.intake?.warnings ?? [])],
    });
    if (followUps.length > 0) report.followUps = followUps;
    const paths = await writeRehearsalReport(report, dir);
    // On PostgreSQL the report is kept in the database too: the other machine's page shows it.
    if (databaseUrl(loaded) !== undefined) await withQueue(loaded, (main) => saveReportRows(main.store, id, dir));
    return { report, dir, ...paths, notifications };
  } finally {
    services.close();
    store.close();
  }
}
