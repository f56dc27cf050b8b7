// Words for the engine's codes. Only names: what each one means is the engine's answer.
// A booking decision is named by its offer's wording (shared/engine/wording.ts, decisionLabel).
import type { RuleSet } from '../shared/engine/ruleset.ts';
import type { AttemptResult } from '../shared/history/format.ts';
import { providerDisplayName } from '../shared/providers.ts';
import { byCodePoint } from './compare.ts';

export const RESULT_LABEL: Record<AttemptResult, string> = {
  scheduled: 'Scheduled',
  pass: 'Passed',
  fail: 'Failed',
  'no-show': 'No-show',
  cancelled: 'Cancelled',
};


// The booking sites' providers and names (only these two fields of each profile are bundled).
const SITE_PROVIDERS = import.meta.glob<string>('../rules/sites/*.json', { import: 'provider', eager: true });
const SITE_NAMES = import.meta.glob<string>('../rules/sites/*.json', { import: 'name', eager: true });
const SITE_NAME_OF = new Map(Object.entries(SITE_PROVIDERS).map(([file, id]) => [id, SITE_NAMES[file] ?? id]));

/** A provider as candidates know it: its booking site's name, else its name in words, never its id. */
export function providerName(id: string): string {
  return SITE_NAME_OF.get(id) ?? providerDisplayName(id);
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

interface SiteStep {
  kind: string;
  paths: string[];
}

// Where each booking site starts: its origins and booking steps (bundled, nothing else of the profile).
const SITE_ORIGINS = import.meta.glob<string[]>('../rules/sites/*.json', { import: 'origins', eager: true });
const SITE_STEPS = import.meta.glob<SiteStep[]>('../rules/sites/*.json', { import: 'steps', eager: true });

export interface BookingSite {
  provider: string;
  name: string;
  url: string;
}

/**
 * Where to start booking on a site: its first exam-choice page when that is one fixed address,
 * else the site itself. Only an https address is ever offered as a link.
 */
export function bookingUrl(origins: readonly string[], steps: readonly SiteStep[]): string | undefined {
  const origin = origins[0];
  if (origin === undefined) return undefined;
  const path = steps.find((step) => step.kind === 'exam-choice')?.paths.find((p) => !p.includes('*')) ?? '/';
  try {
    const url = new URL(path, origin);
    return url.protocol === 'https:' && url.origin === new URL(origin).origin ? url.href : undefined;
  } catch {
    return undefined;
  }
}

const BOOKING_SITES: BookingSite[] = Object.entries(SITE_PROVIDERS).flatMap(([file, provider]) => {
  const url = bookingUrl(SITE_ORIGINS[file] ?? [], SITE_STEPS[file] ?? []);
  return url ? [{ provider, name: SITE_NAMES[file] ?? provider, url }] : [];
});

/** The booking sites of the providers an offer allows (every site when the offer names none), by name (letter case aside). */
export function bookingSites(providers: readonly string[] | undefined): BookingSite[] {
  return BOOKING_SITES.filter((site) => !providers || providers.includes(site.provider)).sort((a, b) => byCodePoint(a.name.toLowerCase(), b.name.toLowerCase()));
}
