// The calendar file judged by a real iCalendar parser (ical.js), as a calendar app reads it.
import ICAL from 'ical.js';
import { describe, expect, it } from 'vitest';
import { checkStatus } from '../../../shared/engine/evaluate.ts';
import type { History } from '../../../shared/history/format.ts';
import { calendarEvents, nothingToExport, toIcs } from '../../../pwa/ics.ts';
import { example, loadShippedRules } from './support.tsx';

interface Read {
  uid: string;
  start: string;
  end: string;
  summary: string;
  description: string;
  alarms: number[];
}

function read(ics: string): Read[] {
  const calendar = new ICAL.Component(ICAL.parse(ics));
  return calendar.getAllSubcomponents('vevent').map((vevent) => {
    const event = new ICAL.Event(vevent);
    return {
      uid: event.uid,
      start: event.startDate.toString(),
      end: event.endDate.toString(),
      summary: event.summary,
      description: event.description,
      alarms: vevent.getAllSubcomponents('valarm').map((alarm) => {
        const trigger = alarm.getFirstPropertyValue('trigger');
        return trigger instanceof ICAL.Duration ? trigger.toSeconds() / 86400 : Number.NaN;
      }),
    };
  });
}

async function exported(history: History, on: string): Promise<string> {
  const { ruleSet } = await loadShippedRules();
  return toIcs(calendarEvents(await checkStatus(ruleSet, history, on), history), new Date(`${on}T09:30:00Z`));
}

const retakeBooked: History = {
  ...example,
  attempts: [...example.attempts, { id: 'a2', voucher: 'v1', exam: '70-298', provider: 'prometric', bookedOn: '2007-11-11', takenOn: '2007-11-20', result: 'scheduled' }],
};

describe('calendar export', () => {
  it('has the retake-opens date and the deadlines as all-day events, each with reminders 7 days and 1 day before', async () => {
    const ics = await exported(example, '2007-11-10');
    expect(ics.startsWith('BEGIN:VCALENDAR\r\nVERSION:2.0\r\n')).toBe(true);
    expect(ics.endsWith('END:VCALENDAR\r\n')).toBe(true);
    const events = read(ics);
    expect(events.map((e) => [e.start, e.end, e.summary])).toEqual([
      ['2007-11-11', '2007-11-12', 'Free retake of 70-298 opens (voucher SS07-ABCD-1234)'],
      ['2008-06-30', '2008-07-01', 'Last day to book your free retake of 70-298 (voucher SS07-ABCD-1234)'],
      ['2008-06-30', '2008-07-01', 'Last day to book your first exam (voucher SS07-WXYZ-9876)'],
    ]);
    expect(events[0]?.description).toBe('Book your free retake of 70-298 from 11 Nov 2007, by 30 Jun 2008. (11 Nov 2007)');
    for (const event of events) expect(event.alarms).toEqual([-7, -1]);
    expect(ics).toContain('DTSTAMP:20071110T093000Z');
    for (const line of ics.split('\r\n')) expect(new TextEncoder().encode(line).length).toBeLessThanOrEqual(75);
  });

  it('once the retake is booked, keeps its last day and adds the exam', async () => {
    const events = read(await exported(retakeBooked, '2007-11-12'));
    expect(events.map((e) => [e.start, e.summary])).toEqual([
      ['2007-11-20', 'Exam 70-298 at Prometric'],
      ['2008-06-30', 'Last day of the free retake of 70-298 (voucher SS07-ABCD-1234)'],
      ['2008-06-30', 'Last day to book your first exam (voucher SS07-WXYZ-9876)'],
    ]);
    expect(events[0]?.description).toBe('Your 70-298 exam at Prometric with voucher SS07-ABCD-1234, booked on 11 Nov 2007. (20 Nov 2007)');
    expect(events[0]?.alarms).toEqual([-7, -1]);
  });

  it('has an event for every scheduled exam, paid ones too', async () => {
    const paid: History = { ...example, vouchers: [], attempts: [{ id: 'p1', exam: 'AZ-900', provider: 'pearson-vue', bookedOn: '2024-01-02', takenOn: '2024-02-01', result: 'scheduled' }] };
    expect(read(await exported(paid, '2024-01-02')).map((e) => [e.start, e.summary])).toEqual([['2024-02-01', 'Exam AZ-900 at Pearson VUE']]);
  });

  it('escapes carriage returns and every other special character, so no text can add a line', async () => {
    const hostile: History = { ...example, vouchers: [], attempts: [{ id: 'p1', exam: 'AZ-900\rEND:VEVENT', provider: 'pearson-vue', bookedOn: '2024-01-02', takenOn: '2024-02-01', result: 'scheduled', notes: 'x' }] };
    const ics = await exported(hostile, '2024-01-02');
    expect(ics.replaceAll('\r\n', '')).not.toMatch(/[\r\n]/);
    const [event] = read(ics);
    expect(event?.summary).toBe('Exam AZ-900\nEND:VEVENT at Pearson VUE');
    expect(read(ics)).toHaveLength(1);
  });

  it('gives every event a UID of its own, the same in every export, and different for another candidate\'s "v1"', async () => {
    const uids = read(await exported(retakeBooked, '2007-11-12')).map((e) => e.uid);
    expect(new Set(uids).size).toBe(uids.length);
    for (const uid of uids) expect(uid).toMatch(/^[a-z-]+-[0-9a-f]{16}@second-shot\.app$/);
    expect(read(await exported(retakeBooked, '2007-11-12')).map((e) => e.uid)).toEqual(uids);
    const someoneElse: History = { ...retakeBooked, vouchers: retakeBooked.vouchers.map((v) => ({ ...v, code: v.code.replace('SS07', 'ZZ07') })) };
    const theirs = read(await exported(someoneElse, '2007-11-12')).filter((e) => !e.summary.startsWith('Exam')).map((e) => e.uid);
    for (const uid of theirs) expect(uids).not.toContain(uid);
  });

  it('says why there is nothing to export', async () => {
    const { ruleSet } = await loadShippedRules();
    const empty: History = { ...example, vouchers: [], attempts: [] };
    expect(calendarEvents(await checkStatus(ruleSet, empty, '2007-11-10'), empty)).toEqual([]);
    expect(nothingToExport(empty)).toMatch(/add a voucher first/);
    const passed: History = { ...example, vouchers: [example.vouchers[0]!], attempts: [{ ...example.attempts[0]!, result: 'pass' }] };
    expect(calendarEvents(await checkStatus(ruleSet, passed, '2007-11-10'), passed)).toEqual([]);
    expect(nothingToExport(passed)).toMatch(/no retake is waiting/);
  });
});
