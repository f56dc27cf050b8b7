// A candidate's history in IndexedDB. Every write is one transaction with strict
// durability: it lands whole or not at all, so a failed write (quota, closed connection)
// leaves the existing data exactly as it was.

import { type IDBPDatabase, openDB } from 'idb';
import { type Attempt, emptyHistory, type History, type Tombstone, type Voucher } from '../../shared/history/format.ts';
import { type MergeResult, mergeHistories } from '../../shared/link.ts';
import { DB_NAME, DB_VERSION, EXTRAS_KEY, type HistorySchema, migrate, ORDER_KEY } from './schema.ts';

export interface ConnectionEvents {
  /** Another tab wants a newer schema; this connection has been closed and the page should reload. */
  onBlocking?: () => void;
  /** An older tab holds the database open, so this one waits until it closes or reloads. */
  onBlocked?: () => void;
  /** The browser closed the connection abnormally (e.g. storage cleared). */
  onTerminated?: () => void;
}

/** What a delete removed, so that it can be undone exactly. */
export interface Removed {
  vouchers: Voucher[];
  attempts: Attempt[];
}

const RECORD_STORES = ['vouchers', 'attempts'] as const;
const ALL_STORES = ['vouchers', 'attempts', 'meta', 'deleted'] as const;
const STRICT = { durability: 'strict' } as const;

type RecordList = (typeof RECORD_STORES)[number];
// The stores as the helpers below use them, by shape: the core is compiled without the DOM
// lib, where idb cannot name a transaction's mode.
interface MetaStore {
  get(key: string): Promise<Record<string, unknown> | undefined>;
  put(value: Record<string, unknown>, key: string): Promise<string>;
}
interface RecordStore<T> {
  getAll(): Promise<T[]>;
  put(value: T): Promise<string>;
  delete(id: string): Promise<void>;
}
interface Stores {
  vouchers: RecordStore<Voucher>;
  attempts: RecordStore<Attempt>;
  meta: MetaStore;
  deleted: RecordStore<Tombstone>;
}
interface ReadStores {
  vouchers: Pick<RecordStore<Voucher>, 'getAll'>;
  attempts: Pick<RecordStore<Attempt>, 'getAll'>;
  meta: Pick<MetaStore, 'get'>;
  deleted: Pick<RecordStore<Tombstone>, 'getAll'>;
}

/** When a record was changed or deleted: the stamp a linked copy is ordered by. */
const now = (): string => new Date().toISOString();

/** The fields of a history besides its records and tombstones. */
function extrasOf(history: History): Record<string, unknown> {
  const { format: _format, version: _version, vouchers: _vouchers, attempts: _attempts, deleted: _deleted, ...extras } = history;
  return extras;
}

/** The stored record order, read defensively: it only orders, it never decides what exists. */
function orderOf(stored: Record<string, unknown> | undefined): Record<RecordList, string[]> {
  const ids = (value: unknown): string[] => (Array.isArray(value) ? value.filter((id): id is string => typeof id === 'string') : []);
  return { vouchers: ids(stored?.['vouchers']), attempts: ids(stored?.['attempts']) };
}

/**
 * Records in the order they were added. Records stored before the order was kept (schema 2)
 * follow in key order, as that version showed them.
 */
function inOrder<T extends { id: string }>(records: readonly T[], ids: readonly string[]): T[] {
  const position = new Map(ids.map((id, index) => [id, index]));
  return records
    .map((record, index) => ({ record, at: position.get(record.id) ?? ids.length + index }))
    .sort((a, b) => a.at - b.at)
    .map(({ record }) => record);
}

async function readAll(stores: ReadStores): Promise<History> {
  const [vouchers, attempts, extras, order, deleted] = await Promise.all([
    stores.vouchers.getAll(),
    stores.attempts.getAll(),
    stores.meta.get(EXTRAS_KEY),
    stores.meta.get(ORDER_KEY),
    stores.deleted.getAll(),
  ]);
  const ids = orderOf(order);
  const history: History = { ...extras, ...emptyHistory(), vouchers: inOrder(vouchers, ids.vouchers), attempts: inOrder(attempts, ids.attempts) };
  if (deleted.length > 0) history.deleted = deleted;
  return history;
}

/**
 * Writes `next` over `previous` (what the stores hold now): records that are not the very
 * objects read are put, records gone are deleted, tombstones, order and extras rewritten.
 */
async function writeAll(stores: Stores, previous: History, next: History): Promise<void> {
  for (const list of RECORD_STORES) {
    const store: RecordStore<Voucher | Attempt> = stores[list];
    const before = new Map<string, Voucher | Attempt>(previous[list].map((record) => [record.id, record]));
    const kept = new Set<string>();
    for (const record of next[list]) {
      kept.add(record.id);
      if (before.get(record.id) !== record) await store.put(record);
    }
    for (const id of before.keys()) if (!kept.has(id)) await store.delete(id);
  }
  const tombstones = stores.deleted;
  const knownDeletes = new Map((previous.deleted ?? []).map((t) => [t.id, t.deletedAt]));
  for (const tombstone of next.deleted ?? []) if (knownDeletes.get(tombstone.id) !== tombstone.deletedAt) await tombstones.put(tombstone);
  const meta = stores.meta;
  await meta.put({ vouchers: next.vouchers.map((v) => v.id), attempts: next.attempts.map((a) => a.id) }, ORDER_KEY);
  const extras = extrasOf(next);
  if (Object.keys(extras).length > 0) await meta.put(extras, EXTRAS_KEY);
}

/** Puts ids not yet in the record order at its end. */
async function appendToOrder(meta: MetaStore, list: RecordList, ids: readonly string[]): Promise<void> {
  const order = orderOf(await meta.get(ORDER_KEY));
  const held = new Set(order[list]);
  const fresh = ids.filter((id) => !held.has(id));
  if (fresh.length > 0) await meta.put({ ...order, [list]: [...order[list], ...fresh] }, ORDER_KEY);
}

declare global {
  // The one platform IndexedDB member used here that idb's types inherit rather than
  // declare; stated so that the core, compiled without the DOM lib, still type-checks it.
  interface IDBTransaction {
    abort(): void;
  }
}

interface Transaction {
  abort(): void;
  done: Promise<void>;
}

/**
 * Runs a transaction's work and waits for it to commit. If any step fails (some, like an
 * uncloneable value, throw before IndexedDB sees them), the transaction is aborted, so
 * the steps already queued are undone too: all or nothing.
 */
async function commit<T>(tx: Transaction, work: () => Promise<T>): Promise<T> {
  try {
    const result = await work();
    await tx.done;
    return result;
  } catch (error) {
    try {
      tx.abort();
    } catch {
      // Already finished or aborted: nothing more to undo.
    }
    await tx.done.catch(() => undefined);
    throw error;
  }
}

export class HistoryStore {
  constructor(private readonly db: IDBPDatabase<HistorySchema>) {}

  /** A transaction over every store, for a change to the whole history. */
  private overEveryStore() {
    const tx = this.db.transaction(ALL_STORES, 'readwrite', STRICT);
    return { tx, stores: { vouchers: tx.objectStore('vouchers'), attempts: tx.objectStore('attempts'), meta: tx.objectStore('meta'), deleted: tx.objectStore('deleted') } };
  }

  /** The whole history, records in the order they were added, tombstones included. */
  async readHistory(): Promise<History> {
    const tx = this.db.transaction(ALL_STORES, 'readonly');
    const history = await readAll({ vouchers: tx.objectStore('vouchers'), attempts: tx.objectStore('attempts'), meta: tx.objectStore('meta'), deleted: tx.objectStore('deleted') });
    await tx.done;
    return history;
  }

  /** Saves a new or edited voucher, stamped with the time of the change. */
  async saveVoucher(voucher: Voucher): Promise<void> {
    const tx = this.db.transaction(['vouchers', 'meta'], 'readwrite', STRICT);
    await commit(tx, async () => {
      await tx.objectStore('vouchers').put({ ...voucher, updatedAt: now() });
      await appendToOrder(tx.objectStore('meta'), 'vouchers', [voucher.id]);
    });
  }

  /** Saves a new or edited attempt, stamped with the time of the change. */
  async saveAttempt(attempt: Attempt): Promise<void> {
    const tx = this.db.transaction(['attempts', 'meta'], 'readwrite', STRICT);
    await commit(tx, async () => {
      await tx.objectStore('attempts').put({ ...attempt, updatedAt: now() });
      await appendToOrder(tx.objectStore('meta'), 'attempts', [attempt.id]);
    });
  }

  /** Deletes a voucher together with the attempts paid with it, leaving a tombstone for each. */
  async deleteVoucher(id: string): Promise<Removed> {
    const tx = this.db.transaction(['vouchers', 'attempts', 'deleted'], 'readwrite', STRICT);
    return commit(tx, async () => {
      const vouchers = tx.objectStore('vouchers');
      const attemptStore = tx.objectStore('attempts');
      const voucher = await vouchers.get(id);
      const attempts = await attemptStore.index('byVoucher').getAll(id);
      await vouchers.delete(id);
      for (const attempt of attempts) await attemptStore.delete(attempt.id);
      const removed = { vouchers: voucher ? [voucher] : [], attempts };
      await this.bury(tx.objectStore('deleted'), removed);
      return removed;
    });
  }

  async deleteAttempt(id: string): Promise<Removed> {
    const tx = this.db.transaction(['attempts', 'deleted'], 'readwrite', STRICT);
    return commit(tx, async () => {
      const attempts = tx.objectStore('attempts');
      const attempt = await attempts.get(id);
      await attempts.delete(id);
      const removed = { vouchers: [], attempts: attempt ? [attempt] : [] };
      await this.bury(tx.objectStore('deleted'), removed);
      return removed;
    });
  }

  private async bury(tombstones: { put(value: Tombstone): Promise<string> }, removed: Removed): Promise<void> {
    const deletedAt = now();
    for (const record of [...removed.vouchers, ...removed.attempts]) await tombstones.put({ id: record.id, deletedAt });
  }

  /**
   * Puts back what a delete removed and drops its tombstones. The records are stamped after
   * the delete, so a linked side that already holds the tombstone takes them back too.
   */
  async restore(removed: Removed): Promise<void> {
    const tx = this.db.transaction(ALL_STORES, 'readwrite', STRICT);
    await commit(tx, async () => {
      const tombstones = tx.objectStore('deleted');
      const restoreList = async <T extends Voucher | Attempt>(list: RecordList, records: readonly T[]): Promise<void> => {
        for (const record of records) {
          const deletedAt = (await tombstones.get(record.id))?.deletedAt;
          const stamp = now();
          // Later than the delete even within the same millisecond.
          const updatedAt = deletedAt !== undefined && deletedAt >= stamp ? new Date(Date.parse(deletedAt) + 1).toISOString() : stamp;
          await tx.objectStore(list).put({ ...record, updatedAt });
          await tombstones.delete(record.id);
        }
        await appendToOrder(tx.objectStore('meta'), list, records.map((r) => r.id));
      };
      await restoreList('vouchers', removed.vouchers);
      await restoreList('attempts', removed.attempts);
    });
  }

  /** Replaces everything with a (validated) history, tombstones and extra fields included, in one transaction. */
  async replace(history: History): Promise<void> {
    const { tx, stores } = this.overEveryStore();
    await commit(tx, async () => {
      await Promise.all(ALL_STORES.map((name) => tx.objectStore(name).clear()));
      await writeAll(stores, emptyHistory(), history);
    });
  }

  /**
   * Merges a (validated) history into the stored one and writes the result whole: new
   * records, newer versions, records removed by tombstones, the union of tombstones, and the
   * incoming file's extra fields (those held here win). Reading, merging and writing happen
   * in one transaction, so a change made meanwhile in another tab cannot be overwritten.
   */
  async merge(incoming: History): Promise<MergeResult> {
    const { tx, stores } = this.overEveryStore();
    return commit(tx, async () => {
      const local = await readAll(stores);
      const result = mergeHistories(local, incoming);
      const history: History = { ...extrasOf(incoming), ...result.history };
      await writeAll(stores, local, history);
      return { ...result, history };
    });
  }

  /** Deletes everything, tombstones included: nothing is left to link or to export. */
  async clear(): Promise<void> {
    const tx = this.db.transaction(ALL_STORES, 'readwrite', STRICT);
    await commit(tx, () => Promise.all(ALL_STORES.map((name) => tx.objectStore(name).clear())));
  }

  close(): void {
    this.db.close();
  }
}

/** Opens (creating or upgrading as needed) the history database. */
export async function openHistoryStore(events: ConnectionEvents = {}, name = DB_NAME, version = DB_VERSION): Promise<HistoryStore> {
  let store: HistoryStore | undefined;
  const db = await openDB<HistorySchema>(name, version, {
    upgrade(database, oldVersion, newVersion, transaction) {
      migrate(database, transaction, oldVersion, newVersion ?? version);
    },
    blocked() {
      events.onBlocked?.();
    },
    blocking() {
      // Close at once so the newer tab is not left hanging; this page must reload to go on.
      store?.close();
      events.onBlocking?.();
    },
    terminated() {
      events.onTerminated?.();
    },
  });
  store = new HistoryStore(db);
  return store;
}
