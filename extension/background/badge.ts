// The toolbar badge has one owner, this module, and one meaning: how many vouchers need the
// candidate to act (book the exam, or the free retake), by the same statuses the popup shows;
// "link" instead while the app's request to link waits for an answer. It is redrawn whenever
// what it counts may change: the history, the settings (the "check as of" date), the link or
// the rules in force change in storage, and on the daily reminder alarm (a new day).

import { checkStatus, type StatusResult } from '../../shared/engine/evaluate.ts';
import { today } from './booking.ts';
import { rulesInForce } from './rules.ts';
import { readHistoryOrDamage, readLink } from './store.ts';

/** Statuses whose next step is the candidate's to take now. */
const NEEDS_ACTION: ReadonlySet<StatusResult['status']> = new Set(['unused', 'retake-available']);

/** What the badge shows and its tooltip, for these statuses and a waiting link request. */
export function badgeFor(statuses: readonly Pick<StatusResult, 'status'>[], linkPending: boolean): { text: string; title: string } {
  if (linkPending) return { text: 'link', title: 'Second Shot: the app asks to link with this browser' };
  const count = statuses.filter((s) => NEEDS_ACTION.has(s.status)).length;
  if (count === 0) return { text: '', title: 'Second Shot: your vouchers' };
  return { text: String(count), title: `Second Shot: ${count} voucher${count === 1 ? ' needs' : 's need'} you to book` };
}

export async function updateBadge(): Promise<void> {
  const ruleSet = await rulesInForce();
  // A damaged history counts nothing: the popup says why.
  const { history } = await readHistoryOrDamage(ruleSet);
  const { text, title } = badgeFor(await checkStatus(ruleSet, history, await today()), (await readLink()).pending !== null);
  await chrome.action.setBadgeText({ text });
  await chrome.action.setTitle({ title });
}

const WATCHED = ['history', 'settings', 'link', 'publishedRules'];

function updateSafely(): void {
  updateBadge().catch((error: unknown) => console.warn(`Second Shot could not update its badge: ${error instanceof Error ? error.message : String(error)}`));
}

/** Redraws the badge now and after every change of what it counts. */
export function registerBadge(): void {
  chrome.storage.onChanged.addListener((changes, area) => {
    if (area === 'local' && WATCHED.some((key) => key in changes)) updateSafely();
  });
  updateSafely();
}
