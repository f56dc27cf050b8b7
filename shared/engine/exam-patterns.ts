// The exam codes the rules in force speak of, as patterns ("70-###"): what a typed code is
// compared with to suggest "Did you mean 70-298?". Read from the rules themselves, so a new
// offer file brings its own exams with no code change.

import type { Condition, OfferSpec, ParamValue, RuleValue } from './offer-file.ts';

function patternsIn(condition: Condition, params: Readonly<Record<string, ParamValue>>, into: Set<string>): void {
  if ('all' in condition) condition.all.forEach((c) => patternsIn(c, params, into));
  else if ('any' in condition) condition.any.forEach((c) => patternsIn(c, params, into));
  else if ('not' in condition) patternsIn(condition.not, params, into);
  else if (condition.fact === 'exam') {
    const value: RuleValue = condition.value;
    const named = typeof value === 'object' && !Array.isArray(value) && 'param' in value ? params[value.param] : value;
    for (const pattern of Array.isArray(named) ? named : typeof named === 'string' ? [named] : []) into.add(pattern);
  }
}

/** Every exam pattern the offers' and policies' rules compare the exam with, and the exams policies apply to. */
export function examPatterns(specs: Iterable<Pick<OfferSpec, 'rules' | 'parameters' | 'appliesTo'>>): string[] {
  const found = new Set<string>();
  for (const spec of specs) {
    for (const rule of spec.rules) patternsIn(rule.conditions, spec.parameters, found);
    for (const pattern of spec.appliesTo?.exams ?? []) found.add(pattern);
  }
  return [...found];
}
