import { describe, expect, it } from 'vitest';
import { checkStatus } from '../../../shared/engine/evaluate.ts';
import { toIcs } from '../../../pwa/ics.ts';
import { example, loadShippedRules } from './support.tsx';

describe('calendar export', () => {
  it('has the retake-opens date and the deadlines as all-day events', async () => {
    const { ruleSet } = await loadShippedRules();
    const statuses = await checkStatus(ruleSet, example, '2007-11-10');
    const ics = toIcs(statuses, new Date('2007-11-10T09:30:00Z'));
    expect(ics.startsWith('BEGIN:VCALENDAR\r\nVERSION:2.0\r\n')).toBe(true);
    expect(ics.endsWith('END:VCALENDAR\r\n')).toBe(true);
    const events = ics.split('BEGIN:VEVENT').slice(1);
    const unfolded = events.map((e) => e.replace(/\r\n /g, ''));
    expect(unfolded.map((e) => /DTSTART;VALUE=DATE:(\d+)/.exec(e)?.[1])).toEqual(['20071111', '20080630', '20080630']);
    expect(unfolded[0]).toContain('SUMMARY:Free retake of 70-298 opens (voucher SS07-ABCD-1234)');
    expect(unfolded[0]).toContain('DTEND;VALUE=DATE:20071112');
    expect(unfolded[1]).toContain('SUMMARY:Last day to book your free retake of 70-298 (voucher SS07-ABCD-1234)');
    expect(unfolded[2]).toContain('SUMMARY:Last day to book your first exam (voucher SS07-WXYZ-9876)');
    expect(ics).toContain('DTSTAMP:20071110T093000Z');
    // Commas and semicolons in text are escaped, and no line is longer than 75 octets.
    expect(unfolded[0]).toContain('DESCRIPTION:Book your free retake of 70-298 from 11 Nov 2007\\; the offer ends 30 Jun 2008. (11 Nov 2007)');
    for (const line of ics.split('\r\n')) expect(new TextEncoder().encode(line).length).toBeLessThanOrEqual(75);
  });
});
