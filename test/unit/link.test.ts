// Linking never drops a record, and two linked sides settle: merging what is already held
// adds nothing, even after a conflict kept both versions under different ids.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Attempt, History, Voucher } from '../../shared/history/format.ts';
import { validateHistory } from '../../shared/history/validate.ts';
import { asOfIn, linkMessage, mergeChanged, mergeHistories, paired, parseLinkMessage, withAsOf } from '../../shared/link.ts';
import { history, shippedRuleSet } from '../support/rules.ts';

const HERE = { id: 'v3', code: 'SS07-HERE-0001', offer: 'ms-second-shot-2007', obtainedOn: '2007-10-03' };
const THERE = { id: 'v3', code: 'SS07-PWA0-0002', offer: 'ms-second-shot-2007', obtainedOn: '2007-10-04' };
const attempt = (id: string, voucher: string): Attempt => ({ id, voucher, exam: '70-298', provider: 'prometric', bookedOn: '2007-10-05', takenOn: '2007-11-10', result: 'fail' });

/** A history's records as content, ids aside: what the user would call "the same records". */
function records(h: History): string[] {
  const code = new Map(h.vouchers.map((v) => [v.id, v.code]));
  return [...h.vouchers.map((v) => `voucher ${v.code}`), ...h.attempts.map((a) => `attempt ${a.exam} ${a.takenOn} ${a.result} with ${code.get(a.voucher ?? '') ?? 'no voucher'}`)].sort();
}

describe('mergeHistories', () => {
  it('keeps both versions of a conflicting record, and its attempts follow it', () => {
    const { history: merged, conflicts, added } = mergeHistories(history({ vouchers: [HERE] }), history({ vouchers: [THERE], attempts: [attempt('a9', 'v3')] }));
    expect(merged.vouchers.map((v) => `${v.id} ${v.code}`)).toEqual(['v3 SS07-HERE-0001', 'v3-2 SS07-PWA0-0002']);
    expect(merged.attempts.map((a) => a.voucher)).toEqual(['v3-2']);
    expect(conflicts).toEqual([{ kind: 'voucher', id: 'v3', keptAs: 'v3-2' }]);
    expect(added).toBe(2);
  });

  it('keeps a third version of a record under the next free id', () => {
    const third = { ...THERE, code: 'SS07-EXT0-0003' };
    const { history: merged, conflicts } = mergeHistories(history({ vouchers: [HERE, { ...THERE, id: 'v3-2' }] }), history({ vouchers: [third] }));
    expect(merged.vouchers.map((v) => `${v.id} ${v.code}`)).toEqual(['v3 SS07-HERE-0001', 'v3-2 SS07-PWA0-0002', 'v3-3 SS07-EXT0-0003']);
    expect(conflicts).toEqual([{ kind: 'voucher', id: 'v3', keptAs: 'v3-3' }]);
  });

  it('carries an edit across: the later version replaces the earlier, with no conflict', () => {
    const booked = { ...attempt('a1', 'v1'), result: 'scheduled' as const };
    const failed = { ...attempt('a1', 'v1'), updatedAt: '2007-11-10T18:00:00.000Z' };
    const voucher = { ...HERE, id: 'v1' };
    let extension = history({ vouchers: [voucher], attempts: [booked] });
    let pwa = history({ vouchers: [voucher], attempts: [failed] });
    const toExtension = mergeHistories(extension, pwa);
    expect(toExtension).toMatchObject({ added: 0, updated: 1, removed: 0, conflicts: [] });
    // An edit alone is a change: the side that took it saves it and passes it on.
    expect(mergeChanged(toExtension)).toBe(true);
    extension = toExtension.history;
    expect(extension.attempts).toEqual([failed]);
    const back = mergeHistories(pwa, extension);
    expect(mergeChanged(back)).toBe(false);
    // An older copy arriving late changes nothing.
    pwa = mergeHistories(pwa, history({ vouchers: [voucher], attempts: [booked] })).history;
    expect(pwa.attempts).toEqual([failed]);
  });

  it('carries a delete across, and the deleted record does not come back', () => {
    const voucher = { ...HERE, id: 'v1' };
    const other = { ...THERE, id: 'v2' };
    const extension = history({ vouchers: [voucher, other], attempts: [attempt('a1', 'v1')] });
    const pwa = history({ vouchers: [voucher], attempts: [], deleted: [{ id: 'a1', deletedAt: '2007-11-11T09:00:00.000Z' }, { id: 'v2', deletedAt: '2007-11-11T09:00:00.000Z' }] });
    const merged = mergeHistories(extension, pwa);
    expect(merged).toMatchObject({ added: 0, updated: 0, removed: 2 });
    expect(mergeChanged(merged)).toBe(true);
    expect(merged.history.attempts).toEqual([]);
    expect(merged.history.vouchers.map((v) => v.id)).toEqual(['v1']);
    expect(mergeChanged(mergeHistories(pwa, merged.history))).toBe(false);
    expect(mergeHistories(pwa, extension).history.vouchers.map((v) => v.id)).toEqual(['v1']);
  });

  it('keeps a record changed after it was deleted elsewhere, and a voucher that still has attempts', () => {
    const voucher = { ...HERE, id: 'v1' };
    const editedLater = { ...attempt('a1', 'v1'), updatedAt: '2007-11-12T09:00:00.000Z' };
    const local = history({ vouchers: [voucher], attempts: [editedLater] });
    const incoming = history({ vouchers: [], attempts: [], deleted: [{ id: 'a1', deletedAt: '2007-11-11T09:00:00.000Z' }, { id: 'v1', deletedAt: '2007-11-11T09:00:00.000Z' }] });
    const merged = mergeHistories(local, incoming);
    expect(merged.history.attempts).toEqual([editedLater]);
    expect(merged.history.vouchers).toEqual([voucher]);
    expect(validateHistory(merged.history, shippedRuleSet()).ok).toBe(true);
  });

  it('settles after a conflict: each side recognises its copy under the other id', () => {
    let extension = history({ vouchers: [HERE] });
    let pwa = history({ vouchers: [THERE], attempts: [attempt('a9', 'v3')] });
    for (let round = 0; round < 4; round++) {
      extension = mergeHistories(extension, pwa).history;
      pwa = mergeHistories(pwa, extension).history;
    }
    expect(extension.vouchers).toHaveLength(2);
    expect(pwa.vouchers).toHaveLength(2);
    expect(records(pwa)).toEqual(records(extension));
    expect(mergeHistories(extension, pwa).added).toBe(0);
    expect(mergeHistories(pwa, extension).added).toBe(0);
  });

  it('never loses a record and always settles, whatever the two sides hold', () => {
    const voucher = fc.record({ id: fc.constantFrom('v1', 'v2', 'v3'), code: fc.constantFrom('SS07-AAAA-0001', 'SS07-BBBB-0002', 'SS07-CCCC-0003'), offer: fc.constant('ms-second-shot-2007'), obtainedOn: fc.constantFrom('2007-10-01', '2007-10-02') });
    const side = fc.record({
      vouchers: fc.uniqueArray(voucher, { selector: (v) => v.id, maxLength: 3 }),
      attempts: fc.uniqueArray(fc.record({ id: fc.constantFrom('a1', 'a2'), voucher: fc.constantFrom('v1', 'v2', 'v3'), result: fc.constantFrom('fail' as const, 'pass' as const) }), { selector: (a) => a.id, maxLength: 2 }),
    });
    fc.assert(
      fc.property(side, side, (a, b) => {
        const build = (s: typeof a): History => {
          const ids = new Set(s.vouchers.map((v: Voucher) => v.id));
          return history({ vouchers: s.vouchers, attempts: s.attempts.filter((t) => ids.has(t.voucher)).map((t) => ({ ...attempt(t.id, t.voucher), result: t.result })) });
        };
        let left = build(a);
        let right = build(b);
        const before = new Set([...records(left), ...records(right)]);
        left = mergeHistories(left, right).history;
        right = mergeHistories(right, left).history;
        expect(new Set(records(left))).toEqual(before);
        expect(new Set(records(right))).toEqual(before);
        expect(mergeChanged(mergeHistories(left, right))).toBe(false);
        expect(mergeChanged(mergeHistories(right, left))).toBe(false);
        expect(validateHistory(left, shippedRuleSet()).ok).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});

describe('two sides edited apart', () => {
  const base = () => history({
    vouchers: [{ ...HERE, id: 'v1' }, { ...THERE, id: 'v2' }],
    attempts: [{ ...attempt('a1', 'v1'), result: 'scheduled' }, { ...attempt('a2', 'v2'), result: 'scheduled' }],
  });
  const op = fc.record({ kind: fc.constantFrom('edit', 'delete', 'add'), target: fc.constantFrom('a1', 'a2'), result: fc.constantFrom('fail' as const, 'pass' as const, 'no-show' as const) });

  function apply(h: History, ops: Array<{ kind: string; target: string; result: Attempt['result'] }>, side: string, clock: () => string): History {
    let next = structuredClone(h);
    ops.forEach((o, n) => {
      const at = clock();
      if (o.kind === 'edit') next.attempts = next.attempts.map((a) => (a.id === o.target ? { ...a, result: o.result, updatedAt: at } : a));
      if (o.kind === 'delete' && next.attempts.some((a) => a.id === o.target)) {
        next = { ...next, attempts: next.attempts.filter((a) => a.id !== o.target), deleted: [...(next.deleted ?? []), { id: o.target, deletedAt: at }] };
      }
      // A new attempt is a new event: another exam day than any other record.
      if (o.kind === 'add') next.attempts.push({ ...attempt(`${side}${n}`, 'v1'), takenOn: `2007-12-${side === 'x' ? 10 + n : 20 + n}`, result: o.result, updatedAt: at });
    });
    return next;
  }

  it('agree after one exchange each way, and then settle', () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 4 }), fc.array(op, { maxLength: 4 }), fc.boolean(), (opsA, opsB, aFirst) => {
        // One clock for both sides; which side edits first is fast-check's choice.
        let tick = 0;
        const clock = () => new Date(Date.UTC(2007, 10, 10, 0, 0, tick++)).toISOString();
        const [a, b] = aFirst
          ? [apply(base(), opsA, 'x', clock), apply(base(), opsB, 'y', clock)]
          : ([apply(base(), opsB, 'y', clock), apply(base(), opsA, 'x', clock)].reverse() as [History, History]);
        const left = mergeHistories(a, b).history;
        const right = mergeHistories(b, left).history;
        expect(records(right)).toEqual(records(left));
        expect(validateHistory(left, shippedRuleSet()).ok).toBe(true);
        expect(validateHistory(right, shippedRuleSet()).ok).toBe(true);
        expect(mergeChanged(mergeHistories(left, right))).toBe(false);
        expect(mergeChanged(mergeHistories(right, left))).toBe(false);
      }),
      { numRuns: 500 },
    );
  });
});

describe('link messages', () => {
  it('accept a valid history and refuse anything malformed, naming the problem', () => {
    const snapshot = history({ vouchers: [HERE] });
    expect(parseLinkMessage(linkMessage('history', 'pwa', snapshot), shippedRuleSet())).toEqual({ message: linkMessage('history', 'pwa', snapshot) });
    expect(parseLinkMessage({ channel: 'other' }, shippedRuleSet())).toBeNull();
    expect(parseLinkMessage({ ...linkMessage('hello', 'pwa'), version: 2 }, shippedRuleSet())).toEqual({ refused: 'link message version 2 is not 1' });
    expect(parseLinkMessage({ ...linkMessage('hello', 'pwa'), from: 'page' }, shippedRuleSet())).toEqual({ refused: 'link message has no valid "from"' });
    // The pairing secret travels with hello, linked and history; a malformed one is no secret (the user is asked again).
    const secret = '0f'.repeat(32);
    expect(parseLinkMessage(paired(linkMessage('hello', 'pwa'), secret), shippedRuleSet())).toEqual({ message: { ...linkMessage('hello', 'pwa'), pairing: secret } });
    expect(parseLinkMessage({ ...linkMessage('hello', 'pwa'), pairing: 'yes' }, shippedRuleSet())).toEqual({ message: linkMessage('hello', 'pwa') });
    expect(parseLinkMessage({ ...linkMessage('hello', 'pwa'), pairing: 42 }, shippedRuleSet())).toEqual({ refused: 'link message has a "pairing" that is not text' });
    expect(parseLinkMessage(paired(linkMessage('history', 'pwa', snapshot), secret), shippedRuleSet())).toEqual({ message: { ...linkMessage('history', 'pwa', snapshot), pairing: secret } });
    expect(paired(linkMessage('unlinked', 'extension'), secret)).toEqual(linkMessage('unlinked', 'extension'));
    // The other side ended the link: understood, whoever sends it.
    expect(parseLinkMessage(linkMessage('unlinked', 'extension'), shippedRuleSet())).toEqual({ message: linkMessage('unlinked', 'extension') });
    expect(parseLinkMessage({ ...linkMessage('history', 'pwa', snapshot), history: { ...snapshot, vouchers: [{ ...HERE, obtainedOn: '2007-02-30' }] } }, shippedRuleSet())).toEqual({
      refused: '/vouchers/0/obtainedOn: "obtainedOn" "2007-02-30" is not a day of 2007-02',
    });
  });

  it('carry the one "today" of both apps: the extension\'s date to check as of, or null for the real today; anything else is refused', () => {
    const snapshot = history({ vouchers: [HERE] });
    const dated = withAsOf(linkMessage('history', 'extension', snapshot), '2007-11-11');
    const parsed = parseLinkMessage(dated, shippedRuleSet());
    expect(parsed).toEqual({ message: dated });
    expect(parsed && 'message' in parsed ? asOfIn(parsed.message) : 'refused').toBe('2007-11-11');
    const linked = withAsOf(linkMessage('linked', 'extension'), null);
    expect(parseLinkMessage(linked, shippedRuleSet())).toEqual({ message: linked });
    expect(asOfIn(linked)).toBeNull();
    // A message that says nothing about the date leaves it as it is.
    expect(asOfIn(linkMessage('history', 'extension', snapshot))).toBeUndefined();
    expect(withAsOf(linkMessage('hello', 'pwa'), '2007-11-11')).toEqual(linkMessage('hello', 'pwa'));
    for (const bad of ['2007-02-30', '11/11/2007', 20071111, '']) {
      expect(parseLinkMessage({ ...linkMessage('linked', 'extension'), asOf: bad }, shippedRuleSet())).toEqual({ refused: expect.stringMatching(/^link message has an "asOf" that is no date: /) });
    }
  });

  it('refuse a hostile message briefly: values quoted short, at most five problems, depth bounded', () => {
    expect(parseLinkMessage({ ...linkMessage('hello', 'pwa'), type: `\u001b[2J${'x'.repeat(100_000)}` }, shippedRuleSet())).toEqual({
      refused: expect.stringMatching(/^unknown link message type "\\u001b\[2Jx{55}…" \(100,004 characters\)$/),
    });
    const broken = Array.from({ length: 10_000 }, (_, n) => ({ ...HERE, id: `v${n}`, obtainedOn: '2007-02-30' }));
    const refused = parseLinkMessage(linkMessage('history', 'extension', history({ vouchers: broken })), shippedRuleSet());
    expect(refused && 'refused' in refused ? refused.refused.split('; ') : []).toEqual([
      ...[0, 1, 2, 3, 4].map((n) => `/vouchers/${n}/obtainedOn: "obtainedOn" "2007-02-30" is not a day of 2007-02`),
      '/: and 9,995 more problems',
    ]);
    let deep: unknown = 0;
    for (let n = 0; n < 100_000; n++) deep = [deep];
    expect(parseLinkMessage(linkMessage('history', 'extension', history({ vouchers: [{ ...HERE, deep }] })), shippedRuleSet())).toEqual({
      refused: `/vouchers/0/deep${'/0'.repeat(15)}: nests objects and lists more than 16 deep`,
    });
  });
});
