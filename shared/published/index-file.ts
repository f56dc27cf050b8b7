// The published rules, as the app's server serves them: /rules/index.json lists the offer
// files ({ "files": ["offers/ms-second-shot-2007.json", ...] }), each served under /rules/.
// Publishing a change is replacing a file there (and listing a new one in the index). Both
// apps read the index here, so a bad entry costs only that entry, named, in both.

import { readJson } from '../json.ts';
import { isRecord, pointerTo, type Problem, quote } from '../problems.ts';

export const RULES_INDEX = '/rules/index.json';
export const RULES_CACHE = 'second-shot-rules';
/** The service worker announces changed rule files on this BroadcastChannel. */
export const RULES_CHANNEL = 'second-shot-rules';
/** The index as problems name it: the repository path of the file. */
export const INDEX_FILE = 'rules/index.json';

const FILE = /^offers\/[a-z0-9]+(?:-[a-z0-9]+)*\.json$/;

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
  const read = readJson(text, INDEX_FILE);
  if (!read.ok) return { files: null, problems: read.problems };
  const list = isRecord(read.value) ? read.value['files'] : undefined;
  if (!Array.isArray(list)) {
    return { files: null, problems: [{ file: INDEX_FILE, pointer: '/files', message: 'must list the offer files, e.g. { "files": ["offers/my-offer.json"] }' }] };
  }
  const files: string[] = [];
  const problems: Problem[] = [];
  list.forEach((entry: unknown, i) => {
    const at = pointerTo('files', i);
    if (typeof entry !== 'string' || !FILE.test(entry)) {
      problems.push({ file: INDEX_FILE, pointer: at, message: `${quote(entry)} is not an offer file: entries look like "offers/my-offer.json" (lower-case words joined by "-")` });
    } else if (files.includes(entry)) {
      problems.push({ file: INDEX_FILE, pointer: at, message: `${quote(entry)} is listed twice` });
    } else {
      files.push(entry);
    }
  });
  return { files, problems };
}
