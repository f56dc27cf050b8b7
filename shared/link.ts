// Linking the PWA and the extension without a server: the two exchange whole history
// snapshots over window.postMessage (page ↔ the extension's bridge content script, on the
// one configured PWA origin only) and merge them. Every message is validated on receipt.
// An edit travels by its `updatedAt` stamp and a delete by its tombstone; two versions of a
// record that cannot be ordered are both kept and reported, never silently dropped.

import { type IsoDate, isIsoDate } from './dates.ts';
import type { Attempt, History, Tombstone, Voucher } from './history/format.ts';
import { emptyHistory } from './history/format.ts';
import { type OfferCatalogue, validateHistory } from './history/validate.ts';
import { isRecord, limitProblems, quote } from './problems.ts';

export const LINK_CHANNEL = 'second-shot/link';
export const LINK_VERSION = 1;

/** How many of a refused message's problems the refusal names. */
const LINK_PROBLEMS_SHOWN = 5;

export type LinkPeer = 'pwa' | 'extension';

/**
 * The pairing secret: the extension makes one when the user agrees to link and hands it to the
 * page in `linked`; the page sends it back with every `hello` and `history`. A page of the same
 * origin without it (another app served later at the same address) is a stranger: the user is
 * asked again, and nothing is shared or merged.
 */
type Pairing = { pairing?: string };

/**
 * The one "today" of both apps: the date the extension checks as of (its options' "Check as
 * of"), or null for the real date where the candidate is. The extension sends it with `linked`
 * and every `history`, so once linked the app answers as of the same day.
 */
type AsOf = { asOf?: IsoDate | null };

export type LinkMessage =
  /** The page asks to be linked; the extension answers with `linked` once the user agreed. */
  | ({ channel: typeof LINK_CHANNEL; version: typeof LINK_VERSION; type: 'hello'; from: LinkPeer } & Pairing)
  | ({ channel: typeof LINK_CHANNEL; version: typeof LINK_VERSION; type: 'linked'; from: LinkPeer } & Pairing & AsOf)
  /** The link was ended by the user on the sending side: stop sending, show it as not linked. */
  | { channel: typeof LINK_CHANNEL; version: typeof LINK_VERSION; type: 'unlinked'; from: LinkPeer }
  /** A full snapshot of the sender's history; the receiver merges it and answers with its own. */
  | ({ channel: typeof LINK_CHANNEL; version: typeof LINK_VERSION; type: 'history'; from: LinkPeer; history: History } & Pairing & AsOf);

export type LinkMessageType = LinkMessage['type'];

export function linkMessage(type: 'hello' | 'linked' | 'unlinked', from: LinkPeer): LinkMessage;
export function linkMessage(type: 'history', from: LinkPeer, history: History): LinkMessage;
export function linkMessage(type: LinkMessageType, from: LinkPeer, history?: History): LinkMessage {
  const base = { channel: LINK_CHANNEL, version: LINK_VERSION, from } as const;
  return type === 'history' ? { ...base, type, history: history ?? emptyHistory() } : { ...base, type };
}

/** The message carrying the pairing secret (none for `unlinked`, and none when there is no secret). */
export function paired(message: LinkMessage, pairing: string | null): LinkMessage {
  return pairing === null || message.type === 'unlinked' ? message : { ...message, pairing };
}

/** The message carrying the extension's "check as of" date (only `linked` and `history` carry one). */
export function withAsOf(message: LinkMessage, asOf: IsoDate | null): LinkMessage {
  return message.type === 'linked' || message.type === 'history' ? { ...message, asOf } : message;
}

/** The "check as of" date a message carries: a date, null for the real today, undefined when it says nothing. */
export function asOfIn(message: LinkMessage): IsoDate | null | undefined {
  return 'asOf' in message ? message.asOf : undefined;
}

const PAIRING = /^[0-9a-f]{32,128}$/;

/** The message, validated, or why it was refused. Anything not on our channel is `null`. */
export function parseLinkMessage(data: unknown, offers: OfferCatalogue): { message: LinkMessage } | { refused: string } | null {
  if (!isRecord(data) || data['channel'] !== LINK_CHANNEL) return null;
  if (data['version'] !== LINK_VERSION) return { refused: `link message version ${quote(data['version'])} is not ${LINK_VERSION}` };
  const from = data['from'];
  if (from !== 'pwa' && from !== 'extension') return { refused: 'link message has no valid "from"' };
  const type = data['type'];
  const pairing = data['pairing'];
  // An old page's "yes" or a damaged value is no secret at all: the user is asked again.
  const secret = typeof pairing === 'string' && PAIRING.test(pairing) ? pairing : null;
  if (pairing !== undefined && typeof pairing !== 'string') return { refused: 'link message has a "pairing" that is not text' };
  const asOf = data['asOf'];
  if (asOf !== undefined && asOf !== null && !isIsoDate(asOf)) return { refused: `link message has an "asOf" that is no date: ${quote(asOf)}` };
  const dated = (message: LinkMessage): LinkMessage => (asOf === undefined ? message : withAsOf(message, asOf));
  if (type === 'unlinked') return { message: linkMessage(type, from) };
  if (type === 'hello') return { message: paired(linkMessage(type, from), secret) };
  if (type === 'linked') return { message: dated(paired(linkMessage(type, from), secret)) };
  if (type !== 'history') return { refused: `unknown link message type ${quote(type)}` };
  const checked = validateHistory(data['history'], offers, `history from the ${from}`);
  // The history's own limits bound the work; a few problems are enough to say why.
  if (!checked.ok) return { refused: limitProblems(checked.problems, LINK_PROBLEMS_SHOWN).map((p) => `${p.pointer || '/'}: ${p.message}`).join('; ') };
  return { message: dated(paired(linkMessage('history', from, checked.value), secret)) };
}

/** The pairing secret a message carries, or null. */
export function pairingOf(message: LinkMessage): string | null {
  return 'pairing' in message && typeof message.pairing === 'string' ? message.pairing : null;
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
  /** How many local records a newer incoming version replaced. */
  updated: number;
  /** How many local records an incoming tombstone removed. */
  removed: number;
}

/** Whether a merge changed anything at all. */
export function mergeChanged(result: MergeResult): boolean {
  return result.added + result.updated + result.removed > 0;
}

/** A record's content without its id and stamp, key order ignored: what "the same record" means. */
function content(record: Voucher | Attempt): string {
  const canonical = (value: unknown): unknown =>
    Array.isArray(value) ? value.map(canonical)
      : isRecord(value) ? Object.fromEntries(Object.keys(value).sort().map((k) => [k, canonical(value[k])]))
        : value;
  const { id: _id, updatedAt: _stamp, ...rest } = record;
  return JSON.stringify(canonical(rest));
}

function freeId(id: string, taken: ReadonlySet<string>): string {
  for (let n = 2; ; n++) {
    const candidate = `${id}-${n}`;
    if (!taken.has(candidate)) return candidate;
  }
}

/** A missing stamp is older than any stamp: records from before stamps lose to edited ones. */
const stamp = (record: { updatedAt?: string }): string => record.updatedAt ?? '';

function latestTombstones(...lists: ReadonlyArray<readonly Tombstone[] | undefined>): Map<string, string> {
  const latest = new Map<string, string>();
  for (const list of lists) for (const { id, deletedAt } of list ?? []) if ((latest.get(id) ?? '') < deletedAt) latest.set(id, deletedAt);
  return latest;
}

/**
 * Merges an incoming history into the local one:
 * - a record held here under the same id with the same content, or under another id after an
 *   earlier conflict, is kept once;
 * - a record whose id is held here with other content replaces it when its `updatedAt` is
 *   later, is ignored when earlier, and when the two cannot be ordered both are kept (the
 *   incoming one under a new id, its attempts following it) and reported as a conflict;
 * - a tombstone removes the record it names unless the record was changed after the delete,
 *   and stops a deleted record from coming back; a voucher that still has attempts stays;
 * - a new record is added.
 * Merging the same history again changes nothing, so two linked sides settle.
 */
export function mergeHistories(local: History, incoming: History): MergeResult {
  const tombstones = latestTombstones(local.deleted, incoming.deleted);
  const deletedAfter = (record: Voucher | Attempt): boolean => {
    const deletedAt = tombstones.get(record.id);
    return deletedAt !== undefined && deletedAt >= stamp(record);
  };
  const conflicts: MergeConflict[] = [];
  let [added, updated, removed] = [0, 0, 0];
  const taken = new Set<string>([...local.vouchers, ...local.attempts].map((r) => r.id));

  /** Merges one list; answers, for each incoming id, the id the record is held under here. */
  const mergeList = <T extends Voucher | Attempt>(kind: MergeConflict['kind'], mine: readonly T[], theirs: readonly T[]): { list: T[]; heldAs: Map<string, string> } => {
    const list = [...mine];
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
    const fresh = theirs.filter((record) => !deletedAfter(record));
    // The same record under the same id first, then a newer or older version of it, then the
    // same record under another id (an earlier conflict's copy).
    const rest = fresh.filter((record) => !claim(record, (candidate) => candidate.id === record.id)).filter((record) => {
      const index = list.findIndex((r) => r.id === record.id);
      const current = list[index];
      if (!current || stamp(current) === stamp(record)) return true;
      if (stamp(record) > stamp(current)) {
        list[index] = record;
        updated++;
      }
      heldAs.set(record.id, record.id);
      return false;
    });
    for (const record of rest.filter((r) => !claim(r, () => true))) {
      const id = taken.has(record.id) ? freeId(record.id, taken) : record.id;
      if (id !== record.id) conflicts.push({ kind, id: record.id, keptAs: id });
      list.push(id === record.id ? record : { ...record, id });
      taken.add(id);
      heldAs.set(record.id, id);
      added++;
    }
    return { list, heldAs };
  };

  const vouchers = mergeList('voucher', local.vouchers, incoming.vouchers);
  const incomingAttempts = incoming.attempts.map((a) => (a.voucher === undefined ? a : { ...a, voucher: vouchers.heldAs.get(a.voucher) ?? a.voucher }));
  const attempts = mergeList('attempt', local.attempts, incomingAttempts);
  const keptAttempts = attempts.list.filter((a) => !deletedAfter(a));
  const usedVouchers = new Set(keptAttempts.map((a) => a.voucher));
  const keptVouchers = vouchers.list.filter((v) => usedVouchers.has(v.id) || !deletedAfter(v));
  removed = attempts.list.length - keptAttempts.length + vouchers.list.length - keptVouchers.length;

  const history: History = { ...local, vouchers: keptVouchers, attempts: keptAttempts };
  if (tombstones.size > 0) history.deleted = [...tombstones].map(([id, deletedAt]) => ({ id, deletedAt })).sort((a, b) => a.id.localeCompare(b.id));
  return { history, conflicts, added, updated, removed };
}
