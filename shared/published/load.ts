// Where the PWA's offer rules come from: the files published under /rules/ next to the app
// (see index-file.ts), fetched at start-up (through the service worker's cache) and
// validated like every rule file. A file that fails validation is not used: its last good
// version, remembered on this device, stays in force, and the problem is reported.
// The engine loads lazily: json-rules-engine is far too big for the first render.

import type { checkBooking, indexHistory, voucherStatus } from '../../shared/engine/evaluate.ts';
import type { RuleSet, SourceFile } from '../../shared/engine/ruleset.ts';
import type { Problem } from '../../shared/problems.ts';
import { RULES_INDEX, rulesIndexFiles } from './index-file.ts';

export interface Rules {
  ruleSet: RuleSet;
  /** Why published files were refused; each is left out or replaced by its last good version. */
  problems: Problem[];
  /** The refused files whose last good version is in force instead. */
  keptLastGood: string[];
  /** The texts of the files in force, for the rule workbench to compare an edit with. */
  files: SourceFile[];
  voucherStatus: typeof voucherStatus;
  indexHistory: typeof indexHistory;
  checkBooking: typeof checkBooking;
}

/** Fetches a published path ("/rules/index.json") as text; rejects when it cannot. */
export type FetchText = (path: string) => Promise<string>;

/** Where the last good text of each rule file is kept between visits. */
export type RuleMemory = Pick<Storage, 'getItem' | 'setItem'>;

export const MEMORY_PREFIX = 'second-shot:rules:';

export const fetchPublished: FetchText = async (path) => {
  const response = await fetch(path);
  if (!response.ok) throw new Error(`${path}: HTTP ${response.status}`);
  return response.text();
};

/** Remembering is best effort: a full storage must not stop the rules from loading. */
function remember(memory: RuleMemory, key: string, text: string): void {
  try {
    memory.setItem(MEMORY_PREFIX + key, text);
  } catch {
    // The rules in force are unaffected; only the offline fallback is not refreshed.
  }
}

/** Source files are named as in the repository ("rules/offers/x.json"), as the CLI names them. */
const fileName = (published: string): string => `rules/${published}`;

async function publishedFiles(fetchText: FetchText, memory: RuleMemory, problems: Problem[]): Promise<string[]> {
  // What this device remembers is only a fallback: unreadable or damaged, it counts as nothing.
  const remembered = (): string[] => {
    try {
      return rulesIndexFiles(JSON.parse(memory.getItem(MEMORY_PREFIX + RULES_INDEX) ?? 'null')) ?? [];
    } catch {
      return [];
    }
  };
  let text: string;
  try {
    text = await fetchText(RULES_INDEX);
  } catch (error) {
    const files = remembered();
    if (files.length === 0) throw new Error(`the list of offer rules could not be fetched (${error instanceof Error ? error.message : String(error)})`);
    return files;
  }
  let files: string[] | null = null;
  try {
    files = rulesIndexFiles(JSON.parse(text));
  } catch {
    files = null;
  }
  if (!files) {
    problems.push({ file: 'rules/index.json', pointer: '/files', message: 'must list the offer files, e.g. { "files": ["offers/my-offer.json"] }' });
    return remembered();
  }
  remember(memory, RULES_INDEX, text);
  return files;
}

export async function loadRules(fetchText: FetchText = fetchPublished, memory: RuleMemory = localStorage): Promise<Rules> {
  const engine = Promise.all([import('../../shared/engine/ruleset.ts'), import('../../shared/engine/evaluate.ts')]);
  const problems: Problem[] = [];
  const files = await publishedFiles(fetchText, memory, problems);
  const texts = await Promise.all(
    files.map(async (published): Promise<SourceFile | null> => {
      try {
        return { file: fileName(published), text: await fetchText(`/rules/${published}`) };
      } catch (error) {
        // Offline with an empty cache: the last good version, if this device has one.
        const last = memory.getItem(MEMORY_PREFIX + published);
        if (last !== null) return { file: fileName(published), text: last };
        problems.push({ file: fileName(published), pointer: '', message: `could not be fetched (${error instanceof Error ? error.message : String(error)})` });
        return null;
      }
    }),
  );
  const [{ loadRuleSet }, evaluate] = await engine;
  const fetched = texts.filter((t): t is SourceFile => t !== null);
  const first = loadRuleSet(fetched);
  const refused = new Set(first.problems.map((p) => p.file));
  const keptLastGood: string[] = [];
  const inForce = fetched.flatMap((source) => {
    const published = source.file.slice('rules/'.length);
    if (!refused.has(source.file)) {
      remember(memory, published, source.text);
      return [source];
    }
    const last = memory.getItem(MEMORY_PREFIX + published);
    if (last === null || last === source.text) return [];
    keptLastGood.push(source.file);
    return [{ file: source.file, text: last }];
  });
  const { ruleSet } = keptLastGood.length === 0 ? first : loadRuleSet(inForce);
  return { ruleSet, problems: [...problems, ...first.problems], keptLastGood, files: inForce, voucherStatus: evaluate.voucherStatus, indexHistory: evaluate.indexHistory, checkBooking: evaluate.checkBooking };
}
