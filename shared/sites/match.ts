// Which profile and which booking steps a URL belongs to, decided on the exact origin:
// "https://wsr.pearsonvue.com.example.net" is not "https://wsr.pearsonvue.com".

import type { SiteProfile, SiteStep } from './profile.ts';

// The WHATWG URL parser exists in every runtime this runs in (Node, pages, service workers);
// shared/ compiles without DOM types, so only the part used here is declared.
declare const URL: new (url: string) => { protocol: string; origin: string; pathname: string };

/** The URL's origin when it parses, else null; never a prefix or suffix comparison. */
export function originOf(url: string): string | null {
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' || parsed.protocol === 'http:' ? parsed.origin : null;
  } catch {
    return null;
  }
}

export function profileForOrigin(profiles: readonly SiteProfile[], origin: string): SiteProfile | undefined {
  return profiles.find((p) => p.origins.includes(origin));
}

function pathPattern(path: string): RegExp {
  const source = path.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*');
  return new RegExp(`^${source}$`, 'i');
}

export function pathMatches(patterns: readonly string[], pathname: string): boolean {
  return patterns.some((p) => pathPattern(p).test(pathname));
}

export interface PageMatch {
  profile: SiteProfile;
  /** The steps whose paths match, in profile order; the page picks the first whose `when` holds. */
  steps: SiteStep[];
}

export function matchPage(profiles: readonly SiteProfile[], url: string): PageMatch | null {
  const origin = originOf(url);
  const profile = origin === null ? undefined : profileForOrigin(profiles, origin);
  if (!profile) return null;
  const { pathname } = new URL(url);
  return { profile, steps: profile.steps.filter((s) => pathMatches(s.paths, pathname)) };
}

/** Manifest match patterns for exactly the profiles' origins: "https://host/*", one per origin. */
export function manifestMatches(profiles: readonly SiteProfile[]): string[] {
  return [...new Set(profiles.flatMap((p) => p.origins.map((o) => `${o}/*`)))].sort();
}
