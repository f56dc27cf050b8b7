// Statuses kept across edits. After an edit the history is read back from storage as new
// objects; the records that did not change get their previous objects back, and a voucher's
// status is worked out again only when what it reads (statusReads), the rules or the date
// changed. Unchanged cards then see the very same objects and are not drawn again.

import type { IsoDate } from '../shared/dates.ts';
import type { StatusResult } from '../shared/engine/evaluate.ts';
import { type HistoryIndex, indexHistory, statusReads } from '../shared/engine/facts.ts';
import type { RuleSet } from '../shared/engine/ruleset.ts';
import type { Attempt, History, Voucher } from '../shared/history/format.ts';

/** Equal JSON data (records read from storage, statuses): same keys, same values. */
export function sameData(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null || Array.isArray(a) !== Array.isArray(b)) return false;
  const keysA = Object.keys(a);
  const keysB = Object.keys(b);
  if (keysA.length !== keysB.length) return false;
  const x = a as Record<string, unknown>;
  const y = b as Record<string, unknown>;
  return keysA.every((key) => Object.hasOwn(y, key) && sameData(x[key], y[key]));
}

function sameItems(a: readonly unknown[], b: readonly unknown[]): boolean {
  return a.length === b.length && a.every((item, i) => item === b[i]);
}

function reuseRecords<T extends Voucher | Attempt>(previous: readonly T[], read: T[]): T[] {
  const byId = new Map(previous.map((record) => [record.id, record]));
  const records = read.map((record) => {
    const before = byId.get(record.id);
    return before && sameData(before, record) ? before : record;
  });
  return sameItems(previous, records) ? (previous as T[]) : records;
}

/** The history read back, with each record equal to its previous version replaced by that version. */
export function reuseUnchanged(previous: History | undefined, read: History): History {
  if (!previous) return read;
  return { ...read, vouchers: reuseRecords(previous.vouchers, read.vouchers), attempts: reuseRecords(previous.attempts, read.attempts) };
}

interface Kept {
  ruleSet: RuleSet;
  today: IsoDate;
  reads: readonly unknown[];
  status: StatusResult;
}

export interface StatusPlan {
  ruleSet: RuleSet;
  today: IsoDate;
  index: HistoryIndex;
  /** What each voucher's status reads of this history. */
  reads: Map<string, readonly unknown[]>;
  /** Statuses still true of the history, by voucher id. */
  kept: Map<string, StatusResult>;
  /** The vouchers to work out again, in voucher order. */
  stale: Voucher[];
}

export class StatusMemory {
  private readonly entries = new Map<string, Kept>();

  plan(history: History, ruleSet: RuleSet, today: IsoDate): StatusPlan {
    const index = indexHistory(history);
    const kept = new Map<string, StatusResult>();
    const stale: Voucher[] = [];
    const readsOf = new Map<string, readonly unknown[]>();
    const present = new Set<string>();
    for (const voucher of history.vouchers) {
      present.add(voucher.id);
      const reads = statusReads(index, voucher);
      readsOf.set(voucher.id, reads);
      const entry = this.entries.get(voucher.id);
      if (entry && entry.ruleSet === ruleSet && entry.today === today && sameItems(entry.reads, reads)) kept.set(voucher.id, entry.status);
      else stale.push(voucher);
    }
    for (const id of this.entries.keys()) if (!present.has(id)) this.entries.delete(id);
    return { ruleSet, today, index, reads: readsOf, kept, stale };
  }

  /** Keeps a status worked out under a plan; one equal to the status kept before is replaced by it. */
  remember(plan: StatusPlan, voucher: Voucher, status: StatusResult): StatusResult {
    const before = this.entries.get(voucher.id);
    const kept = before && sameData(before.status, status) ? before.status : status;
    const reads = plan.reads.get(voucher.id);
    if (reads) this.entries.set(voucher.id, { ruleSet: plan.ruleSet, today: plan.today, reads, status: kept });
    return kept;
  }
}
