import { appendEvent } from '../audit/journal.js';
import { SYSTEM_ACTOR } from '../audit/types.js';
import type { Fence } from '../leadership/lease-lost.js';
import type { Logger } from '../log.js';
import type { NetworkId } from '../networks/index.js';
import type { Notification } from '../notify/types.js';
import { ledgerParts } from '../publish/ledger.js';
import type { NetworkAdapter } from '../publish/port.js';
import {
  type PublicationStart,
  type PublishDeps,
  type PublishOutcome,
  publishDraft,
  startPublication,
  uploadMediaAhead,
} from '../publish/publish-draft.js';
import type { QueueContext } from '../queue/context.js';
import { fileHashesOnce, transition } from '../queue/transition.js';
import { minutesLate, type PublishSlot, publishSlot, type SlotRules, timingOf } from '../schedule/due.js';
import { approvalFor } from '../store/approvals-repo.js';
import { listDrafts } from '../store/drafts-repo.js';
import type { DraftRecord } from '../store/types.js';
import { formatDraftId } from '../store/types.js';
import { getUpdate } from '../store/updates-repo.js';

export interface RunnerDeps {
  queue: QueueContext;
  adapters: ReadonlyMap<NetworkId, NetworkAdapter>;
  rules: SlotRules & { mediaLeadMinutes: number; reminderMinutes?: number };
  sleep: (ms: number) => Promise<void>;
  random: () => number;
  log: Logger;
  notify: (notification: Notification) => Promise<unknown>;
  publish?: Pick<PublishDeps, 'retryBaseMs' | 'retryCapMs' | 'maxAttemptsPerPart'>;
}

export interface TickReport {
  /** Publications started by this tick (one per draft, networks in parallel). */
  started: Array<Promise<PublishOutcome>>;
  missed: number[];
  /** The next instant something is due (publish time, media lead, reminder), for the wake-up timer. */
  nextWakeUp: Date | undefined;
}

/** The leader's term (`crieur run` with its lease): every write of the work started is fenced by it. */
export interface Fenced {
  fence?: Fence;
}

export interface Runner {
  /** Looks at the store and the clock and does what is due now. Never waits for publications. */
  tick(options?: Fenced): Promise<TickReport>;
  /** Publishes the approved (or failed, partly published) drafts of `date` at once, whatever the time. */
  publishNow(date: string, options: { network?: NetworkId; by: string } & Fenced): Promise<PublishOutcome[]>;
  /** Resolves when every publication started so far has ended. */
  idle(): Promise<void>;
}

const WATCHED = ['awaiting_review', 'needs_decision', 'approved', 'publishing'] as const;

/** What is due is computed from state and clock at each tick, so a late start catches up. */
export function createRunner(deps: RunnerDeps): Runner {
  const inFlight = new Map<number, Promise<PublishOutcome>>();
  const aheadDone = new Set<number>();
  const reminded = new Set<string>();
  const { log } = deps;
  /** The store and clock, with the fence of the term the work starts under. */
  const fenced = (fence: Fence | undefined): QueueContext => (fence ? { ...deps.queue, fence } : deps.queue);

  const publishDeps = (queue: QueueContext, network: NetworkId): PublishDeps | undefined => {
    const adapter = deps.adapters.get(network);
    if (!adapter) return undefined;
    return { queue, adapter, sleep: deps.sleep, random: deps.random, log, notify: deps.notify, ...deps.publish };
  };

  /**
   * Starts the publications of `due` together: every draft's move to `publishing` (with its hash
   * check), the first part of each marked `sending` and the audit events of `record` go in one commit,
   * then each network's first create call goes out at once, none waiting for another's writes. A
   * draft refused at this point rolls back its own changes only. `record` runs for every draft, even
   * one already in flight.
   */
  const startAll = (
    queue: QueueContext,
    due: ReadonlyArray<{ draft: DraftRecord; deadline: Date; record?: () => void }>,
  ): Map<number, Promise<PublishOutcome>> => {
    if (due.length === 0) return new Map();
    const sha256Of = fileHashesOnce();
    const begun = queue.store.transaction(() => {
      // A lost lease rolls the whole batch back, its audit events with it.
      queue.fence?.();
      const starts: Array<{ draft: DraftRecord; deadline: Date; publisher: PublishDeps; start: PublicationStart }> = [];
      for (const { draft, deadline, record } of due) {
        record?.();
        if (inFlight.has(draft.id)) continue;
        const publisher = publishDeps(queue, draft.network);
        if (!publisher) {
          log.error(
            { draft: formatDraftId(draft.id), network: draft.network },
            'no adapter configured for this network',
          );
          continue;
        }
        starts.push({
          draft,
          deadline,
          publisher,
          start: startPublication(publisher, draft.id, deadline, { sha256Of }),
        });
      }
      return starts;
    });
    const started = new Map<number, Promise<PublishOutcome>>();
    for (const { draft, deadline, publisher, start } of begun) {
      const running = publishDraft(publisher, draft.id, deadline, start).finally(() => inFlight.delete(draft.id));
      inFlight.set(draft.id, running);
      started.set(draft.id, running);
    }
    return started;
  };

  const slotOf = (draft: DraftRecord): PublishSlot => {
    const parsed = getUpdate(deps.queue.store.db, draft.updateId)?.parsed as { publishAt?: string } | undefined;
    return publishSlot(draft.date, deps.rules, parsed?.publishAt);
  };

  return {
    async tick(options = {}) {
      const queue = fenced(options.fence);
      const now = queue.now();
      const report: TickReport = { started: [], missed: [], nextWakeUp: undefined };
      const later = (instant: Date) => {
        if (instant.getTime() > now.getTime() && (!report.nextWakeUp || instant < report.nextWakeUp)) {
          report.nextWakeUp = instant;
        }
      };
      const waiting = new Map<string, DraftRecord[]>();
      const watched = listDrafts(queue.store.db, { statuses: WATCHED, kinds: ['update'] }).map((draft) => {
        const slot = slotOf(draft);
        return { draft, slot, timing: timingOf(slot, now) };
      });
      // What is due starts first, every network at once, before any other work of the tick.
      const due = watched.flatMap(({ draft, slot, timing }) => {
        if (timing !== 'due' || (draft.status !== 'approved' && draft.status !== 'publishing')) return [];
        if (draft.status === 'publishing' && !inFlight.has(draft.id)) {
          log.warn({ draft: formatDraftId(draft.id) }, 'resuming a publication interrupted by a restart');
        }
        const late = minutesLate(slot, now);
        const record =
          late > 0 && !inFlight.has(draft.id) && deps.adapters.has(draft.network)
            ? () => recordLateStart(deps, queue, draft, slot, late)
            : undefined;
        return [{ draft, deadline: slot.deadline, ...(record ? { record } : {}) }];
      });
      // Corrections and retractions go out as soon as they are approved, not at the update's hour.
      const atOnce = listDrafts(queue.store.db, {
        statuses: ['approved', 'publishing'],
        kinds: ['correction', 'retraction'],
      })
        .filter((draft) => !inFlight.has(draft.id))
        .map((draft) => ({ draft, deadline: new Date(now.getTime() + deps.rules.latenessWindowMinutes * 60_000) }));
      report.started.push(...startAll(queue, [...due, ...atOnce]).values());
      for (const { draft, slot, timing } of watched) {
        const leadAt = new Date(slot.at.getTime() - deps.rules.mediaLeadMinutes * 60_000);
        const remindAt = new Date(slot.at.getTime() - (deps.rules.reminderMinutes ?? 30) * 60_000);
        if (timing === 'missed' && !inFlight.has(draft.id)) {
          await closeMissed(deps, queue, draft, slot);
          report.missed.push(draft.id);
          continue;
        }
        if (draft.status === 'approved' || draft.status === 'publishing') {
          // A due draft was started above.
          if (timing !== 'due' && now >= leadAt && !aheadDone.has(draft.id)) {
            aheadDone.add(draft.id);
            const publisher = publishDeps(queue, draft.network);
            if (publisher) {
              await uploadMediaAhead(publisher, draft.id, slot.at).catch((error: Error) =>
                log.warn({ draft: formatDraftId(draft.id), err: error.message }, 'media upload ahead failed'),
              );
            }
          }
          later(leadAt);
          later(slot.at);
        } else if (draft.status === 'awaiting_review' || draft.status === 'needs_decision') {
          if (now >= remindAt && timing === 'early') {
            const list = waiting.get(draft.date) ?? [];
            list.push(draft);
            waiting.set(draft.date, list);
          }
          later(remindAt);
          later(slot.at);
        }
        later(new Date(slot.deadline.getTime() + 1000));
      }
      for (const [date, drafts] of waiting) {
        if (reminded.has(date)) continue;
        reminded.add(date);
        const first = drafts[0];
        if (!first) continue;
        await deps.notify({
          kind: 'unapproved-reminder',
          date,
          publishAt: slotOf(first).at,
          drafts: drafts.map((draft) => ({ network: draft.network, status: draft.status })),
        });
      }
      return report;
    },

    async publishNow(date, options) {
      const queue = fenced(options.fence);
      const now = queue.now();
      const drafts = listDrafts(queue.store.db, {
        date,
        statuses: ['approved', 'failed', 'partly_published', 'publishing', 'missed'],
      })
        .filter((draft) => options.network === undefined || draft.network === options.network)
        // A missed draft goes out late only when its current version is approved.
        .filter((draft) => draft.status !== 'missed' || approvalFor(queue.store.db, draft.id, draft.version) !== null);
      const deadline = new Date(now.getTime() + deps.rules.latenessWindowMinutes * 60_000);
      const alreadyRunning = new Map(
        drafts.flatMap((draft) => {
          const running = inFlight.get(draft.id);
          return running ? [[draft.id, running] as const] : [];
        }),
      );
      const started = startAll(
        queue,
        drafts.map((draft) => ({
          draft,
          deadline,
          record: () =>
            appendEvent(
              queue.store.db,
              {
                at: now,
                actor: options.by,
                action: 'schedule',
                subject: formatDraftId(draft.id),
                data: { publishNow: true, network: draft.network, from: draft.status },
              },
              queue.store.secrets,
            ),
        })),
      );
      const runs = drafts.flatMap((draft) => {
        const running = started.get(draft.id) ?? alreadyRunning.get(draft.id);
        return running ? [running] : [];
      });
      return Promise.all(runs);
    },

    async idle() {
      while (inFlight.size > 0) await Promise.allSettled([...inFlight.values()]);
    },
  };
}

/** A publication starting after its time (process down at the hour, or approved late) says so in the audit. */
function recordLateStart(
  deps: RunnerDeps,
  queue: QueueContext,
  draft: DraftRecord,
  slot: PublishSlot,
  late: number,
): void {
  queue.store.transaction(() =>
    appendEvent(
      queue.store.db,
      {
        at: queue.now(),
        actor: SYSTEM_ACTOR,
        action: 'schedule',
        subject: formatDraftId(draft.id),
        data: {
          late: true,
          minutesLate: late,
          publishAt: slot.at.toISOString(),
          deadline: slot.deadline.toISOString(),
          network: draft.network,
        },
      },
      queue.store.secrets,
    ),
  );
  deps.log.warn(
    { draft: formatDraftId(draft.id), network: draft.network, minutesLate: late },
    'publishing late, inside the lateness window',
  );
}

async function closeMissed(
  deps: RunnerDeps,
  queue: QueueContext,
  draft: DraftRecord,
  slot: PublishSlot,
): Promise<void> {
  const label = formatDraftId(draft.id);
  if (draft.status === 'publishing') {
    const posted = ledgerParts(queue.store, draft.id).filter((part) => part.state === 'posted').length;
    const to = posted > 0 ? 'partly_published' : 'failed';
    transition(queue, draft.id, to, { reason: 'lateness window closed during an interrupted publication' });
    deps.log.error(
      { draft: label, network: draft.network, posted },
      'interrupted publication not resumed: window closed',
    );
  } else {
    transition(queue, draft.id, 'missed', {
      reason: `not published by ${slot.deadline.toISOString()} (${draft.status})`,
    });
    deps.log.error({ draft: label, network: draft.network, status: draft.status }, 'draft missed its publish window');
  }
  await deps.notify({
    kind: 'missed',
    date: draft.date,
    network: draft.network,
    publishAt: slot.at,
    deadline: slot.deadline,
    status: draft.status,
  });
}
