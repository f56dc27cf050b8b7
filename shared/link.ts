// Linking the PWA and the extension without a server: the two exchange whole history
// snapshots over window.postMessage (page ↔ the extension's bridge content script, on the
// one configured PWA origin only) and merge them. Every message is validated on receipt,
// and a merge never drops a record: a conflict keeps both versions and is reported.

import type { Attempt, History, Voucher } from './history/format.ts';
import { emptyHistory } from './history/format.ts';
import { type OfferCatalogue, validateHistory } from './history/validate.ts';
import { isRecord } from './problems.ts';

export const LINK_CHANNEL = 'second-shot/link';
export const LINK_VERSION = 1;

export type LinkPeer = 'pwa' | 'extension';

export type LinkMessage =
  /** The page asks to be linked; the extension answers with `linked` once the user agreed. */
  | { channel: typeof LINK_CHANNEL; version: typeof LINK_VERSION; type: 'hello'; from: LinkPeer }
  | { channel: typeof LINK_CHANNEL; version: typeof LINK_VERSION; type: 'linked'; from: LinkPeer }
  /** A full snapshot of the sender's history; the receiver merges it and answers with its own. */
  | { channel: typeof LINK_CHANNEL; version: typeof LINK_VERSION; type: 'history'; from: LinkPeer; history: History };

export type LinkMessageType = LinkMessage['type'];

export function linkMessage(type: 'hello' | 'linked', from: LinkPeer): LinkMessage;
export function linkMessage(type: 'history', from: LinkPeer, history: History): LinkMessage;
export function linkMessage(type: LinkMessageType, from: LinkPeer, history?: History): LinkMessage {
  const base = { channel: LINK_CHANNEL, version: LINK_VERSION, from } as const;
  return type === 'history' ? { ...base, type, history: history ?? emptyHistory() } : { ...base, type };
}

/** The message, validated, or why it was refused. Anything not on our channel is `null`. */
export function parseLinkMessage(data: unknown, offers: OfferCatalogue): { message: LinkMessage } | { refused: string } | null {
  if (!isRecord(data) || data['channel'] !== LINK_CHANNEL) return null;
  if (data['version'] !== LINK_VERSION) return { refused: `link message version ${String(data['version'])} is not ${LINK_VERSION}` };
  const from = data['from'];
  if (from !== 'pwa' && from !== 'extension') return { refused: 'link message has no valid "from"' };
  const type = data['type'];
  if (type === 'hello' || type === 'linked') return { message: linkMessage(type, from) };
  if (type !== 'history') return { refused: `unknown link message type "${String(type)}"` };
  const checked = validateHistory(data['history'], offers, `history from the ${from}`);
  if (!checked.ok) return { refused: checked.problems.map((p) => `${p.pointer || '/'}: ${p.message}`).join('; ') };
  return { message: linkMessage('history', from, checked.value) };
}

export interface MergeConflict {
  kind: 'voucher' | 'attempt';
  id: string;
  /** The id the incoming version was kept under. */
  keptAs: string;
}

export interface MergeResult {
  history: History;
  conflicts: MergeConflict[];
  /** How many records the incoming history added. */
  added: number;
}

/** Field-by-field equality of two JSON records, key order ignored. */
function sameRecord(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => sameRecord(x, b[i]));
  if (!isRecord(a) || !isRecord(b)) return false;
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((k) => Object.hasOwn(b, k) && sameRecord(a[k], b[k]));
}

function freeId(id: string, taken: ReadonlySet<string>): string {
  for (let n = 2; ; n++) {
    const candidate = `${id}-${n}`;
    if (!taken.has(candidate)) return candidate;
  }
}

/**
 * Merges an incoming history into the local one: records new to the local side are added,
 * identical ones are kept once, and a record whose id exists locally with other content is
 * kept under a new id (its attempts follow it) and reported as a conflict.
 */
export function mergeHistories(local: History, incoming: History): MergeResult {
  const history: History = { ...local, vouchers: [...local.vouchers], attempts: [...local.attempts] };
  const taken = new Set<string>([...local.vouchers, ...local.attempts].map((r) => r.id));
  const conflicts: MergeConflict[] = [];
  const renamedVouchers = new Map<string, string>();
  let added = 0;
  const place = <T extends Voucher | Attempt>(kind: MergeConflict['kind'], record: T, list: T[], existing: T | undefined): string | null => {
    if (existing && sameRecord(existing, record)) return null;
    if (!existing && !taken.has(record.id)) {
      list.push(record);
      taken.add(record.id);
      added++;
      return record.id;
    }
    const keptAs = freeId(record.id, taken);
    list.push({ ...record, id: keptAs });
    taken.add(keptAs);
    conflicts.push({ kind, id: record.id, keptAs });
    added++;
    return keptAs;
  };
  for (const voucher of incoming.vouchers) {
    const keptAs = place('voucher', voucher, history.vouchers, local.vouchers.find((v) => v.id === voucher.id));
    if (keptAs !== null && keptAs !== voucher.id) renamedVouchers.set(voucher.id, keptAs);
  }
  for (const attempt of incoming.attempts) {
    const voucher = attempt.voucher === undefined ? undefined : (renamedVouchers.get(attempt.voucher) ?? attempt.voucher);
    const moved: Attempt = voucher === undefined ? attempt : { ...attempt, voucher };
    place('attempt', moved, history.attempts, local.attempts.find((a) => a.id === attempt.id));
  }
  return { history, conflicts, added };
}
