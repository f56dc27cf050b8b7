// The calendar export from the candidate's side: downloaded in Chromium, read by ical.js.
import ICAL from 'ical.js';
import { describe, expect, it } from 'vitest';
import { downloadOf, FAILED_298_FILE, importHistoryFile, useAppSession } from './support.ts';

const session = useAppSession();

describe('calendar', () => {
  it('exports the dates with reminders a week and a day before, and keeps them once the retake is booked', async () => {
    const { page } = session;
    await importHistoryFile(page, session.base, FAILED_298_FILE);
    await page.getByRole('link', { name: 'Record an attempt with SS07-ABCD-1234' }).click();
    await page.getByLabel('Booked on').fill('2007-11-10');
    await page.getByLabel('Exam date').fill('2007-11-20');
    await page.getByRole('button', { name: 'Save attempt' }).click();
    // Booked the day of the failure: the engine says the retake was not open yet, and the card
    // says the booking is not covered.
    await page.getByRole('button', { name: 'Save anyway' }).click();
    await page.getByText(/^70-298 on 20 Nov 2007 is booked, but this voucher does not cover it: Your free retake opens on 11 Nov 2007/).waitFor();
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: /Backup/ }).click();
    const calendar = await downloadOf(page, () => page.getByRole('button', { name: 'Export calendar (.ics)' }).click());
    const events = new ICAL.Component(ICAL.parse(calendar.text)).getAllSubcomponents('vevent');
    const read = events.map((vevent) => {
      const event = new ICAL.Event(vevent);
      const alarms = vevent.getAllSubcomponents('valarm').map((alarm) => String(alarm.getFirstPropertyValue('trigger')));
      return { on: event.startDate.toString(), summary: event.summary, alarms };
    });
    expect(read).toEqual([
      { on: '2007-11-20', summary: 'Exam 70-298 at Prometric', alarms: ['-P7D', '-P1D'] },
      { on: '2008-06-30', summary: 'Last day of the free retake of 70-298 (voucher SS07-ABCD-1234)', alarms: ['-P7D', '-P1D'] },
    ]);
  });

  it('says why when there is nothing to export', async () => {
    const { page } = session;
    await page.goto(`${session.base}/backup`);
    await page.getByRole('button', { name: 'Export calendar (.ics)' }).click();
    await page.getByRole('status').filter({ hasText: 'There is nothing to put in a calendar yet: add a voucher first' }).waitFor();
  });
});
