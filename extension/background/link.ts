// The extension's side of the PWA link (protocol in shared/link.ts). Only the configured
// PWA origin is heard, and only the app the user agreed to link with: it holds the pairing
// secret handed over then. A page of that origin without it is asked about again, and
// nothing is shared with it or taken from it. A merge keeps both versions of a conflicting
// record; every history sent is logged (origin, time, what) for the options page.

import type { History } from '../../shared/history/format.ts';
import { linkMessage, type LinkMessage, mergeChanged, mergeHistories, paired, pairingOf, parseLinkMessage, withAsOf } from '../../shared/link.ts';
import { LinkPost, envelope } from '../../shared/messages.ts';
// crxjs builds the bridge as its own self-contained script and gives its file name.
import bridgeScript from '../content/bridge.iife.ts?script&iife';
import { refreshRules, rulesInForce } from './rules.ts';
import { addPairedTab, readHistory, readLink, readPairedTabs, readSettings, updateHistory, updateLink } from './store.ts';

// document_start: the bridge must listen before the PWA greets on start-up.
const BRIDGE_ID = 'pwa-bridge';

/**
 * Registers the bridge content script on the configured PWA origin, and only there. One at a
 * time: two overlapping (start-up and a settings change) would both register it, and Chrome
 * refuses the second with "Duplicate script ID".
 */
export function registerBridge(): Promise<void> {
  return navigator.locks.request('second-shot-bridge', async () => {
    const { pwaOrigin } = await readSettings();
    const registered = await chrome.scripting.getRegisteredContentScripts({ ids: [BRIDGE_ID] });
    if (registered.length > 0) await chrome.scripting.unregisterContentScripts({ ids: [BRIDGE_ID] });
    const granted = await chrome.permissions.contains({ origins: [`${pwaOrigin}/*`] });
    if (!granted) return;
    await chrome.scripting.registerContentScripts([
      { id: BRIDGE_ID, matches: [`${pwaOrigin}/*`], js: [bridgeScript], runAt: 'document_start', allFrames: false, persistAcrossSessions: true },
    ]);
  });
}

/** Our history for the app, with the date both apps check as of (the options' "Check as of", else the real today). */
async function historyMessage(history: History): Promise<LinkMessage> {
  return withAsOf(linkMessage('history', 'extension', history), (await readSettings()).asOf);
}

async function linkedMessage(): Promise<LinkMessage> {
  return withAsOf(linkMessage('linked', 'extension'), (await readSettings()).asOf);
}

const MAX_SHARED = 30;

/** Logs a history sent to the app: to whom, when, and how much. */
async function logShared(origin: string, history: History): Promise<void> {
  const count = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;
  const entry = { origin, at: new Date().toISOString(), what: `your history: ${count(history.vouchers.length, 'voucher')}, ${count(history.attempts.length, 'attempt')}` };
  await updateLink((link) => ({ ...link, shared: [entry, ...link.shared].slice(0, MAX_SHARED) }));
}

function newPairing(): string {
  return Array.from(crypto.getRandomValues(new Uint8Array(32)), (b) => b.toString(16).padStart(2, '0')).join('');
}

/** Posts messages to the page through the bridge in one tab. */
async function postTo(tabId: number, post: LinkMessage[]): Promise<void> {
  await chrome.tabs.sendMessage(tabId, envelope(LinkPost, { post }), { frameId: 0 });
}

/** A window message the bridge relayed from the PWA page; returns what to post back. */
export async function relayFromPwa(data: unknown, origin: string, tabId: number): Promise<LinkMessage[]> {
  const ruleSet = await rulesInForce();
  const parsed = parseLinkMessage(data, ruleSet);
  if (parsed === null) return [];
  if ('refused' in parsed) {
    await updateLink((link) => ({ ...link, conflicts: [`Refused a message from ${origin}: ${parsed.refused}`, ...link.conflicts].slice(0, 20) }));
    return [];
  }
  const { message } = parsed;
  const link = await readLink();
  // The linked app proves itself with the secret it was given; the origin alone is not enough.
  const linked = link.linkedOrigin === origin && link.pairing !== null && pairingOf(message) === link.pairing;
  if (message.type === 'hello') {
    if (linked) {
      await addPairedTab(tabId);
      const history = await readHistory(ruleSet);
      await logShared(origin, history);
      return [await linkedMessage(), await historyMessage(history)];
    }
    await updateLink((current) => ({ ...current, pending: { origin, tabId } }));
    return [];
  }
  if (message.type !== 'history' || !linked) return [];
  const incoming = message.history;
  const merged = await updateHistory(ruleSet, (local) => {
    const result = mergeHistories(local, incoming);
    return { history: mergeChanged(result) ? result.history : null, result };
  });
  if (merged.conflicts.length > 0) {
    const notes = merged.conflicts.map((c) => `The PWA's ${c.kind} "${c.id}" differed from this browser's: both kept, the PWA's as "${c.keptAs}".`);
    await updateLink((current) => ({ ...current, conflicts: [...notes, ...current.conflicts].slice(0, 20) }));
  }
  // Answer only when the PWA lacks something, so two linked sides settle instead of echoing.
  if (!mergeChanged(mergeHistories(incoming, merged.history))) return [];
  await logShared(origin, merged.history);
  return [await historyMessage(merged.history)];
}

/**
 * The user agreed to link: a new pairing secret goes to the waiting page (the one whose hello
 * the user answered), with our history. Without a waiting page the app gets the secret when
 * it next says hello and the user agrees.
 */
export async function acceptLink(): Promise<string> {
  const { pwaOrigin } = await readSettings();
  const before = await readLink();
  const pending = before.pending?.origin === pwaOrigin ? before.pending : null;
  const pairing = pending ? newPairing() : null;
  await updateLink((link) => ({ ...link, linkedOrigin: pwaOrigin, pairing, pending: null }));
  if (pending) {
    await addPairedTab(pending.tabId);
    const history = await readHistory(await rulesInForce());
    await postTo(pending.tabId, [paired(await linkedMessage(), pairing), await historyMessage(history)]).then(() => logShared(pwaOrigin, history), () => undefined);
  }
  // The linked PWA's published rules are the ones to use from now on.
  const rules = await refreshRules();
  return `Linked with ${pwaOrigin}.${rules.error ? ` Its rules were not taken: ${rules.error}` : ''}`;
}

export async function forgetLink(): Promise<string> {
  await updateLink((link) => ({ ...link, linkedOrigin: null, pairing: null, pending: null }));
  return 'The PWA is no longer linked.';
}

/** After a change here (the history, or the date to check as of), the linked app's open tabs (those that proved to be it) get the new history. */
export async function pushToPwa(): Promise<void> {
  const link = await readLink();
  if (!link.linkedOrigin) return;
  const history = await readHistory(await rulesInForce());
  const proven = await readPairedTabs();
  const tabs = (await chrome.tabs.query({ url: `${link.linkedOrigin}/*` })).filter((tab) => tab.id !== undefined && proven.includes(tab.id));
  const message = await historyMessage(history);
  const sent = await Promise.all(tabs.map((tab) => (tab.id === undefined ? false : postTo(tab.id, [message]).then(() => true, () => false))));
  if (sent.includes(true)) await logShared(link.linkedOrigin, history);
}
