// The shipped offer rules and site profiles, bundled as text and compiled on first use.
// The cache is only a cache: a stopped service worker rebuilds it on the next message.

import { loadRuleSet, type RuleSet } from '../../shared/engine/ruleset.ts';
import type { Problem } from '../../shared/problems.ts';
import { loadSiteProfiles, type SiteProfile } from '../../shared/sites/profile.ts';

const OFFER_FILES = import.meta.glob<string>('/rules/offers/*.json', { query: '?raw', import: 'default', eager: true });
const SITE_FILES = import.meta.glob<string>('/rules/sites/*.json', { query: '?raw', import: 'default', eager: true });

function sources(files: Record<string, string>): { file: string; text: string }[] {
  return Object.entries(files)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([path, text]) => ({ file: path.replace(/^\//, ''), text }));
}

export interface Shipped {
  ruleSet: RuleSet;
  profiles: SiteProfile[];
  problems: Problem[];
}

let shipped: Shipped | undefined;

export function shippedRules(): Shipped {
  if (!shipped) {
    const rules = loadRuleSet(sources(OFFER_FILES));
    const sites = loadSiteProfiles(sources(SITE_FILES));
    shipped = { ruleSet: rules.ruleSet, profiles: sites.profiles, problems: [...rules.problems, ...sites.problems] };
  }
  return shipped;
}
