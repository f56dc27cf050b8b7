// The shipped rule set, loaded the way the CLI loads it: on first use inside a test, once per test
// file. Not at import time: mutation testing then sees which tests reach the loader and the engine,
// instead of counting every mutant there as reached by all tests.
import { readRuleFiles } from '../../cli/rules-on-disk.ts';
import { type History, HISTORY_FORMAT, HISTORY_VERSION } from '../../shared/history/format.ts';
import { type LoadedRuleSet, loadRuleSet, type RuleSet } from '../../shared/engine/ruleset.ts';

let loaded: LoadedRuleSet | undefined;

export function shippedRules(): LoadedRuleSet {
  loaded ??= loadRuleSet(readRuleFiles());
  return loaded;
}

export const shippedRuleSet = (): RuleSet => shippedRules().ruleSet;

export function history(parts: Partial<Pick<History, 'vouchers' | 'attempts' | 'deleted'>>): History {
  return { format: HISTORY_FORMAT, version: HISTORY_VERSION, vouchers: [], attempts: [], ...parts };
}
