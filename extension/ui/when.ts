// Dates on the extension's pages are written one way, as everywhere in Second Shot: "3 Dec 2007".

import { deviceToday, formatDate, isIsoDate } from '../../shared/dates.ts';

/** An instant on this device's calendar and clock: "3 Dec 2007, 14:05". */
export function dateAndTime(instant: string): string {
  const at = new Date(instant);
  return `${formatDate(deviceToday(at))}, ${String(at.getHours()).padStart(2, '0')}:${String(at.getMinutes()).padStart(2, '0')}`;
}

/** A calendar date as stored ("2007-12-03") in words; anything else as it is. */
export const dateInWords = (date: string): string => (isIsoDate(date) ? formatDate(date) : date);
