import { describe, expect, it } from 'vitest';
import { readRuleFiles } from '../../cli/rules-on-disk.ts';
import type { BookingResult } from '../../shared/engine/evaluate.ts';
import { bookingsAsCases, generateCorpus, mergeImpact, previewImpact, summarizeImpact } from '../../shared/engine/impact.ts';
import type { History } from '../../shared/history/format.ts';
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

  it('stops when cancelled', async () => {
    await expect(previewImpact(shippedRuleSet(), shippedRuleSet(), corpusOf600(), { signal: { aborted: true } })).rejects.toThrow('The impact preview was cancelled.');
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
