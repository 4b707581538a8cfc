import { zonedInstant } from '../time/zoned-time.js';

export interface PublishSlot {
  /** Publish instant, UTC. */
  at: Date;
  /** Last instant at which a late start may still publish. */
  deadline: Date;
}

export interface SlotRules {
  timezone: string;
  /** Default `HH:MM`; an update's own `publishAt` wins. */
  publishTime: string;
  latenessWindowMinutes: number;
}

/** When the update of `date` is published, and until when it may still go out. */
export function publishSlot(date: string, rules: SlotRules, publishAt?: string): PublishSlot {
  const at = zonedInstant(date, publishAt ?? rules.publishTime, rules.timezone);
  return { at, deadline: new Date(at.getTime() + rules.latenessWindowMinutes * 60_000) };
}

export type Timing = 'early' | 'due' | 'missed';

/** Where `now` stands against a slot: before it, inside the window (publish now), or past it. */
export function timingOf(slot: PublishSlot, now: Date): Timing {
  if (now.getTime() < slot.at.getTime()) return 'early';
  return now.getTime() <= slot.deadline.getTime() ? 'due' : 'missed';
}

/** Minutes after the slot `now` is (0 when on time or early). */
export function minutesLate(slot: PublishSlot, now: Date): number {
  return Math.max(0, Math.floor((now.getTime() - slot.at.getTime()) / 60_000));
}
