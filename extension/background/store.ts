// Everything the extension keeps, in chrome.storage: the history (format v1), settings, the
// PWA link, the site diagnostics (local), and per-tab hint state (session: gone with the
// browser, unreadable by content scripts). The service worker holds none of it in memory.

import { emptyHistory, type History } from '../../shared/history/format.ts';
import { type OfferCatalogue, validateHistory } from '../../shared/history/validate.ts';
import type { Diagnostic, Settings } from '../../shared/messages.ts';
import { formatProblem } from '../../shared/problems.ts';
import { DEFAULT_PWA_ORIGIN } from '../settings.ts';

export interface LinkState {
  /** The PWA origin the user agreed to link with, or null. */
  linkedOrigin: string | null;
  /** A hello waiting for the user's answer: which origin asked, from which tab. */
  pending: { origin: string; tabId: number } | null;
  /** Conflicts kept by merges, newest first, for the options page. */
  conflicts: string[];
}

export interface TabHint {
  nonce: string;
  url: string;
  step: string;
  exam: string | null;
  examDate: string | null;
  voucherId: string | null;
  voucherCode: string | null;
  action: 'fill' | 'record' | 'none';
}

const DEFAULT_SETTINGS: Settings = { pwaOrigin: DEFAULT_PWA_ORIGIN, asOf: null };
const DEFAULT_LINK: LinkState = { linkedOrigin: null, pending: null, conflicts: [] };
const MAX_DIAGNOSTICS = 30;

async function readLocal<T>(key: string, fallback: T): Promise<T> {
  const stored = await chrome.storage.local.get(key);
  return (stored[key] as T | undefined) ?? fallback;
}

/** Reads and re-validates the stored history, so a damaged store is reported, never used. */
export async function readHistory(offers: OfferCatalogue): Promise<History> {
  const stored = (await chrome.storage.local.get('history'))['history'];
  if (stored === undefined) return emptyHistory();
  const checked = validateHistory(stored, offers, 'the stored history');
  if (!checked.ok) throw new Error(checked.problems.map(formatProblem).join('\n'));
  return checked.value;
}

/**
 * Changes the history under a lock shared by every context of the extension, so two
 * changes never interleave; `change` returns null to leave it as it is.
 */
export function updateHistory<T>(offers: OfferCatalogue, change: (history: History) => { history: History | null; result: T }): Promise<T> {
  return navigator.locks.request('second-shot-history', async () => {
    const { history, result } = change(await readHistory(offers));
    if (history) {
      const checked = validateHistory(history, offers, 'the new history');
      if (!checked.ok) throw new Error(checked.problems.map(formatProblem).join('\n'));
      await chrome.storage.local.set({ history: checked.value });
    }
    return result;
  });
}

export async function readSettings(): Promise<Settings> {
  return { ...DEFAULT_SETTINGS, ...(await readLocal<Partial<Settings>>('settings', {})) };
}

export async function writeSettings(settings: Settings): Promise<void> {
  await chrome.storage.local.set({ settings });
}

export function readLink(): Promise<LinkState> {
  return readLocal('link', DEFAULT_LINK);
}

export async function updateLink(change: (link: LinkState) => LinkState): Promise<LinkState> {
  return navigator.locks.request('second-shot-link', async () => {
    const next = change(await readLink());
    await chrome.storage.local.set({ link: next });
    return next;
  });
}

export function readDiagnostics(): Promise<Diagnostic[]> {
  return readLocal<Diagnostic[]>('diagnostics', []);
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

export async function readTabHint(tabId: number): Promise<TabHint | null> {
  const key = `tab:${tabId}`;
  return ((await chrome.storage.session.get(key))[key] as TabHint | undefined) ?? null;
}

export async function writeTabHint(tabId: number, hint: TabHint): Promise<void> {
  await chrome.storage.session.set({ [`tab:${tabId}`]: hint });
}

/** The voucher filled in this tab, remembered so the confirmation page records the right one. */
export async function readFilledVoucher(tabId: number): Promise<string | null> {
  const key = `filled:${tabId}`;
  return ((await chrome.storage.session.get(key))[key] as string | undefined) ?? null;
}

export async function writeFilledVoucher(tabId: number, voucherId: string): Promise<void> {
  await chrome.storage.session.set({ [`filled:${tabId}`]: voucherId });
}
