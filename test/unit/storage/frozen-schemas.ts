// Frozen copies of every shipped schema version of the history database: the stores that
// version's code created and how it wrote a history into them. These are history, not code
// to keep in step: never edit an entry. When a migration is added, freeze its version here
// (the migration tests fail until it is), so that the next change is tested against it.
import type { IDBPDatabase, IDBPTransaction } from 'idb';

type Database = IDBPDatabase;
type UpgradeTransaction = IDBPTransaction<unknown, string[], 'versionchange'>;

export interface FrozenSchema {
  version: number;
  /** A fresh database as that version created it. */
  create(db: Database, transaction: UpgradeTransaction): void;
  /** Writes the sample history the way that version stored it. */
  write(db: Database): Promise<void>;
}

/** What every frozen version wrote, in the shape of today's history. */
export const SAMPLE = {
  vouchers: [
    { id: 'v2', code: 'SS07-EFGH-5678', offer: 'ms-second-shot-2007', obtainedOn: '2007-10-02' },
    { id: 'v1', code: 'SS07-ABCD-1234', offer: 'ms-second-shot-2007', obtainedOn: '2007-10-01', notes: 'from the training centre' },
  ],
  attempts: [
    { id: 'a1', voucher: 'v1', exam: '70-298', provider: 'prometric', bookedOn: '2007-10-05', takenOn: '2007-11-10', result: 'fail', score: 610 },
    { id: 'a2', exam: 'AZ-900', provider: 'pearson-vue', bookedOn: '2024-01-02', takenOn: '2024-01-20', result: 'pass' },
  ],
  extras: { exportedBy: 'another device' },
  tombstones: [{ id: 'a7', deletedAt: '2007-10-20T10:00:00.000Z' }],
  order: { vouchers: ['v2', 'v1'], attempts: ['a1', 'a2'] },
} as const;

async function putRecords(db: Database): Promise<void> {
  const tx = db.transaction(['vouchers', 'attempts'], 'readwrite');
  for (const voucher of SAMPLE.vouchers) await tx.objectStore('vouchers').put(voucher);
  for (const attempt of SAMPLE.attempts) await tx.objectStore('attempts').put(attempt);
  await tx.done;
}

const version3: FrozenSchema = {
  version: 3,
  create(db) {
    db.createObjectStore('vouchers', { keyPath: 'id' });
    db.createObjectStore('attempts', { keyPath: 'id' }).createIndex('byVoucher', 'voucher');
    db.createObjectStore('meta');
    db.createObjectStore('deleted', { keyPath: 'id' });
  },
  async write(db) {
    await putRecords(db);
    await db.put('meta', { ...SAMPLE.extras }, 'history-extras');
    await db.put('meta', { vouchers: [...SAMPLE.order.vouchers], attempts: [...SAMPLE.order.attempts] }, 'record-order');
    for (const tombstone of SAMPLE.tombstones) await db.put('deleted', { ...tombstone });
  },
};

export const FROZEN_SCHEMAS: readonly FrozenSchema[] = [
  {
    version: 1,
    create(db) {
      db.createObjectStore('vouchers', { keyPath: 'id' });
      db.createObjectStore('attempts', { keyPath: 'id' });
    },
    write: putRecords,
  },
  {
    version: 2,
    create(db) {
      db.createObjectStore('vouchers', { keyPath: 'id' });
      db.createObjectStore('attempts', { keyPath: 'id' }).createIndex('byVoucher', 'voucher');
      db.createObjectStore('meta');
    },
    async write(db) {
      await putRecords(db);
      await db.put('meta', { ...SAMPLE.extras }, 'history-extras');
    },
  },
  version3,
  {
    // The stores of version 3; every write also moves the history's revision on.
    version: 4,
    create: version3.create,
    async write(db) {
      await version3.write(db);
      await db.put('meta', { revision: 1 }, 'revision');
    },
  },
];

/** A database's stores and indexes, comparable between two ways of building it. */
export function describeSchema(db: IDBPDatabase<unknown>): unknown {
  const names = [...db.objectStoreNames].sort();
  if (names.length === 0) return [];
  const tx = db.transaction(names, 'readonly');
  return names.map((name) => {
    const store = tx.objectStore(name);
    const indexes = [...store.indexNames].sort().map((index) => {
      const { keyPath, unique, multiEntry } = store.index(index);
      return { index, keyPath, unique, multiEntry };
    });
    return { name, keyPath: store.keyPath, autoIncrement: store.autoIncrement, indexes };
  });
}
