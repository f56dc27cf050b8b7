// Which voucher cards the dashboard shows, and in what order: most urgent first when the
// candidate asks for it, and archived vouchers (used or expired, put away) only on request.
import type { IsoDate } from '../../shared/dates.ts';
import type { StatusResult } from '../../shared/engine/evaluate.ts';
import type { Voucher } from '../../shared/history/format.ts';

export type CardOrder = 'added' | 'urgent';

/** A voucher put away by the candidate keeps this field: it survives a backup and the link. */
export const ARCHIVED = 'archivedOn';
/** The dashboard's "Show archived vouchers" button, where the focus goes when a card is archived away. */
export const SHOW_ARCHIVED_ID = 'show-archived';

export function isArchived(voucher: Voucher): boolean {
  return typeof voucher[ARCHIVED] === 'string';
}

/** A voucher that has nothing left to do: what may be archived. */
export function isSettled(status: StatusResult): boolean {
  return status.status === 'used' || status.status === 'expired';
}

/**
 * The date by which the candidate must act, and how: vouchers with something to do come
 * first, soonest date first (a result to record, an exam, a retake to book, a first exam to
 * book); vouchers not checked yet follow; those with nothing left to do come last.
 */
function urgency(status: StatusResult | undefined, today: IsoDate): [number, IsoDate] {
  if (!status) return [1, ''];
  if (isSettled(status)) return [2, ''];
  const { dates } = status;
  if (status.status === 'booked') return [0, dates.examOn !== undefined && dates.examOn < today ? today : (dates.examOn ?? today)];
  if (status.status === 'retake-waiting') return [0, status.opensOn ?? status.deadline ?? today];
  return [0, status.deadline ?? today];
}

export interface Arranged {
  shown: Voucher[];
  archived: number;
}

export function arrangeCards(vouchers: readonly Voucher[], statusOf: ReadonlyMap<string, StatusResult>, today: IsoDate, order: CardOrder, showArchived: boolean): Arranged {
  const archived = vouchers.filter(isArchived).length;
  const kept = showArchived ? [...vouchers] : vouchers.filter((v) => !isArchived(v));
  if (order === 'urgent') {
    const keys = new Map(kept.map((v) => [v.id, urgency(statusOf.get(v.id), today)]));
    // A stable sort: vouchers equally urgent stay in the order they were added.
    kept.sort((a, b) => {
      const [ga, da] = keys.get(a.id) ?? [1, ''];
      const [gb, db] = keys.get(b.id) ?? [1, ''];
      return ga - gb || (da < db ? -1 : da > db ? 1 : 0);
    });
  }
  return { shown: kept, archived };
}
