// What the hint on a booking page says, from what the content script read: the exam, the
// step, the voucher field. Pure (no chrome APIs), so unit tests run it against the real
// rule files.

import { formatDate, type IsoDate } from '../../shared/dates.ts';
import { checkBooking, evaluateBooking, type BookingResult } from '../../shared/engine/evaluate.ts';
import type { RuleSet } from '../../shared/engine/ruleset.ts';
import { findExamCode, normalizeExam } from '../../shared/exam.ts';
import type { History, Voucher } from '../../shared/history/format.ts';
import type { Diagnostic, ExamPlace, Hint, PageReading } from '../../shared/messages.ts';
import { type ExamDate, readExamDate } from '../../shared/sites/date-text.ts';
import type { SiteProfile, SiteStep, Target } from '../../shared/sites/profile.ts';
import type { FilledVoucher } from './store.ts';

export interface Verdict {
  tone: Hint['tone'];
  title: string;
  lines: string[];
  action: Hint['action'];
  exam: string | null;
  /** The exam date's readings: one when sure, several when the candidate must pick; none when unread. */
  examDates: IsoDate[];
  /** One button per reading when there are several. */
  choices: Hint['choices'];
  /** The voucher the hint tells the candidate to use (filled on payment, recorded on confirmation). */
  voucher: Voucher | null;
  /** Targets the profile's selectors missed on this step, for the diagnostics. */
  diagnostics: Diagnostic[];
  /** Targets the profile's selectors found, clearing older diagnostics. */
  fine: Target[];
  /** Targets neither the profile nor the fallback cues found: the page's self-reports, counted per site. */
  missing: Target[];
}

const NEEDED: Record<SiteStep['kind'], Target[]> = {
  'exam-choice': ['exam'],
  payment: ['exam', 'voucherField'],
  confirmation: ['exam', 'examDate'],
};

const RANK: Record<BookingResult['decision'], number> = { 'free-retake': 0, 'first-attempt': 1, wait: 2, 'not-eligible': 3 };
const MAX_TITLE = 160;

function clip(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > MAX_TITLE ? `${flat.slice(0, MAX_TITLE - 1)}…` : flat;
}

function unique(items: string[]): string[] {
  return [...new Set(items)];
}

/** Places where a page names the exam it is about; headings, the title and the URL only count when these name none. */
const FIRM_PLACES: readonly ExamPlace[] = ['profile', 'select', 'table', 'list', 'data'];

type ExamFound = { kind: 'none' } | { kind: 'one'; code: string; text: string } | { kind: 'several'; codes: string[] };

/** The exam the page is about; several different ones are reported, never guessed between. */
export function examOnPage(reading: PageReading): ExamFound {
  const found = reading.exam.flatMap((e) => {
    const code = findExamCode(e.text);
    return code === null ? [] : [{ ...e, code: normalizeExam(code) }];
  });
  const firm = found.filter((f) => FIRM_PLACES.includes(f.where));
  const pool = firm.length > 0 ? firm : found;
  const codes = unique(pool.map((f) => f.code));
  if (codes.length > 1) return { kind: 'several', codes };
  const first = pool[0];
  return first ? { kind: 'one', code: first.code, text: first.text } : { kind: 'none' };
}

function checkDiagnostics(profile: SiteProfile, step: SiteStep, reading: PageReading, today: IsoDate, exam: ExamFound): Pick<Verdict, 'diagnostics' | 'fine' | 'missing'> {
  const examByProfile = reading.exam.some((e) => e.where === 'profile' && findExamCode(e.text) !== null)
    // An exam list with nothing chosen yet is where the profile says: not a stale selector.
    || (step.kind === 'exam-choice' && reading.examShown);
  // Where the candidate has not chosen an exam yet, no exam on the page is no sign of a stale profile.
  const examDue = step.kind !== 'exam-choice' || exam.kind !== 'none';
  const via: Record<Target, string | null> = {
    exam: examByProfile ? 'profile' : exam.kind === 'none' ? null : 'fallback',
    examDate: reading.dates.some((d) => d.via === 'profile') ? 'profile' : reading.dates.length > 0 ? 'fallback' : null,
    voucherField: reading.voucherField,
    applyButton: reading.applyButton,
  };
  const checked = (step.kind === 'payment' ? [...NEEDED.payment, 'applyButton' as const] : NEEDED[step.kind]).filter((t) => t !== 'exam' || examDue || examByProfile);
  const diagnostics: Diagnostic[] = [];
  const fine: Target[] = [];
  const missing: Target[] = [];
  for (const target of checked) {
    if (via[target] === 'profile') {
      fine.push(target);
      continue;
    }
    if (via[target] === null) missing.push(target);
    const selectors = profile.find[target].join(', ');
    const message = via[target] === 'fallback'
      ? `the profile's selectors (${selectors}) no longer match; found by the fallback cues instead`
      : `not found: neither the profile's selectors (${selectors}) nor the fallback cues match`;
    diagnostics.push({ site: profile.id, step: step.id, target, url: reading.url, seenOn: today, message });
  }
  return { diagnostics, fine, missing };
}

/** Offers that would cover this exam if the candidate held their voucher today. */
async function offersWithinReach(ruleSet: RuleSet, history: History, exam: string, provider: string, today: IsoDate): Promise<string[]> {
  const titles: string[] = [];
  for (const offer of ruleSet.offers()) {
    const voucher: Voucher = { id: 'not-yet-held', code: 'not-yet-held', offer: offer.spec.id, obtainedOn: today };
    const result = await evaluateBooking(ruleSet, history, voucher, { exam, provider, on: today });
    if (result.decision === 'first-attempt') titles.push(offer.spec.title);
  }
  return titles;
}

export interface VerdictInput {
  ruleSet: RuleSet;
  history: History;
  profile: SiteProfile;
  step: SiteStep;
  reading: PageReading;
  today: IsoDate;
  /** The voucher filled earlier in this tab, and the exam it was filled for, if any. */
  filled: FilledVoucher | null;
}

export async function pageVerdict(input: VerdictInput): Promise<Verdict> {
  const { ruleSet, history, profile, step, reading, today } = input;
  const found = examOnPage(reading);
  const date = readExamDate(reading.dates, reading.lang, profile.dateOrder);
  const checks = checkDiagnostics(profile, step, reading, today, found);
  const base = { examDates: date.kind === 'sure' ? [date.date] : date.kind === 'choice' ? date.dates : [], choices: [], voucher: null, ...checks };
  if (found.kind === 'several') {
    return {
      ...base, tone: 'info', title: 'Several exams on this page', action: 'none', exam: null,
      lines: [`This page names ${found.codes.join(', ')}: Second Shot cannot tell which one you are booking, so it says nothing about coverage and fills nothing.`],
    };
  }
  if (found.kind === 'none') {
    const lines = step.kind === 'exam-choice' ? ['Choose an exam: this hint then says whether your vouchers cover it.'] : ['Second Shot could not find the exam code on this page.'];
    return { ...base, tone: 'info', title: 'Second Shot: no exam found yet', lines, action: 'none', exam: null };
  }
  const exam = found.code;
  const examLine = `On this page: ${clip(found.text)}`;
  const { results, policies } = await checkBooking(ruleSet, history, { exam, provider: profile.provider, on: today });
  const policyLines = policies.flatMap((p) => p.reasons.map((r) => r.message));

  if (step.kind === 'confirmation') return confirmationVerdict(input, exam, date, examLine, results, base);

  if (results.length === 0) {
    const reach = await offersWithinReach(ruleSet, history, exam, profile.provider, today);
    if (reach.length > 0) {
      return {
        ...base, exam, tone: 'warn', title: 'Get your voucher before you book',
        lines: [examLine, ...reach.map((title) => `${title} covers ${exam}, but you must hold its voucher before you book: a booking made first is not covered.`), ...policyLines],
        action: 'none',
      };
    }
    return { ...base, exam, tone: 'info', title: `No offer covers ${exam}`, lines: [examLine, 'You hold no voucher, and no offer Second Shot knows covers this exam today.', ...policyLines], action: 'none' };
  }

  const sorted = [...results].sort((a, b) => RANK[a.decision] - RANK[b.decision]);
  const best = sorted[0] as BookingResult;
  const voucher = history.vouchers.find((v) => v.id === best.voucherId) ?? null;
  if (best.decision === 'free-retake' || best.decision === 'first-attempt') {
    const kind = best.decision === 'free-retake' ? best.retakeName : 'first exam';
    const canFill = step.kind === 'payment' && reading.voucherField !== null;
    const lines = [examLine, ...best.reasons.map((r) => r.message)];
    if (step.kind === 'payment' && !canFill) lines.push(reading.voucherProblem ?? 'The voucher field is not on this page, so it cannot be filled here.');
    return { ...base, exam, voucher, tone: 'ok', title: `Covered (${kind}): use voucher ${best.voucher}`, lines, action: canFill ? 'fill' : 'none' };
  }
  if (best.decision === 'wait' && best.opensOn) {
    return { ...base, exam, voucher, tone: 'warn', title: `Wait until ${formatDate(best.opensOn)}`, lines: [examLine, ...best.reasons.map((r) => r.message)], action: 'none' };
  }
  // A reason every voucher shares is said once; one that only some have names their codes.
  const byMessage = new Map<string, string[]>();
  for (const result of sorted) for (const reason of result.reasons) byMessage.set(reason.message, unique([...(byMessage.get(reason.message) ?? []), result.voucher]));
  const lines = [...byMessage].map(([message, codes]) => (codes.length === sorted.length ? message : `${codes.join(', ')}: ${message}`));
  const title = sorted.length > 1 ? `None of your vouchers covers ${exam}` : `Not covered: ${exam}`;
  return { ...base, exam, tone: 'stop', title, lines: [examLine, ...lines], action: 'none' };
}

function confirmationVerdict(
  input: VerdictInput, exam: string, date: ExamDate, examLine: string, results: BookingResult[], base: Pick<Verdict, 'diagnostics' | 'fine' | 'missing' | 'examDates'>,
): Verdict {
  const { history, profile } = input;
  const covering = results.filter((r) => r.decision === 'free-retake' || r.decision === 'first-attempt');
  // A voucher filled for another exam in this tab did not pay for this booking.
  const filledId = input.filled && normalizeExam(input.filled.exam) === exam ? input.filled.voucherId : undefined;
  const chosen = history.vouchers.find((v) => v.id === filledId) ?? (covering.length === 1 ? history.vouchers.find((v) => v.id === covering[0]?.voucherId) : undefined) ?? null;
  const common = { ...base, exam, voucher: chosen, choices: [] };
  if (date.kind === 'none') {
    return { ...common, tone: 'info', title: `Booked: ${exam}`, lines: [examLine, 'The exam date could not be read on this page; add the attempt in Second Shot yourself.'], action: 'none' };
  }
  const paidWith = chosen ? `paid with voucher ${chosen.code}` : 'paid without a voucher';
  if (date.kind === 'choice') {
    // Never a guess: the candidate picks the reading, and only that one is recorded.
    const readings = date.dates.map(formatDate);
    const why = date.why === 'order'
      ? `The page shows the date as ${clip(date.shown)}, which reads as ${readings.join(' or ')}.`
      : `The page shows several dates (${clip(date.shown)}).`;
    return {
      ...common, tone: 'warn', title: `Booked: ${exam}. Which day is your exam?`,
      lines: [examLine, why, `Pick your exam's date to add it to your attempts as scheduled (${paidWith}).`],
      action: 'record', choices: date.dates.map((d) => ({ date: d, label: formatDate(d) })),
    };
  }
  const examDate = date.date;
  const already = history.attempts.some((a) => normalizeExam(a.exam) === exam && a.takenOn === examDate && a.provider === profile.provider && a.result !== 'cancelled');
  if (already) {
    return { ...common, tone: 'ok', title: `Booked: ${exam} on ${formatDate(examDate)}`, lines: [examLine, 'This attempt is already in your history.'], action: 'none' };
  }
  return {
    ...common, tone: 'info', title: `Booked: ${exam} on ${formatDate(examDate)}`,
    lines: [examLine, `Add it to your attempts as scheduled (${paidWith}) so Second Shot can track the result and any free retake.`],
    action: 'record',
  };
}
