// chrome.storage.local and .session as the service worker sees them (JSON values by key), and
// Web Locks (Node 20 has none): what the service worker's modules need to run in unit tests.

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
