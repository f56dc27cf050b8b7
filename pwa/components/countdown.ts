// The countdown on a voucher card, from the dates the engine gave (no rule logic here).
import { daysBetween, formatDate, type IsoDate } from '../../shared/dates.ts';
import type { StatusResult } from '../../shared/engine/evaluate.ts';

function inDays(days: number): string {
  return days === 0 ? 'today' : days === 1 ? 'tomorrow' : `in ${days} days`;
}

export function countdown(status: StatusResult, today: IsoDate): string | null {
  if (status.status === 'retake-waiting' && status.opensOn) {
    const days = daysBetween(today, status.opensOn);
    if (days >= 0) return `Retake opens ${inDays(days)}`;
  }
  if (status.status === 'booked' && status.dates.examOn && status.dates.examOn >= today) {
    return `Exam ${inDays(daysBetween(today, status.dates.examOn))}`;
  }
  if ((status.status === 'unused' || status.status === 'retake-available') && status.deadline) {
    const days = daysBetween(today, status.deadline);
    if (days === 0) return 'Last day to book: today';
    if (days > 0) return `${days} ${days === 1 ? 'day' : 'days'} left to book (until ${formatDate(status.deadline)})`;
  }
  return null;
}
