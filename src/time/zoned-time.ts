/**
 * Wall-clock time in an IANA zone ↔ UTC instants, DST-correct, with no dependency on the
 * machine's own zone.
 */

function wallClockFormat(zone: string): Intl.DateTimeFormat {
  return new Intl.DateTimeFormat('en-US', {
    timeZone: zone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  });
}

/**
 * Offset of `zone` from UTC at `instant`, in milliseconds (Toronto in winter: -5 h). Building the
 * formatter is the costly part: a caller converting several instants passes one in.
 */
export function zoneOffsetMs(instant: Date, zone: string, format = wallClockFormat(zone)): number {
  const parts = format.formatToParts(instant);
  const get = (type: string) => Number(parts.find((part) => part.type === type)?.value);
  const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return asUtc - Math.floor(instant.getTime() / 1000) * 1000;
}

/**
 * The UTC instant of wall-clock `date` `time` in `zone`. A time that does not exist (skipped by a
 * spring-forward change) moves forward by the gap, as clocks do; an ambiguous time (fall-back) takes
 * the first occurrence.
 */
export function zonedInstant(date: string, time: string, zone: string): Date {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  const [hour, minute] = time.split(':').map(Number) as [number, number];
  const wall = Date.UTC(year, month - 1, day, hour, minute);
  const format = wallClockFormat(zone);
  const offset = (instant: number) => zoneOffsetMs(new Date(instant), zone, format);
  const first = wall - offset(wall);
  const candidates = [first - 3_600_000, first, first + 3_600_000].map((guess) => wall - offset(guess));
  const exact = candidates.filter((instant) => instant + offset(instant) === wall);
  if (exact.length > 0) return new Date(Math.min(...exact));
  // Skipped time: read with the offset in force before the change, it lands after the gap (02:30 → 03:30).
  return new Date(wall - offset(first - 3 * 3_600_000));
}

/** Wall-clock date `YYYY-MM-DD` of `instant` in `zone`. */
export function zonedDate(instant: Date, zone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(
    instant,
  );
}

/** Wall-clock `HH:MM` of `instant` in `zone`. */
export function zonedTime(instant: Date, zone: string): string {
  return new Intl.DateTimeFormat('en-GB', {
    timeZone: zone,
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(instant);
}

/** `YYYY-MM-DD` plus `days`. */
export function addDays(date: string, days: number): string {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(year, month - 1, day + days)).toISOString().slice(0, 10);
}
