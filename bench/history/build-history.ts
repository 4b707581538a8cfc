/**
 * A year of history in a store: one update a day, each network's draft imported the evening
 * before, approved by another person, and published at 9:00 through the dry-run adapters, so every
 * ledger row and audit event is the one the publisher writes.
 */
import { createHash } from 'node:crypto';
import { createDryRunAdapter } from '../../adapters/dry-run/index.js';
import type { RenderedDraft } from '../../src/compose/types.js';
import { silentLogger } from '../../src/log.js';
import { publishDraft } from '../../src/publish/publish-draft.js';
import { approveDate } from '../../src/queue/approve.js';
import type { QueueContext } from '../../src/queue/context.js';
import { importDrafts } from '../../src/queue/import.js';
import { publishSlot, type SlotRules } from '../../src/schedule/due.js';
import type { Update } from '../../src/update/types.js';

export interface HistoryInput {
  /** The queue to fill; its clock is driven by `setNow`. */
  queue: QueueContext;
  setNow: (instant: Date) => void;
  /** Drafts rendered once and reused every day: their cards are the same content-addressed files. */
  update: Update;
  drafts: readonly RenderedDraft[];
  dates: readonly string[];
  rules: SlotRules;
  importer: string;
  approver: string;
  onDay?: (index: number) => void;
}

export interface HistoryStats {
  days: number;
  drafts: number;
  published: number;
  parts: number;
}

export async function buildHistory(input: HistoryInput): Promise<HistoryStats> {
  const stats: HistoryStats = { days: 0, drafts: 0, published: 0, parts: 0 };
  for (const [index, date] of input.dates.entries()) {
    const slot = publishSlot(date, input.rules);
    const update = dayUpdate(input.update, date);
    input.setNow(new Date(slot.at.getTime() - 17 * 3_600_000));
    const imported = importDrafts(input.queue, { update, drafts: input.drafts, by: input.importer });
    input.setNow(new Date(slot.at.getTime() - 15 * 3_600_000));
    // A year of full threads: what they leave out past a limit is accepted, as the team would.
    approveDate(input.queue, { date, by: input.approver, acceptOmissions: true });
    input.setNow(slot.at);
    for (const draft of imported.drafts) {
      const adapter = createDryRunAdapter(draft.network, { record: () => {}, now: input.queue.now });
      const outcome = await publishDraft(
        {
          queue: input.queue,
          adapter,
          sleep: async () => {},
          random: Math.random,
          log: silentLogger(),
          notify: async () => true,
        },
        draft.id,
        slot.deadline,
      );
      stats.drafts += 1;
      stats.parts += outcome.posted.length;
      if (outcome.status === 'published') stats.published += 1;
    }
    stats.days += 1;
    input.onDay?.(index);
  }
  return stats;
}

/** The sample update, moved to `date`: its own source identity, the same content. */
function dayUpdate(sample: Update, date: string): Update {
  const path = sample.source.path.replace(/\d{4}-\d{2}-\d{2}/, date);
  return { ...sample, date, source: { path, sha256: createHash('sha256').update(path).digest('hex') } };
}

/** The `count` dates before `last` (excluded), oldest first. */
export function datesBefore(last: string, count: number): string[] {
  const end = Date.parse(`${last}T12:00:00Z`);
  const dates: string[] = [];
  for (let back = count; back >= 1; back--) dates.push(new Date(end - back * 86_400_000).toISOString().slice(0, 10));
  return dates;
}
