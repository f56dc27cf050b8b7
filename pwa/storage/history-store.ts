// A candidate's history in IndexedDB. Every write is one transaction with strict
// durability: it lands whole or not at all, so a failed write (quota, closed connection)
// leaves the existing data exactly as it was. Reading the whole history back costs far more
// than a write, so a connection remembers what it last read or wrote and, while the stored
// revision says nobody wrote since, answers from that.

import { type IDBPDatabase, openDB } from 'idb';
import { type Attempt, emptyHistory, type History, type Tombstone, type Voucher } from '../../shared/history/format.ts';
import { type MergeResult, mergeHistories } from '../../shared/link.ts';
import { byCodePoint } from '../compare.ts';
import { DB_NAME, DB_VERSION, EXTRAS_KEY, type HistorySchema, migrate, ORDER_KEY, REVISION_KEY } from './schema.ts';

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
type MetaEntry = Record<string, unknown>;
interface MetaStore {
  get(key: string): Promise<MetaEntry | undefined>;
  put(value: MetaEntry, key: string): Promise<string>;
  clear(): Promise<void>;
}
interface RecordStore<T> {
  get(id: string): Promise<T | undefined>;
  getAll(): Promise<T[]>;
  put(value: T): Promise<string>;
  delete(id: string): Promise<void>;
  clear(): Promise<void>;
}
interface Stores {
  vouchers: RecordStore<Voucher>;
  attempts: RecordStore<Attempt> & { paidWith(voucher: string): Promise<Attempt[]> };
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

/** What the stores hold: each record store's values in key order, and the meta entries read. */
interface Stored {
  vouchers: Voucher[];
  attempts: Attempt[];
  deleted: Tombstone[];
  meta: Map<string, MetaEntry>;
}

const READ_META = [ORDER_KEY, EXTRAS_KEY, REVISION_KEY] as const;

async function read(stores: ReadStores): Promise<Stored> {
  const [vouchers, attempts, deleted, entries] = await Promise.all([
    stores.vouchers.getAll(),
    stores.attempts.getAll(),
    stores.deleted.getAll(),
    Promise.all(READ_META.map(async (key) => [key, await stores.meta.get(key)] as const)),
  ]);
  const meta = new Map<string, MetaEntry>();
  for (const [key, entry] of entries) if (entry !== undefined) meta.set(key, entry);
  return { vouchers, attempts, deleted, meta };
}

/** The history the stores hold; it takes `stored.deleted` as its own list. */
function assemble({ vouchers, attempts, deleted, meta }: Stored): History {
  const ids = orderOf(meta.get(ORDER_KEY));
  const history: History = { ...meta.get(EXTRAS_KEY), ...emptyHistory(), vouchers: inOrder(vouchers, ids.vouchers), attempts: inOrder(attempts, ids.attempts) };
  if (deleted.length > 0) history.deleted = deleted;
  return history;
}

async function readAll(stores: ReadStores): Promise<History> {
  return assemble(await read(stores));
}

/** The stored revision; 0 when none is stored (data written before it was kept). */
function revisionOf(entry: MetaEntry | undefined): number {
  const revision = entry?.['revision'];
  return typeof revision === 'number' ? revision : 0;
}

/**
 * What a connection knows is stored: each store's values by key, as last read or written. The
 * histories built from it share its records (unchanged ones are not drawn again), never its lists.
 */
interface Known {
  vouchers: Map<string, Voucher>;
  attempts: Map<string, Attempt>;
  deleted: Map<string, Tombstone>;
  meta: Map<string, MetaEntry>;
}

/** Whether what is known is what is stored: nobody wrote since, as the stored revision tells. */
function isCurrent(known: Known | undefined, revision: number): known is Known {
  return known !== undefined && revisionOf(known.meta.get(REVISION_KEY)) === revision;
}

const byId = <T extends { id: string }>(records: readonly T[]): Map<string, T> => new Map(records.map((record) => [record.id, record]));

function knownOf(stored: Stored): Known {
  return { vouchers: byId(stored.vouchers), attempts: byId(stored.attempts), deleted: byId(stored.deleted), meta: new Map(stored.meta) };
}

/** Values in the order getAll gives them: by key, strings compared by code unit as IndexedDB does. */
function inKeyOrder<T>(values: Map<string, T>): T[] {
  return [...values].sort(([a], [b]) => byCodePoint(a, b)).map(([, value]) => value);
}

/** The stores as `known` has them, in new lists. */
function storedOf(known: Known): Stored {
  return { vouchers: inKeyOrder(known.vouchers), attempts: inKeyOrder(known.attempts), deleted: inKeyOrder(known.deleted), meta: known.meta };
}

/** One step of a write, replayed on what the connection knows once the write has committed. */
type Change = (known: Known) => void;

/**
 * A record store that notes its changes in `journal`. It remembers a copy of each record taken
 * as IndexedDB takes its own, so what is remembered is what was stored, whatever the caller
 * does with its object later.
 */
function notingRecords<T extends { id: string }>(store: RecordStore<T>, image: (known: Known) => Map<string, T>, journal: Change[]): RecordStore<T> {
  return {
    get: (id) => store.get(id),
    getAll: () => store.getAll(),
    put(record) {
      const stored = store.put(record);
      const copy = structuredClone(record);
      journal.push((known) => image(known).set(copy.id, copy));
      return stored;
    },
    delete(id) {
      journal.push((known) => image(known).delete(id));
      return store.delete(id);
    },
    clear() {
      journal.push((known) => image(known).clear());
      return store.clear();
    },
  };
}

function notingMeta(store: MetaStore, journal: Change[]): MetaStore {
  return {
    get: (key) => store.get(key),
    put(entry, key) {
      const stored = store.put(entry, key);
      const copy = structuredClone(entry);
      journal.push((known) => known.meta.set(key, copy));
      return stored;
    },
    clear() {
      journal.push((known) => known.meta.clear());
      return store.clear();
    },
  };
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
  /** What was stored as of this connection's last read or write; current while the stored revision is its own. */
  private known: Known | undefined;

  constructor(private readonly db: IDBPDatabase<HistorySchema>) {}

  /**
   * Runs a write in one transaction over every store and moves the revision on. Once it has
   * committed, its changes are replayed on what this connection knows if that was still what
   * was stored when it began.
   */
  private async change<T>(work: (stores: Stores) => Promise<T>): Promise<T> {
    const tx = this.db.transaction(ALL_STORES, 'readwrite', STRICT);
    const journal: Change[] = [];
    const attempts = tx.objectStore('attempts');
    const stores: Stores = {
      vouchers: notingRecords(tx.objectStore('vouchers'), (known) => known.vouchers, journal),
      attempts: { ...notingRecords(attempts, (known) => known.attempts, journal), paidWith: (voucher) => attempts.index('byVoucher').getAll(voucher) },
      meta: notingMeta(tx.objectStore('meta'), journal),
      deleted: notingRecords(tx.objectStore('deleted'), (known) => known.deleted, journal),
    };
    const { result, revision } = await commit(tx, async () => {
      const revision = revisionOf(await stores.meta.get(REVISION_KEY));
      const result = await work(stores);
      await stores.meta.put({ revision: revision + 1 }, REVISION_KEY);
      return { result, revision };
    });
    // If another connection wrote meanwhile, nothing is replayed: what this one knows keeps an
    // older revision than the stored one, which only ever grows, so it is never current again.
    const known = this.known;
    if (isCurrent(known, revision)) for (const step of journal) step(known);
    return result;
  }

  /** The whole history, records in the order they were added, tombstones included. */
  async readHistory(): Promise<History> {
    const tx = this.db.transaction(ALL_STORES, 'readonly');
    const stores = { vouchers: tx.objectStore('vouchers'), attempts: tx.objectStore('attempts'), meta: tx.objectStore('meta'), deleted: tx.objectStore('deleted') };
    const revision = revisionOf(await stores.meta.get(REVISION_KEY));
    let history: History;
    if (isCurrent(this.known, revision)) {
      history = assemble(storedOf(this.known));
    } else {
      const stored = await read(stores);
      this.known = knownOf(stored);
      history = assemble(stored);
    }
    await tx.done;
    return history;
  }

  /** Saves a new or edited voucher, stamped with the time of the change. */
  async saveVoucher(voucher: Voucher): Promise<void> {
    await this.change(async (stores) => {
      await stores.vouchers.put({ ...voucher, updatedAt: now() });
      await appendToOrder(stores.meta, 'vouchers', [voucher.id]);
    });
  }

  /** Saves a new or edited attempt, stamped with the time of the change. */
  async saveAttempt(attempt: Attempt): Promise<void> {
    await this.change(async (stores) => {
      await stores.attempts.put({ ...attempt, updatedAt: now() });
      await appendToOrder(stores.meta, 'attempts', [attempt.id]);
    });
  }

  /** Deletes a voucher together with the attempts paid with it, leaving a tombstone for each. */
  async deleteVoucher(id: string): Promise<Removed> {
    return this.change(async (stores) => {
      const voucher = await stores.vouchers.get(id);
      const attempts = await stores.attempts.paidWith(id);
      await stores.vouchers.delete(id);
      for (const attempt of attempts) await stores.attempts.delete(attempt.id);
      const removed = { vouchers: voucher ? [voucher] : [], attempts };
      await this.bury(stores.deleted, removed);
      return removed;
    });
  }

  async deleteAttempt(id: string): Promise<Removed> {
    return this.change(async (stores) => {
      const attempt = await stores.attempts.get(id);
      await stores.attempts.delete(id);
      const removed = { vouchers: [], attempts: attempt ? [attempt] : [] };
      await this.bury(stores.deleted, removed);
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
    await this.change(async (stores) => {
      const tombstones = stores.deleted;
      const restoreList = async <T extends Voucher | Attempt>(list: RecordList, records: readonly T[]): Promise<void> => {
        const store: RecordStore<Voucher | Attempt> = stores[list];
        for (const record of records) {
          const deletedAt = (await tombstones.get(record.id))?.deletedAt;
          const stamp = now();
          // Later than the delete even within the same millisecond.
          const updatedAt = deletedAt !== undefined && deletedAt >= stamp ? new Date(Date.parse(deletedAt) + 1).toISOString() : stamp;
          await store.put({ ...record, updatedAt });
          await tombstones.delete(record.id);
        }
        await appendToOrder(stores.meta, list, records.map((r) => r.id));
      };
      await restoreList('vouchers', removed.vouchers);
      await restoreList('attempts', removed.attempts);
    });
  }

  /** Replaces everything with a (validated) history, tombstones and extra fields included, in one transaction. */
  async replace(history: History): Promise<void> {
    await this.change(async (stores) => {
      await Promise.all(ALL_STORES.map((name) => stores[name].clear()));
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
    return this.change(async (stores) => {
      const local = await readAll(stores);
      const result = mergeHistories(local, incoming);
      const history: History = { ...extrasOf(incoming), ...result.history };
      await writeAll(stores, local, history);
      return { ...result, history };
    });
  }

  /** Deletes everything, tombstones included: nothing is left to link or to export. */
  async clear(): Promise<void> {
    await this.change(async (stores) => {
      await Promise.all(ALL_STORES.map((name) => stores[name].clear()));
    });
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
