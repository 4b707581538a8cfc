import { frenchLongDate } from '../update/french-dates.js';

/** `14 mai 2026, 9 h 05` in the team's time zone. */
export function frenchInstant(instant: Date | string, zone: string): string {
  return frenchInstantFormat(zone)(instant);
}

/**
 * `frenchInstant` for one zone, its formatter built once: building one costs far more than using it,
 * and a page may show hundreds of instants.
 */
export function frenchInstantFormat(zone: string): (instant: Date | string) => string {
  const formatter = new Intl.DateTimeFormat('en-CA', {
    timeZone: zone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  });
  return (instant) => {
    const parts = formatter.formatToParts(typeof instant === 'string' ? new Date(instant) : instant);
    const get = (type: string) => parts.find((part) => part.type === type)?.value ?? '';
    return `${frenchLongDate(`${get('year')}-${get('month')}-${get('day')}`)}, ${frenchClock(get('hour'), get('minute'))}`;
  };
}

/** Québec style, `9 h` and `9 h 05`, with no-break spaces: a time is never split across two lines. */
export function frenchClock(hour: string, minute: string): string {
  return minute === '00' ? `${Number(hour)}\u00a0h` : `${Number(hour)}\u00a0h\u00a0${minute}`;
}

/**
 * How far an instant is, as the team reads it: `dans 2 h 15 min`, `il y a 3 j`. The same rule is
 * applied by the small script that keeps it ticking in the page.
 */
export function countdownLabel(target: Date, now: Date): string {
  const diffMs = target.getTime() - now.getTime();
  const minutes = Math.floor(Math.abs(diffMs) / 60_000);
  if (minutes < 1) return 'maintenant';
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const rest = minutes % 60;
  let span: string;
  if (days > 0) span = hours > 0 ? `${days} j ${hours} h` : `${days} j`;
  else if (hours > 0) span = rest > 0 ? `${hours} h ${rest} min` : `${hours} h`;
  else span = `${rest} min`;
  return diffMs > 0 ? `dans ${span}` : `il y a ${span}`;
}

/**
 * `mercredi 3 juin à 9 h` in the team's zone: the day as people say it, the year only when it is not
 * the current one (`mardi 12 mai 2025 à 9 h 05`).
 */
export function frenchDayFormat(zone: string, now: Date): (instant: Date | string) => string {
  const formatter = new Intl.DateTimeFormat('en-CA', {
    timeZone: zone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  });
  const weekday = new Intl.DateTimeFormat('fr-CA', { timeZone: zone, weekday: 'long' });
  const thisYear = formatter.formatToParts(now).find((part) => part.type === 'year')?.value;
  return (instant) => {
    const at = typeof instant === 'string' ? new Date(instant) : instant;
    const parts = formatter.formatToParts(at);
    const get = (type: string) => parts.find((part) => part.type === type)?.value ?? '';
    const long = frenchLongDate(`${get('year')}-${get('month')}-${get('day')}`);
    const day = get('year') === thisYear ? long.slice(0, -5) : long;
    return `${weekday.format(at)} ${day} à ${frenchClock(get('hour'), get('minute')).replaceAll(' ', '\u00a0')}`;
  };
}
