import { describe, expect, it } from 'vitest';
import { didYouMean, formatProblem, limitProblems, type Problem, quote } from '../../shared/problems.ts';

describe('quote', () => {
  it('shows short strings whole, in double quotes', () => {
    expect(quote('70-298')).toBe('"70-298"');
    expect(quote('x'.repeat(60))).toBe(`"${'x'.repeat(60)}"`);
  });

  it('cuts long strings to about 60 characters and says how long they were', () => {
    expect(quote('x'.repeat(2_000_000))).toBe(`"${'x'.repeat(59)}…" (2,000,000 characters)`);
  });

  it('never cuts a character in half', () => {
    const quoted = quote(`${'x'.repeat(58)}😀${'y'.repeat(10)}`);
    expect(quoted.startsWith(`"${'x'.repeat(58)}…"`)).toBe(true);
    expect(quoted).not.toMatch(/[\ud800-\udbff](?![\udc00-\udfff])/);
  });

  it('escapes control characters, terminal escapes and bidi overrides', () => {
    expect(quote('a\u001b]8;;http://x\u0007b\r\nc\u202ed\u0000')).toBe('"a\\u001b]8;;http://x\\u0007b\\r\\nc\\u202ed\\u0000"');
    expect(quote(`${'x'.repeat(80)}\u001b[2J`)).not.toContain('\u001b');
  });

  it('shows invisible characters escaped, so a code with one hidden in it does not look like the real code', () => {
    expect(quote('70\u200b-298\u00ad\u2060\ufeff')).toBe('"70\\u200b-298\\u00ad\\u2060\\ufeff"');
    // A tag character lies beyond the first 65,536: written whole, not as half a surrogate pair.
    expect(quote('AZ-900\u{e0041}')).toBe('"AZ-900\\u{e0041}"');
    // Visible text outside Latin is shown as it is.
    expect(quote('バウチャー 😀 Gutschein')).toBe('"バウチャー 😀 Gutschein"');
  });

  it('names objects and lists instead of dumping them', () => {
    expect(quote({ a: 'x'.repeat(1000) })).toBe('an object');
    expect(quote([1, 2])).toBe('a list');
    expect(quote(null)).toBe('null');
    expect(quote(3)).toBe('3');
    expect(quote(false)).toBe('false');
  });
});

describe('limitProblems', () => {
  const problems = (n: number): Problem[] => Array.from({ length: n }, (_, i) => ({ file: 'h.json', pointer: `/attempts/${i}`, message: 'bad' }));

  it('keeps short lists as they are', () => {
    expect(limitProblems(problems(20))).toEqual(problems(20));
  });

  it('lists the first problems and says how many more there are', () => {
    const limited = limitProblems(problems(100_000));
    expect(limited).toHaveLength(21);
    expect(limited.slice(0, 20)).toEqual(problems(20));
    expect(limited[20]).toEqual({ file: 'h.json', pointer: '', message: 'and 99,980 more problems' });
    expect(limitProblems(problems(4), 3)[3]?.message).toBe('and 1 more problem');
  });
});

describe('didYouMean', () => {
  it('suggests the closest name for a misspelling', () => {
    expect(didYouMean('retakeWiatDays', ['retakeBy', 'retakeWaitDays', 'opens'])).toBe('did you mean `retakeWaitDays`?');
    expect(didYouMean('kitten', ['sitting', 'mitten'])).toBe('did you mean `mitten`?');
    expect(didYouMean('Fial', ['pass', 'fail', 'no-show'])).toBe('did you mean `fail`?');
    expect(didYouMean('daysSinceFial', ['daysSinceFailure', 'exam'])).toBe('did you mean `daysSinceFailure`?');
    expect(didYouMean('zzzzzz', ['pass', 'fail'])).toBeUndefined();
  });

  it('gives no guess for a long value, whatever its size, so the cost never grows with it', () => {
    expect(didYouMean(`fai${'l'.repeat(2_000_000)}`, ['fail'])).toBeUndefined();
    expect(didYouMean('x'.repeat(41), ['x'.repeat(40)])).toBeUndefined();
    expect(didYouMean('x'.repeat(40), ['x'.repeat(39)])).toBe(`did you mean \`${'x'.repeat(39)}\`?`);
  });

  it('looks at a bounded number of candidates', () => {
    const candidates = [...Array.from({ length: 200 }, (_, i) => `voucher-${i}-${'q'.repeat(20)}`), 'offer-2007'];
    expect(didYouMean('offer-2008', candidates)).toBeUndefined();
    expect(didYouMean('offer-2008', candidates.slice(-2))).toBe('did you mean `offer-2007`?');
  });

  it('escapes control characters in the suggestion', () => {
    expect(didYouMean('ab\u001bc', ['ab\u001bd'])).toBe('did you mean `ab\\u001bd`?');
  });
});

describe('formatProblem', () => {
  it('names a value by its pointer and the text itself by line and column', () => {
    expect(formatProblem({ file: 'o.json', pointer: '/opens', line: 3, column: 3, message: 'duplicate field "opens"' })).toBe('o.json#/opens: duplicate field "opens"');
    expect(formatProblem({ file: 'h.json', pointer: '/vouchers/0/code', message: 'is empty' })).toBe('h.json#/vouchers/0/code: is empty');
    expect(formatProblem({ file: 'h.json', pointer: '', line: 3, column: 7, message: 'is not valid JSON: trailing comma before }', hint: 'remove it' })).toBe(
      'h.json:3:7: is not valid JSON: trailing comma before } (remove it)',
    );
  });
});
