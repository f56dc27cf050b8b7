import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, dateInTimeZone, dateProblem, daysBetween, formatDate, fromDayNumber, toDayNumber } from '../../shared/dates.ts';

describe('calendar dates', () => {
  it('rejects impossible dates and says why', () => {
    expect(dateProblem('2007-13-45')).toBe('"2007-13-45" has no month 13');
    expect(dateProblem('2007-02-29')).toBe('"2007-02-29" is not a day of 2007-02');
    expect(dateProblem('2008-02-29')).toBeNull();
    expect(dateProblem('1900-02-29')).not.toBeNull();
    expect(dateProblem('2000-02-29')).toBeNull();
    expect(dateProblem('7 Nov 2007')).toBe('"7 Nov 2007" is not a date written YYYY-MM-DD');
    expect(dateProblem(20071107)).toBe('must be a date written YYYY-MM-DD');
  });

  it('accepts only the years 1900 to 2999, so no derived date needs a fifth digit', () => {
    expect(dateProblem('1900-01-01')).toBeNull();
    expect(dateProblem('2999-12-31')).toBeNull();
    expect(dateProblem('1899-12-31')).toBe('"1899-12-31" is outside the years 1900 to 2999');
    expect(dateProblem('9999-12-31')).toBe('"9999-12-31" is outside the years 1900 to 2999');
    expect(dateProblem('0000-01-01')).toBe('"0000-01-01" is outside the years 1900 to 2999');
  });

  it('adds days across month ends, year ends and leap days', () => {
    expect(addDays('2007-11-30', 1)).toBe('2007-12-01');
    expect(addDays('2007-12-31', 1)).toBe('2008-01-01');
    expect(addDays('2008-02-28', 1)).toBe('2008-02-29');
    expect(addDays('2008-02-29', 1)).toBe('2008-03-01');
    expect(addDays('2007-02-28', 1)).toBe('2007-03-01');
    expect(addDays('2015-03-10', 30)).toBe('2015-04-09');
    expect(daysBetween('2007-11-10', '2008-06-30')).toBe(233);
  });

  it('round-trips every day number to the same date', () => {
    fc.assert(
      fc.property(fc.integer({ min: toDayNumber('1900-01-01'), max: toDayNumber('2999-12-30') }), (n) => {
        const date = fromDayNumber(n);
        expect(dateProblem(date)).toBeNull();
        expect(toDayNumber(date)).toBe(n);
        expect(addDays(date, 1) > date).toBe(true);
      }),
    );
  });

  it('formats dates the same way in every locale', () => {
    expect(formatDate('2007-11-11')).toBe('11 Nov 2007');
    expect(formatDate('2008-06-30')).toBe('30 Jun 2008');
  });

  it('takes "today" in an explicit time zone, never the machine\'s', () => {
    const instant = new Date('2007-11-10T23:30:00Z');
    expect(dateInTimeZone(instant, 'UTC')).toBe('2007-11-10');
    expect(dateInTimeZone(instant, 'Pacific/Kiritimati')).toBe('2007-11-11');
    expect(dateInTimeZone(instant, 'America/Los_Angeles')).toBe('2007-11-10');
  });
});
