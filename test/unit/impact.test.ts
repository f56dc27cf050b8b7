import { describe, expect, it } from 'vitest';
import { readRuleFiles } from '../../cli/rules-on-disk.ts';
import { generateCorpus, mergeImpact, previewImpact, summarizeImpact } from '../../shared/engine/impact.ts';
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
