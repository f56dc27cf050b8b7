// Words for the engine's codes. Only names: what each one means is the engine's answer.
// A booking decision is named by its offer's wording (shared/engine/wording.ts, decisionLabel).
import type { RuleSet } from '../shared/engine/ruleset.ts';
import type { AttemptResult } from '../shared/history/format.ts';

export const RESULT_LABEL: Record<AttemptResult, string> = {
  scheduled: 'Scheduled',
  pass: 'Passed',
  fail: 'Failed',
  'no-show': 'No-show',
  cancelled: 'Cancelled',
};

/** Display names of providers known by name; any other provider shows as its id. */
const PROVIDER_NAMES: Record<string, string> = {
  'pearson-vue': 'Pearson VUE',
  prometric: 'Prometric',
  certiport: 'Certiport',
};

// The booking sites' providers and names (only these two fields of each profile are bundled).
const SITE_PROVIDERS = import.meta.glob<string>('../rules/sites/*.json', { import: 'provider', eager: true });
const SITE_NAMES = import.meta.glob<string>('../rules/sites/*.json', { import: 'name', eager: true });
const SITE_NAME_OF = new Map(Object.entries(SITE_PROVIDERS).map(([file, id]) => [id, SITE_NAMES[file] ?? id]));

export function providerName(id: string): string {
  return PROVIDER_NAMES[id] ?? SITE_NAME_OF.get(id) ?? id;
}

export interface Provider {
  id: string;
  name: string;
}

/**
 * The test providers to offer in forms: those the offers and retake policies in force name
 * (their "providers" parameter, or the providers a policy applies to), those with a booking site profile, and any given (e.g. the
 * provider of the attempt being edited), by name. A new offer file naming a new provider
 * needs no code change.
 */
export function providersOffered(ruleSet: Pick<RuleSet, 'offers' | 'policies'>, also: readonly string[] = []): Provider[] {
  const ids = new Set<string>();
  for (const { spec } of [...ruleSet.offers(), ...ruleSet.policies()]) {
    const named = [spec.parameters['providers'], spec.appliesTo?.providers].flatMap((list) => (Array.isArray(list) ? list : []));
    for (const id of named) if (typeof id === 'string' && id !== '') ids.add(id);
  }
  for (const id of SITE_NAME_OF.keys()) ids.add(id);
  for (const id of also) if (id !== '') ids.add(id);
  return [...ids].map((id) => ({ id, name: providerName(id) })).sort((a, b) => a.name.localeCompare(b.name));
}
