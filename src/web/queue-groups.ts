import type { DraftStatus, DraftSummary } from '../queue/page-reads.js';
import type { PublishSlot } from '../schedule/due.js';

/** One update of one date, as the queue shows it: its drafts side by side, one per network. */
export interface UpdateGroup {
  date: string;
  updateId: number;
  title: string | undefined;
  slot: PublishSlot;
  drafts: DraftSummary[];
}

export interface QueueGroups {
  /** The next publication to come (the soonest whose window is still open), if any. */
  next: UpdateGroup | null;
  /** Later publications, soonest first. */
  later: UpdateGroup[];
  /** Missed, failed, or past their window without being published: someone has to decide. */
  late: UpdateGroup[];
  /** Done (published, or closed): newest first. */
  past: UpdateGroup[];
  /** Drafts replaced by a newer import of their date, shown only on request. */
  superseded: UpdateGroup[];
}

/** Approved, whatever came of it since. */
const APPROVED: readonly DraftStatus[] = ['approved', 'publishing', 'published', 'failed', 'partly_published'];
const UNAPPROVED: readonly DraftStatus[] = ['awaiting_review', 'rejected'];
const TROUBLE: readonly DraftStatus[] = ['missed', 'failed', 'partly_published'];
/** Still to be sent: past the window, they are late rather than past. */
const WAITING: readonly DraftStatus[] = ['awaiting_review', 'approved', 'rejected'];

/** Groups drafts by date and update, and sorts the groups the way the team works through them. */
export function groupQueue(
  drafts: readonly DraftSummary[],
  context: {
    now: Date;
    slotOf: (draft: DraftSummary) => PublishSlot;
    titleOf: (updateId: number) => string | undefined;
  },
): QueueGroups {
  const byUpdate = new Map<string, UpdateGroup>();
  const superseded = new Map<string, UpdateGroup>();
  for (const draft of drafts) {
    const target = draft.status === 'superseded' ? superseded : byUpdate;
    const key = `${draft.date}|${draft.updateId}`;
    let group = target.get(key);
    if (group === undefined) {
      group = {
        date: draft.date,
        updateId: draft.updateId,
        title: context.titleOf(draft.updateId),
        slot: context.slotOf(draft),
        drafts: [],
      };
      target.set(key, group);
    }
    group.drafts.push(draft);
  }
  const now = context.now.getTime();
  const upcoming: UpdateGroup[] = [];
  const late: UpdateGroup[] = [];
  const past: UpdateGroup[] = [];
  for (const group of byUpdate.values()) {
    const closed = group.slot.deadline.getTime() < now;
    if (group.drafts.some((draft) => TROUBLE.includes(draft.status))) late.push(group);
    else if (!closed) upcoming.push(group);
    else if (group.drafts.some((draft) => WAITING.includes(draft.status))) late.push(group);
    else past.push(group);
  }
  const soonest = (a: UpdateGroup, b: UpdateGroup) =>
    a.slot.at.getTime() - b.slot.at.getTime() || a.updateId - b.updateId;
  const newest = (a: UpdateGroup, b: UpdateGroup) => -soonest(a, b);
  upcoming.sort(soonest);
  return {
    next: upcoming[0] ?? null,
    later: upcoming.slice(1),
    late: late.sort(newest),
    past: past.sort(newest),
    superseded: [...superseded.values()].sort(newest),
  };
}

/** How far a group's approval is: `3 sur 5 approuvés` and the networks still missing one. */
export function approvalProgress(
  group: UpdateGroup,
  kind: DraftSummary['kind'] = 'update',
): { approved: number; total: number; missing: DraftSummary[] } {
  const counted = group.drafts.filter((draft) => draft.status !== 'superseded' && draft.kind === kind);
  return {
    approved: counted.filter((draft) => APPROVED.includes(draft.status)).length,
    total: counted.length,
    missing: counted.filter((draft) => UNAPPROVED.includes(draft.status)),
  };
}
