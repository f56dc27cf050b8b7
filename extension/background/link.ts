// The extension's side of the PWA link (protocol in shared/link.ts). Only the configured
// PWA origin is heard, only after the user agreed once, and a merge keeps both versions
// of a conflicting record.

import type { History } from '../../shared/history/format.ts';
import { linkMessage, type LinkMessage, mergeChanged, mergeHistories, parseLinkMessage } from '../../shared/link.ts';
import { LinkPost, envelope } from '../../shared/messages.ts';
// crxjs builds the bridge as its own self-contained script and gives its file name.
import bridgeScript from '../content/bridge.iife.ts?script&iife';
import { refreshRules, rulesInForce } from './rules.ts';
import { readHistory, readLink, readSettings, updateHistory, updateLink } from './store.ts';

// document_start: the bridge must listen before the PWA greets on start-up.
const BRIDGE_ID = 'pwa-bridge';

/** Registers the bridge content script on the configured PWA origin, and only there. */
export async function registerBridge(): Promise<void> {
  const { pwaOrigin } = await readSettings();
  const registered = await chrome.scripting.getRegisteredContentScripts({ ids: [BRIDGE_ID] });
  if (registered.length > 0) await chrome.scripting.unregisterContentScripts({ ids: [BRIDGE_ID] });
  const granted = await chrome.permissions.contains({ origins: [`${pwaOrigin}/*`] });
  if (!granted) return;
  await chrome.scripting.registerContentScripts([
    { id: BRIDGE_ID, matches: [`${pwaOrigin}/*`], js: [bridgeScript], runAt: 'document_start', allFrames: false, persistAcrossSessions: true },
  ]);
}

function historyMessage(history: History): LinkMessage {
  return linkMessage('history', 'extension', history);
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
  const linked = link.linkedOrigin === origin;
  if (message.type === 'hello') {
    if (linked) return [linkMessage('linked', 'extension'), historyMessage(await readHistory(ruleSet))];
    await updateLink((current) => ({ ...current, pending: { origin, tabId } }));
    await chrome.action.setBadgeText({ text: 'link' });
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
  return mergeChanged(mergeHistories(incoming, merged.history)) ? [historyMessage(merged.history)] : [];
}

/** The user agreed to link: answer the waiting hello, if any, and send our history. */
export async function acceptLink(): Promise<string> {
  const { pwaOrigin } = await readSettings();
  const before = await readLink();
  await updateLink((link) => ({ ...link, linkedOrigin: pwaOrigin, pending: null }));
  await chrome.action.setBadgeText({ text: '' });
  const pending = before.pending;
  if (pending && pending.origin === pwaOrigin) {
    const history = await readHistory(await rulesInForce());
    await postTo(pending.tabId, [linkMessage('linked', 'extension'), historyMessage(history)]).catch(() => undefined);
  }
  // The linked PWA's published rules are the ones to use from now on.
  const rules = await refreshRules();
  return `Linked with ${pwaOrigin}.${rules.error ? ` Its rules were not taken: ${rules.error}` : ''}`;
}

export async function forgetLink(): Promise<string> {
  await updateLink((link) => ({ ...link, linkedOrigin: null, pending: null }));
  await chrome.action.setBadgeText({ text: '' });
  return 'The PWA is no longer linked.';
}

/** After a change here, the linked PWA's open tabs get the new history. */
export async function pushToPwa(): Promise<void> {
  const link = await readLink();
  if (!link.linkedOrigin) return;
  const history = await readHistory(await rulesInForce());
  const tabs = await chrome.tabs.query({ url: `${link.linkedOrigin}/*` });
  await Promise.all(tabs.map((tab) => (tab.id === undefined ? undefined : postTo(tab.id, [historyMessage(history)]).catch(() => undefined))));
}
