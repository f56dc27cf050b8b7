import { describe, expect, it } from 'vitest';
import { serializeHistory } from '../../shared/history/format.ts';
import { parseHistory } from '../../shared/history/validate.ts';
import { formatProblem } from '../../shared/problems.ts';
import { ruleSet } from '../support/rules.ts';

const valid = {
  format: 'second-shot/history',
  version: 1,
  vouchers: [{ id: 'v1', code: 'SS07-ABCD-1234', offer: 'ms-second-shot-2007', obtainedOn: '2007-10-01' }],
  attempts: [{ id: 'a1', voucher: 'v1', exam: '70-298', provider: 'prometric', bookedOn: '2007-10-05', takenOn: '2007-11-10', result: 'fail' }],
};

function problemsOf(value: unknown): string[] {
  const checked = parseHistory(typeof value === 'string' ? value : JSON.stringify(value), ruleSet, 'h.json');
  return checked.ok ? [] : checked.problems.map(formatProblem);
}

function withChange(change: (h: typeof valid & Record<string, unknown>) => void): unknown {
  const copy = structuredClone(valid) as typeof valid & Record<string, unknown>;
  change(copy);
  return copy;
}

describe('history format v1', () => {
  it('accepts the documented example', () => {
    expect(problemsOf(valid)).toEqual([]);
  });

  it('points at bad JSON by line and column', () => {
    expect(problemsOf('{\n  "format": "second-shot/history",\n  "version": 1,,\n}')).toEqual([
      'h.json:3:16: is not valid JSON: expected a field name in double quotes',
    ]);
  });

  it('names the field of an impossible date', () => {
    expect(problemsOf(withChange((h) => { h.attempts[0]!.takenOn = '2007-13-45'; }))).toEqual([
      'h.json#/attempts/0/takenOn: "takenOn" "2007-13-45" has no month 13',
    ]);
  });

  it('rejects an unknown offer with a suggestion', () => {
    expect(problemsOf(withChange((h) => { h.vouchers[0]!.offer = 'ms-second-shot-2017'; }))).toEqual([
      'h.json#/vouchers/0/offer: unknown offer "ms-second-shot-2017" (did you mean `ms-second-shot-2007`?)',
    ]);
  });

  it('rejects an attempt pointing to a missing voucher', () => {
    expect(problemsOf(withChange((h) => { h.attempts[0]!.voucher = 'v9'; }))).toEqual([
      'h.json#/attempts/0/voucher: no voucher has the id "v9" (did you mean `v1`?)',
    ]);
  });

  it('rejects duplicate ids, across vouchers and attempts too', () => {
    expect(problemsOf(withChange((h) => { h.attempts[0]!.id = 'v1'; }))).toEqual([
      'h.json#/attempts/0/id: duplicate id "v1" (first used at /vouchers/0/id)',
    ]);
  });

  it('refuses a version newer than it knows instead of guessing', () => {
    expect(problemsOf(withChange((h) => { h.version = 2; }))).toEqual([
      'h.json#/version: version 2 is newer than this version of Second Shot understands (1); update Second Shot to read it',
    ]);
  });

  it('lists every problem at once', () => {
    const problems = problemsOf(withChange((h) => {
      h.attempts[0]!.result = 'failed';
      h.attempts[0]!.bookedOn = '2007-11-31';
      h.vouchers[0]!.code = 'nope';
    }));
    expect(problems).toEqual([
      'h.json#/vouchers/0/code: "nope" is not a voucher code of offer "ms-second-shot-2007" (codes look like SS07-ABCD-1234)',
      'h.json#/attempts/0/bookedOn: "bookedOn" "2007-11-31" is not a day of 2007-11',
      'h.json#/attempts/0/result: "result" must be one of scheduled, pass, fail, no-show, cancelled (did you mean `fail`?)',
    ]);
  });

  it('keeps unknown fields and optional ones on round-trip', () => {
    const rich = withChange((h) => {
      h['exportedBy'] = 'another tool';
      Object.assign(h.attempts[0]!, { score: 612, timeZone: 'Europe/London', notes: 'so close', seat: 'B12' });
    });
    const checked = parseHistory(JSON.stringify(rich), ruleSet);
    expect(checked.ok).toBe(true);
    if (checked.ok) expect(JSON.parse(serializeHistory(checked.value))).toEqual(rich);
  });

  it('allows a paid attempt without a voucher', () => {
    expect(problemsOf(withChange((h) => { delete (h.attempts[0] as { voucher?: string }).voucher; }))).toEqual([]);
  });
});
