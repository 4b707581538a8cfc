import { frenchLine } from '../../i18n/french-line.js';
import { type DraftRecord, type DraftStatus, formatDraftId } from '../../queue/types.js';
import type { PublishSlot } from '../../schedule/due.js';
import { addDays, zonedDate, zonedTime } from '../../time/zoned-time.js';
import { frenchClock } from '../../web/time-format.js';

/** How many days back `crieur status` looks for what is late, failed or still waiting. */
export const STATUS_PAST_DAYS = 7;

/** The statuses `crieur status` lists: what is still to publish, and what went wrong. */
export const STATUS_LISTED: readonly DraftStatus[] = [
  'awaiting_review',
  'needs_decision',
  'approved',
  'publishing',
  'partly_published',
  'failed',
  'missed',
];

/**
 * Why a draft needs someone now: its publish time passed and it is not approved
 * (`not-approved`), approved but not sent (`not-published`), or its publication went wrong.
 */
export type Lateness = 'not-approved' | 'not-published' | 'failed' | 'partly-published' | 'missed';

/** One line of `crieur status --json` (extend, never rename). */
export interface StatusRow {
  id: string;
  date: string;
  network: string;
  status: string;
  publishAt: string;
  kind: string;
  /** Null when nothing is wrong (yet). */
  late: Lateness | null;
  /** What is wrong and what to do, when `late` is set. */
  note?: string;
  noteFr?: string;
}

export interface StatusClock {
  now: Date;
  timezone: string;
  slotOf(draft: DraftRecord): PublishSlot;
}

/** The first date `crieur status` looks at. */
export function statusSince(now: Date, timezone: string): string {
  return addDays(zonedDate(now, timezone), -STATUS_PAST_DAYS);
}

/**
 * The drafts `crieur status` shows, what is late or failed first: every draft still to publish,
 * and what went wrong in the last `STATUS_PAST_DAYS` days (a correction or retraction counts from
 * the day it was queued, not from its update's date).
 */
export function statusRows(drafts: readonly DraftRecord[], clock: StatusClock): StatusRow[] {
  const since = statusSince(clock.now, clock.timezone);
  const rows = drafts
    .filter((draft) => {
      const day = draft.kind === 'update' ? draft.date : zonedDate(new Date(draft.createdAt), clock.timezone);
      return day >= since;
    })
    .map((draft) => statusRow(draft, clock));
  return [...rows.filter((row) => row.late !== null), ...rows.filter((row) => row.late === null)];
}

function statusRow(draft: DraftRecord, clock: StatusClock): StatusRow {
  const slot = clock.slotOf(draft);
  const row: StatusRow = {
    id: formatDraftId(draft.id),
    date: draft.date,
    network: draft.network,
    status: draft.status,
    publishAt: slot.at.toISOString(),
    kind: draft.kind,
    late: null,
  };
  const problem = lateness(draft, slot, clock.now);
  return problem === null ? row : { ...row, late: problem, ...note(problem, draft, slot, clock) };
}

function lateness(draft: DraftRecord, slot: PublishSlot, now: Date): Lateness | null {
  if (draft.status === 'failed') return 'failed';
  if (draft.status === 'partly_published') return 'partly-published';
  if (draft.status === 'missed') return 'missed';
  // A correction or retraction goes out as soon as it is approved: it has no hour to miss.
  if (draft.kind !== 'update' || now.getTime() < slot.at.getTime()) return null;
  if (draft.status === 'awaiting_review' || draft.status === 'needs_decision') return 'not-approved';
  return 'not-published';
}

function note(
  problem: Lateness,
  draft: DraftRecord,
  slot: PublishSlot,
  clock: StatusClock,
): { note: string; noteFr: string } {
  const id = formatDraftId(draft.id);
  const at = zonedTime(slot.at, clock.timezone);
  const atFr = clockFr(slot.at, clock.timezone);
  const until = zonedTime(slot.deadline, clock.timezone);
  const untilFr = clockFr(slot.deadline, clock.timezone);
  const open = clock.now.getTime() <= slot.deadline.getTime();
  const sendLate = `crieur publish --now --date ${draft.date}`;
  switch (problem) {
    case 'not-approved':
      return open
        ? {
            note: `LATE: not approved, the publish time (${at}) has passed; approved before ${until}, it still goes out`,
            noteFr: `EN RETARD : pas approuvé, l’heure de publication (${atFr}) est passée ; approuvé avant ${untilFr}, il part encore`,
          }
        : {
            note: `LATE: not approved in time (${draft.date} ${at}); to send it late, approve it, then ${sendLate}`,
            noteFr: `EN RETARD : pas approuvé à temps (${draft.date}, ${atFr}) ; pour l’envoyer en retard, approuvez-le, puis ${sendLate}`,
          };
    case 'not-published':
      return open
        ? {
            note: `LATE: due at ${at} and not published yet; is crieur run running?`,
            noteFr: `EN RETARD : prévu à ${atFr} et pas encore publié ; crieur run tourne-t-il ?`,
          }
        : {
            note: `LATE: approved but not published (${draft.date} ${at}); was crieur run stopped? To send it late: ${sendLate}`,
            noteFr: `EN RETARD : approuvé mais pas publié (${draft.date}, ${atFr}) ; crieur run était-il arrêté ? Pour l’envoyer en retard : ${sendLate}`,
          };
    case 'failed':
      return {
        note: `FAILED: the publication failed; see why with crieur show ${id}, try again with ${sendLate}`,
        noteFr: `ÉCHEC : la publication a échoué ; voir pourquoi avec crieur show ${id}, réessayer avec ${sendLate}`,
      };
    case 'partly-published':
      return {
        note: `FAILED: only part of it went out; see why with crieur show ${id}, send the rest with ${sendLate}`,
        noteFr: `ÉCHEC : une partie seulement est en ligne ; voir pourquoi avec crieur show ${id}, envoyer le reste avec ${sendLate}`,
      };
    case 'missed':
      return {
        note: `MISSED: not sent by ${until} on ${draft.date}; to send it late: crieur approve ${id} --by NAME, then ${sendLate}`,
        noteFr: `MANQUÉ : pas envoyé avant ${untilFr} le ${draft.date} ; pour l’envoyer en retard : crieur approve ${id} --by NOM, puis ${sendLate}`,
      };
  }
}

function clockFr(instant: Date, timezone: string): string {
  const [hour = '0', minute = '00'] = zonedTime(instant, timezone).split(':');
  return frenchClock(hour, minute);
}

/** The lines `crieur status` prints about drafts: what is late or failed, then what is waiting. */
export function statusLines(rows: readonly StatusRow[], since: string): string[] {
  const late = rows.filter((row) => row.late !== null);
  const waiting = rows.filter((row) => row.late === null);
  const lines: string[] = [];
  if (late.length > 0) {
    lines.push(
      `Late or failed since ${since} / ${frenchLine(`en retard ou en échec depuis le ${since} :`)}`,
      ...late.flatMap((row) => [
        `  ! ${draftColumns(row).padEnd(48)}  ${row.note ?? ''}`,
        `      ${frenchLine(row.noteFr ?? '')}`,
      ]),
    );
  }
  if (waiting.length === 0) {
    lines.push('No draft waiting. / Aucun brouillon en attente.');
  } else {
    if (late.length > 0) lines.push(`Waiting / ${frenchLine('en attente :')}`);
    lines.push(...waiting.map((row) => `  ${draftColumns(row)}`));
  }
  return lines;
}

function draftColumns(row: StatusRow): string {
  return `${row.id}  ${row.date}  ${row.network.padEnd(8)}  ${row.status}`;
}
