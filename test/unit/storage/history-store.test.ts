import 'fake-indexeddb/auto';
import { type IDBPDatabase, openDB } from 'idb';
import { describe, expect, it } from 'vitest';
import { type Attempt, emptyHistory, type History, type Voucher } from '../../../shared/history/format.ts';
import { openHistoryStore } from '../../../pwa/storage/history-store.ts';
import { DB_VERSION, type HistorySchema, migrate } from '../../../pwa/storage/schema.ts';
import { describeSchema, FROZEN_SCHEMAS, SAMPLE } from './frozen-schemas.ts';

let counter = 0;
const freshName = (): string => `test-${++counter}-${Math.random().toString(36).slice(2)}`;

const voucher: Voucher = { id: 'v1', code: 'SS07-ABCD-1234', offer: 'ms-second-shot-2007', obtainedOn: '2007-10-01', notes: 'from the training centre' };
const attempt: Attempt = { id: 'a1', voucher: 'v1', exam: '70-298', provider: 'prometric', bookedOn: '2007-10-05', takenOn: '2007-11-10', result: 'fail', score: 610 };
const paid: Attempt = { id: 'a2', exam: 'AZ-900', provider: 'pearson-vue', bookedOn: '2024-01-02', takenOn: '2024-01-20', result: 'pass' };

function historyOf(vouchers: Voucher[], attempts: Attempt[]): History {
  return { ...emptyHistory(), vouchers, attempts };
}

/** The records as the user entered them, without the stamps the store adds. */
function unstamped(history: History): History {
  const { deleted: _deleted, ...rest } = history;
  const strip = <T extends Voucher | Attempt>(record: T): T => {
    const { updatedAt: _stamp, ...fields } = record;
    return fields as T;
  };
  return { ...rest, vouchers: history.vouchers.map(strip), attempts: history.attempts.map(strip) };
}

describe('history store', () => {
  it('saves and reads back vouchers and attempts, unknown fields included, each stamped with when it changed', async () => {
    const store = await openHistoryStore({}, freshName());
    const before = new Date().toISOString();
    await store.saveVoucher({ ...voucher, extra: { kept: true } });
    await store.saveAttempt(attempt);
    const saved = await store.readHistory();
    expect(unstamped(saved)).toEqual(historyOf([{ ...voucher, extra: { kept: true } }], [attempt]));
    const stamps = [...saved.vouchers, ...saved.attempts].map((r) => r.updatedAt ?? '');
    for (const stamp of stamps) expect(stamp >= before && stamp <= new Date().toISOString()).toBe(true);
    // An edit is stamped again: a linked copy of the older version loses to it.
    const firstStamp = saved.attempts[0]?.updatedAt ?? '';
    await new Promise((resolve) => setTimeout(resolve, 2));
    await store.saveAttempt({ ...attempt, result: 'pass', updatedAt: firstStamp });
    expect(((await store.readHistory()).attempts[0]?.updatedAt ?? '') > firstStamp).toBe(true);
    store.close();
  });

  it('deletes a voucher with its attempts, leaving a tombstone for each, and undo puts them back without the tombstones', async () => {
    const store = await openHistoryStore({}, freshName());
    await store.replace(historyOf([voucher], [attempt, paid]));
    const removed = await store.deleteVoucher('v1');
    expect(removed).toEqual({ vouchers: [voucher], attempts: [attempt] });
    const afterDelete = await store.readHistory();
    expect(unstamped(afterDelete)).toEqual(historyOf([], [paid]));
    expect(afterDelete.deleted?.map((t) => t.id).sort()).toEqual(['a1', 'v1']);
    await store.restore(removed);
    const restored = await store.readHistory();
    expect(unstamped(restored)).toEqual(historyOf([voucher], [attempt, paid]));
    expect(restored.deleted).toBeUndefined();
    // Stamped after the delete, so a linked side holding the tombstone takes the records back.
    const deletedAt = afterDelete.deleted?.[0]?.deletedAt ?? '';
    expect((restored.vouchers[0]?.updatedAt ?? '') > deletedAt).toBe(true);
    expect((restored.attempts[0]?.updatedAt ?? '') > deletedAt).toBe(true);
    store.close();
  });

  it('deleting an attempt leaves its tombstone; delete all clears tombstones too', async () => {
    const store = await openHistoryStore({}, freshName());
    await store.replace(historyOf([voucher], [attempt, paid]));
    await store.deleteAttempt('a2');
    expect((await store.readHistory()).deleted?.map((t) => t.id)).toEqual(['a2']);
    await store.clear();
    expect(await store.readHistory()).toEqual(emptyHistory());
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

  it('merge writes the whole result: newer versions, deletes, the union of tombstones and the file\'s extra fields', async () => {
    const store = await openHistoryStore({}, freshName());
    const scheduled: Attempt = { ...attempt, result: 'scheduled', updatedAt: '2007-11-01T10:00:00.000Z' };
    const other: Voucher = { ...voucher, id: 'v2', code: 'SS07-EFGH-5678' };
    await store.replace({ ...historyOf([voucher, other], [scheduled, paid]), deleted: [{ id: 'a7', deletedAt: '2007-10-20T10:00:00.000Z' }] });
    const failed: Attempt = { ...attempt, result: 'fail', updatedAt: '2007-11-10T18:00:00.000Z' };
    const incoming: History = {
      ...historyOf([voucher], [failed]),
      deleted: [{ id: 'v2', deletedAt: '2007-11-11T09:00:00.000Z' }, { id: 'a2', deletedAt: '2007-11-11T09:00:00.000Z' }],
      exportedBy: 'the extension',
    };
    const result = await store.merge(incoming);
    expect(result).toMatchObject({ added: 0, updated: 1, removed: 2, conflicts: [] });
    const stored = await store.readHistory();
    expect(stored).toEqual(result.history);
    expect(stored.vouchers).toEqual([voucher]);
    expect(stored.attempts).toEqual([failed]);
    expect(stored.deleted?.map((t) => t.id).sort()).toEqual(['a2', 'a7', 'v2']);
    expect(stored['exportedBy']).toBe('the extension');
    // The same file again changes nothing.
    const again = await store.merge(incoming);
    expect(again).toMatchObject({ added: 0, updated: 0, removed: 0 });
    expect(await store.readHistory()).toEqual(stored);
    store.close();
  });

  it('keeps records in the order they were added, so export, import, export gives the same file', async () => {
    const store = await openHistoryStore({}, freshName());
    const ids = ['v2', 'v10', 'v1'];
    const file = historyOf(ids.map((id, n) => ({ ...voucher, id, code: `SS07-ABCD-000${n}` })), [{ ...attempt, id: 'a10', voucher: 'v2' }, { ...attempt, id: 'a9', voucher: 'v10' }]);
    await store.replace(file);
    const exported = await store.readHistory();
    expect(exported).toEqual(file);
    await store.replace(exported);
    expect(await store.readHistory()).toEqual(file);
    await store.saveVoucher({ ...voucher, id: 'v0', code: 'SS07-ABCD-0009' });
    await store.merge(historyOf([{ ...voucher, id: 'v00', code: 'SS07-ABCD-0010' }], []));
    expect((await store.readHistory()).vouchers.map((v) => v.id)).toEqual(['v2', 'v10', 'v1', 'v0', 'v00']);
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
    await expect.poll(() => blocked).toBe(1);
    old.close();
    const store = await opening;
    expect(await store.readHistory()).toEqual(emptyHistory());
    store.close();
  });
});

describe('schema migrations', () => {
  it('every shipped schema version has a frozen copy to upgrade from', () => {
    // Adding a migration without freezing its version here would leave the next one untested.
    expect(FROZEN_SCHEMAS.map((frozen) => frozen.version)).toEqual(Array.from({ length: DB_VERSION }, (_, n) => n + 1));
  });

  for (const frozen of FROZEN_SCHEMAS) {
    it(`build schema version ${frozen.version} exactly as that version did (a shipped migration is never edited)`, async () => {
      const today = await openDB<HistorySchema>(freshName(), frozen.version, { upgrade: (db, from, _to, tx) => migrate(db, tx, from, frozen.version) });
      const then = await openDB(freshName(), frozen.version, { upgrade: (db, _from, _to, tx) => frozen.create(db, tx) });
      expect(describeSchema(today as unknown as IDBPDatabase)).toEqual(describeSchema(then));
      today.close();
      then.close();
    });
  }

  for (const frozen of FROZEN_SCHEMAS.filter((f) => f.version < DB_VERSION)) {
    it(`upgrade a database written by schema version ${frozen.version} with every record intact`, async () => {
      const name = freshName();
      const old = await openDB(name, frozen.version, { upgrade: (db, _from, _to, tx) => frozen.create(db, tx) });
      await frozen.write(old);
      old.close();

      const store = await openHistoryStore({}, name);
      const upgraded = await store.readHistory();
      // What that version held, nothing lost: extras from schema 2, the kept order and
      // tombstones from schema 3; before the order was kept, records come in key order.
      const byId = <T extends { id: string }>(records: readonly T[]): T[] => [...records].sort((a, b) => (a.id < b.id ? -1 : 1));
      const expected: History = {
        ...(frozen.version >= 2 ? SAMPLE.extras : {}),
        ...historyOf(
          (frozen.version >= 3 ? [...SAMPLE.vouchers] : byId(SAMPLE.vouchers)) as Voucher[],
          (frozen.version >= 3 ? [...SAMPLE.attempts] : byId(SAMPLE.attempts)) as Attempt[],
        ),
      };
      if (frozen.version >= 3) expected.deleted = [...SAMPLE.tombstones];
      expect(upgraded).toEqual(expected);
      // The new schema's features work on upgraded data: a delete leaves tombstones, undo drops them.
      const removed = await store.deleteVoucher('v1');
      expect(removed.attempts.map((a) => a.id)).toEqual(['a1']);
      expect((await store.readHistory()).deleted?.map((t) => t.id).sort()).toEqual(['a1', 'v1', ...(frozen.version >= 3 ? ['a7'] : [])].sort());
      await store.restore(removed);
      expect(unstamped(await store.readHistory()).vouchers.map((v) => v.id).sort()).toEqual(['v1', 'v2']);
      store.close();
    });
  }
});
