// The toolbar badge's one count: vouchers whose next step is the candidate's to take now;
// "link" while the app's link request waits for an answer.
import { describe, expect, it } from 'vitest';
import { badgeFor } from '../../../extension/background/badge.ts';
import { VOUCHER_STATUSES } from '../../../shared/engine/evaluate.ts';

describe('the badge', () => {
  it('counts the vouchers to book with (unused, retake available), not those booked, waiting, used or expired', () => {
    expect(badgeFor(VOUCHER_STATUSES.map((status) => ({ status })), false)).toEqual({ text: '2', title: 'Second Shot: 2 vouchers need you to book' });
    expect(badgeFor([{ status: 'retake-available' }], false)).toEqual({ text: '1', title: 'Second Shot: 1 voucher needs you to book' });
    expect(badgeFor([{ status: 'unused' }], false).text).toBe('1');
    expect(badgeFor(['booked', 'retake-waiting', 'used', 'expired'].map((status) => ({ status: status as 'booked' })), false)).toEqual({ text: '', title: 'Second Shot: your vouchers' });
  });

  it('says "link" while a link request waits, whatever the count', () => {
    expect(badgeFor([{ status: 'unused' }], true)).toEqual({ text: 'link', title: 'Second Shot: the app asks to link with this browser' });
    expect(badgeFor([], true).text).toBe('link');
  });
});
