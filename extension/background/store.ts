// Everything the extension keeps, in chrome.storage: the history (format v1), settings, the
// PWA link, the site diagnostics (local), and per-tab hint state (session: gone with the
// browser, unreadable by content scripts). The service worker holds none of it in memory.

import { isIsoDate } from '../../shared/dates.ts';
import { emptyHistory, type History } from '../../shared/history/format.ts';
import { type OfferCatalogue, validateHistory } from '../../shared/history/validate.ts';
import { type Diagnostic, type Guard, isNumber, isSettings, isText, listOf, literal, orNull, type Settings, shape } from '../../shared/messages.ts';
import { formatProblem, isRecord } from '../../shared/problems.ts';
import { DEFAULT_PWA_ORIGIN, pwaOriginProblem } from '../settings.ts';

/** What was shared with the app, where and when, for the options page. */
export interface Shared {
  origin: string;
  /** ISO instant. */
  at: string;
  what: string;
}

export interface LinkState {
  /** The PWA origin the user agreed to link with, or null. */
  linkedOrigin: string | null;
  /** The secret handed to the app when the user agreed; only a page that sends it back is the linked app. */
  pairing: string | null;
  /** A hello waiting for the user's answer: which origin asked, from which tab. */
  pending: { origin: string; tabId: number } | null;
  /** Conflicts kept by merges, newest first, for the options page. */
  conflicts: string[];
  /** What the extension sent to the app, newest first. */
  shared: Shared[];
}

export interface TabHint {
  nonce: string;
  url: string;
  step: string;
  exam: string | null;
  /** The exam date's readings: one when sure, several when the candidate must pick. */
  examDates: string[];
  voucherId: string | null;
  voucherCode: string | null;
  action: 'fill' | 'record' | 'none';
}

const DEFAULT_SETTINGS: Settings = { pwaOrigin: DEFAULT_PWA_ORIGIN, asOf: null };
const DEFAULT_LINK: LinkState = { linkedOrigin: null, pairing: null, pending: null, conflicts: [], shared: [] };
const MAX_DIAGNOSTICS = 30;
const HISTORY_LOCK = 'second-shot-history';

// Storage is written by other versions of this extension and readable by anything that runs
// as it, so every value is checked on the way in; one that fails falls back to the default.
// A link stored before pairing existed has no secret: it counts as no link, and the user links again.
const isLinkState: Guard<LinkState> = shape({
  linkedOrigin: orNull(isText),
  pairing: orNull(isText),
  pending: orNull(shape({ origin: isText, tabId: isNumber })),
  conflicts: listOf(isText),
  shared: listOf(shape({ origin: isText, at: isText, what: isText })),
});
const isTabHint: Guard<TabHint> = shape({
  nonce: isText, url: isText, step: isText, exam: orNull(isText), examDates: listOf(isIsoDate),
  voucherId: orNull(isText), voucherCode: orNull(isText), action: literal('fill', 'record', 'none'),
});
const isDiagnostics: Guard<Diagnostic[]> = listOf(shape({ site: isText, step: isText, target: isText, url: isText, seenOn: isText, message: isText }));
const isStoredSettings: Guard<Settings> = (value): value is Settings =>
  isSettings(value) && pwaOriginProblem(value.pwaOrigin) === null && (value.asOf === null || isIsoDate(value.asOf));

function checked<T>(value: unknown, guard: Guard<T>, fallback: T): T {
  return guard(value) ? value : fallback;
}

async function readLocal<T>(key: string, guard: Guard<T>, fallback: T): Promise<T> {
  return checked((await chrome.storage.local.get(key))[key], guard, fallback);
}

async function readSession<T>(key: string, guard: Guard<T>): Promise<T | null> {
  return checked((await chrome.storage.session.get(key))[key], orNull(guard), null);
}

/** A stored history that fails validation: kept as it is (never overwritten by a change), reported, never used. */
export class DamagedHistoryError extends Error {
  constructor(readonly problems: string[]) {
    super(`Your saved history is damaged, so it was not used: ${problems.join('; ')}. Import a good history file in the options to replace it.`);
    this.name = 'DamagedHistoryError';
  }
}

/** Reads and re-validates the stored history; a damaged store throws DamagedHistoryError. */
export async function readHistory(offers: OfferCatalogue): Promise<History> {
  const stored = (await chrome.storage.local.get('history'))['history'];
  if (stored === undefined) return emptyHistory();
  const valid = validateHistory(stored, offers, 'the stored history');
  if (!valid.ok) throw new DamagedHistoryError(valid.problems.map(formatProblem));
  return valid.value;
}

/**
 * The stored history for views that must still answer when it is damaged (the popup's
 * status): an empty history then, and the reason to show.
 */
export async function readHistoryOrDamage(offers: OfferCatalogue): Promise<{ history: History; damage: string | null }> {
  try {
    return { history: await readHistory(offers), damage: null };
  } catch (error) {
    if (error instanceof DamagedHistoryError) return { history: emptyHistory(), damage: error.message };
    throw error;
  }
}

async function writeHistory(offers: OfferCatalogue, history: History): Promise<void> {
  const valid = validateHistory(history, offers, 'the new history');
  if (!valid.ok) throw new Error(valid.problems.map(formatProblem).join('\n'));
  await chrome.storage.local.set({ history: valid.value });
}

/**
 * Changes the history under a lock shared by every context of the extension, so two
 * changes never interleave; `change` returns null to leave it as it is. A damaged store
 * refuses every change (DamagedHistoryError): only replaceHistory repairs it.
 */
export function updateHistory<T>(offers: OfferCatalogue, change: (history: History) => { history: History | null; result: T }): Promise<T> {
  return navigator.locks.request(HISTORY_LOCK, async () => {
    const { history, result } = change(await readHistory(offers));
    if (history) await writeHistory(offers, history);
    return result;
  });
}

/** Replaces the whole history (an import) without reading the stored one, so it also repairs a damaged store. */
export function replaceHistory(offers: OfferCatalogue, history: History): Promise<void> {
  return navigator.locks.request(HISTORY_LOCK, () => writeHistory(offers, history));
}

export async function readSettings(): Promise<Settings> {
  const stored = (await chrome.storage.local.get('settings'))['settings'];
  // Settings saved before a field existed lack it: the default fills the gap.
  const merged: unknown = isRecord(stored) ? { ...DEFAULT_SETTINGS, ...stored } : stored;
  return checked(merged, isStoredSettings, DEFAULT_SETTINGS);
}

export async function writeSettings(settings: Settings): Promise<void> {
  await chrome.storage.local.set({ settings });
}

export function readLink(): Promise<LinkState> {
  return readLocal('link', isLinkState, DEFAULT_LINK);
}

export async function updateLink(change: (link: LinkState) => LinkState): Promise<LinkState> {
  return navigator.locks.request('second-shot-link', async () => {
    const next = change(await readLink());
    await chrome.storage.local.set({ link: next });
    return next;
  });
}

export function readDiagnostics(): Promise<Diagnostic[]> {
  return readLocal('diagnostics', isDiagnostics, []);
}

/** Keeps the latest report per site, step and target: what a profile no longer finds. */
export async function recordDiagnostics(site: string, step: string, found: Diagnostic[], fine: string[]): Promise<void> {
  await navigator.locks.request('second-shot-diagnostics', async () => {
    const current = await readDiagnostics();
    const keep = current.filter((d) => !(d.site === site && d.step === step && (fine.includes(d.target) || found.some((f) => f.target === d.target))));
    const next = [...found, ...keep].slice(0, MAX_DIAGNOSTICS);
    if (JSON.stringify(next) !== JSON.stringify(current)) await chrome.storage.local.set({ diagnostics: next });
  });
}

/** What a page reports when neither its profile nor the fallback cues find it: counted per site, for the options page. */
export const SELF_REPORTS = ['voucherField', 'exam'] as const;
export type SelfReport = (typeof SELF_REPORTS)[number];
export type SelfReportCounts = Record<string, Record<SelfReport, number>>;

const isCounts: Guard<Record<SelfReport, number>> = shape({ voucherField: isNumber, exam: isNumber });
const isSelfReportCounts = (value: unknown): value is SelfReportCounts => isRecord(value) && Object.values(value).every(isCounts);

export function readSelfReports(): Promise<SelfReportCounts> {
  return readLocal('selfReports', isSelfReportCounts, {});
}

/**
 * Counts what this page did not find, once per page address in a tab: a page re-read on every
 * change, or a clock ticking on it, reports the same miss once.
 */
export async function countSelfReports(tabId: number, site: string, url: string, missing: readonly string[]): Promise<void> {
  const reports = SELF_REPORTS.filter((target) => missing.includes(target));
  if (reports.length === 0) return;
  await navigator.locks.request('second-shot-self-reports', async () => {
    const key = `reported:${tabId}`;
    const seen = (await readSession(key, listOf(isText))) ?? [];
    const fresh = reports.filter((target) => !seen.includes(`${url} ${target}`));
    if (fresh.length === 0) return;
    const counts = await readSelfReports();
    const forSite = { voucherField: 0, exam: 0, ...counts[site] };
    for (const target of fresh) forSite[target] += 1;
    await chrome.storage.local.set({ selfReports: { ...counts, [site]: forSite } });
    // Only the latest addresses are kept: the list never grows with a long session.
    await chrome.storage.session.set({ [key]: [...seen, ...fresh.map((target) => `${url} ${target}`)].slice(-50) });
  });
}

export async function readTabHint(tabId: number): Promise<TabHint | null> {
  return readSession(`tab:${tabId}`, isTabHint);
}

export async function writeTabHint(tabId: number, hint: TabHint): Promise<void> {
  await chrome.storage.session.set({ [`tab:${tabId}`]: hint });
}

/** The voucher filled in this tab and the exam it was filled for. */
export interface FilledVoucher {
  voucherId: string;
  exam: string;
}

const isFilledVoucher: Guard<FilledVoucher> = shape({ voucherId: isText, exam: isText });

/** Remembered so that the confirmation page of the same exam records the voucher that paid. */
export async function readFilledVoucher(tabId: number): Promise<FilledVoucher | null> {
  return readSession(`filled:${tabId}`, isFilledVoucher);
}

export async function writeFilledVoucher(tabId: number, filled: FilledVoucher): Promise<void> {
  await chrome.storage.session.set({ [`filled:${tabId}`]: filled });
}

/** Once recorded, a fill says nothing about the next booking in the tab. */
export async function forgetFilledVoucher(tabId: number): Promise<void> {
  await chrome.storage.session.remove(`filled:${tabId}`);
}

const isTabIds: Guard<number[]> = listOf(isNumber);

/** The tabs whose page proved to be the linked app (it sent the pairing secret): the only ones sent a history unasked. */
export async function readPairedTabs(): Promise<number[]> {
  return (await readSession('pairedTabs', isTabIds)) ?? [];
}

export async function addPairedTab(tabId: number): Promise<void> {
  const tabs = await readPairedTabs();
  if (!tabs.includes(tabId)) await chrome.storage.session.set({ pairedTabs: [...tabs, tabId] });
}
