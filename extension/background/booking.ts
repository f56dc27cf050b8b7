// The service worker's answers to booking pages: the hint for what a page read (or the profile
// in force, when the page read itself with another version), and the two acts a hint offers
// (fill, record). Each is a function of the request, the sender and a small context, so unit
// tests run them without Chrome (chrome.storage faked).
// Every act re-checks the sender, the page's current URL and the hint it was drawn for.

import { deviceToday, formatDate, type IsoDate } from '../../shared/dates.ts';
import { normalizeExam } from '../../shared/exam.ts';
import type { MessageMap } from '../../shared/messages.ts';
import { pageSite } from '../../shared/sites/page-site.ts';
import type { SiteProfile } from '../../shared/sites/profile.ts';
import { rulesInForce } from './rules.ts';
import { bookingPage, Refused, type Sender } from './senders.ts';
import {
  countSelfReports, forgetFilledVoucher, readFilledVoucher, readHistory, readSettings, readTabHint, recordDiagnostics, updateHistory, writeFilledVoucher, writeTabHint,
} from './store.ts';
import { pageVerdict } from './verdict.ts';

export interface BookingContext {
  runtimeId: string;
  profiles: readonly SiteProfile[];
  /** After a recorded attempt: the linked app gets the new history. */
  historyChanged: () => Promise<void>;
}

type Answer<K extends keyof MessageMap> = (body: MessageMap[K]['request'], sender: Sender, context: BookingContext) => Promise<MessageMap[K]['response']>;

/** "Today" for the rules: where the candidate is, unless the options set a date to check as of. */
export async function today(): Promise<IsoDate> {
  const { asOf } = await readSettings();
  return asOf ?? deviceToday();
}

function nonce(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

export const readBookingPage: Answer<'page/read'> = async (reading, sender, context) => {
  const { profile, url, tabId, steps } = bookingPage(sender, reading.url, context.runtimeId, context.profiles);
  // Read with another version of the profile (a published correction, or the bundled one under it): read again with this one.
  if (reading.version !== profile.version) return { hint: null, site: pageSite(profile) };
  if (reading.step === '') return { hint: null, site: null };
  const step = steps.find((s) => s.id === reading.step);
  if (!step) throw new Refused(`"${reading.step}" is not a step of ${profile.name} at this address.`);
  const ruleSet = await rulesInForce();
  const verdict = await pageVerdict({
    ruleSet, history: await readHistory(ruleSet), profile, step, reading, today: await today(), filled: await readFilledVoucher(tabId),
  });
  // Diagnostics are dated by the real calendar, whatever date the rules are checked as of.
  const seenOn = deviceToday();
  await recordDiagnostics(profile.id, step.id, verdict.diagnostics.map((d) => ({ ...d, seenOn })), verdict.fine);
  await countSelfReports(tabId, profile.id, url, verdict.missing);
  const id = nonce();
  await writeTabHint(tabId, {
    nonce: id, url, step: step.id, exam: verdict.exam, examDates: verdict.examDates,
    voucherId: verdict.voucher?.id ?? null, voucherCode: verdict.voucher?.code ?? null, action: verdict.action,
  });
  return { hint: { nonce: id, tone: verdict.tone, title: verdict.title, lines: verdict.lines, action: verdict.action, choices: verdict.choices }, site: null };
};

export const fillVoucher: Answer<'hint/fill'> = async ({ nonce: asked, url: claimed }, sender, context) => {
  // Re-checked at fill time: the sender's origin against the profile, the page against the hint.
  const { tabId, url } = bookingPage(sender, claimed, context.runtimeId, context.profiles);
  const drawn = await readTabHint(tabId);
  if (!drawn || drawn.nonce !== asked || drawn.url !== url) return { ok: false, message: 'The page changed since this hint was drawn: nothing was filled.', code: null };
  if (drawn.action !== 'fill' || !drawn.voucherCode || !drawn.voucherId) return { ok: false, message: 'This hint offers no voucher to fill.', code: null };
  if (drawn.exam) await writeFilledVoucher(tabId, { voucherId: drawn.voucherId, exam: drawn.exam });
  return { ok: true, message: `Voucher ${drawn.voucherCode} filled.`, code: drawn.voucherCode };
};

export const recordAttempt: Answer<'hint/record'> = async ({ nonce: asked, url: claimed, date: picked }, sender, context) => {
  const { tabId, url, profile } = bookingPage(sender, claimed, context.runtimeId, context.profiles);
  const drawn = await readTabHint(tabId);
  if (!drawn || drawn.nonce !== asked || drawn.url !== url) return { ok: false, message: 'The page changed since this hint was drawn: nothing was recorded.' };
  const { exam, examDates } = drawn;
  if (drawn.action !== 'record' || !exam || examDates.length === 0) return { ok: false, message: 'This hint has no booking to record.' };
  // A date read two ways is stored only as the reading the candidate picked, never as a guess.
  const examDate = examDates.length === 1 && (picked === null || picked === examDates[0]) ? examDates[0] : examDates.find((d) => d === picked);
  if (!examDate) return { ok: false, message: examDates.length > 1 ? 'Pick one of the dates this hint offers: nothing was recorded.' : 'That is not the date this page shows: nothing was recorded.' };
  const ruleSet = await rulesInForce();
  const bookedOn = await today();
  const added = await updateHistory(ruleSet, (history) => {
    const duplicate = history.attempts.some((a) => normalizeExam(a.exam) === exam && a.takenOn === examDate && a.provider === profile.provider && a.result !== 'cancelled');
    if (duplicate) return { history: null, result: false };
    const attempt = {
      id: `a-${bookedOn}-${nonce().slice(0, 8)}`, exam, provider: profile.provider, bookedOn, takenOn: examDate, result: 'scheduled' as const, updatedAt: new Date().toISOString(),
      ...(drawn.voucherId ? { voucher: drawn.voucherId } : {}),
    };
    return { history: { ...history, attempts: [...history.attempts, attempt] }, result: true };
  });
  if (added) {
    await forgetFilledVoucher(tabId);
    await context.historyChanged();
  }
  return added
    ? { ok: true, message: `Added to your attempts: ${exam} on ${formatDate(examDate)}, scheduled${drawn.voucherCode ? `, voucher ${drawn.voucherCode}` : ''}.` }
    : { ok: true, message: 'This attempt is already in your history.' };
};
