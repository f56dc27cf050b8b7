// Where the PWA's offer rules come from. Today: the shipped rule files, bundled at build
// time. This is the one place to change when rules are fetched at run time instead.
// Everything here loads lazily: json-rules-engine is far too big for the first render.

import type { checkBooking, voucherStatus } from '../../shared/engine/evaluate.ts';
import type { RuleSet } from '../../shared/engine/ruleset.ts';
import type { Problem } from '../../shared/problems.ts';

export interface Rules {
  ruleSet: RuleSet;
  /** Rule files that were refused, with why; the others are in the set. */
  problems: Problem[];
  voucherStatus: typeof voucherStatus;
  checkBooking: typeof checkBooking;
}

const ruleFiles = import.meta.glob<string>('../../rules/offers/*.json', { query: '?raw', import: 'default' });

export async function loadRules(): Promise<Rules> {
  const files = Promise.all(
    Object.entries(ruleFiles)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(async ([path, load]) => ({ file: path.replace(/^(\.\.\/)+/, ''), text: await load() })),
  );
  const [{ loadRuleSet }, evaluate] = await Promise.all([import('../../shared/engine/ruleset.ts'), import('../../shared/engine/evaluate.ts')]);
  const { ruleSet, problems } = loadRuleSet(await files);
  return { ruleSet, problems, voucherStatus: evaluate.voucherStatus, checkBooking: evaluate.checkBooking };
}
