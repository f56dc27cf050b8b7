// A candidate's history in IndexedDB. Every write is one transaction with strict
// durability: it lands whole or not at all, so a failed write (quota, closed connection)
// leaves the existing data exactly as it was.

import { type IDBPDatabase, openDB } from 'idb';
import { type Attempt, emptyHistory, type History, type Voucher } from '../history/format.ts';
import { type MergeResult, mergeHistories } from '../link.ts';
import { DB_NAME, DB_VERSION, EXTRAS_KEY, type HistorySchema, migrate } from './schema.ts';

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
const ALL_STORES = ['vouchers', 'attempts', 'meta'] as const;
const STRICT = { durability: 'strict' } as const;

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

  /** The whole history, records in id order (ids are minted in creation order). */
  async readHistory(): Promise<History> {
    const tx = this.db.transaction(ALL_STORES, 'readonly');
    const [vouchers, attempts, extras] = await Promise.all([
      tx.objectStore('vouchers').getAll(),
      tx.objectStore('attempts').getAll(),
      tx.objectStore('meta').get(EXTRAS_KEY),
    ]);
    await tx.done;
    return { ...extras, ...emptyHistory(), vouchers, attempts };
  }

  async saveVoucher(voucher: Voucher): Promise<void> {
    const tx = this.db.transaction('vouchers', 'readwrite', STRICT);
    await commit(tx, () => tx.store.put(voucher));
  }

  async saveAttempt(attempt: Attempt): Promise<void> {
    const tx = this.db.transaction('attempts', 'readwrite', STRICT);
    await commit(tx, () => tx.store.put(attempt));
  }

  /** Deletes a voucher together with the attempts paid with it. */
  async deleteVoucher(id: string): Promise<Removed> {
    const tx = this.db.transaction(RECORD_STORES, 'readwrite', STRICT);
    return commit(tx, async () => {
      const vouchers = tx.objectStore('vouchers');
      const attemptStore = tx.objectStore('attempts');
      const voucher = await vouchers.get(id);
      const attempts = await attemptStore.index('byVoucher').getAll(id);
      await vouchers.delete(id);
      for (const attempt of attempts) await attemptStore.delete(attempt.id);
      return { vouchers: voucher ? [voucher] : [], attempts };
    });
  }

  async deleteAttempt(id: string): Promise<Removed> {
    const tx = this.db.transaction('attempts', 'readwrite', STRICT);
    return commit(tx, async () => {
      const attempt = await tx.store.get(id);
      await tx.store.delete(id);
      return { vouchers: [], attempts: attempt ? [attempt] : [] };
    });
  }

  /** Puts back what a delete removed. */
  async restore(removed: Removed): Promise<void> {
    const tx = this.db.transaction(RECORD_STORES, 'readwrite', STRICT);
    await commit(tx, async () => {
      for (const voucher of removed.vouchers) await tx.objectStore('vouchers').put(voucher);
      for (const attempt of removed.attempts) await tx.objectStore('attempts').put(attempt);
    });
  }

  /** Replaces everything with a (validated) history, in one transaction. */
  async replace(history: History): Promise<void> {
    const tx = this.db.transaction(ALL_STORES, 'readwrite', STRICT);
    const { vouchers, attempts, format: _format, version: _version, ...extras } = history;
    await commit(tx, async () => {
      await Promise.all(ALL_STORES.map((name) => tx.objectStore(name).clear()));
      for (const voucher of vouchers) await tx.objectStore('vouchers').put(voucher);
      for (const attempt of attempts) await tx.objectStore('attempts').put(attempt);
      if (Object.keys(extras).length > 0) await tx.objectStore('meta').put(extras, EXTRAS_KEY);
    });
  }

  /**
   * Merges a (validated) history into the stored one; reading, merging and writing happen
   * in one transaction, so a change made meanwhile in another tab cannot be overwritten.
   */
  async merge(incoming: History): Promise<MergeResult> {
    const tx = this.db.transaction(RECORD_STORES, 'readwrite', STRICT);
    return commit(tx, async () => {
      const vouchers = tx.objectStore('vouchers');
      const attempts = tx.objectStore('attempts');
      const local: History = { ...emptyHistory(), vouchers: await vouchers.getAll(), attempts: await attempts.getAll() };
      const result = mergeHistories(local, incoming);
      const known = new Set([...local.vouchers, ...local.attempts].map((r) => r.id));
      for (const voucher of result.history.vouchers) if (!known.has(voucher.id)) await vouchers.put(voucher);
      for (const attempt of result.history.attempts) if (!known.has(attempt.id)) await attempts.put(attempt);
      return result;
    });
  }

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
