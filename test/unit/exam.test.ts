import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { compileExamPattern, findExamCode, foldTypedText, foldUnicodeText, holdsExamCode, normalizeExam, suggestExamCode } from '../../shared/exam.ts';

describe('exam codes', () => {
  it('treats the ways people write one exam as the same exam', () => {
    for (const written of ['070-298', '70-298', 'Exam 70-298', '70-298 ', ' exam: 070-298']) expect(normalizeExam(written)).toBe('70-298');
    expect(normalizeExam('az-900')).toBe(normalizeExam('AZ-900'));
    expect(normalizeExam('70-298')).not.toBe(normalizeExam('70-299'));
  });

  it('matches rule-file patterns after normalising', () => {
    expect(compileExamPattern('070-###').test('70-298')).toBe(true);
    expect(compileExamPattern('MB#-###').test('MB2-631')).toBe(true);
    expect(compileExamPattern('77-###').test('70-298')).toBe(false);
    expect(compileExamPattern('70-*').test('70-298')).toBe(true);
  });

  it('finds the exam code in page text', () => {
    expect(findExamCode('Exam AZ-900: Microsoft Azure Fundamentals')).toBe('AZ-900');
    expect(findExamCode('You selected 070-298 Designing Security')).toBe('70-298');
    expect(findExamCode('No exam here')).toBeNull();
  });
});

describe('exam codes as people type and paste them', () => {
  it('folds full-width characters, invisible characters, dashes and spaces', () => {
    for (const written of ['70\u200b-298', '\u200d70-298\ufeff', '７０－２９８', '70\u2011298', '70\u2013298', '70\u2014298', '70\u2212298', '70 - 298', '70\u00a0-\u00a0298', '70-\u00ad298', '\u202a70-298\u202c', ' Exam\u3000070-298 ']) {
      expect(normalizeExam(written), JSON.stringify(written)).toBe('70-298');
    }
    expect(normalizeExam('ａｚ 900')).toBe('AZ-900');
    expect(normalizeExam('70-298')).not.toBe(normalizeExam('70-299'));
    expect(normalizeExam('\u200b')).toBe('');
  });

  it('folds page text before looking for a code in it', () => {
    expect(findExamCode('Examen ７０－２９８ : Designing')).toBe('70-298');
    expect(findExamCode('Exam 70\u2011298')).toBe('70-298');
  });
});

describe('whether a text holds an exam code (what the booking pages send on)', () => {
  it('says yes exactly where findExamCode finds one, typed or pasted forms included', () => {
    for (const text of ['Exam AZ-900: Microsoft Azure Fundamentals', 'Examen ７０－２９８ : Designing', 'Exam 70\u2011298', '070-298', 'Windows Server 2012', 'No exam here', '']) {
      expect(holdsExamCode(text), text).toBe(findExamCode(text) !== null);
    }
    const piece = fc.constantFrom('70', '070', '-', '\u2013', '７０', '－', '298', 'AZ', 'az', 'MB2', ' ', 'Exam ', 'x', '9');
    fc.assert(fc.property(fc.array(piece, { maxLength: 8 }).map((p) => p.join('')), (text) => {
      expect(holdsExamCode(text)).toBe(findExamCode(text) !== null);
    }), { numRuns: 500 });
    expect(holdsExamCode('Exam AZ-900')).toBe(true);
    expect(holdsExamCode('Windows Server 2012')).toBe(false);
  });
});

describe('suggestExamCode', () => {
  it('writes a code in the shape of an offer pattern it fits without separators', () => {
    expect(suggestExamCode('70298', ['70-###'], [])).toBe('70-298');
    expect(suggestExamCode('070298', ['070-###'], [])).toBe('70-298');
    expect(suggestExamCode('070 298', ['70-###'], [])).toBeUndefined();
    expect(suggestExamCode('mb2631', ['70-###', 'MB#-###'], [])).toBe('MB2-631');
    expect(suggestExamCode('az900', ['AZ-*'], [])).toBe('AZ-900');
    expect(suggestExamCode('sya701', ['SY?-###'], [])).toBe('SYA-701');
  });

  it('offers an exam the candidate already has, written with other separators', () => {
    expect(suggestExamCode('SY0701', [], ['SY0-701'])).toBe('SY0-701');
  });

  it('says nothing when the code is fine or nothing fits', () => {
    expect(suggestExamCode('70-298', ['70-###'], [])).toBeUndefined();
    expect(suggestExamCode('70-298', [], ['70-298'])).toBeUndefined();
    expect(suggestExamCode('12345', ['70-###'], [])).toBeUndefined();
    expect(suggestExamCode('7029', ['70-###'], [])).toBeUndefined();
    expect(suggestExamCode('', ['70-###'], [])).toBeUndefined();
  });
});

describe('the ASCII shortcut of text folding', () => {
  // Characters the folding treats specially, ASCII and not: spaces, controls, dashes, invisibles, full-width forms.
  const tricky = fc.constantFrom(' ', '\t', '\n', '\r', '\v', '\f', '\0', '\x1f', '\x7f', '-', '\u00a0', '\u00ad', '\u200b', '\u2013', '\u2212', '\u3000', '\ufeff', '７', 'ａ', 'é');
  const text = (unit: fc.Arbitrary<string>): fc.Arbitrary<string> => fc.string({ unit, maxLength: 24 });

  it('folds ASCII text exactly as the full Unicode folding does', () => {
    fc.assert(fc.property(text(fc.oneof(fc.constantFrom(' ', '\t', '\n', '\0', '\x7f', '-'), fc.string({ unit: 'binary-ascii', minLength: 1, maxLength: 1 }))), (raw) => {
      expect(foldTypedText(raw)).toBe(foldUnicodeText(raw));
    }), { numRuns: 1000 });
  });

  it('folds any text exactly as the full Unicode folding does, ASCII or not', () => {
    fc.assert(fc.property(text(fc.oneof(tricky, fc.string({ unit: 'grapheme', minLength: 1, maxLength: 1 }))), (raw) => {
      expect(foldTypedText(raw)).toBe(foldUnicodeText(raw));
    }), { numRuns: 1000 });
  });

  it('still folds what only the Unicode pass knows, once a text is not plain ASCII', () => {
    expect(foldTypedText('70\u2013298 \u00a0 ok')).toBe('70-298 ok');
    expect(foldTypedText('a \t\n\0b')).toBe('a b');
  });
});
