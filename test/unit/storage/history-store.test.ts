import 'fake-indexeddb/auto';
import { openDB } from 'idb';
import { describe, expect, it } from 'vitest';
import { type Attempt, emptyHistory, type History, type Voucher } from '../../../shared/history/format.ts';
import { openHistoryStore } from '../../../shared/storage/history-store.ts';
import { DB_VERSION, type HistorySchema, MIGRATIONS, migrate } from '../../../shared/storage/schema.ts';

let counter = 0;
const freshName = (): string => `test-${++counter}-${Math.random().toString(36).slice(2)}`;

const voucher: Voucher = { id: 'v1', code: 'SS07-ABCD-1234', offer: 'ms-second-shot-2007', obtainedOn: '2007-10-01', notes: 'from the training centre' };
const attempt: Attempt = { id: 'a1', voucher: 'v1', exam: '70-298', provider: 'prometric', bookedOn: '2007-10-05', takenOn: '2007-11-10', result: 'fail', score: 610 };
const paid: Attempt = { id: 'a2', exam: 'AZ-900', provider: 'pearson-vue', bookedOn: '2024-01-02', takenOn: '2024-01-20', result: 'pass' };

function historyOf(vouchers: Voucher[], attempts: Attempt[]): History {
  return { ...emptyHistory(), vouchers, attempts };
}

describe('history store', () => {
  it('saves and reads back vouchers and attempts, unknown fields included', async () => {
    const store = await openHistoryStore({}, freshName());
    await store.saveVoucher({ ...voucher, extra: { kept: true } });
    await store.saveAttempt(attempt);
    expect(await store.readHistory()).toEqual(historyOf([{ ...voucher, extra: { kept: true } }], [attempt]));
    store.close();
  });

  it('deletes a voucher with its attempts and restores them exactly on undo', async () => {
    const store = await openHistoryStore({}, freshName());
    await store.replace(historyOf([voucher], [attempt, paid]));
    const removed = await store.deleteVoucher('v1');
    expect(removed).toEqual({ vouchers: [voucher], attempts: [attempt] });
    expect(await store.readHistory()).toEqual(historyOf([], [paid]));
    await store.restore(removed);
    expect(await store.readHistory()).toEqual(historyOf([voucher], [attempt, paid]));
    store.close();
  });

  it('replace keeps the history file\'s own extra fields for a faithful export', async () => {
    const store = await openHistoryStore({}, freshName());
    const imported = { ...historyOf([voucher], [attempt]), exportedBy: 'another device' };
    await store.replace(imported);
    expect(await store.readHistory()).toEqual(imported);
    await store.clear();
    expect(await store.readHistory()).toEqual(emptyHistory());
    store.close();
  });

  it('merges in one transaction, keeping both versions of a conflicting record', async () => {
    const store = await openHistoryStore({}, freshName());
    await store.replace(historyOf([voucher], [attempt]));
    const changed: Attempt = { ...attempt, result: 'no-show' };
    const result = await store.merge(historyOf([voucher], [changed, paid]));
    expect(result.conflicts).toEqual([{ kind: 'attempt', id: 'a1', keptAs: 'a1-2' }]);
    const stored = await store.readHistory();
    expect(stored.attempts).toEqual([attempt, { ...changed, id: 'a1-2' }, paid]);
    store.close();
  });

  it('a failed write changes nothing and the data stays readable', async () => {
    const store = await openHistoryStore({}, freshName());
    await store.replace(historyOf([voucher], [attempt]));
    // A function cannot be stored: the whole replace transaction must abort.
    const broken = { ...historyOf([{ ...voucher, id: 'v2' }], []), vouchers: [{ ...voucher, id: 'v2' }, { ...voucher, id: 'v3', bad: () => 1 }] };
    await expect(store.replace(broken)).rejects.toThrow();
    expect(await store.readHistory()).toEqual(historyOf([voucher], [attempt]));
    store.close();
  });

  it('closes its connection and reports when another tab opens a newer schema', async () => {
    const name = freshName();
    let blocking = 0;
    const store = await openHistoryStore({ onBlocking: () => blocking++ }, name);
    await store.saveVoucher(voucher);
    // A newer version of the app in another tab: it must not hang.
    const newer = await openDB(name, DB_VERSION + 1);
    expect(blocking).toBe(1);
    expect(newer.version).toBe(DB_VERSION + 1);
    newer.close();
  });

  it('reports being blocked while an older connection stays open', async () => {
    const name = freshName();
    const old = await openDB<HistorySchema>(name, 1, { upgrade: (db, from, to, tx) => migrate(db, tx, from, to ?? 1) });
    let blocked = 0;
    const opening = openHistoryStore({ onBlocked: () => blocked++ }, name);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(blocked).toBe(1);
    old.close();
    const store = await opening;
    expect(await store.readHistory()).toEqual(emptyHistory());
    store.close();
  });
});

describe('schema migrations', () => {
  it('are numbered from 1 with no gaps', () => {
    expect(DB_VERSION).toBe(MIGRATIONS.length);
    expect(DB_VERSION).toBeGreaterThanOrEqual(2);
  });

  for (let past = 1; past < DB_VERSION; past++) {
    it(`upgrade a database left at schema version ${past} with every record intact`, async () => {
      const name = freshName();
      const old = await openDB<HistorySchema>(name, past, { upgrade: (db, from, _to, tx) => migrate(db, tx, from, past) });
      // Written the way that version wrote: plain puts into its stores.
      const tx = old.transaction(['vouchers', 'attempts'], 'readwrite');
      await tx.objectStore('vouchers').put(voucher);
      await tx.objectStore('attempts').put(attempt);
      await tx.objectStore('attempts').put(paid);
      await tx.done;
      old.close();

      const store = await openHistoryStore({}, name);
      expect(await store.readHistory()).toEqual(historyOf([voucher], [attempt, paid]));
      // The new schema's features work on upgraded data.
      expect(await store.deleteVoucher('v1')).toEqual({ vouchers: [voucher], attempts: [attempt] });
      store.close();
    });
  }
});
