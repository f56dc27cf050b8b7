// Calendar export (RFC 5545): all-day events for each voucher's retake-opens date and
// deadline, so they land in the user's calendar. Pure: the caller supplies "now".
import { addDays, formatDate, type IsoDate } from '../shared/dates.ts';
import type { StatusResult } from '../shared/engine/evaluate.ts';

interface CalendarEvent {
  uid: string;
  date: IsoDate;
  summary: string;
  description: string;
}

export function calendarEvents(statuses: readonly StatusResult[]): CalendarEvent[] {
  const events: CalendarEvent[] = [];
  for (const status of statuses) {
    const what = status.exam ? `${status.exam} ` : '';
    if (status.status === 'retake-waiting' && status.opensOn) {
      events.push({ uid: `${status.voucherId}-retake-opens`, date: status.opensOn, summary: `Free retake of ${what}opens (voucher ${status.voucher})`, description: status.nextStep });
    }
    if ((status.status === 'unused' || status.status === 'retake-available' || status.status === 'retake-waiting') && status.deadline) {
      const which = status.status === 'unused' ? 'Last day to book your first exam' : `Last day to book your free retake of ${what}`.trim();
      events.push({ uid: `${status.voucherId}-deadline`, date: status.deadline, summary: `${which} (voucher ${status.voucher})`, description: status.nextStep });
    }
  }
  return events;
}

function escapeText(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/;/g, '\\;').replace(/,/g, '\\,').replace(/\r?\n/g, '\\n');
}

/** Lines longer than 75 octets are folded, as the format requires. */
function fold(line: string): string {
  const bytes = new TextEncoder().encode(line);
  if (bytes.length <= 75) return line;
  const parts: string[] = [];
  let current = '';
  let size = 0;
  for (const ch of line) {
    const length = new TextEncoder().encode(ch).length;
    if (size + length > (parts.length === 0 ? 75 : 74)) {
      parts.push(current);
      current = '';
      size = 0;
    }
    current += ch;
    size += length;
  }
  parts.push(current);
  return parts.join('\r\n ');
}

const compact = (date: IsoDate): string => date.replaceAll('-', '');

export function toIcs(statuses: readonly StatusResult[], now: Date): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
  const lines = ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//Second Shot//Voucher dates//EN', 'CALSCALE:GREGORIAN', 'METHOD:PUBLISH'];
  for (const event of calendarEvents(statuses)) {
    lines.push(
      'BEGIN:VEVENT',
      `UID:${event.uid}@second-shot`,
      `DTSTAMP:${stamp}`,
      `DTSTART;VALUE=DATE:${compact(event.date)}`,
      `DTEND;VALUE=DATE:${compact(addDays(event.date, 1))}`,
      `SUMMARY:${escapeText(event.summary)}`,
      `DESCRIPTION:${escapeText(`${event.description} (${formatDate(event.date)})`)}`,
      'TRANSP:TRANSPARENT',
      'END:VEVENT',
    );
  }
  lines.push('END:VCALENDAR');
  return `${lines.map(fold).join('\r\n')}\r\n`;
}
