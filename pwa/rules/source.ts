// The PWA's offer rules: those published under /rules/ next to the app, fetched through the
// service worker's cache, remembered in localStorage, read by the core's loader. The engine
// is imported lazily: json-rules-engine is far too big for the first render.

import { type FetchText, loadPublishedRules, type RuleMemory, type Rules } from '../../shared/published/load.ts';

export type { FetchText, RuleMemory, Rules };

export const fetchPublished: FetchText = async (path) => {
  const response = await fetch(path);
  if (!response.ok) throw new Error(`${path}: HTTP ${response.status}`);
  return response.text();
};

export function loadRules(fetchText: FetchText = fetchPublished, memory: RuleMemory = localStorage): Promise<Rules> {
  const engine = Promise.all([import('../../shared/engine/ruleset.ts'), import('../../shared/engine/evaluate.ts')])
    .then(([{ loadRuleSet }, { voucherStatus, indexHistory, checkBooking }]) => ({ loadRuleSet, voucherStatus, indexHistory, checkBooking }));
  return loadPublishedRules(fetchText, memory, engine);
}
