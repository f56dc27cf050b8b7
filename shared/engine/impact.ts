// Impact preview: how an edited rule file changes the answers for many candidates, before
// it is published. Both rule sets answer the same generated (or imported) questions; the
// differences are grouped as "from → to" with examples to inspect.

import { addDays, type IsoDate } from '../dates.ts';
import { HISTORY_FORMAT, HISTORY_VERSION, type Attempt, type AttemptResult, type History } from '../history/format.ts';
import { type BookingResult, evaluateBooking, type HistoryIndex } from './evaluate.ts';
import { addToIndex, type BookingQuestion, chronological } from './facts.ts';
import type { OfferSpec } from './offer-file.ts';
import type { RuleSet } from './ruleset.ts';

export interface ImpactCase {
  history: History;
  voucherId: string;
  question: BookingQuestion;
  /** Only this many of the history's attempts, in the order they happened, were there when the question was asked; all when left out. */
  known?: number;
}

export interface ImpactChange {
  from: string;
  to: string;
  count: number;
  /** Indexes into the corpus of the first few cases that changed this way. */
  examples: number[];
}

export interface ImpactReport {
  total: number;
  changed: number;
  changes: ImpactChange[];
}

/** A small, fast, seeded generator (mulberry32): the same seed gives the same corpus. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const RESULTS: AttemptResult[] = ['fail', 'fail', 'fail', 'pass', 'no-show', 'scheduled', 'cancelled'];
const OTHER_EXAMS = ['77-601', 'AZ-900', '98-361', 'SY0-701'];
const OTHER_PROVIDERS = ['prometric', 'pearson-vue'];

function textList(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

/** An exam the pattern covers: each wildcard a random digit ("#" is one, "?" any one character, "*" any run). */
function examFromPattern(pattern: string, next: () => number): string {
  return pattern.replace(/[#?*]/g, () => String(Math.floor(next() * 10)));
}

/**
 * Candidates' histories around an offer's window: vouchers obtained before and during it,
 * first exams passed, failed, missed or still booked, retakes early, on time and late, and
 * questions asked before, during and after the offer. Case i depends only on the seed and i,
 * so each worker of a preview generates its own slice, cases [from, count), and no other.
 */
export function generateCorpus(offer: Pick<OfferSpec, 'id' | 'parameters'>, count: number, seed = 20071110, from = 0): ImpactCase[] {
  const shared = random(seed);
  let next = shared;
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T;
  const days = (min: number, max: number): number => min + Math.floor(next() * (max - min + 1));
  const p = offer.parameters;
  const opens = typeof p['opens'] === 'string' ? p['opens'] : '2020-01-01';
  const end = typeof p['retakeBy'] === 'string' ? p['retakeBy'] : addDays(opens, 180);
  const span = Math.max(30, Math.round((Date.UTC(+end.slice(0, 4), +end.slice(5, 7) - 1, +end.slice(8, 10)) - Date.UTC(+opens.slice(0, 4), +opens.slice(5, 7) - 1, +opens.slice(8, 10))) / 86_400_000));
  const covered = textList(p['coveredExams']).map((pattern) => examFromPattern(pattern, shared));
  const exams = [...(covered.length > 0 ? covered : ['70-298']), ...OTHER_EXAMS];
  const providers = textList(p['providers']);
  const cases: ImpactCase[] = [];
  for (let i = from; i < count; i++) {
    next = random((seed ^ Math.imul(i + 1, 0x9e3779b1)) >>> 0);
    const obtainedOn: IsoDate = addDays(opens, days(-20, span));
    const exam = next() < 0.85 ? (covered.length > 0 ? pick(covered) : pick(exams)) : pick(exams);
    const provider = providers.length > 0 && next() < 0.9 ? pick(providers) : pick(OTHER_PROVIDERS);
    const attempts: Attempt[] = [];
    let cursor = obtainedOn;
    const attemptCount = pick([0, 1, 1, 1, 2]);
    for (let a = 0; a < attemptCount; a++) {
      const bookedOn = addDays(cursor, days(-3, 20));
      cursor = addDays(bookedOn, days(0, 40));
      attempts.push({ id: `a${a + 1}`, voucher: 'v1', exam: next() < 0.95 ? exam : pick(exams), provider, bookedOn, takenOn: cursor, result: pick(RESULTS) });
    }
    const history: History = { format: HISTORY_FORMAT, version: HISTORY_VERSION, vouchers: [{ id: 'v1', code: `GEN-${i + 1}`, offer: offer.id, obtainedOn }], attempts };
    cases.push({ history, voucherId: 'v1', question: { exam: next() < 0.9 ? exam : pick(exams), provider, on: addDays(cursor, days(0, 45)) } });
  }
  return cases;
}

/**
 * An imported history as impact-preview questions: every booking recorded with a voucher of
 * this offer, asked again on the day it was booked, knowing only the attempts before it (in
 * the order they happened, the order of the questions too).
 */
export function bookingsAsCases(history: History, offerId: string): ImpactCase[] {
  const vouchers = new Set(history.vouchers.filter((v) => v.offer === offerId).map((v) => v.id));
  return chronological(history.attempts).flatMap((a, known) =>
    a.voucher !== undefined && vouchers.has(a.voucher) && a.result !== 'cancelled'
      ? [{ history, voucherId: a.voucher, question: { exam: a.exam, provider: a.provider, on: a.bookedOn }, known }]
      : [],
  );
}

const DECISION_WORDS: Record<BookingResult['decision'], string> = {
  'first-attempt': 'covered as the first exam',
  'free-retake': 'covered as the retake',
  wait: 'must wait',
  'not-eligible': 'not covered',
};

/**
 * How an answer is named in the report, in words: its decision, and for a refusal or a wait
 * its first reason ("not covered (offer ended)"). Reason codes are words joined by "-".
 */
export function outcomeLabel(result: BookingResult): string {
  const words = DECISION_WORDS[result.decision];
  if (result.decision === 'first-attempt' || result.decision === 'free-retake') return words;
  const reason = result.reasons[0]?.code;
  return reason ? `${words} (${reason.replaceAll('-', ' ')})` : words;
}

/** Whether a candidate would notice: another decision, or other dates to act on while eligible. */
function differs(was: BookingResult, now: BookingResult): boolean {
  if (was.decision !== now.decision) return true;
  return was.decision !== 'not-eligible' && (was.opensOn !== now.opensOn || was.deadline !== now.deadline);
}

/** Labels for a change; when the decision stays, which way its dates moved. */
function changeLabels(was: BookingResult, now: BookingResult): [string, string] {
  const [from, to] = [outcomeLabel(was), outcomeLabel(now)];
  if (from !== to) return [from, to];
  const moved: string[] = [];
  const direction = (a: IsoDate | undefined, b: IsoDate | undefined): string => (a === undefined || b === undefined ? 'a changed' : b < a ? 'an earlier' : 'a later');
  if (was.opensOn !== now.opensOn) moved.push(`${direction(was.opensOn, now.opensOn)} opening date`);
  if (was.deadline !== now.deadline) moved.push(`${direction(was.deadline, now.deadline)} deadline`);
  return [from, `${to} with ${moved.join(' and ')}`];
}

const EXAMPLES_KEPT = 5;
const PROGRESS_EVERY = 250;

export interface ImpactOptions {
  /** The slice of the corpus to run, so that several workers can share one corpus. */
  start?: number;
  end?: number;
  onProgress?: (done: number, total: number) => void;
  /** An AbortSignal, or anything that says when the preview is no longer wanted. */
  signal?: { readonly aborted: boolean };
  /**
   * The `before` rule set's answers by case index, kept by the caller between previews of the
   * same cases against the same published rules: answers found here are not asked again, and
   * those asked are stored here.
   */
  beforeAnswers?: (BookingResult | undefined)[];
}

export class ImpactCancelled extends Error {
  constructor() {
    super('The impact preview was cancelled.');
  }
}

export async function previewImpact(before: RuleSet, after: RuleSet, cases: readonly ImpactCase[], options: ImpactOptions = {}): Promise<ImpactReport> {
  const { start = 0, end = cases.length, onProgress, signal } = options;
  const changes = new Map<string, ImpactChange>();
  let changed = 0;
  // Cases of one imported history follow each other and share it, each knowing as many of its
  // attempts as the one before or more: its index is built once, growing from case to case.
  let indexed: { history: History; order: Attempt[]; known: number; index: HistoryIndex } | undefined;
  for (let index = start; index < end; index++) {
    if (signal?.aborted) throw new ImpactCancelled();
    const item = cases[index];
    const voucher = item?.history.vouchers.find((v) => v.id === item.voucherId);
    if (item && voucher) {
      const known = item.known ?? item.history.attempts.length;
      if (indexed?.history !== item.history || known < indexed.known) indexed = { history: item.history, order: chronological(item.history.attempts), known: 0, index: { byVoucher: new Map(), takenByExam: new Map() } };
      for (const attempt of indexed.order.slice(indexed.known, known)) addToIndex(indexed.index, attempt);
      indexed.known = Math.max(indexed.known, known);
      const was = options.beforeAnswers?.[index] ?? (await evaluateBooking(before, item.history, voucher, item.question, undefined, indexed.index));
      if (options.beforeAnswers) options.beforeAnswers[index] = was;
      const now = await evaluateBooking(after, item.history, voucher, item.question, undefined, indexed.index);
      if (differs(was, now)) {
        changed++;
        const [from, to] = changeLabels(was, now);
        const key = `${from}\u0000${to}`;
        const change = changes.get(key) ?? { from, to, count: 0, examples: [] };
        change.count++;
        if (change.examples.length < EXAMPLES_KEPT) change.examples.push(index);
        changes.set(key, change);
      }
    }
    const done = index + 1 - start;
    if (onProgress && (done % PROGRESS_EVERY === 0 || index + 1 === end)) onProgress(done, end - start);
  }
  return { total: end - start, changed, changes: sortChanges([...changes.values()]) };
}

/** One worker's part of a preview: cases [from, to) of a corpus of `count` generated cases followed by the imported ones. */
export interface CorpusSlice {
  count: number;
  from: number;
  to: number;
  /** The imported cases within [from, to), in order. */
  extra: readonly ImpactCase[];
}

/** A worker's start (its code, both rule sets) pays off only over this many cases. */
const CASES_PER_WORKER = 2_500;

/** A preview's cases (`count` generated, then `extra`) in slices for `cores` cores: one per core, each big enough to pay for its worker, as even as can be. */
export function sliceCorpus(count: number, extra: readonly ImpactCase[], cores: number): CorpusSlice[] {
  const total = count + extra.length;
  const workers = Math.max(1, Math.min(cores, Math.floor(total / CASES_PER_WORKER)));
  return Array.from({ length: workers }, (_, w) => {
    const [from, to] = [Math.floor((total * w) / workers), Math.floor((total * (w + 1)) / workers)];
    return { count, from, to, extra: extra.slice(Math.max(0, from - count), Math.max(0, to - count)) };
  });
}

/**
 * Previews one slice, generating only its own generated cases; examples are indexes into the
 * whole corpus. The slice's cases come back too, to show the examples.
 */
export async function previewSlice(before: RuleSet, after: RuleSet, offer: Pick<OfferSpec, 'id' | 'parameters'>, slice: CorpusSlice, options: Omit<ImpactOptions, 'start' | 'end'> = {}): Promise<{ report: ImpactReport; cases: ImpactCase[] }> {
  const cases = [...generateCorpus(offer, Math.min(slice.to, slice.count), undefined, Math.min(slice.from, slice.count)), ...slice.extra];
  const report = await previewImpact(before, after, cases, options);
  return { report: { ...report, changes: report.changes.map((c) => ({ ...c, examples: c.examples.map((k) => k + slice.from) })) }, cases };
}

function sortChanges(changes: ImpactChange[]): ImpactChange[] {
  return changes.sort((a, b) => b.count - a.count || a.from.localeCompare(b.from) || a.to.localeCompare(b.to));
}

/** One report from the reports of the slices of a corpus. */
export function mergeImpact(reports: readonly ImpactReport[]): ImpactReport {
  const changes = new Map<string, ImpactChange>();
  for (const report of reports) {
    for (const change of report.changes) {
      const key = `${change.from}\u0000${change.to}`;
      const merged = changes.get(key) ?? { from: change.from, to: change.to, count: 0, examples: [] };
      merged.count += change.count;
      merged.examples = [...merged.examples, ...change.examples].sort((a, b) => a - b).slice(0, EXAMPLES_KEPT);
      changes.set(key, merged);
    }
  }
  return {
    total: reports.reduce((sum, r) => sum + r.total, 0),
    changed: reports.reduce((sum, r) => sum + r.changed, 0),
    changes: sortChanges([...changes.values()]),
  };
}

/** "312 of 10,000 histories change: 298 from covered as the retake to not covered (offer ended), …" */
export function summarizeImpact(report: ImpactReport): string {
  const n = (x: number): string => x.toLocaleString('en-US');
  if (report.changed === 0) return `None of ${n(report.total)} histories change.`;
  const parts = report.changes.map((c) => `${n(c.count)} from ${c.from} to ${c.to}`);
  return `${n(report.changed)} of ${n(report.total)} histories change: ${parts.join(', ')}.`;
}
