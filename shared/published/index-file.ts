// The published rules, as the app's server serves them: /rules/index.json lists the offer
// files ({ "files": ["offers/ms-second-shot-2007.json", ...] }), each served under /rules/.
// Publishing a change is replacing a file there (and listing a new one in the index). Both
// apps read the index here, so a bad entry costs only that entry, named, in both.

import { readJson } from '../json.ts';
import { isRecord, pointerTo, type Problem, quote } from '../problems.ts';

export const RULES_CACHE = 'second-shot-rules';
/** The index as problems name it: the repository path of the file. */
export const INDEX_FILE = 'rules/index.json';

// Each list of the index and what its entries look like: offer files under "files", and
// corrected booking-site profiles under "sites" (read by the extension; see shared/sites/published.ts).
const LISTS = {
  files: { entry: /^offers\/[a-z0-9]+(?:-[a-z0-9]+)*\.json$/, what: 'an offer file', listed: 'offer files', example: 'offers/my-offer.json' },
  sites: { entry: /^sites\/[a-z0-9]+(?:-[a-z0-9]+)*\.json$/, what: 'a site profile', listed: 'site profiles', example: 'sites/my-site.json' },
} as const;

export interface RulesIndex {
  /** The usable entries, in the index's order, each once. */
  files: string[];
  /** Entries left out, each named with its pointer. */
  problems: Problem[];
}

/**
 * The index's offer files, each entry judged on its own: a bad entry is left out and named,
 * the others stay. Null when the text is not an index at all (not JSON, or no list of files).
 */
export function readRulesIndex(text: string): RulesIndex | { files: null; problems: Problem[] } {
  return readIndexList(text, 'files');
}

/** The index's site profiles ("sites"), judged entry by entry as the offer files are; none listed is an empty list. */
export function readSitesIndex(text: string): RulesIndex | { files: null; problems: Problem[] } {
  return readIndexList(text, 'sites');
}

function readIndexList(text: string, key: keyof typeof LISTS): RulesIndex | { files: null; problems: Problem[] } {
  const read = readJson(text, INDEX_FILE);
  if (!read.ok) return { files: null, problems: read.problems };
  const { entry: pattern, what, listed, example } = LISTS[key];
  const list = isRecord(read.value) ? read.value[key] : undefined;
  // An index from before corrected site profiles were published lists none.
  if (key === 'sites' && isRecord(read.value) && list === undefined) return { files: [], problems: [] };
  if (!Array.isArray(list)) {
    return { files: null, problems: [{ file: INDEX_FILE, pointer: `/${key}`, message: `must list the ${listed}, e.g. { "${key}": ["${example}"] }` }] };
  }
  const files: string[] = [];
  const problems: Problem[] = [];
  list.forEach((entry: unknown, i) => {
    const at = pointerTo(key, i);
    if (typeof entry !== 'string' || !pattern.test(entry)) {
      problems.push({ file: INDEX_FILE, pointer: at, message: `${quote(entry)} is not ${what}: entries look like "${example}" (lower-case words joined by "-")` });
    } else if (files.includes(entry)) {
      problems.push({ file: INDEX_FILE, pointer: at, message: `${quote(entry)} is listed twice` });
    } else {
      files.push(entry);
    }
  });
  return { files, problems };
}
