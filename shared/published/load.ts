// Where both apps' offer rules come from: the files published under /rules/ (see
// index-file.ts), fetched and validated like every rule file. A file that fails validation is
// not used: its last good version, remembered on this device, stays in force, and the problem
// is reported. The caller hands in how to fetch, where to remember, and the engine: the PWA
// loads the engine lazily (it is far too big for the first render), the extension's service
// worker has it in its bundle (a service worker may not import() at run time).

import type { checkBooking, indexHistory, voucherStatus } from '../engine/evaluate.ts';
import type { loadRuleSet, RuleSet, SourceFile } from '../engine/ruleset.ts';
import type { Problem } from '../problems.ts';
import { readRulesIndex } from './index-file.ts';
import { MEMORY_PREFIX, RULES_INDEX } from './names.ts';

export interface RulesEngine {
  loadRuleSet: typeof loadRuleSet;
  voucherStatus: typeof voucherStatus;
  indexHistory: typeof indexHistory;
  checkBooking: typeof checkBooking;
}

export interface Rules extends Omit<RulesEngine, 'loadRuleSet'> {
  ruleSet: RuleSet;
  /** Why published files (or index entries) were refused; each is left out or replaced by its last good version. */
  problems: Problem[];
  /** The refused files whose last good version is in force instead. */
  keptLastGood: string[];
  /** The texts of the files in force, for the rule workbench to compare an edit with. */
  files: SourceFile[];
}

/** Fetches a published path ("/rules/index.json") as text; rejects when it cannot. */
export type FetchText = (path: string) => Promise<string>;

/** Where the last good text of each rule file is kept between visits. */
export interface RuleMemory {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

/** Remembering is best effort: a full storage must not stop the rules from loading. */
function remember(memory: RuleMemory, key: string, text: string): void {
  try {
    // Most loads find the same text: writing it again would cost a synchronous write each start.
    if (memory.getItem(MEMORY_PREFIX + key) !== text) memory.setItem(MEMORY_PREFIX + key, text);
  } catch {
    // The rules in force are unaffected; only the offline fallback is not refreshed.
  }
}

/** Source files are named as in the repository ("rules/offers/x.json"), as the CLI names them. */
const fileName = (published: string): string => `rules/${published}`;

/** The files this device last found listed; what it remembers is only a fallback: unreadable or damaged, it counts as nothing. */
const remembered = (memory: RuleMemory): string[] => readRulesIndex(memory.getItem(MEMORY_PREFIX + RULES_INDEX) ?? '').files ?? [];

async function publishedFiles(fetchText: FetchText, memory: RuleMemory, problems: Problem[]): Promise<string[]> {
  let text: string;
  try {
    text = await fetchText(RULES_INDEX);
  } catch (error) {
    const files = remembered(memory);
    if (files.length === 0) throw new Error(`the list of offer rules could not be fetched (${error instanceof Error ? error.message : String(error)})`);
    return files;
  }
  const index = readRulesIndex(text);
  problems.push(...index.problems);
  // An index with nothing usable in it is no index: the last good list stays.
  if (index.files === null || (index.files.length === 0 && index.problems.length > 0)) return remembered(memory);
  remember(memory, RULES_INDEX, text);
  return index.files;
}

export async function loadPublishedRules(fetchText: FetchText, memory: RuleMemory, engine: RulesEngine | Promise<RulesEngine>): Promise<Rules> {
  const problems: Problem[] = [];
  // The files listed last time are asked for with the index, not after it: the index seldom
  // changes, and waiting for it first costs a round trip. A file no longer listed goes unused.
  const early = new Map(remembered(memory).map((published) => [published, fetchText(`/rules/${published}`)]));
  early.forEach((asked) => asked.catch(() => undefined));
  const files = await publishedFiles(fetchText, memory, problems);
  const texts = await Promise.all(
    files.map(async (published): Promise<SourceFile | null> => {
      try {
        return { file: fileName(published), text: await (early.get(published) ?? fetchText(`/rules/${published}`)) };
      } catch (error) {
        // Offline with an empty cache: the last good version, if this device has one.
        const last = memory.getItem(MEMORY_PREFIX + published);
        if (last !== null) return { file: fileName(published), text: last };
        problems.push({ file: fileName(published), pointer: '', message: `could not be fetched (${error instanceof Error ? error.message : String(error)})` });
        return null;
      }
    }),
  );
  const { loadRuleSet, ...evaluate } = await engine;
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
  return { ruleSet, problems: [...problems, ...first.problems], keptLastGood, files: inForce, ...evaluate };
}
