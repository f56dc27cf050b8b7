import { describe, expect, it } from 'vitest';
import { normalizeVoucherCode, resultDateProblem, soleProvider } from '../../shared/history/entry.ts';

const SS07 = { pattern: /^[A-Z0-9]{4}(-[A-Z0-9]{4}){2}$/, example: 'SS07-ABCD-1234' };

describe('voucher codes as people type them', () => {
  it.each([
    ['ss07-abcd-1234'], ['SS07 ABCD 1234'], [' ss07abcd1234 '], ['SS07–ABCD—1234'], ['ＳＳ07-ABCD-1234'], ['SS07-\u200BABCD-1234'], ['ss07_abcd.1234'],
  ])('%j becomes the offer\'s printed form', (raw) => {
    expect(normalizeVoucherCode(raw, SS07)).toBe('SS07-ABCD-1234');
  });

  it('leaves a code that cannot fit the pattern as typed (trimmed), for validation to refuse', () => {
    expect(normalizeVoucherCode(' SS07-ABCD-123 ', SS07)).toBe('SS07-ABCD-123');
    expect(normalizeVoucherCode('ss07-abcd-12345', SS07)).toBe('ss07-abcd-12345');
  });

  it('follows each offer\'s own layout, and changes nothing for an offer without a format', () => {
    expect(normalizeVoucherCode('ab 12345', { pattern: /^AB\/\d{5}$/, example: 'AB/12345' })).toBe('AB/12345');
    expect(normalizeVoucherCode(' any code ', undefined)).toBe('any code');
  });
});

describe('results', () => {
  it('only a scheduled exam may lie after today', () => {
    expect(resultDateProblem('fail', '2007-11-11', '2007-11-10')).toMatch(/has not happened yet/);
    expect(resultDateProblem('no-show', '2007-11-11', '2007-11-10')).not.toBeNull();
    expect(resultDateProblem('fail', '2007-11-10', '2007-11-10')).toBeNull();
    expect(resultDateProblem('scheduled', '2008-01-01', '2007-11-10')).toBeNull();
  });
});

describe('providers', () => {
  it('pre-fills only an offer\'s only provider', () => {
    expect(soleProvider({ providers: ['prometric'] })).toBe('prometric');
    expect(soleProvider({ providers: ['prometric', 'pearson-vue'] })).toBeUndefined();
    expect(soleProvider({})).toBeUndefined();
  });
});
