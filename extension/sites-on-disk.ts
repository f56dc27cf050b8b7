// The build reads the site profiles from rules/sites/ to derive the manifest; a profile
// that does not validate stops the build with its problems, file and JSON pointer each.

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { formatProblem } from '../shared/problems.ts';
import { loadSiteProfiles } from '../shared/sites/profile.ts';
import type { SiteProfile } from '../shared/sites/profile.ts';

export function readSiteProfiles(root: string): SiteProfile[] {
  const folder = join(root, 'rules', 'sites');
  const files = readdirSync(folder)
    .filter((name) => name.endsWith('.json'))
    .sort()
    .map((name) => ({ file: `rules/sites/${name}`, text: readFileSync(join(folder, name), 'utf8') }));
  const { profiles, problems } = loadSiteProfiles(files);
  if (problems.length > 0) throw new Error(`Site profiles refused:\n${problems.map(formatProblem).join('\n')}`);
  return profiles;
}
