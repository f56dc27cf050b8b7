import { describe, expect, it } from 'vitest';
import { addDays, dateInTimeZone, dateProblem, daysBetween, deviceToday, formatDate, fromDayNumber, toDayNumber } from '../../shared/dates.ts';

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

  it('gives every day of the years 1900 to 2999 the date the platform\'s UTC calendar gives it, and back, and takes it as valid', () => {
    // Every day, not a sample: a slip in the calendar arithmetic may show on a few days of a
    // 400-year cycle only (around 1 March, or the cycle's own leap day).
    const mismatches: string[] = [];
    for (let n = toDayNumber('1900-01-01'); n <= toDayNumber('2999-12-31'); n++) {
      const platform = new Date(n * 86_400_000).toISOString().slice(0, 10);
      if (fromDayNumber(n) !== platform || toDayNumber(platform) !== n || dateProblem(platform) !== null) mismatches.push(platform);
    }
    expect(mismatches).toEqual([]);
    expect(toDayNumber('1970-01-01')).toBe(0);
  });

  it('writes years before 1000 with four digits (a date counted back from the supported range)', () => {
    expect(addDays('1000-01-01', -1)).toBe('0999-12-31');
    expect(addDays('0100-03-01', -1)).toBe('0100-02-28');
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

  it("takes today from the device's own calendar (other zones: time-zones.test.ts)", () => {
    const calendar = new Intl.DateTimeFormat('en-CA', { year: 'numeric', month: '2-digit', day: '2-digit' });
    for (const instant of ['2007-11-10T23:30:00Z', '2007-11-11T00:30:00Z', '2008-02-29T12:00:00Z', '1999-12-31T23:59:59Z', '2000-01-01T00:00:00Z']) {
      const now = new Date(instant);
      expect(deviceToday(now), instant).toBe(calendar.format(now));
    }
  });
});
