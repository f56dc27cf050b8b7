// A connection answers readHistory from what it last read or wrote while nobody wrote since.
// Whatever it answers must be exactly what a full read of the stores gives: a fresh connection
// (which knows nothing yet) is the judge after every step.
import 'fake-indexeddb/auto';
import fc from 'fast-check';
import { openDB } from 'idb';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ATTEMPT_RESULTS, type Attempt, emptyHistory, type History, type Tombstone, type Voucher } from '../../../shared/history/format.ts';
import { type HistoryStore, openHistoryStore, type Removed } from '../../../pwa/storage/history-store.ts';
import { DB_VERSION, type HistorySchema, migrate, ORDER_KEY } from '../../../pwa/storage/schema.ts';

let counter = 0;
const freshName = (): string => `known-${++counter}-${Math.random().toString(36).slice(2)}`;

/** What a connection that knows nothing yet reads. */
async function fullRead(name: string): Promise<History> {
  const judge = await openHistoryStore({}, name);
  try {
    return await judge.readHistory();
  } finally {
    judge.close();
  }
}

/** Counts the reads of whole record stores, the cost a known history saves. */
function countRecordReads(): { readonly count: number } {
  const spy = vi.spyOn(IDBObjectStore.prototype, 'getAll');
  return {
    get count() {
      return spy.mock.calls.length;
    },
  };
}

afterEach(() => {
  vi.restoreAllMocks();
});

const voucher: Voucher = { id: 'v1', code: 'SS07-ABCD-1234', offer: 'ms-second-shot-2007', obtainedOn: '2007-10-01' };
const attempt: Attempt = { id: 'a1', voucher: 'v1', exam: '70-298', provider: 'prometric', bookedOn: '2007-10-05', takenOn: '2007-11-10', result: 'fail' };
const other: Voucher = { ...voucher, id: 'v2', code: 'SS07-EFGH-5678' };

describe('the history a connection knows', () => {
  it('after its own write, a read answers without reading the records again, and unchanged records keep their objects', async () => {
    const store = await openHistoryStore({}, freshName());
    await store.replace({ ...emptyHistory(), vouchers: [voucher, other], attempts: [attempt] });
    const before = await store.readHistory();
    const reads = countRecordReads();
    await store.deleteAttempt('a1');
    const after = await store.readHistory();
    expect(reads.count).toBe(0);
    expect(after.vouchers[0]).toBe(before.vouchers[0]);
    expect(after.vouchers[1]).toBe(before.vouchers[1]);
    expect(after.attempts).toEqual([]);
    expect(after.deleted?.map((t) => t.id)).toEqual(['a1']);
    store.close();
  });

  it('a write through another connection (another tab) is seen at the next read', async () => {
    const name = freshName();
    const store = await openHistoryStore({}, name);
    const tab = await openHistoryStore({}, name);
    await store.saveVoucher(voucher);
    expect((await store.readHistory()).vouchers.map((v) => v.id)).toEqual(['v1']);
    await tab.saveVoucher(other);
    expect((await store.readHistory()).vouchers.map((v) => v.id)).toEqual(['v1', 'v2']);
    // Writing on top of a stale history does not make it current.
    await tab.deleteVoucher('v1');
    await store.saveAttempt({ ...attempt, voucher: 'v2' });
    expect(await store.readHistory()).toStrictEqual(await fullRead(name));
    store.close();
    tab.close();
  });

  it('a caller changing the history it was given, or the record it saved, changes nothing the next read answers', async () => {
    const name = freshName();
    const store = await openHistoryStore({}, name);
    await store.replace({ ...emptyHistory(), vouchers: [voucher], attempts: [attempt], exportedBy: 'another device' });
    const saved: Voucher = { ...other, extra: { kept: true } };
    await store.saveVoucher(saved);
    (saved['extra'] as { kept: boolean }).kept = false;
    await store.deleteAttempt('a1');
    const given = await store.readHistory();
    given.vouchers.pop();
    given.attempts.push(attempt);
    given.deleted?.splice(0);
    given['exportedBy'] = 'changed';
    const again = await store.readHistory();
    expect(again).toStrictEqual(await fullRead(name));
    expect(again.vouchers[1]?.['extra']).toEqual({ kept: true });
    expect(again['exportedBy']).toBe('another device');
    store.close();
  });

  it('a failed write changes nothing it knows', async () => {
    const name = freshName();
    const store = await openHistoryStore({}, name);
    await store.saveVoucher(voucher);
    const before = await store.readHistory();
    const reads = countRecordReads();
    await expect(store.saveVoucher({ ...other, bad: () => 1 })).rejects.toThrow();
    await expect(store.replace({ ...emptyHistory(), vouchers: [other, { ...voucher, bad: () => 1 }] })).rejects.toThrow();
    expect(await store.readHistory()).toStrictEqual(before);
    expect(reads.count).toBe(0);
    expect(before).toStrictEqual(await fullRead(name));
    store.close();
  });
});

// The property: random writes through two connections to one database, each followed by reads;
// every read equals a full read, and reads the records again exactly when the other wrote.
const VOUCHER_IDS = ['v1', 'v2', 'v3'];
const ATTEMPT_IDS = ['a1', 'a2', 'a3', 'v1'];
const STAMPS = ['2007-10-20T10:00:00.000Z', '2007-11-11T09:00:00.000Z', '2030-01-01T00:00:00.000Z'];

const voucherArb: fc.Arbitrary<Voucher> = fc.record(
  {
    id: fc.constantFrom(...VOUCHER_IDS),
    code: fc.constantFrom('SS07-ABCD-1234', 'SS07-EFGH-5678'),
    offer: fc.constant('ms-second-shot-2007'),
    obtainedOn: fc.constantFrom('2007-10-01', '2007-10-02'),
    notes: fc.string({ maxLength: 3 }),
    updatedAt: fc.constantFrom(...STAMPS),
  },
  { requiredKeys: ['id', 'code', 'offer', 'obtainedOn'] },
);
const attemptArb: fc.Arbitrary<Attempt> = fc.record(
  {
    id: fc.constantFrom(...ATTEMPT_IDS),
    voucher: fc.constantFrom(...VOUCHER_IDS),
    exam: fc.constantFrom('70-298', 'AZ-900'),
    provider: fc.constant('prometric'),
    bookedOn: fc.constant('2007-10-05'),
    takenOn: fc.constantFrom('2007-11-10', '2007-11-20'),
    result: fc.constantFrom(...ATTEMPT_RESULTS),
    updatedAt: fc.constantFrom(...STAMPS),
  },
  { requiredKeys: ['id', 'exam', 'provider', 'bookedOn', 'takenOn', 'result'] },
);
const tombstoneArb: fc.Arbitrary<Tombstone> = fc.record({ id: fc.constantFrom(...VOUCHER_IDS, ...ATTEMPT_IDS), deletedAt: fc.constantFrom(...STAMPS) });
const historyArb: fc.Arbitrary<History> = fc
  .record({
    vouchers: fc.uniqueArray(voucherArb, { selector: (v) => v.id, maxLength: 3 }),
    attempts: fc.uniqueArray(attemptArb, { selector: (a) => a.id, maxLength: 3 }),
    deleted: fc.uniqueArray(tombstoneArb, { selector: (t) => t.id, maxLength: 2 }),
    extras: fc.option(fc.record({ exportedBy: fc.constantFrom('another device', 'the extension') }), { nil: undefined }),
  })
  .map(({ vouchers, attempts, deleted, extras }) => ({ ...extras, ...emptyHistory(), vouchers, attempts, ...(deleted.length > 0 ? { deleted } : {}) }));

type Write =
  | { kind: 'saveVoucher'; voucher: Voucher }
  | { kind: 'saveAttempt'; attempt: Attempt }
  | { kind: 'deleteVoucher' | 'deleteAttempt'; id: string }
  | { kind: 'restore'; pick: number }
  | { kind: 'replace' | 'merge'; history: History }
  | { kind: 'clear' }
  | { kind: 'failedSave'; voucher: Voucher };

const writeArb: fc.Arbitrary<Write> = fc.oneof(
  voucherArb.map((voucher) => ({ kind: 'saveVoucher' as const, voucher })),
  attemptArb.map((attempt) => ({ kind: 'saveAttempt' as const, attempt })),
  fc.constantFrom(...VOUCHER_IDS).map((id) => ({ kind: 'deleteVoucher' as const, id })),
  fc.constantFrom(...ATTEMPT_IDS).map((id) => ({ kind: 'deleteAttempt' as const, id })),
  fc.nat().map((pick) => ({ kind: 'restore' as const, pick })),
  historyArb.map((history) => ({ kind: 'replace' as const, history })),
  historyArb.map((history) => ({ kind: 'merge' as const, history })),
  fc.constant({ kind: 'clear' as const }),
  voucherArb.map((voucher) => ({ kind: 'failedSave' as const, voucher })),
);

const stepArb = fc.record({
  write: writeArb,
  /** Which connection writes: 0 or 1. */
  by: fc.constantFrom(0, 1),
  /** Which connections read afterwards: a connection that skips reads writes on what it knew. */
  readers: fc.subarray([0, 1]),
});

/**
 * Records stored before this version: no revision, and (as schema 2 left them) records the
 * order does not list, which a read puts after the listed ones, in key order.
 */
const oldDataArb = fc.record({ vouchers: fc.uniqueArray(voucherArb, { selector: (v) => v.id, maxLength: 3 }), listed: fc.subarray(VOUCHER_IDS) });

async function writeOldData(name: string, { vouchers, listed }: { vouchers: Voucher[]; listed: string[] }): Promise<void> {
  const db = await openDB<HistorySchema>(name, DB_VERSION, { upgrade: (database, from, to, tx) => migrate(database, tx, from, to ?? DB_VERSION) });
  for (const record of vouchers) await db.put('vouchers', record);
  await db.put('meta', { vouchers: listed, attempts: [] }, ORDER_KEY);
  db.close();
}

/** Runs one write; answers whether it wrote anything. */
async function run(store: HistoryStore, write: Write, removals: Removed[]): Promise<boolean> {
  switch (write.kind) {
    case 'saveVoucher':
      return store.saveVoucher(write.voucher).then(() => true);
    case 'saveAttempt':
      return store.saveAttempt(write.attempt).then(() => true);
    case 'deleteVoucher':
    case 'deleteAttempt':
      removals.push(await store[write.kind](write.id));
      return true;
    case 'restore': {
      const removed = removals[write.pick % Math.max(1, removals.length)];
      if (removed) await store.restore(removed);
      return removed !== undefined;
    }
    case 'replace':
      return store.replace(write.history).then(() => true);
    case 'merge':
      return store.merge(write.history).then(() => true);
    case 'clear':
      return store.clear().then(() => true);
    case 'failedSave':
      await expect(store.saveVoucher({ ...write.voucher, bad: () => 1 })).rejects.toThrow();
      return false;
  }
}

describe('the history a connection knows, against full reads', () => {
  it('equals what is stored after any writes through either of two connections, and reads the records again only after the other wrote', async () => {
    await fc.assert(
      fc.asyncProperty(fc.option(oldDataArb, { nil: undefined }), fc.array(stepArb, { minLength: 1, maxLength: 10 }), async (old, steps) => {
        const name = freshName();
        if (old) await writeOldData(name, old);
        const connections = [await openHistoryStore({}, name), await openHistoryStore({}, name)];
        const reads = countRecordReads();
        try {
          // Whether each connection's last read or write left it knowing what is stored.
          const current = [false, false];
          const removals: Removed[] = [];
          for (const { write, by, readers } of steps) {
            const writer = connections[by];
            if (!writer) throw new Error(`no connection ${by}`);
            if (await run(writer, write, removals)) current[1 - by] = false;
            const stored = await fullRead(name);
            for (const reader of readers) {
              const before = reads.count;
              expect(await connections[reader]?.readHistory()).toStrictEqual(stored);
              expect(reads.count > before).toBe(!current[reader]);
              current[reader] = true;
            }
          }
        } finally {
          for (const connection of connections) connection.close();
          vi.restoreAllMocks();
        }
      }),
      { numRuns: 150 },
    );
  });
});
