// The shipped rule set, loaded once per test file the way the CLI loads it.
import { readRuleFiles } from '../../cli/rules-on-disk.ts';
import { type History, HISTORY_FORMAT, HISTORY_VERSION } from '../../shared/history/format.ts';
import { loadRuleSet } from '../../shared/engine/ruleset.ts';

export const shipped = loadRuleSet(readRuleFiles());
export const ruleSet = shipped.ruleSet;

export function history(parts: Partial<Pick<History, 'vouchers' | 'attempts' | 'deleted'>>): History {
  return { format: HISTORY_FORMAT, version: HISTORY_VERSION, vouchers: [], attempts: [], ...parts };
}
