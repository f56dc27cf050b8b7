// Two linked sides that each kept the other's conflicting record under a new id settle:
// a record already held under another id is recognised by its content.
import { describe, expect, it } from 'vitest';
import { unknownRecords } from '../../../extension/background/merge.ts';
import { mergeHistories } from '../../../shared/link.ts';
import { history } from '../../support/rules.ts';

const HERE = { id: 'v3', code: 'SS07-HERE-0001', offer: 'ms-second-shot-2007', obtainedOn: '2007-10-03' };
const THERE = { id: 'v3', code: 'SS07-PWA0-0002', offer: 'ms-second-shot-2007', obtainedOn: '2007-10-04' };
const attempt = (voucher: string) => ({ id: 'a9', voucher, exam: '70-298', provider: 'prometric', bookedOn: '2007-10-05', takenOn: '2007-11-10', result: 'fail' as const });

describe('unknownRecords', () => {
  it('drops records held under another id and follows their attempts to the local voucher id', () => {
    const extension = mergeHistories(history({ vouchers: [HERE] }), history({ vouchers: [THERE], attempts: [attempt('v3')] })).history;
    const pwa = mergeHistories(history({ vouchers: [THERE], attempts: [attempt('v3')] }), history({ vouchers: [HERE] })).history;
    expect(extension.vouchers.map((v) => `${v.id} ${v.code}`)).toEqual(['v3 SS07-HERE-0001', 'v3-2 SS07-PWA0-0002']);
    expect(pwa.vouchers.map((v) => `${v.id} ${v.code}`)).toEqual(['v3 SS07-PWA0-0002', 'v3-2 SS07-HERE-0001']);
    const fresh = unknownRecords(extension, pwa);
    expect(fresh.vouchers).toEqual([]);
    expect(fresh.attempts).toEqual([]);
    expect(mergeHistories(extension, fresh).added).toBe(0);
  });

  it('keeps what is really new, and a record that differs only in its notes', () => {
    const local = history({ vouchers: [HERE] });
    const incoming = history({ vouchers: [HERE, { ...HERE, id: 'v4', notes: 'from the PWA' }], attempts: [attempt('v3')] });
    const fresh = unknownRecords(local, incoming);
    expect(fresh.vouchers.map((v) => v.id)).toEqual(['v4']);
    expect(fresh.attempts.map((a) => a.voucher)).toEqual(['v3']);
  });
});
