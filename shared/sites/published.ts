// Corrected booking-site profiles, published next to the offer rules: the index's "sites"
// list ({ "sites": ["sites/prometric.json"] }) and each file next to it. A changed booking
// page is fixed by publishing a new version of its profile, without a new extension release.
// Each file is read with the strict JSON reader and the profile validator; a refused one
// keeps its last good version (the bundled one before any good fetch), so a bad update never
// breaks a site that works. A published profile corrects a bundled one: same file and id,
// only origins its bundled version has (the manifest's host permissions come from those, so
// a new origin or a new site needs a new release), and never an older version. No DOM, no extension APIs: the service worker hands in how to fetch.

import type { FetchText } from '../published/load.ts';
import { readSitesIndex } from '../published/index-file.ts';
import { readJson } from '../json.ts';
import { type Checked, pointerTo, type Problem, quote } from '../problems.ts';
import { loadSiteProfiles, type SiteProfile, validateSiteProfile } from './profile.ts';

export interface ProfileFile {
  /** As the repository names it: "rules/sites/prometric.json". */
  file: string;
  text: string;
}

export type ProfileSource = 'published' | 'last good' | 'bundled';

export interface PublishedProfiles {
  /** One text per profile in force, bundled files first in their order. */
  files: ProfileFile[];
  /** Where each file in force comes from. */
  from: Record<string, ProfileSource>;
  /** Why published profiles (or index entries) were refused. */
  problems: Problem[];
  /** The last good published text of each file, for the next refresh. */
  memory: Record<string, string>;
}

const repoPath = (entry: string): string => `rules/${entry}`;
const fileId = (file: string): string => file.replace(/^.*\//, '').replace(/\.json$/, '');

/** A published profile judged on its own: valid, and a correction of the bundled profile of its file (same id, its origins only, not older). */
export function checkPublishedProfile(file: string, text: string, bundled: readonly SiteProfile[]): Checked<SiteProfile> {
  const read = readJson(text, file);
  if (!read.ok) return read;
  const checked = validateSiteProfile(read.value, file);
  if (!checked.ok) return checked;
  const profile = checked.value;
  const shipped = bundled.find((p) => p.id === fileId(file));
  if (!shipped) return { ok: false, problems: [{ file, pointer: '', message: `"${fileId(file)}" is not a site of this extension release: a new site needs a new extension release` }] };
  const problems: Problem[] = [];
  if (profile.id !== shipped.id) problems.push({ file, pointer: '/id', message: `${quote(profile.id)} must be the file's name, "${shipped.id}"` });
  profile.origins.forEach((origin, i) => {
    if (!shipped.origins.includes(origin)) {
      problems.push({ file, pointer: pointerTo('origins', i), message: `"${origin}" is not an origin of ${shipped.name} in this extension release: a new origin needs a new release (Chrome asks the user for it)` });
    }
  });
  if (profile.version < shipped.version) {
    problems.push({ file, pointer: '/version', message: `version ${profile.version} is older than the one bundled with the extension (${shipped.version}), which stays in force` });
  }
  return problems.length === 0 ? { ok: true, value: profile } : { ok: false, problems };
}

/**
 * The profiles in force after fetching the published ones. `indexText` is the rules index
 * already fetched (null when it could not be: everything stays as it was); `remembered` the
 * last good published texts.
 */
export async function refreshPublishedProfiles(
  fetchText: FetchText, indexText: string | null, remembered: Readonly<Record<string, string>>, bundled: readonly ProfileFile[],
): Promise<PublishedProfiles> {
  const bundledProfiles = loadSiteProfiles(bundled).profiles;
  const memory: Record<string, string> = { ...remembered };
  const problems: Problem[] = [];
  const index = indexText === null ? null : readSitesIndex(indexText);
  if (index) problems.push(...index.problems);
  // Unreadable index: the last good published list, that is, every remembered file.
  const entries = index?.files ?? Object.keys(remembered).map((file) => file.replace(/^rules\//, ''));
  const published = new Map<string, { text: string; from: ProfileSource }>();
  // A remembered version still has to pass: the extension may since have bundled a newer one.
  const keepLastGood = (file: string): void => {
    const last = memory[file];
    if (last !== undefined && checkPublishedProfile(file, last, bundledProfiles).ok) published.set(file, { text: last, from: 'last good' });
  };
  for (const entry of entries) {
    const file = repoPath(entry);
    let text: string;
    try {
      text = await fetchText(`/rules/${entry}`);
    } catch (error) {
      // Offline: the last good version, if there is one; otherwise the bundled one answers.
      keepLastGood(file);
      if (!published.has(file)) problems.push({ file, pointer: '', message: `could not be fetched (${error instanceof Error ? error.message : String(error)})` });
      continue;
    }
    const checked = checkPublishedProfile(file, text, bundledProfiles);
    if (checked.ok) {
      published.set(file, { text, from: 'published' });
      memory[file] = text;
      continue;
    }
    problems.push(...checked.problems);
    keepLastGood(file);
  }
  const from: Record<string, ProfileSource> = {};
  const files = bundled.map((source) => {
    const override = published.get(source.file);
    from[source.file] = override?.from ?? 'bundled';
    return override ? { file: source.file, text: override.text } : source;
  });
  return { files, from, problems, memory };
}
