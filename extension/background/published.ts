// The offer rules the extension receives at run time: the files the linked PWA publishes
// under /rules/ (an index plus one file per offer), or those at a configured rules URL.
// They are fetched and validated by the core's loader (shared/published/), as the PWA's are, so
// both apps accept and refuse exactly the same files. Nothing here touches chrome.*: the caller
// hands in the fetcher and the remembered texts, and stores what comes back.

import type { SourceFile } from '../../shared/engine/ruleset.ts';
import type { History } from '../../shared/history/format.ts';
import { validateHistory } from '../../shared/history/validate.ts';
import type { Problem } from '../../shared/problems.ts';
import { checkBooking, indexHistory, voucherStatus } from '../../shared/engine/evaluate.ts';
import { loadRuleSet } from '../../shared/engine/ruleset.ts';
import { type FetchText, loadPublishedRules, type RuleMemory } from '../../shared/published/load.ts';
import { MEMORY_PREFIX, RULES_INDEX } from '../../shared/published/names.ts';

/** The service worker refreshes on waking when the last try is older than this. */
export const REFRESH_EVERY_MS = 24 * 60 * 60 * 1000;

/** Where the index is: the configured rules URL, else the PWA's own /rules/index.json. */
export function rulesIndexUrl(pwaOrigin: string, configured: string | null): string {
  return configured ?? `${pwaOrigin}${RULES_INDEX}`;
}

/**
 * Fetches the PWA's published paths ("/rules/index.json", "/rules/offers/x.json") from the
 * index URL and the files next to it; nothing else can be asked for.
 */
export function publishedFetcher(indexUrl: string, fetchResponse: (url: string) => Promise<Response>): FetchText {
  return async (path) => {
    if (!path.startsWith('/rules/')) throw new Error(`${path} is not a published rules path`);
    const url = path === RULES_INDEX ? indexUrl : new URL(path.slice('/rules/'.length), indexUrl).href;
    const response = await fetchResponse(url);
    if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
    return response.text();
  };
}

/** The PWA loader's memory (Storage-like), over a plain record the caller persists. */
function memoryOver(entries: Record<string, string>): RuleMemory {
  return {
    getItem: (key) => entries[key] ?? null,
    setItem: (key, value) => {
      entries[key] = value;
    },
  };
}

export interface Refreshed {
  /** The files in force: fetched ones that passed, else their last good (or bundled) version. */
  files: SourceFile[];
  /** Why files were refused (named with file and JSON pointer); empty when all passed. */
  problems: Problem[];
  /** Refused files whose last good version stays in force. */
  keptLastGood: string[];
  /** The remembered texts to store for the next refresh. */
  memory: Record<string, string>;
}

/**
 * Fetches and validates the published rules. A refused file keeps its last good version,
 * and before the first good fetch that is the version bundled at build. Rejects when the
 * index cannot be had at all, or when the result could not read the user's history (an
 * offer their vouchers belong to would disappear): the caller then keeps what is in force.
 */
export async function refreshPublished(
  fetchText: FetchText, remembered: Record<string, string>, bundled: readonly SourceFile[], history: History | null,
): Promise<Refreshed> {
  const memory: Record<string, string> = { ...remembered };
  for (const source of bundled) {
    const key = rememberedAs(source.file);
    if (memory[key] === undefined) memory[key] = source.text;
  }
  const loaded = await loadPublishedRules(fetchText, memoryOver(memory), { loadRuleSet, voucherStatus, indexHistory, checkBooking });
  if (history) {
    const checked = validateHistory(history, loaded.ruleSet, 'your history');
    if (!checked.ok) {
      const missing = checked.problems[0];
      throw new Error(`the published rules were not taken: they cannot read your history (${missing ? `${missing.pointer}: ${missing.message}` : 'unknown reason'})`);
    }
  }
  return { files: loaded.files, problems: loaded.problems, keptLastGood: loaded.keptLastGood, memory };
}

/** The key the PWA loader remembers a file's last good text under. */
function rememberedAs(repoPath: string): string {
  return `${MEMORY_PREFIX}${repoPath.replace(/^rules\//, '')}`;
}

/** Whether the service worker, on waking, should refresh: never tried, or last tried a day ago or more. */
export function refreshDue(lastTriedMs: number | null, nowMs: number): boolean {
  return lastTriedMs === null || nowMs - lastTriedMs >= REFRESH_EVERY_MS || nowMs < lastTriedMs;
}
