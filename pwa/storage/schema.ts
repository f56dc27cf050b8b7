// The IndexedDB schema of a candidate's history, and how each past version becomes the
// next. Migrations are append-only: a shipped step is never edited, only followed by a new
// one, so a browser holding any past version upgrades step by step with its data intact.

import type { DBSchema, IDBPDatabase, IDBPTransaction, StoreNames } from 'idb';
import type { Attempt, Tombstone, Voucher } from '../../shared/history/format.ts';

export const DB_NAME = 'second-shot';

/** Top-level fields of an imported history besides the records, kept for a faithful export. */
export const EXTRAS_KEY = 'history-extras';

/** The ids of the records in the order they were added, so a round trip keeps the file's order. */
export const ORDER_KEY = 'record-order';

/**
 * How many writes the history has had: every write moves it on in its own transaction, so a
 * connection whose last read or write left this revision knows what is stored without reading
 * it again. Absent (data stored before it was kept) counts as 0.
 */
export const REVISION_KEY = 'revision';

export interface HistorySchema extends DBSchema {
  vouchers: { key: string; value: Voucher };
  attempts: { key: string; value: Attempt; indexes: { byVoucher: string } };
  meta: { key: string; value: Record<string, unknown> };
  deleted: { key: string; value: Tombstone };
}

export type UpgradeTransaction = IDBPTransaction<HistorySchema, StoreNames<HistorySchema>[], 'versionchange'>;
export type Migration = (db: IDBPDatabase<HistorySchema>, transaction: UpgradeTransaction) => void;

/** MIGRATIONS[n] turns schema version n into version n + 1. Append only. */
export const MIGRATIONS: readonly Migration[] = [
  // 1: one store per record type, keyed by the record's id.
  (db) => {
    db.createObjectStore('vouchers', { keyPath: 'id' });
    db.createObjectStore('attempts', { keyPath: 'id' });
  },
  // 2: attempts found by voucher (deleting a voucher takes its attempts along), and a
  // store for the history's own extra fields so export gives back what was imported.
  (db, transaction) => {
    transaction.objectStore('attempts').createIndex('byVoucher', 'voucher');
    db.createObjectStore('meta');
  },
  // 3: tombstones of deleted records, so a linked copy does not bring them back.
  (db) => {
    db.createObjectStore('deleted', { keyPath: 'id' });
  },
  // 4: no new store, but every write now moves REVISION_KEY on: tabs of earlier versions,
  // which write without moving it, get versionchange and must close before this one opens.
  () => undefined,
];

export const DB_VERSION = MIGRATIONS.length;

/** Runs every migration from `oldVersion` up to `newVersion`, in order, in the upgrade transaction. */
export function migrate(db: IDBPDatabase<HistorySchema>, transaction: UpgradeTransaction, oldVersion: number, newVersion: number): void {
  for (let version = oldVersion; version < newVersion; version++) {
    const step = MIGRATIONS[version];
    if (!step) throw new Error(`no migration from schema version ${version}`);
    step(db, transaction);
  }
}
