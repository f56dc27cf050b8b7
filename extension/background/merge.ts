// Which records of a linked peer's history are new here. Pure, for the unit tests.

import type { Attempt, History, Voucher } from '../../shared/history/format.ts';

/** A record's content without its id, key order ignored, for "already have it" checks. */
function content(record: Voucher | Attempt): string {
  const canonical = (value: unknown): unknown =>
    Array.isArray(value) ? value.map(canonical)
      : typeof value === 'object' && value !== null ? Object.fromEntries(Object.entries(value).sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => [k, canonical(v)]))
        : value;
  const { id: _id, ...rest } = record;
  return JSON.stringify(canonical(rest));
}

/**
 * The incoming records this side does not hold yet. A conflict makes each side keep the
 * other's version under a new id, so the same record comes back under another id: it is
 * recognised by content (attempts after following their voucher's id), or the two sides
 * would rename each other's copies forever.
 */
export function unknownRecords(local: History, incoming: History): History {
  const voucherIds = new Map<string, string>();
  const localVouchers = new Map(local.vouchers.map((v) => [content(v), v.id]));
  const vouchers = incoming.vouchers.filter((v) => {
    const known = localVouchers.get(content(v));
    if (known !== undefined && known !== v.id) voucherIds.set(v.id, known);
    return known === undefined;
  });
  const localAttempts = new Set(local.attempts.map(content));
  const attempts = incoming.attempts
    .map((a) => (a.voucher !== undefined && voucherIds.has(a.voucher) ? { ...a, voucher: voucherIds.get(a.voucher) ?? a.voucher } : a))
    .filter((a) => !localAttempts.has(content(a)));
  return { ...incoming, vouchers, attempts };
}
