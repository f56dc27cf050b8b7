// The published rules, as the app's server serves them: /rules/index.json lists the offer
// files ({ "files": ["offers/ms-second-shot-2007.json", ...] }), each served under /rules/.
// Publishing a change is replacing a file there (and listing a new one in the index).

import { isRecord } from '../../shared/problems.ts';

export const RULES_INDEX = '/rules/index.json';
export const RULES_CACHE = 'second-shot-rules';
/** The service worker announces changed rule files on this BroadcastChannel. */
export const RULES_CHANNEL = 'second-shot-rules';

const FILE = /^offers\/[a-z0-9]+(?:-[a-z0-9]+)*\.json$/;

/** The index's file list, or null when it is not a valid index. */
export function rulesIndexFiles(index: unknown): string[] | null {
  if (!isRecord(index)) return null;
  const files = index['files'];
  if (!Array.isArray(files) || !files.every((f): f is string => typeof f === 'string' && FILE.test(f))) return null;
  return files;
}
