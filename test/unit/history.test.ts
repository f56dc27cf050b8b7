import { describe, expect, it } from 'vitest';
import { HISTORY_LIMITS, serializeHistory } from '../../shared/history/format.ts';
import { parseHistory, validateHistory } from '../../shared/history/validate.ts';
import { formatProblem, limitProblems } from '../../shared/problems.ts';
import { shippedRuleSet } from '../support/rules.ts';

const valid = {
  format: 'second-shot/history',
  version: 1,
  vouchers: [{ id: 'v1', code: 'SS07-ABCD-1234', offer: 'ms-second-shot-2007', obtainedOn: '2007-10-01' }],
  attempts: [{ id: 'a1', voucher: 'v1', exam: '70-298', provider: 'prometric', bookedOn: '2007-10-05', takenOn: '2007-11-10', result: 'fail' }],
};

function problemsOf(value: unknown): string[] {
  const checked = parseHistory(typeof value === 'string' ? value : JSON.stringify(value), shippedRuleSet(), 'h.json');
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
    const checked = parseHistory(JSON.stringify(rich), shippedRuleSet());
    expect(checked.ok).toBe(true);
    if (checked.ok) expect(JSON.parse(serializeHistory(checked.value))).toEqual(rich);
  });

  it('refuses records that are not objects, a voucher without its date, and a voucher named by something not an id', () => {
    const { vouchers: [voucher], attempts: [attempt] } = structuredClone(valid);
    expect(problemsOf({ ...valid, vouchers: [{ ...voucher, obtainedOn: undefined }, 'v2'], attempts: [{ ...attempt, voucher: 7 }, 3] })).toEqual([
      'h.json#/vouchers/0/obtainedOn: "obtainedOn" is missing',
      'h.json#/vouchers/1: a voucher must be an object',
      'h.json#/attempts/0/voucher: "voucher" must be the id of a voucher',
      'h.json#/attempts/1: an attempt must be an object',
    ]);
  });

  it('allows a paid attempt without a voucher', () => {
    expect(problemsOf(withChange((h) => { delete (h.attempts[0] as { voucher?: string }).voucher; }))).toEqual([]);
  });

  it('refuses another format or version instead of guessing', () => {
    expect(problemsOf(withChange((h) => { h.format = 'second-shot/histories'; }))).toEqual(['h.json#/format: "format" must be "second-shot/history"']);
    for (const version of [0, 1.5, '1', null]) {
      expect(problemsOf(withChange((h) => { (h as Record<string, unknown>)['version'] = version; }))).toEqual(['h.json#/version: "version" must be a whole number (1)']);
    }
    expect(problemsOf({ format: 'second-shot/history', version: 1, vouchers: {}, attempts: 'none' })).toEqual([
      'h.json#/vouchers: "vouchers" must be a list',
      'h.json#/attempts: "attempts" must be a list',
    ]);
    expect(problemsOf([valid])).toEqual(['h.json#/: must be a JSON object with "format", "version", "vouchers" and "attempts"']);
  });

  it('accepts ids of letters, digits and . _ : - up to 64 long, and nothing else', () => {
    for (const id of ['v.1_a:b-c', 'x'.repeat(64)]) expect(problemsOf(withChange((h) => { h.vouchers[0]!.id = id; h.attempts[0]!.voucher = id; }))).toEqual([]);
    for (const id of ['', 'has space', '-first', 'x'.repeat(65), 'ü', 7]) {
      expect(problemsOf(withChange((h) => { (h.attempts[0] as Record<string, unknown>)['id'] = id; }))).toEqual(['h.json#/attempts/0/id: "id" must be 1–64 letters, digits, ".", "_", ":" or "-"']);
    }
  });

  it('refuses an attempt without an exam code or with a malformed provider', () => {
    expect(problemsOf(withChange((h) => { h.attempts[0]!.exam = ' '; }))).toEqual(['h.json#/attempts/0/exam: "exam" must be a non-empty string']);
    expect(problemsOf(withChange((h) => { h.attempts[0]!.exam = 'Exam:'; }))).toEqual(['h.json#/attempts/0/exam: "Exam:" is not an exam code']);
    expect(problemsOf(withChange((h) => { delete (h.attempts[0] as Partial<typeof h.attempts[0]>).exam; }))).toEqual(['h.json#/attempts/0/exam: "exam" is missing']);
    for (const provider of ['Pearson VUE', 'pearson--vue', 'pearson-', 'pearson_vue']) {
      expect(problemsOf(withChange((h) => { h.attempts[0]!.provider = provider; }))).toEqual([
        `h.json#/attempts/0/provider: "${provider}" is not a provider id (lower-case words joined by "-", e.g. "pearson-vue")`,
      ]);
    }
    expect(problemsOf(withChange((h) => { h.attempts[0]!.provider = 'pearson-vue'; }))).toEqual([]);
  });

  it('checks the optional fields: time zone, score, notes and when a record changed', () => {
    const attemptWith = (fields: Record<string, unknown>) => problemsOf(withChange((h) => { Object.assign(h.attempts[0]!, fields); }));
    expect(attemptWith({ timeZone: 'Europe/London', score: 612, notes: 'close', updatedAt: '2026-11-26T05:00:00.000Z' })).toEqual([]);
    expect(attemptWith({ updatedAt: '2026-11-26T05:00:00Z' })).toEqual([]);
    expect(attemptWith({ timeZone: 'Mars/Olympus_Mons' })).toEqual(['h.json#/attempts/0/timeZone: "timeZone" must be an IANA time zone such as "Europe/London"']);
    expect(attemptWith({ timeZone: 1 })).toEqual(['h.json#/attempts/0/timeZone: "timeZone" must be an IANA time zone such as "Europe/London"']);
    expect(attemptWith({ score: '612' })).toEqual(['h.json#/attempts/0/score: "score" must be a number']);
    expect(attemptWith({ notes: 7 })).toEqual(['h.json#/attempts/0/notes: "notes" must be text']);
    for (const updatedAt of ['2026-11-26 05:00:00Z', '2026-11-26T05:00:00+01:00', '2026-13-26T05:00:00Z', 1764133200000]) {
      expect(attemptWith({ updatedAt })).toEqual(['h.json#/attempts/0/updatedAt: "updatedAt" must be an instant in UTC such as "2026-11-26T05:00:00.000Z"']);
    }
    expect(problemsOf(withChange((h) => { Object.assign(h.vouchers[0]!, { updatedAt: 'yesterday', notes: false }); }))).toEqual([
      'h.json#/vouchers/0/notes: "notes" must be text',
      'h.json#/vouchers/0/updatedAt: "updatedAt" must be an instant in UTC such as "2026-11-26T05:00:00.000Z"',
    ]);
  });

  it('checks the list of deleted records', () => {
    const deleted = (list: unknown) => problemsOf(withChange((h) => { h['deleted'] = list; }));
    expect(deleted([{ id: 'v7', deletedAt: '2007-11-12T09:00:00.000Z' }])).toEqual([]);
    expect(deleted({ id: 'v7' })).toEqual(['h.json#/deleted: "deleted" must be a list of { "id", "deletedAt" }']);
    expect(deleted(['v7', { id: '' }, { deletedAt: '2007-11-12T09:00:00.000Z' }])).toEqual([
      'h.json#/deleted/0: a deleted record must be { "id", "deletedAt" }',
      'h.json#/deleted/1: a deleted record must be { "id", "deletedAt" }',
      'h.json#/deleted/2: a deleted record must be { "id", "deletedAt" }',
    ]);
    expect(deleted([{ id: 'v7', deletedAt: '12 Nov 2007' }])).toEqual(['h.json#/deleted/0/deletedAt: "deletedAt" must be an instant in UTC such as "2026-11-26T05:00:00.000Z"']);
  });

  it('refuses an exam date before the booking, and dates outside 1900–2999', () => {
    expect(problemsOf(withChange((h) => { h.attempts[0]!.bookedOn = '2007-11-11'; }))).toEqual(['h.json#/attempts/0/takenOn: the exam date 2007-11-10 is before it was booked (2007-11-11)']);
    expect(problemsOf(withChange((h) => { h.attempts[0]!.takenOn = '9999-12-31'; }))).toEqual(['h.json#/attempts/0/takenOn: "takenOn" "9999-12-31" is outside the years 1900 to 2999']);
  });
});

describe('a hostile history', () => {
  const attempt = valid.attempts[0]!;

  it('echoes a long or control-laden value short and escaped, and guesses nothing for it', () => {
    const long = `fial${'x'.repeat(9_000)}`;
    const problems = problemsOf(withChange((h) => {
      h.vouchers[0]!.offer = long;
      h.attempts[0]!.result = long;
      h.attempts[0]!.provider = '\u001b]0;owned\u0007\r';
    }));
    expect(problems).toEqual([
      expect.stringMatching(/^h\.json#\/vouchers\/0\/offer: unknown offer "fialx{55}…" \(9,004 characters\)$/),
      'h.json#/attempts/0/provider: "\\u001b]0;owned\\u0007\\r" is not a provider id (lower-case words joined by "-", e.g. "pearson-vue")',
      'h.json#/attempts/0/result: "result" must be one of scheduled, pass, fail, no-show, cancelled',
    ]);
  });

  it('refuses a text value over the limit by its length, without echoing it', () => {
    expect(problemsOf(withChange((h) => { h.attempts[0]!.result = 'x'.repeat(2_000_000); }))).toEqual([
      'h.json#/attempts/0/result: is 2,000,000 characters long; the limit is 10,000',
      'h.json#/attempts/0/result: "result" must be one of scheduled, pass, fail, no-show, cancelled',
    ]);
  });

  it('refuses a file over the size limit by its size', () => {
    const padded = JSON.stringify({ ...valid, padding: ' '.repeat(HISTORY_LIMITS.maxBytes + 1024 * 1024) });
    expect(problemsOf(padded)).toEqual(['h.json#/: is 6 MB; the limit is 5 MB']);
  });

  it('names the record that text too deep or broken is in, with its line and column', () => {
    let deep = '"bottom"';
    for (let n = 0; n < 10_000; n++) deep = `{"a": ${deep}}`;
    const text = `\ufeff{"format": "second-shot/history", "version": 1, "vouchers": [{"id": "v1", "note": "[{,\\""}],\n "attempts": [{"id": "a1"}, {"id": "a2", "extra": ${deep}}]}`;
    const checked = parseHistory(text, shippedRuleSet(), 'h.json');
    expect(checked.ok ? [] : checked.problems).toEqual([
      { file: 'h.json', pointer: '/attempts/1', line: 2, column: expect.any(Number), message: 'nests objects and lists more than 64 deep' },
    ]);
    const broken = parseHistory('{"vouchers": [], "attempts": [{"id": "a1"},\n {"id": "a2" "exam": "70-298"}]}', shippedRuleSet(), 'h.json');
    expect(broken.ok ? [] : broken.problems).toEqual([{ file: 'h.json', pointer: '/attempts/1', line: 2, column: 14, message: 'is not valid JSON: expected a comma, found "\"exam\""' }]);
    const outside = parseHistory('{"format": "second-shot/history",, "vouchers": []}', shippedRuleSet(), 'h.json');
    expect(outside.ok ? [] : outside.problems.map((p) => p.pointer)).toEqual(['']);
  });

  it('refuses a deeply nested field naming the record, without running out of stack', () => {
    let deep: unknown = 'bottom';
    for (let n = 0; n < 10_000; n++) deep = { a: deep };
    const history = { ...structuredClone(valid), attempts: [attempt, { ...attempt, id: 'a2', extra: deep }] };
    const checked = validateHistory(history, shippedRuleSet(), 'link');
    expect(checked.ok).toBe(false);
    if (!checked.ok) {
      expect(checked.problems).toHaveLength(1);
      expect(checked.problems[0]!.pointer).toBe(`/attempts/1/extra${'/a'.repeat(HISTORY_LIMITS.maxDepth - 1)}`);
      expect(checked.problems[0]!.message).toBe(`nests objects and lists more than ${HISTORY_LIMITS.maxDepth} deep`);
    }
  });

  it('refuses a record that refers to itself, a record with too many values and a text too long', () => {
    const looped: Record<string, unknown> = { ...attempt };
    looped['self'] = looped;
    const crowded = { ...attempt, id: 'a2', tags: Array.from({ length: HISTORY_LIMITS.maxValues }, (_, n) => n) };
    const wordy = { ...attempt, id: 'a3', notes: 'x'.repeat(HISTORY_LIMITS.maxTextLength + 1) };
    const checked = validateHistory({ ...valid, attempts: [looped, crowded, wordy] }, shippedRuleSet(), 'link');
    expect(checked.ok ? [] : checked.problems.map((p) => `${p.pointer}: ${p.message}`)).toEqual([
      expect.stringMatching(/^\/attempts\/0(\/self)+: nests objects and lists more than 16 deep$/),
      '/attempts/1: holds more than 1,000 values',
      '/attempts/2/notes: is 10,001 characters long; the limit is 10,000',
    ]);
  });

  it('refuses more records than the limit in one problem', () => {
    const attempts = Array.from({ length: HISTORY_LIMITS.maxRecords + 1 }, (_, n) => ({ ...attempt, id: `a${n}`, voucher: `missing${n}` }));
    const checked = validateHistory({ ...valid, attempts }, shippedRuleSet(), 'link');
    expect(checked.ok ? [] : checked.problems.map(formatProblem)).toEqual(['link#/: holds 50,002 records; the limit is 50,000']);
  });

  it('counts deleted records toward the limit, and takes exactly as many as the limit', () => {
    const limitMessage = 'link#/: holds 50,001 records; the limit is 50,000';
    // One voucher and the rest attempts: exactly the limit.
    const attempts = Array.from({ length: HISTORY_LIMITS.maxRecords - 1 }, (_, n) => ({ ...attempt, id: `a${n}` }));
    const atLimit = validateHistory({ ...valid, attempts }, shippedRuleSet(), 'link');
    expect(atLimit.ok).toBe(true);
    const withTombstone = validateHistory({ ...valid, attempts, deleted: [{ id: 'gone', deletedAt: '2026-01-01T00:00:00Z' }] }, shippedRuleSet(), 'link');
    expect(withTombstone.ok ? [] : withTombstone.problems.map(formatProblem)).toEqual([limitMessage]);
  });

  it('refuses a field of its own beyond the format\'s lists by the same limits as a record\'s', () => {
    const checked = validateHistory({ ...valid, settings: { note: 'x'.repeat(HISTORY_LIMITS.maxTextLength + 1) } }, shippedRuleSet(), 'link');
    expect(checked.ok ? [] : checked.problems.map((p) => `${p.pointer}: ${p.message}`)).toEqual(['/settings/note: is 10,001 characters long; the limit is 10,000']);
  });

  it('takes an exam booked on the day it is taken', () => {
    const sameDay = { ...valid, attempts: [{ ...valid.attempts[0]!, bookedOn: '2007-11-10', takenOn: '2007-11-10' }] };
    expect(validateHistory(sameDay, shippedRuleSet(), 'h.json').ok).toBe(true);
  });

  it('refuses a score that is no finite number, as a linked app could send (JSON cannot)', () => {
    const scored = (score: number) => validateHistory({ ...valid, attempts: [{ ...valid.attempts[0]!, score }] }, shippedRuleSet(), 'link');
    expect(scored(700).ok).toBe(true);
    for (const score of [Number.NaN, Number.POSITIVE_INFINITY]) {
      const checked = scored(score);
      expect(checked.ok ? [] : checked.problems.map((p) => `${p.pointer}: ${p.message}`)).toEqual(['/attempts/0/score: "score" must be a number']);
    }
  });

  it('reads a voucher code with spaces around it as the code', () => {
    const spaced = { ...valid, vouchers: [{ ...valid.vouchers[0]!, code: '  SS07-ABCD-1234 ' }] };
    expect(validateHistory(spaced, shippedRuleSet(), 'h.json').ok).toBe(true);
  });

  it('says how far it is every 2,000 records', () => {
    const attempts = Array.from({ length: 5_000 }, (_, n) => ({ ...attempt, id: `a${n}` }));
    const progress: [number, number][] = [];
    expect(validateHistory({ ...valid, attempts }, shippedRuleSet(), 'h.json', { onProgress: (done, total) => progress.push([done, total]) }).ok).toBe(true);
    expect(progress).toEqual([[2_000, 5_001], [4_000, 5_001]]);
  });

  it('lists thousands of bad records in full but guesses a fix only for the first few', () => {
    const attempts = Array.from({ length: 20_000 }, (_, n) => ({ ...attempt, id: `a${n}`, voucher: 'v2' }));
    const checked = validateHistory({ ...valid, attempts }, shippedRuleSet(), 'h.json');
    expect(checked.ok).toBe(false);
    if (checked.ok) return;
    expect(checked.problems).toHaveLength(20_000);
    expect(checked.problems[0]!.hint).toBe('did you mean `v1`?');
    expect(checked.problems[19_999]!.hint).toBeUndefined();
    const shown = limitProblems(checked.problems).map(formatProblem);
    expect(shown).toHaveLength(21);
    expect(shown[20]).toBe('h.json#/: and 19,980 more problems');
  });
});
