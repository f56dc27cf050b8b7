// The page side of the link with the browser extension. The extension's bridge content
// script relays window messages on this origin; every message is validated, a received
// history is merged into IndexedDB in one transaction (conflicts kept and shown), and we
// answer with our own full history when the extension lacks something in it. While linked,
// each local change (edits and deletes too) is sent, with the pairing secret the extension gave
// when the user agreed to link. The user ending the link in the
// extension, or no answer to our hello, shows the page as not linked and stops the sending.
// While linked, the app checks as of the extension's date (its "Check as of", carried with
// `linked` and every history): one "today" for both, shown in a banner when it changes.
import { deviceToday, formatDate, type IsoDate, isIsoDate } from '../shared/dates.ts';
import type { History } from '../shared/history/format.ts';
import { asOfIn, linkMessage, type LinkMessage, mergeChanged, mergeHistories, paired, pairingOf, parseLinkMessage } from '../shared/link.ts';
import type { AppModel } from './model.ts';
import type { Rules } from './rules/source.ts';

/** The pairing secret the extension gave when the user agreed to link; present while linked. */
const LINKED_KEY = 'second-shot:linked';

/** The date the linked extension checks as of, while it sets one. */
const AS_OF_KEY = 'second-shot:as-of';

/** The app's "today": the linked extension's "check as of" date while there is one, else the device's date. */
export function sharedToday(storage: Pick<Storage, 'getItem'> = localStorage): IsoDate {
  const asOf = storage.getItem(AS_OF_KEY);
  return isIsoDate(asOf) ? asOf : deviceToday();
}

/** How long to wait for the extension to answer hello before showing the page as not linked. */
export const LINK_ANSWER_MS = 4000;

export interface PageLink {
  /** Asks the extension to link ("Link with the browser extension"). */
  hello(): void;
  stop(): void;
}

/** The rules (to validate with) and the stored history (to merge into), once both are loaded. */
function ready(model: AppModel): Promise<Rules> {
  void model.useRules();
  return new Promise((resolve) => {
    const check = (): void => {
      const { rules, history } = model.state;
      if (rules && history) {
        stop();
        resolve(rules);
      }
    };
    const stop = model.subscribe(check);
    check();
  });
}

export function startLink(model: AppModel, win: Window = window, answerWithinMs = LINK_ANSWER_MS): PageLink {
  let unanswered: ReturnType<typeof setTimeout> | undefined;
  const stopWaiting = (): void => clearTimeout(unanswered);
  // Every message carries the pairing secret, so the extension knows this is the app it linked with.
  const post = (message: LinkMessage): void => win.postMessage(paired(message, win.localStorage.getItem(LINKED_KEY)), win.location.origin);
  const sendHistory = (history: History): void => post(linkMessage('history', 'pwa', history));

  /** Takes the extension's date as the app's today (null: the real today again), and says so when it changes. */
  const takeAsOf = (asOf: IsoDate | null | undefined): void => {
    if (asOf === undefined || asOf === win.localStorage.getItem(AS_OF_KEY)) return;
    if (asOf === null) {
      win.localStorage.removeItem(AS_OF_KEY);
      model.set({ notice: { kind: 'info', text: 'Dates are checked as of today again, as in the browser extension.' } });
      model.checkDate();
      return;
    }
    win.localStorage.setItem(AS_OF_KEY, asOf);
    model.set({ today: asOf, notice: { kind: 'info', text: `Dates are checked as of ${formatDate(asOf)}, the date set in the browser extension.` } });
    void model.refreshStatuses();
  };

  const receive = async (event: MessageEvent): Promise<void> => {
    if (event.source !== win || event.origin !== win.location.origin) return;
    const rules = await ready(model);
    const parsed = parseLinkMessage(event.data, rules.ruleSet);
    // Our own messages come back through the same window: only the extension's count.
    if (!parsed || ('message' in parsed && parsed.message.from === 'pwa')) return;
    if ('refused' in parsed) {
      model.set({ linkRefused: `A message from the extension was refused: ${parsed.refused}` });
      return;
    }
    const { message } = parsed;
    takeAsOf(asOfIn(message));
    if (message.type === 'linked') {
      stopWaiting();
      const pairing = pairingOf(message);
      if (pairing) win.localStorage.setItem(LINKED_KEY, pairing);
      model.set({ link: 'linked', linkRefused: undefined });
      const history = model.state.history;
      // A sample history being tried is not the candidate's: it is never sent.
      if (history && !model.state.example) sendHistory(history);
    } else if (message.type === 'unlinked') {
      stopWaiting();
      win.localStorage.removeItem(LINKED_KEY);
      model.set({ link: 'off' });
      takeAsOf(null);
    } else if (message.type === 'history') {
      const merged = await model.mergeLinked(message.history);
      // Answer only when the extension lacks something, so the two sides settle.
      if (merged && mergeChanged(mergeHistories(message.history, merged))) sendHistory(merged);
    }
  };
  const listener = (event: MessageEvent): void => void receive(event);
  win.addEventListener('message', listener);
  const unsubscribe = model.onLocalChange((history) => {
    if (model.state.link === 'linked') sendHistory(history);
  });
  const hello = (): void => {
    model.set({ link: model.state.link === 'linked' ? 'linked' : 'asking' });
    post(linkMessage('hello', 'pwa'));
    stopWaiting();
    // No extension (removed, disabled, or no longer linked there) answers: not linked.
    unanswered = setTimeout(() => {
      model.set({ link: 'off' });
      // Not linked, no shared date: the device's today.
      takeAsOf(null);
    }, answerWithinMs);
  };
  // Linked before: greet again so the extension knows this page is back.
  if (win.localStorage.getItem(LINKED_KEY) !== null) hello();
  return {
    hello,
    stop() {
      stopWaiting();
      win.removeEventListener('message', listener);
      unsubscribe();
    },
  };
}
