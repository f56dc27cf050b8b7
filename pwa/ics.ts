// Calendar export (RFC 5545): all-day events for each voucher's retake-opens date and
// deadline and for each scheduled exam, each with reminders a week and a day before, so
// the dates land in the candidate's calendar and are not missed. Pure: the caller supplies "now".
import { addDays, formatDate, type IsoDate } from '../shared/dates.ts';
import type { StatusResult } from '../shared/engine/evaluate.ts';
import { capitalized } from '../shared/engine/wording.ts';
import type { History } from '../shared/history/format.ts';
import { providerName } from './labels.ts';
import { byCodePoint } from './compare.ts';

export interface CalendarEvent {
  uid: string;
  date: IsoDate;
  summary: string;
  description: string;
}

/** Reminders before each event, in days: a week to arrange things, a day to be ready. */
export const REMINDER_DAYS = [7, 1] as const;

/**
 * The events worth a calendar entry: when a retake opens, the last day to book (kept once
 * the retake is booked, so moving the exam never goes past it), and every scheduled exam.
 */
export function calendarEvents(statuses: readonly StatusResult[], history: History): CalendarEvent[] {
  const events: CalendarEvent[] = [];
  const code = new Map(history.vouchers.map((v) => [v.id, v.code]));
  for (const status of statuses) {
    const what = status.exam ? `${status.exam} ` : '';
    const key = identity(status.voucherId, status.voucher);
    if (status.status === 'retake-waiting' && status.opensOn) {
      events.push({ uid: `retake-opens-${key}`, date: status.opensOn, summary: `${capitalized(status.retakeName)} of ${what}opens (voucher ${status.voucher})`, description: status.nextStep });
    }
    const retakeBooked = status.status === 'booked' && status.dates.lastFailureOn !== undefined;
    const deadline = retakeBooked ? status.dates.retakeBy : status.status === 'unused' || status.status === 'retake-available' || status.status === 'retake-waiting' ? status.deadline : undefined;
    if (deadline) {
      const which = status.status === 'unused' ? 'Last day to book your first exam' : retakeBooked ? `Last day of the ${status.retakeName} of ${what}`.trim() : `Last day to book your ${status.retakeName} of ${what}`.trim();
      events.push({ uid: `deadline-${key}`, date: deadline, summary: `${which} (voucher ${status.voucher})`, description: status.nextStep });
    }
  }
  for (const attempt of history.attempts) {
    if (attempt.result !== 'scheduled') continue;
    const paidWith = attempt.voucher && code.has(attempt.voucher) ? ` with voucher ${code.get(attempt.voucher) ?? ''}` : '';
    events.push({
      uid: `exam-${identity(attempt.id, attempt.exam)}`,
      date: attempt.takenOn,
      summary: `Exam ${attempt.exam} at ${providerName(attempt.provider)}`,
      description: `Your ${attempt.exam} exam at ${providerName(attempt.provider)}${paidWith}, booked on ${formatDate(attempt.bookedOn)}.`,
    });
  }
  return events.sort((a, b) => byCodePoint(a.date, b.date));
}

/** Why a calendar export would be empty, in the candidate's words. */
export function nothingToExport(history: History): string {
  if (history.vouchers.length === 0 && history.attempts.length === 0) return 'There is nothing to put in a calendar yet: add a voucher first, and its dates will be exported.';
  return 'There is nothing to put in a calendar: no retake is waiting to open, no deadline to book is ahead and no exam is scheduled.';
}

/**
 * A record's part of an event UID: the same record gives the same UID in every export (a
 * calendar updates the event rather than adding it twice), and a short record id such as
 * "v1", shared by many people's files, is mixed with what the record says so that two
 * candidates' events never share one.
 */
function identity(id: string, content: string): string {
  // Two 32-bit FNV-1a hashes with different offsets: 64 bits, ample for anyone's vouchers.
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ 0x5bd1e995;
  for (const ch of `${id}\u0000${content}`) {
    const unit = ch.codePointAt(0) ?? 0;
    a = Math.imul(a ^ unit, 0x01000193) >>> 0;
    b = Math.imul(b ^ unit, 0x01000193 + 0x100) >>> 0;
  }
  return `${a.toString(16).padStart(8, '0')}${b.toString(16).padStart(8, '0')}`;
}

/** Text values with the format's escapes; line breaks of every kind (CR too) become "\n". */
function escapeText(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/;/g, '\\;').replace(/,/g, '\\,').replace(/\r\n|\r|\n/g, '\\n');
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

export function toIcs(events: readonly CalendarEvent[], now: Date): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
  const lines = ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//Second Shot//Voucher dates//EN', 'CALSCALE:GREGORIAN', 'METHOD:PUBLISH'];
  for (const event of events) {
    lines.push(
      'BEGIN:VEVENT',
      `UID:${event.uid}@second-shot.app`,
      `DTSTAMP:${stamp}`,
      `DTSTART;VALUE=DATE:${compact(event.date)}`,
      `DTEND;VALUE=DATE:${compact(addDays(event.date, 1))}`,
      `SUMMARY:${escapeText(event.summary)}`,
      `DESCRIPTION:${escapeText(`${event.description} (${formatDate(event.date)})`)}`,
      'TRANSP:TRANSPARENT',
      ...REMINDER_DAYS.flatMap((days) => [
        'BEGIN:VALARM',
        'ACTION:DISPLAY',
        `TRIGGER;RELATED=START:-P${days}D`,
        `DESCRIPTION:${escapeText(`${days === 1 ? 'Tomorrow' : `In ${days} days`}: ${event.summary}`)}`,
        'END:VALARM',
      ]),
      'END:VEVENT',
    );
  }
  lines.push('END:VCALENDAR');
  return `${lines.map(fold).join('\r\n')}\r\n`;
}
