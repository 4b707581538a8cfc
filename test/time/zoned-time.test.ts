import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { minutesLate, publishSlot, timingOf } from '../../src/schedule/due.js';
import { addDays, zonedDate, zonedInstant, zonedTime } from '../../src/time/zoned-time.js';

const TORONTO = 'America/Toronto';

describe('zonedInstant', () => {
  it('9:00 in Toronto is 14:00Z in winter and 13:00Z in summer', () => {
    expect(zonedInstant('2026-01-15', '09:00', TORONTO).toISOString()).toBe('2026-01-15T14:00:00.000Z');
    expect(zonedInstant('2026-05-14', '09:00', TORONTO).toISOString()).toBe('2026-05-14T13:00:00.000Z');
  });

  it('is correct on both DST change days of 2026', () => {
    expect(zonedInstant('2026-03-07', '09:00', TORONTO).toISOString()).toBe('2026-03-07T14:00:00.000Z');
    expect(zonedInstant('2026-03-08', '09:00', TORONTO).toISOString()).toBe('2026-03-08T13:00:00.000Z');
    expect(zonedInstant('2026-10-31', '09:00', TORONTO).toISOString()).toBe('2026-10-31T13:00:00.000Z');
    expect(zonedInstant('2026-11-01', '09:00', TORONTO).toISOString()).toBe('2026-11-01T14:00:00.000Z');
  });

  it('a skipped time moves forward; an ambiguous one takes the first occurrence', () => {
    expect(zonedInstant('2026-03-08', '02:30', TORONTO).toISOString()).toBe('2026-03-08T07:30:00.000Z');
    expect(zonedInstant('2026-11-01', '01:30', TORONTO).toISOString()).toBe('2026-11-01T05:30:00.000Z');
  });

  it('round-trips any date and time in several zones', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('2020-01-01T00:00:00Z'), max: new Date('2035-12-31T00:00:00Z'), noInvalidDate: true }),
        fc.integer({ min: 0, max: 23 }),
        fc.integer({ min: 0, max: 59 }),
        fc.constantFrom(TORONTO, 'Europe/Paris', 'America/Vancouver', 'UTC', 'Australia/Lord_Howe'),
        (day, hour, minute, zone) => {
          const date = day.toISOString().slice(0, 10);
          const time = `${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}`;
          const instant = zonedInstant(date, time, zone);
          // Skipped times come back later the same day; all others round-trip exactly.
          if (zonedTime(instant, zone) !== time) expect(zonedTime(instant, zone) > time).toBe(true);
          else expect(zonedDate(instant, zone)).toBe(date);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('adds days across month ends', () => {
    expect(addDays('2026-02-28', 1)).toBe('2026-03-01');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
  });
});

describe('publish slot and timing', () => {
  const rules = { timezone: TORONTO, publishTime: '09:00', latenessWindowMinutes: 60 };

  it('is early, due inside the window, then missed', () => {
    const slot = publishSlot('2026-05-14', rules);
    expect(timingOf(slot, new Date('2026-05-14T12:59:59Z'))).toBe('early');
    expect(timingOf(slot, new Date('2026-05-14T13:00:00Z'))).toBe('due');
    expect(timingOf(slot, new Date('2026-05-14T13:20:00Z'))).toBe('due');
    expect(minutesLate(slot, new Date('2026-05-14T13:20:00Z'))).toBe(20);
    expect(timingOf(slot, new Date('2026-05-14T14:00:00Z'))).toBe('due');
    expect(timingOf(slot, new Date('2026-05-14T14:30:00Z'))).toBe('missed');
  });

  it("honours an update's own publishAt", () => {
    expect(publishSlot('2026-05-14', rules, '07:30').at.toISOString()).toBe('2026-05-14T11:30:00.000Z');
  });
});
