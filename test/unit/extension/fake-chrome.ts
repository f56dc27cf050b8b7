// chrome.storage.local and .session as the service worker sees them (JSON values by key), and
// Web Locks (Node 20 has none): what the service worker's modules need to run in unit tests.
// installFakeBrowser adds the rest of Chrome the service worker talks to (undo with
// vi.unstubAllGlobals and vi.restoreAllMocks).
import { expect, vi } from 'vitest';
import { WAIT_MS } from '../../support/patience.ts';

export interface FakeStorage {
  local: Map<string, unknown>;
  session: Map<string, unknown>;
}

function memoryArea(data: Map<string, unknown>): Pick<chrome.storage.StorageArea, 'get' | 'set' | 'remove'> {
  const get = async (key: unknown): Promise<Record<string, unknown>> => {
    const value = typeof key === 'string' ? data.get(key) : undefined;
    return value === undefined ? {} : { [key as string]: structuredClone(value) };
  };
  const set = async (items: Record<string, unknown>): Promise<void> => {
    for (const [key, value] of Object.entries(items)) data.set(key, structuredClone(value));
  };
  const remove = async (key: string | string[]): Promise<void> => {
    for (const k of [key].flat()) data.delete(k);
  };
  return { get, set, remove } as Pick<chrome.storage.StorageArea, 'get' | 'set' | 'remove'>;
}

/** Installs a fresh fake `chrome.storage` and `navigator.locks`; returns the stored values to look at. */
export function installFakeChrome(): FakeStorage {
  const storage: FakeStorage = { local: new Map(), session: new Map() };
  Object.assign(globalThis, { chrome: { storage: { local: memoryArea(storage.local), session: memoryArea(storage.session) } } });
  // One queue per name is what the service worker's locks give.
  const queues = new Map<string, Promise<unknown>>();
  const locks = {
    request<T>(name: string, run: () => Promise<T>): Promise<T> {
      const next = (queues.get(name) ?? Promise.resolve()).then(run, run);
      queues.set(name, next.catch(() => undefined));
      return next;
    },
  };
  Object.defineProperty(globalThis, 'navigator', { value: { locks }, configurable: true, writable: true });
  return storage;
}

type Listener = (...args: never[]) => unknown;

/** A chrome.events.Event: what was added, to be fired by the test as Chrome would. */
class FakeEvent<L extends Listener> {
  readonly listeners: L[] = [];
  addListener(listener: L): void {
    this.listeners.push(listener);
  }
  fire(...args: Parameters<L>): unknown[] {
    return this.listeners.map((listener) => listener(...args));
  }
}

type MessageListener = (message: unknown, sender: chrome.runtime.MessageSender, reply: (answer: unknown) => void) => boolean | undefined;

/** What the service worker did through Chrome, and the handles to act as Chrome towards it. */
export interface FakeBrowser {
  storage: FakeStorage;
  /** Origin patterns the user granted ("https://example.org/*"). */
  granted: Set<string>;
  /** The open tabs chrome.tabs.query finds (by the URL pattern's origin). */
  tabs: chrome.tabs.Tab[];
  /** Tab ids whose page no longer listens: sending to them fails. */
  closedTabs: Set<number>;
  /** Messages sent to tabs, in order. */
  sentToTabs: { tabId: number; message: unknown; frameId: number | undefined }[];
  badge: { text: string | null; title: string | null; drawn: number };
  notifications: ({ id: string } & chrome.notifications.NotificationOptions)[];
  alarms: Map<string, chrome.alarms.AlarmCreateInfo>;
  contentScripts: chrome.scripting.RegisteredContentScript[];
  /** What `fetch` answers, by URL; anything else is a 404. */
  served: Map<string, string>;
  fetched: string[];
  warnings: string[];
  onMessage: FakeEvent<MessageListener>;
  onInstalled: FakeEvent<() => void>;
  onStartup: FakeEvent<() => void>;
  onAlarm: FakeEvent<(alarm: { name: string }) => void>;
  onStorageChanged: FakeEvent<(changes: Record<string, unknown>, area: string) => void>;
  /** A message as Chrome delivers it: to every listener; the answer of the one that replies, or `undefined` when none does. */
  send(message: unknown, sender: chrome.runtime.MessageSender): Promise<unknown>;
  /**
   * Forgets everything stored, granted, open, sent and logged, keeping the listeners: the same
   * service worker, as if freshly installed (`fetch` and `console.warn` faked again).
   */
  reset(): void;
}

/**
 * The Chrome a service worker sees, faked at its boundary: storage, runtime messaging and
 * events, action, alarms, notifications, permissions, scripting, tabs, and `fetch`. The code
 * under test is the real service worker (extension/background/index.ts, imported after this).
 */
export function installFakeBrowser(runtimeId: string): FakeBrowser {
  const storage = installFakeChrome();
  const installed = globalThis as unknown as { chrome: Record<string, unknown> };
  const browser: FakeBrowser = {
    storage, granted: new Set(), tabs: [], closedTabs: new Set(), sentToTabs: [], badge: { text: null, title: null, drawn: 0 },
    notifications: [], alarms: new Map(), contentScripts: [], served: new Map(), fetched: [], warnings: [],
    onMessage: new FakeEvent(), onInstalled: new FakeEvent(), onStartup: new FakeEvent(), onAlarm: new FakeEvent(), onStorageChanged: new FakeEvent(),
    send(message, sender) {
      return new Promise((resolve) => {
        const kept = browser.onMessage.fire(message, sender, resolve);
        // No listener kept the channel open nor answered at once: Chrome answers undefined.
        if (!kept.includes(true)) queueMicrotask(() => resolve(undefined));
      });
    },
    reset() {
      for (const area of [storage.local, storage.session, browser.alarms, browser.served]) area.clear();
      for (const set of [browser.granted, browser.closedTabs]) set.clear();
      for (const list of [browser.tabs, browser.sentToTabs, browser.notifications, browser.contentScripts, browser.fetched, browser.warnings]) list.length = 0;
      browser.badge = { text: null, title: null, drawn: 0 };
      fakeNetworkAndConsole(browser);
    },
  };
  const storageArea = installed.chrome['storage'] as Record<string, unknown>;
  storageArea['onChanged'] = browser.onStorageChanged;
  installed.chrome['runtime'] = {
    id: runtimeId,
    onMessage: browser.onMessage, onInstalled: browser.onInstalled, onStartup: browser.onStartup,
    getURL: (path: string) => `chrome-extension://${runtimeId}/${path.replace(/^\//, '')}`,
    getManifest: () => ({ icons: { 128: 'extension/icons/icon-128.png' } }),
  };
  installed.chrome['action'] = {
    setBadgeText: async ({ text }: { text: string }) => void (browser.badge.text = text),
    setTitle: async ({ title }: { title: string }) => {
      browser.badge.title = title;
      browser.badge.drawn++;
    },
  };
  installed.chrome['alarms'] = {
    onAlarm: browser.onAlarm,
    get: async (name: string) => (browser.alarms.has(name) ? { name, ...browser.alarms.get(name) } : undefined),
    create: async (name: string, info: chrome.alarms.AlarmCreateInfo) => void browser.alarms.set(name, info),
  };
  installed.chrome['notifications'] = {
    create: async (id: string, options: chrome.notifications.NotificationOptions) => {
      browser.notifications.push({ id, ...options });
      return id;
    },
  };
  installed.chrome['permissions'] = {
    contains: async ({ origins }: { origins: string[] }) => origins.every((origin) => browser.granted.has(origin)),
  };
  installed.chrome['scripting'] = {
    getRegisteredContentScripts: async ({ ids }: { ids: string[] }) => browser.contentScripts.filter((s) => ids.includes(s.id)),
    unregisterContentScripts: async ({ ids }: { ids: string[] }) => {
      browser.contentScripts = browser.contentScripts.filter((s) => !ids.includes(s.id));
    },
    registerContentScripts: async (scripts: chrome.scripting.RegisteredContentScript[]) => {
      for (const script of scripts) {
        if (browser.contentScripts.some((s) => s.id === script.id)) throw new Error(`Duplicate script ID '${script.id}'`);
        browser.contentScripts.push(script);
      }
    },
  };
  installed.chrome['tabs'] = {
    query: async ({ url }: { url: string }) => browser.tabs.filter((tab) => tab.url !== undefined && tab.url.startsWith(url.replace(/\*$/, ''))),
    sendMessage: async (tabId: number, message: unknown, options?: { frameId?: number }) => {
      if (browser.closedTabs.has(tabId)) throw new Error('Could not establish connection. Receiving end does not exist.');
      browser.sentToTabs.push({ tabId, message, frameId: options?.frameId });
    },
  };
  fakeNetworkAndConsole(browser);
  return browser;
}

/** `fetch` answers what `browser.served` holds; `console.warn` goes to `browser.warnings`. */
function fakeNetworkAndConsole(browser: FakeBrowser): void {
  vi.stubGlobal('fetch', async (input: string | URL, init?: RequestInit) => {
    const url = String(input);
    browser.fetched.push(url);
    // The service worker fetches rules fresh, without cookies, and follows no redirect.
    if (init?.credentials !== 'omit' || init.redirect !== 'error' || init.cache !== 'no-store') throw new Error(`fetch of ${url} with credentials, redirects or a cache`);
    const text = browser.served.get(url);
    return text === undefined ? new Response('not found', { status: 404 }) : new Response(text);
  });
  vi.spyOn(console, 'warn').mockImplementation((message: unknown) => void browser.warnings.push(String(message)));
}

/** Resolves once a service worker just loaded has done its waking work: the badge drawn, the reminders checked (and the badge drawn again, unless the check failed), a refresh of the rules tried. */
export async function wokenUp(browser: FakeBrowser): Promise<void> {
  await vi.waitFor(() => {
    const remindersFailed = browser.warnings.some((w) => w.startsWith('Second Shot could not check for reminders'));
    expect(browser.badge.drawn).toBe(remindersFailed ? 1 : 2);
    expect(browser.storage.local.has('publishedRules')).toBe(true);
  }, { timeout: WAIT_MS });
}
