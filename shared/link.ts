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

/** A record's content without its id, key order ignored: what "the same record" means. */
function content(record: Voucher | Attempt): string {
  const canonical = (value: unknown): unknown =>
    Array.isArray(value) ? value.map(canonical)
      : isRecord(value) ? Object.fromEntries(Object.keys(value).sort().map((k) => [k, canonical(value[k])]))
        : value;
  const { id: _id, ...rest } = record;
  return JSON.stringify(canonical(rest));
}

function freeId(id: string, taken: ReadonlySet<string>): string {
  for (let n = 2; ; n++) {
    const candidate = `${id}-${n}`;
    if (!taken.has(candidate)) return candidate;
  }
}

/**
 * Merges an incoming history into the local one. A record already held (under its own id or,
 * after an earlier conflict, under another) is kept once; a new record is added; a record
 * whose id is taken here by a different one is kept under a new id, its attempts follow it,
 * and it is reported as a conflict. Merging the same history again adds nothing, so two
 * linked sides settle instead of renaming each other's copies forever.
 */
export function mergeHistories(local: History, incoming: History): MergeResult {
  const history: History = { ...local, vouchers: [...local.vouchers], attempts: [...local.attempts] };
  const taken = new Set<string>([...local.vouchers, ...local.attempts].map((r) => r.id));
  const conflicts: MergeConflict[] = [];
  let added = 0;

  /** Merges one list; answers, for each incoming id, the id the record is held under here. */
  const mergeList = <T extends Voucher | Attempt>(kind: MergeConflict['kind'], mine: readonly T[], theirs: readonly T[], into: T[]): Map<string, string> => {
    const heldAs = new Map<string, string>();
    const unmatched = new Map<string, T[]>();
    for (const record of mine) unmatched.set(content(record), [...(unmatched.get(content(record)) ?? []), record]);
    const claim = (record: T, match: (candidate: T) => boolean): boolean => {
      const candidates = unmatched.get(content(record)) ?? [];
      const index = candidates.findIndex(match);
      if (index < 0) return false;
      heldAs.set(record.id, candidates[index]?.id ?? record.id);
      candidates.splice(index, 1);
      return true;
    };
    // The same record under the same id first, then under another id (an earlier conflict's
    // copy), so that each local record stands for one incoming record.
    const rest = theirs.filter((record) => !claim(record, (candidate) => candidate.id === record.id));
    for (const record of rest.filter((r) => !claim(r, () => true))) {
      const id = taken.has(record.id) ? freeId(record.id, taken) : record.id;
      if (id !== record.id) conflicts.push({ kind, id: record.id, keptAs: id });
      into.push(id === record.id ? record : { ...record, id });
      taken.add(id);
      heldAs.set(record.id, id);
      added++;
    }
    return heldAs;
  };

  const voucherIds = mergeList('voucher', local.vouchers, incoming.vouchers, history.vouchers);
  const attempts = incoming.attempts.map((a) => (a.voucher === undefined ? a : { ...a, voucher: voucherIds.get(a.voucher) ?? a.voucher }));
  mergeList('attempt', local.attempts, attempts, history.attempts);
  return { history, conflicts, added };
}
