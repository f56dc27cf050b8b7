import { describe, expect, it } from 'vitest';
import { readRuleFiles } from '../../cli/rules-on-disk.ts';
import type { BookingResult } from '../../shared/engine/evaluate.ts';
import { bookingsAsCases, generateCorpus, mergeImpact, previewImpact, previewSlice, sliceCorpus, summarizeImpact } from '../../shared/engine/impact.ts';
import type { History } from '../../shared/history/format.ts';
import { compileExamPattern, examMatchesAny } from '../../shared/exam.ts';
import { loadRuleSet } from '../../shared/engine/ruleset.ts';
import { shippedRuleSet } from '../support/rules.ts';

const files = readRuleFiles();
const editFile = (from: string, to: string) =>
  loadRuleSet(files.map((f) => (f.file.endsWith('ms-second-shot-2007.json') ? { ...f, text: f.text.replace(from, to) } : f))).ruleSet;

describe('impact preview', () => {
  // Built inside the tests (not at import) so that mutation testing sees which tests reach the engine.
  const seed = () => shippedRuleSet().get('ms-second-shot-2007')!.spec;
  let builtCorpus: ReturnType<typeof generateCorpus> | undefined;
  const corpusOf600 = () => (builtCorpus ??= generateCorpus(seed(), 600));

  it('generates the same corpus from the same seed, with every kind of history', () => {
    expect(generateCorpus(seed(), 600)).toEqual(corpusOf600());
    const results = new Set(corpusOf600().flatMap((c) => c.history.attempts.map((a) => a.result)));
    expect([...results].sort()).toEqual(['cancelled', 'fail', 'no-show', 'pass', 'scheduled']);
  });

  it('finds no change when nothing changed', async () => {
    const report = await previewImpact(shippedRuleSet(), editFile('"retakeBy"', '"retakeBy"'), corpusOf600());
    expect(report).toEqual({ total: 600, changed: 0, changes: [] });
    expect(summarizeImpact(report)).toBe('None of 600 histories change.');
  });

  it('asks the published rules once for the same cases: answers kept between previews are used, not asked again', async () => {
    const after = editFile('"retakeBy": "2008-06-30"', '"retakeBy": "2008-01-31"');
    const beforeAnswers: (BookingResult | undefined)[] = [];
    const first = await previewImpact(shippedRuleSet(), after, corpusOf600(), { beforeAnswers });
    expect(beforeAnswers.filter(Boolean)).toHaveLength(600);
    // The kept answers stand for the published rules: a preview given the edited rules as
    // "before" still compares against what the published ones said.
    expect(await previewImpact(after, after, corpusOf600(), { beforeAnswers })).toEqual(first);
    expect(await previewImpact(after, after, corpusOf600())).toEqual({ total: 600, changed: 0, changes: [] });
  });

  it('reports what moving the end date back does, with examples to inspect', async () => {
    const after = editFile('"retakeBy": "2008-06-30"', '"retakeBy": "2008-01-31"');
    const progress: number[] = [];
    const report = await previewImpact(shippedRuleSet(), after, corpusOf600(), { onProgress: (done) => progress.push(done) });
    expect(report.changed).toBeGreaterThan(0);
    const toEnded = report.changes.find((c) => c.from === 'covered as the retake' && c.to === 'not covered (offer ended)');
    expect(toEnded?.count).toBeGreaterThan(0);
    const example = corpusOf600()[toEnded!.examples[0]!]!;
    expect(example.question.on > '2008-01-31').toBe(true);
    expect(report.changes.every((c) => c.from !== c.to)).toBe(true);
    expect(progress.at(-1)).toBe(600);
    expect(summarizeImpact(report)).toMatch(/^\d+ of 600 histories change: \d+ from /);
    // Said in words, as a program manager reads it: no decision or reason codes.
    expect(summarizeImpact(report)).toContain(' from covered as the retake to not covered (offer ended)');
    expect(summarizeImpact(report)).not.toMatch(/free-retake|not-eligible|offer-ended/);
  });

  it('gives the same report whether the corpus runs whole or in slices', async () => {
    const after = editFile('"retakeWaitDays": 1', '"retakeWaitDays": 3');
    const whole = await previewImpact(shippedRuleSet(), after, corpusOf600());
    const halves = await Promise.all([previewImpact(shippedRuleSet(), after, corpusOf600(), { end: 250 }), previewImpact(shippedRuleSet(), after, corpusOf600(), { start: 250 })]);
    expect(mergeImpact(halves)).toEqual(whole);
    expect(whole.changes.map((c) => `${c.from} → ${c.to}`)).toContain('covered as the retake → must wait (retake too early)');
  });

  it('generates any slice of the corpus on its own: the same cases as the whole corpus has there', () => {
    expect(generateCorpus(seed(), 600, undefined, 250)).toEqual(corpusOf600().slice(250));
    expect(generateCorpus(seed(), 400, undefined, 250)).toEqual(corpusOf600().slice(250, 400));
  });

  it('splits a preview across cores only when each worker gets thousands of cases, into slices covering every case once', () => {
    const bounds = (count: number, extra: number, cores: number) => sliceCorpus(count, corpusOf600().slice(0, extra), cores).map((s) => [s.from, s.to]);
    expect(bounds(1000, 1, 8)).toEqual([[0, 1001]]);
    expect(bounds(10_000, 0, 1)).toEqual([[0, 10_000]]);
    expect(bounds(10_000, 0, 2)).toEqual([[0, 5000], [5000, 10_000]]);
    expect(bounds(10_000, 1, 16)).toEqual([[0, 2500], [2500, 5000], [5000, 7500], [7500, 10_001]]);
    // Imported cases go to the slices they fall in, in order.
    const slices = sliceCorpus(4990, corpusOf600().slice(0, 20), 2);
    expect(slices.map((s) => [s.from, s.to, s.extra.length])).toEqual([[0, 2505, 0], [2505, 5010, 20]]);
    const extra = Array.from({ length: 3000 }, (_, i) => corpusOf600()[i % 600]!);
    expect(sliceCorpus(2000, extra, 2).map((s) => s.extra)).toEqual([extra.slice(0, 500), extra.slice(500)]);
  });

  it('previews slices, generated and imported cases together, as the whole corpus: examples named by their place in it', async () => {
    const after = editFile('"retakeBy": "2008-06-30"', '"retakeBy": "2008-01-31"');
    const imported = corpusOf600().slice(0, 100);
    const whole = await previewImpact(shippedRuleSet(), after, [...generateCorpus(seed(), 500), ...imported]);
    const slices = [{ count: 500, from: 0, to: 300, extra: [] }, { count: 500, from: 300, to: 550, extra: imported.slice(0, 50) }, { count: 500, from: 550, to: 600, extra: imported.slice(50) }];
    const parts = await Promise.all(slices.map((slice) => previewSlice(shippedRuleSet(), after, seed(), slice)));
    expect(mergeImpact(parts.map((p) => p.report))).toEqual(whole);
    expect(parts.map((p) => p.cases.length)).toEqual([300, 250, 50]);
  });

  it('a decision that stays with its dates moved: which way each moved, in words', async () => {
    const retakeDeadline = '"reason": "free-retake-covered", "deadline": { "param": "retakeBy" }';
    const changes = async (to: string) => (await previewImpact(shippedRuleSet(), editFile(retakeDeadline, to), corpusOf600())).changes.map((c) => `${c.from} → ${c.to}`);
    expect(await changes('"reason": "free-retake-covered", "deadline": "2008-03-31"')).toEqual(['covered as the retake → covered as the retake with an earlier deadline']);
    expect(await changes('"reason": "free-retake-covered", "deadline": "2008-09-30"')).toEqual(['covered as the retake → covered as the retake with a later deadline']);
    // The deadline becomes the exam's date, which the corpus's questions never give.
    expect(await changes('"reason": "free-retake-covered", "deadline": { "fact": "examOn" }')).toEqual(['covered as the retake → covered as the retake with a changed deadline']);
    const waitLonger = editFile('"retakeWaitDays": 1', '"retakeWaitDays": 3');
    const opening = (await previewImpact(shippedRuleSet(), waitLonger, corpusOf600())).changes.map((c) => `${c.from} → ${c.to}`);
    expect(opening).toContain('must wait (retake too early) → must wait (retake too early) with a later opening date');
  });

  it('stops when cancelled', async () => {
    await expect(previewImpact(shippedRuleSet(), shippedRuleSet(), corpusOf600(), { signal: { aborted: true } })).rejects.toThrow('The impact preview was cancelled.');
  });
});

describe('the generated corpus of an offer that names no covered exams or providers', () => {
  it('asks about 70-298 and a few other exams, at either provider, around the offer\'s own dates', () => {
    // Its rules speak of exams and providers directly, as the test offer's do: no "coveredExams", no "providers".
    const offer = { id: 'valid-offer', parameters: { opens: '2026-01-01', firstAttemptBy: '2026-06-30', retakeBy: '2026-07-31', waitDays: 1 } };
    const cases = generateCorpus(offer, 300);
    const exams = new Set(cases.map((c) => c.question.exam));
    expect(exams.has('70-298')).toBe(true);
    expect([...exams].filter((exam) => !['70-298', '77-601', 'AZ-900', '98-361', 'SY0-701'].includes(exam))).toEqual([]);
    expect([...new Set(cases.map((c) => c.question.provider))].sort()).toEqual(['pearson-vue', 'prometric']);
    const obtained = cases.map((c) => c.history.vouchers[0]!.obtainedOn).sort();
    expect([obtained[0]! >= '2025-12-12', obtained.at(-1)! <= '2026-07-31']).toEqual([true, true]);
  });
});

describe('the generated corpus of an offer with wildcard patterns', () => {
  it('asks mostly about exams the offer\'s patterns cover, each pattern in turn', () => {
    const patterns = ['AZ-?##', 'MB#-*', '70-###'];
    const offer = { id: 'wild', parameters: { opens: '2026-01-01', firstAttemptBy: '2026-06-30', retakeBy: '2026-07-31', coveredExams: patterns } };
    const compiled = patterns.map(compileExamPattern);
    const asked = generateCorpus(offer, 300).map((c) => c.question.exam);
    const covered = asked.filter((exam) => examMatchesAny(exam, compiled));
    expect(covered.length).toBeGreaterThan(asked.length / 2);
    expect(compiled.map((pattern) => covered.some((exam) => pattern.test(exam)))).toEqual([true, true, true]);
  });
});

describe('the generated corpus of a file with no dates of its own (a retake policy)', () => {
  it('has candidates from 2020 on, over half a year', () => {
    const obtained = generateCorpus({ id: 'microsoft-retake-policy', parameters: { firstRetakeWaitDays: 1 } }, 300).map((c) => c.history.vouchers[0]!.obtainedOn).sort();
    expect([obtained[0]! >= '2019-12-12', obtained.at(-1)! <= '2020-06-29', obtained.at(-1)! > '2020-05-01']).toEqual([true, true, true]);
  });
});

describe('an imported history in the impact preview', () => {
  const voucher = { id: 'v1', code: 'SS07-ABCD-1234', offer: 'ms-second-shot-2007', obtainedOn: '2007-10-01' };
  // Listed out of order: the retake first, then the failure it follows, then a paid attempt.
  const imported: History = {
    format: 'second-shot/history', version: 1, vouchers: [voucher],
    attempts: [
      { id: 'a2', voucher: 'v1', exam: '70-298', provider: 'prometric', bookedOn: '2007-11-12', takenOn: '2007-11-20', result: 'pass' },
      { id: 'a1', voucher: 'v1', exam: '70-298', provider: 'prometric', bookedOn: '2007-10-05', takenOn: '2007-11-10', result: 'fail' },
      { id: 'p1', exam: '70-299', provider: 'prometric', bookedOn: '2007-10-01', takenOn: '2007-10-20', result: 'pass' },
    ],
  };

  it('asks each booking knowing only the attempts before it, in the order they happened', async () => {
    const cases = bookingsAsCases(imported, 'ms-second-shot-2007');
    expect(cases.map((c) => [c.question.on, c.known])).toEqual([['2007-10-05', 1], ['2007-11-12', 2]]);
    const answers: (BookingResult | undefined)[] = [];
    await previewImpact(shippedRuleSet(), shippedRuleSet(), cases, { beforeAnswers: answers });
    // The first exam was a first attempt when booked, the second a free retake: not "used" because of what came after.
    expect(answers.map((a) => a?.decision)).toEqual(['first-attempt', 'free-retake']);
  });

  it('gives each slice of the cases the same answers as the whole run', async () => {
    const cases = bookingsAsCases(imported, 'ms-second-shot-2007');
    const whole: (BookingResult | undefined)[] = [];
    await previewImpact(shippedRuleSet(), shippedRuleSet(), cases, { beforeAnswers: whole });
    const second: (BookingResult | undefined)[] = [];
    await previewImpact(shippedRuleSet(), shippedRuleSet(), cases, { start: 1, beforeAnswers: second });
    expect(second[1]).toEqual(whole[1]);
  });
});
