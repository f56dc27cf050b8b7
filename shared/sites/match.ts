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

/**
 * Whether the path fits the pattern, `*` standing for any run of characters, case aside.
 * Matched piece by piece, not through a RegExp built per pattern: every read of a booking page
 * matches the steps' paths, and compiling a RegExp each time is most of that cost.
 */
function pathFits(pattern: string, pathname: string): boolean {
  const pieces = pattern.toLowerCase().split('*');
  const path = pathname.toLowerCase();
  const first = pieces[0] ?? '';
  const last = pieces.length > 1 ? (pieces.at(-1) ?? '') : '';
  if (pieces.length === 1) return path === first;
  if (!path.startsWith(first) || !path.endsWith(last) || path.length < first.length + last.length) return false;
  let at = first.length;
  const end = path.length - last.length;
  for (const piece of pieces.slice(1, -1)) {
    const found = path.indexOf(piece, at);
    if (found < 0 || found + piece.length > end) return false;
    at = found + piece.length;
  }
  return true;
}

export function pathMatches(patterns: readonly string[], pathname: string): boolean {
  return patterns.some((p) => pathFits(p, pathname));
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
