// The part of a site profile a booking page reads itself with, and the steps at an address.
// The content script starts from the bundled profile and the service worker hands over the
// one in force when that is another version, so the first read of a page is one round trip.

import type { PageSite } from '../messages.ts';
import { pathMatches } from './match.ts';
import type { SiteProfile } from './profile.ts';

export function pageSite(profile: SiteProfile): PageSite {
  return { profile: profile.id, version: profile.version, find: profile.find, steps: profile.steps.map((s) => ({ id: s.id, kind: s.kind, paths: s.paths, when: s.when ?? null })) };
}

/** The steps listing this path, in profile order; the page is at the first whose `when` holds. */
export function stepsAt(site: PageSite, pathname: string): PageSite['steps'] {
  return site.steps.filter((s) => pathMatches(s.paths, pathname));
}
