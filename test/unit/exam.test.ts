import { describe, expect, it } from 'vitest';
import { compileExamPattern, findExamCode, normalizeExam } from '../../shared/exam.ts';

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
