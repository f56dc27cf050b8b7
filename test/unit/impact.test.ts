import { describe, expect, it } from 'vitest';
import { readRuleFiles } from '../../cli/rules-on-disk.ts';
import { generateCorpus, mergeImpact, previewImpact, summarizeImpact } from '../../shared/engine/impact.ts';
import { loadRuleSet } from '../../shared/engine/ruleset.ts';

const files = readRuleFiles();
const before = loadRuleSet(files).ruleSet;
const editFile = (from: string, to: string) =>
  loadRuleSet(files.map((f) => (f.file.endsWith('ms-second-shot-2007.json') ? { ...f, text: f.text.replace(from, to) } : f))).ruleSet;
const seed = before.get('ms-second-shot-2007')!.spec;

describe('impact preview', () => {
  const corpus = generateCorpus(seed, 600);

  it('generates the same corpus from the same seed, with every kind of history', () => {
    expect(generateCorpus(seed, 600)).toEqual(corpus);
    const results = new Set(corpus.flatMap((c) => c.history.attempts.map((a) => a.result)));
    expect([...results].sort()).toEqual(['cancelled', 'fail', 'no-show', 'pass', 'scheduled']);
  });

  it('finds no change when nothing changed', async () => {
    const report = await previewImpact(before, editFile('"retakeBy"', '"retakeBy"'), corpus);
    expect(report).toEqual({ total: 600, changed: 0, changes: [] });
    expect(summarizeImpact(report)).toBe('None of 600 histories change.');
  });

  it('reports what moving the end date back does, with examples to inspect', async () => {
    const after = editFile('"retakeBy": "2008-06-30"', '"retakeBy": "2008-01-31"');
    const progress: number[] = [];
    const report = await previewImpact(before, after, corpus, { onProgress: (done) => progress.push(done) });
    expect(report.changed).toBeGreaterThan(0);
    const toEnded = report.changes.find((c) => c.from === 'free-retake' && c.to === 'not-eligible (offer-ended)');
    expect(toEnded?.count).toBeGreaterThan(0);
    const example = corpus[toEnded!.examples[0]!]!;
    expect(example.question.on > '2008-01-31').toBe(true);
    expect(report.changes.every((c) => c.from !== c.to)).toBe(true);
    expect(progress.at(-1)).toBe(600);
    expect(summarizeImpact(report)).toMatch(/^\d+ of 600 histories change: \d+ from /);
  });

  it('gives the same report whether the corpus runs whole or in slices', async () => {
    const after = editFile('"retakeWaitDays": 1', '"retakeWaitDays": 3');
    const whole = await previewImpact(before, after, corpus);
    const halves = await Promise.all([previewImpact(before, after, corpus, { end: 250 }), previewImpact(before, after, corpus, { start: 250 })]);
    expect(mergeImpact(halves)).toEqual(whole);
    expect(whole.changes.map((c) => `${c.from} → ${c.to}`)).toContain('free-retake → wait (retake-too-early)');
  });

  it('stops when cancelled', async () => {
    await expect(previewImpact(before, before, corpus, { signal: { aborted: true } })).rejects.toThrow('The impact preview was cancelled.');
  });
});
