// A corpus of broken rule files: each is refused with the file, the JSON pointer, what is
// wrong and, where one can be guessed, a suggestion — and a refused file never runs.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../../cli/rules-on-disk.ts';
import { loadRuleSet } from '../../shared/engine/ruleset.ts';

const folder = join(ROOT, 'test/fixtures/broken-offers');
const expected = JSON.parse(readFileSync(join(folder, 'expected.json'), 'utf8')) as Record<string, { pointer: string; message: string; hint?: string }>;

function load(path: string, file: string) {
  return loadRuleSet([{ file, text: readFileSync(path, 'utf8') }]);
}

describe('broken rule files', () => {
  it('start from a file that is valid and whose example passes', () => {
    const { ruleSet, problems } = load(join(ROOT, 'test/fixtures/valid-offer.json'), 'valid-offer.json');
    expect(problems).toEqual([]);
    expect(ruleSet.ids()).toEqual(['valid-offer']);
  });

  for (const [name, want] of Object.entries(expected)) {
    it(`${name} is refused at ${want.pointer}`, () => {
      const file = `test/fixtures/broken-offers/${name}`;
      const { ruleSet, problems } = load(join(folder, name), file);
      expect(problems).toEqual([{ file, pointer: want.pointer, message: want.message, ...(want.hint ? { hint: want.hint } : {}) }]);
      expect(ruleSet.ids()).toEqual([]);
    });
  }

  it('refuses two files with the same offer id, keeping the first', () => {
    const text = readFileSync(join(ROOT, 'test/fixtures/valid-offer.json'), 'utf8');
    const { ruleSet, problems } = loadRuleSet([{ file: 'a/valid-offer.json', text }, { file: 'b/valid-offer.json', text }]);
    expect(ruleSet.ids()).toEqual(['valid-offer']);
    expect(problems).toEqual([{ file: 'b/valid-offer.json', pointer: '/id', message: 'offer id "valid-offer" is already used by a/valid-offer.json' }]);
  });

  it('reports invalid JSON with its position', () => {
    const { problems } = loadRuleSet([{ file: 'x.json', text: '{ "id": "x", }' }]);
    expect(problems).toEqual([{ file: 'x.json', pointer: '', line: 1, column: 12, message: 'is not valid JSON: trailing comma before }' }]);
  });
});
