// Renders the whole app as the browser would, over a fresh (fake) IndexedDB database and a
// fixed "today", with the shipped rules loaded through the app's own rule source.
import { render, type RenderResult } from '@testing-library/preact';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../../../cli/rules-on-disk.ts';
import type { IsoDate } from '../../../shared/dates.ts';
import type { History } from '../../../shared/history/format.ts';
import { type ConnectionEvents, type HistoryStore, openHistoryStore } from '../../../pwa/storage/history-store.ts';
import { App, preloadScreens } from '../../../pwa/app.tsx';
import { ModelContext } from '../../../pwa/context.ts';
import { AppModel, type ModelDeps } from '../../../pwa/model.ts';
import { navigate } from '../../../pwa/router.tsx';
import { type FetchText, loadRules, type RuleMemory, type Rules } from '../../../pwa/rules/source.ts';

/** The rules as the app's server publishes them (index + files), read from rules/offers/. */
export const publishedOnDisk: FetchText = async (path) => {
  const files = readdirSync(join(ROOT, 'rules', 'offers')).filter((name) => name.endsWith('.json')).sort();
  if (path === '/rules/index.json') return JSON.stringify({ files: files.map((name) => `offers/${name}`) });
  return readFileSync(join(ROOT, path.slice(1)), 'utf8');
};

/** A device's memory of rule files, empty at first. */
export function freshMemory(): RuleMemory {
  const items = new Map<string, string>();
  return { getItem: (key) => items.get(key) ?? null, setItem: (key, value) => void items.set(key, value) };
}

export const loadShippedRules = (): Promise<Rules> => loadRules(publishedOnDisk, freshMemory());

let databases = 0;

export interface Rendered extends RenderResult {
  model: AppModel;
  /** The app's own open store, to pull the connection from under it. */
  store: HistoryStore;
  /** How many times the app has loaded the rules so far. */
  rulesLoads: () => number;
}

export interface RenderOptions {
  today?: IsoDate;
  history?: History;
  path?: string;
  update?: () => void;
  keepSession?: boolean;
  storage?: ModelDeps['storage'];
  /** Rules that take this long to load (a slow device or network). */
  rulesDelayMs?: number;
  /** What the server publishes under /rules/; the shipped files by default. */
  publish?: FetchText;
  /** Remember good rule files between loads, as a device does (each load starts afresh otherwise). */
  rememberRules?: boolean;
  /** The device has loaded the rules before (ModelDeps.rulesUsedBefore); a new device by default. */
  rulesUsedBefore?: boolean;
}

export async function renderApp(options: RenderOptions = {}): Promise<Rendered> {
  // A reload keeps the tab's session storage; a new test starts a new tab.
  if (!options.keepSession) sessionStorage.clear();
  const name = `pwa-test-${++databases}-${Math.random().toString(36).slice(2)}`;
  if (options.history) {
    const store = await openHistoryStore({}, name);
    await store.replace(options.history);
    store.close();
  }
  let opened: HistoryStore | undefined;
  const openStore = async (events: ConnectionEvents): Promise<HistoryStore> => (opened = await openHistoryStore(events, name));
  const deviceMemory = freshMemory();
  let rulesLoads = 0;
  const loadPublished = async (): Promise<Rules> => {
    rulesLoads++;
    await new Promise((resolve) => setTimeout(resolve, options.rulesDelayMs ?? 0));
    return loadRules(options.publish ?? publishedOnDisk, options.rememberRules ? deviceMemory : freshMemory());
  };
  const model = new AppModel({ openStore, loadRules: loadPublished, rulesUsedBefore: () => options.rulesUsedBefore === true, today: () => options.today ?? '2007-11-10', storage: options.storage });
  navigate(options.path ?? '/');
  const result = render(
    <ModelContext.Provider value={model}>
      <App update={options.update ?? null} onLink={() => undefined} />
    </ModelContext.Provider>,
  );
  await model.start();
  // As the app does after its first render: every screen's code fetched.
  await preloadScreens();
  if (!opened) throw new Error('the app did not open its store');
  return { ...result, model, store: opened, rulesLoads: () => rulesLoads };
}

export const example: History = {
  format: 'second-shot/history',
  version: 1,
  vouchers: [
    { id: 'v1', code: 'SS07-ABCD-1234', offer: 'ms-second-shot-2007', obtainedOn: '2007-10-01' },
    { id: 'v2', code: 'SS07-WXYZ-9876', offer: 'ms-second-shot-2007', obtainedOn: '2007-10-20' },
  ],
  attempts: [{ id: 'a1', voucher: 'v1', exam: '70-298', provider: 'prometric', bookedOn: '2007-10-05', takenOn: '2007-11-10', result: 'fail' }],
};
