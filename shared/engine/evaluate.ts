// Answers the two questions a candidate asks: "what does each of my vouchers give me if I
// book this exam on this date?" and "where does each voucher stand, and what do I do next?"

import { formatDate, type IsoDate } from '../dates.ts';
import { normalizeExam } from '../exam.ts';
import type { History, Voucher } from '../history/format.ts';
import { providerDisplayName } from '../providers.ts';
import { type FactValues, isFactName } from './catalogue.ts';
import { type BookingQuestion, computeFacts, type HistoryIndex, indexHistory, voucherAttempts } from './facts.ts';

// Callers that ask many questions of one history group its attempts once and pass the index.
export { type HistoryIndex, indexHistory };
import type { OfferDecision, ParamValue, PolicyDecision } from './offer-file.ts';
import { type CompiledOffer, firedEvents, resolveDate, type RuleSet } from './ruleset.ts';
import { retakeName, sentence, type StatusSentence, statusLabel, VOUCHER_STATUSES, type VoucherStatus } from './wording.ts';

export interface Reason {
  code: string;
  message: string;
  /** The offer or retake policy that gave the reason. */
  source: string;
}

export interface BookingResult {
  voucher: string;
  voucherId: string;
  offer: string;
  decision: OfferDecision;
  /** What the offer calls its retake: "free retake" unless its file says otherwise. */
  retakeName: string;
  opensOn?: IsoDate;
  deadline?: IsoDate;
  reasons: Reason[];
}

export interface PolicyResult {
  policy: string;
  decision: PolicyDecision;
  opensOn?: IsoDate;
  reasons: Reason[];
}

export { VOUCHER_STATUSES, type VoucherStatus };

export interface KeyDates {
  obtainedOn: IsoDate;
  offerOpens: IsoDate;
  firstAttemptBy: IsoDate;
  retakeBy: IsoDate;
  firstBookedOn?: IsoDate;
  examOn?: IsoDate;
  lastFailureOn?: IsoDate;
  retakeOpensOn?: IsoDate;
}

export interface StatusResult {
  voucher: string;
  voucherId: string;
  offer: string;
  exam?: string;
  status: VoucherStatus;
  /** The status in words, as the offer file names it. */
  label: string;
  /** What the offer calls its retake: "free retake" unless its file says otherwise. */
  retakeName: string;
  nextStep: string;
  opensOn?: IsoDate;
  deadline?: IsoDate;
  dates: KeyDates;
  reasons: Reason[];
}

/** Placeholders whose values are provider ids. */
const PROVIDER_PLACEHOLDERS = new Set(['provider', 'providers']);

/** Engine-level reason when no rule of a file speaks to the booking at all. */
const NO_RULE_APPLIES = 'no-rule-applies';

// Which decision wins when several rules fire: any refusal beats any wait beats any grant.
const SEVERITY: Record<OfferDecision | PolicyDecision, number> = {
  'not-eligible': 3, wait: 2, 'free-retake': 1, 'first-attempt': 0, allowed: 0,
};

const DATE_LIKE = /^\d{4}-\d{2}-\d{2}$/;

function renderValue(value: FactValues[keyof FactValues] | ParamValue): string {
  if (value === null) return 'none';
  if (Array.isArray(value)) return value.join(', ');
  if (typeof value === 'string' && DATE_LIKE.test(value)) return formatDate(value);
  return String(value);
}

type MessageValue = FactValues[keyof FactValues] | ParamValue | undefined;

/** Fills a reason's {placeholders}; `lookup` answers undefined for names it does not know. */
export function renderMessage(template: string, lookup: (name: string) => MessageValue): string {
  return template.replace(/\{([^{}]+)\}/g, (whole, name: string) => {
    const value = lookup(name);
    if (value === undefined) return whole;
    return renderValue(value);
  });
}

/**
 * A reason whose message is rendered the first time it is read: many answers are only
 * compared by decision and reason codes (impact previews, re-checks), and rendering is a good
 * part of an answer's cost. An own enumerable property, so copies, JSON and structured clones
 * carry the message as text.
 */
function renderedWhenRead(code: string, render: () => string, source: string): Reason {
  let message: string | undefined;
  return {
    code,
    get message(): string {
      message ??= render();
      return message;
    },
    source,
  };
}

interface Verdict {
  decision: OfferDecision | PolicyDecision;
  opensOn?: IsoDate;
  deadline?: IsoDate;
  reasons: Reason[];
}

async function runFile(offer: CompiledOffer, facts: FactValues, extra: Record<string, string>, fallback: OfferDecision | PolicyDecision): Promise<Verdict> {
  const fired = await firedEvents(offer, facts);
  const { spec } = offer;
  if (fired.length === 0) {
    // A policy with nothing against the booking allows it and says nothing; an offer none of
    // whose rules covers the booking refuses it, and says so.
    return { decision: fallback, reasons: fallback === 'allowed' ? [] : [{ code: NO_RULE_APPLIES, message: 'None of this offer\'s rules covers this booking.', source: spec.id }] };
  }
  // Reasons by rank: only the rules of the winning decision speak, so a refusal is never
  // shown beside a wait that no longer matters (nor a wait beside a grant).
  const top = Math.max(...fired.map((e) => SEVERITY[e.type]));
  const chosen = fired.filter((e) => SEVERITY[e.type] === top);
  const decision = chosen[0]?.type ?? fallback;
  // Any event may say a date something opens on ("opens {opensOn}"); only a wait's is the answer's.
  const opens = chosen.map((e) => (e.params.opensOn ? resolveDate(e.params.opensOn, facts, spec.parameters) : null));
  const deadlines = chosen.map((e) => (e.params.deadline ? resolveDate(e.params.deadline, facts, spec.parameters) : null));
  const latestOpen = opens.filter((d): d is IsoDate => d !== null).sort().pop();
  const earliestDeadline = deadlines.filter((d): d is IsoDate => d !== null).sort()[0];
  // A date the rules give that comes to nothing reads "none", as a fact that does not apply.
  const dates: Record<string, IsoDate | null> = { opensOn: latestOpen ?? null, deadline: earliestDeadline ?? null };
  const value = (name: string): MessageValue =>
    Object.hasOwn(dates, name) ? dates[name] : Object.hasOwn(extra, name) ? extra[name] : isFactName(name) ? facts[name] : spec.parameters[name];
  // Reasons are read by candidates: a provider is said by its name, not its id.
  const lookup = (name: string): MessageValue => {
    const found = value(name);
    if (PROVIDER_PLACEHOLDERS.has(name)) return typeof found === 'string' ? providerDisplayName(found) : Array.isArray(found) ? found.map(providerDisplayName) : found;
    return found;
  };
  const seen = new Set<string>();
  const reasons: Reason[] = [];
  for (const event of chosen) {
    if (seen.has(event.params.reason)) continue;
    seen.add(event.params.reason);
    reasons.push(renderedWhenRead(event.params.reason, () => renderMessage(spec.reasons[event.params.reason] ?? event.params.reason, lookup), spec.id));
  }
  const verdict: Verdict = { decision, reasons };
  if (decision === 'wait' && latestOpen) verdict.opensOn = latestOpen;
  if (earliestDeadline) verdict.deadline = earliestDeadline;
  return verdict;
}

/** What the retake policies that govern this booking say, whatever pays for it. */
export async function evaluatePolicies(ruleSet: RuleSet, history: History, question: BookingQuestion, index: HistoryIndex = indexHistory(history)): Promise<PolicyResult[]> {
  const policies = ruleSet.policiesFor(question.exam, question.provider, question.on);
  if (policies.length === 0) return [];
  const facts = computeFacts(index, null, question);
  const results: PolicyResult[] = [];
  for (const policy of policies) {
    const verdict = await runFile(policy, facts, {}, 'allowed');
    const result: PolicyResult = { policy: policy.spec.id, decision: verdict.decision as PolicyDecision, reasons: verdict.reasons };
    if (verdict.opensOn) result.opensOn = verdict.opensOn;
    results.push(result);
  }
  return results;
}

/** What booking this exam on this date with this voucher gives, under its offer and the retake policies. */
export async function evaluateBooking(
  ruleSet: RuleSet,
  history: History,
  voucher: Voucher,
  question: BookingQuestion,
  policies?: readonly PolicyResult[],
  /** The history's attempts grouped once, when many questions are asked of one history. */
  index: HistoryIndex = indexHistory(history),
): Promise<BookingResult> {
  const offer = ruleSet.get(voucher.offer);
  const base = { voucher: voucher.code, voucherId: voucher.id, offer: voucher.offer, retakeName: retakeName(offer?.spec) };
  if (!offer || offer.spec.kind !== 'voucher-offer') {
    return { ...base, decision: 'not-eligible', reasons: [{ code: 'unknown-offer', message: 'This voucher\'s offer is not known to this version of Second Shot: update the app, or edit the voucher to choose its offer.', source: voucher.offer }] };
  }
  const facts = computeFacts(index, voucher, question);
  const verdict = await runFile(offer, facts, { voucherCode: voucher.code }, 'not-eligible');
  const result: BookingResult = { ...base, decision: verdict.decision as OfferDecision, reasons: verdict.reasons };
  if (verdict.deadline) result.deadline = verdict.deadline;
  let opensOn = verdict.opensOn;
  // A retake policy can hold back a booking the offer would pay for, never the reverse: the
  // offer's own refusal always stands, so the policies are not asked about it.
  if (result.decision === 'not-eligible') return result;
  const blockers = (policies ?? (await evaluatePolicies(ruleSet, history, question, index))).filter((p) => p.decision !== 'allowed');
  // The highest rank decides and alone gives reasons.
  if (blockers.length > 0) {
    const top = Math.max(...blockers.map((p) => SEVERITY[p.decision]));
    if (top > SEVERITY[result.decision]) {
      result.decision = top === SEVERITY['not-eligible'] ? 'not-eligible' : 'wait';
      result.reasons = [];
    }
    for (const policy of blockers.filter((p) => SEVERITY[p.decision] === top)) {
      if (policy.opensOn && (!opensOn || policy.opensOn > opensOn)) opensOn = policy.opensOn;
      result.reasons.push(...policy.reasons);
    }
  }
  if (result.decision === 'wait' && opensOn) result.opensOn = opensOn;
  return result;
}

export interface BookingAnswer {
  results: BookingResult[];
  policies: PolicyResult[];
}

export async function checkBooking(ruleSet: RuleSet, history: History, question: BookingQuestion): Promise<BookingAnswer> {
  const index = indexHistory(history);
  const policies = await evaluatePolicies(ruleSet, history, question, index);
  const results: BookingResult[] = [];
  for (const voucher of history.vouchers) results.push(await evaluateBooking(ruleSet, history, voucher, question, policies, index));
  return { results, policies };
}

/** Where a voucher stands on a date, with the one next step that matters, worded by its offer file. */
export async function voucherStatus(ruleSet: RuleSet, history: History, voucher: Voucher, on: IsoDate, index: HistoryIndex = indexHistory(history)): Promise<StatusResult> {
  const offer = ruleSet.get(voucher.offer);
  const attempts = voucherAttempts(index, voucher.id);
  const params = offer?.spec.parameters ?? {};
  const param = (name: string): IsoDate => (typeof params[name] === 'string' ? (params[name] as string) : '');
  const dates: KeyDates = { obtainedOn: voucher.obtainedOn, offerOpens: param('opens'), firstAttemptBy: param('firstAttemptBy'), retakeBy: param('retakeBy') };
  const first = attempts[0];
  const last = attempts[attempts.length - 1];
  if (first) dates.firstBookedOn = attempts.reduce((min, a) => (a.bookedOn < min ? a.bookedOn : min), first.bookedOn);
  const lastFailure = [...attempts].reverse().find((a) => a.result === 'fail');
  if (lastFailure) dates.lastFailureOn = lastFailure.takenOn;
  const base = { voucher: voucher.code, voucherId: voucher.id, offer: voucher.offer, dates, retakeName: retakeName(offer?.spec) };
  const offerEnds = dates.retakeBy > dates.firstAttemptBy ? dates.retakeBy : dates.firstAttemptBy;

  if (!offer) {
    return { ...base, status: 'expired', label: statusLabel(undefined, 'expired', 'nextStep', []), nextStep: 'This voucher\'s offer is not known to this version of Second Shot: update the app, or edit the voucher to choose its offer.', reasons: [] };
  }
  const { spec } = offer;
  const values: Record<string, string> = { voucherCode: voucher.code, title: spec.title, retakeName: base.retakeName };
  /** The file's (or the default) sentences of a status, with their placeholders filled in. */
  const fill = (template: string): string => renderMessage(template, (name) => (Object.hasOwn(values, name) ? values[name] : spec.parameters[name]));
  const answer = <S extends VoucherStatus>(status: S, which: StatusSentence<S>, rest: Omit<StatusResult, keyof typeof base | 'status' | 'label' | 'nextStep'>): StatusResult =>
    ({ ...base, ...rest, status, label: fill(statusLabel(spec.statuses, status, which, rest.reasons.filter((r) => r.source === spec.id).map((r) => r.code))), nextStep: fill(sentence(spec.statuses, status, which)) });

  if (!last) {
    values['deadline'] = dates.firstAttemptBy;
    if (on > dates.firstAttemptBy) return answer('expired', 'neverUsed', { deadline: dates.firstAttemptBy, reasons: [] });
    return answer('unused', on < dates.offerOpens ? 'beforeOpening' : 'nextStep', { deadline: dates.firstAttemptBy, reasons: [] });
  }
  const exam = normalizeExam(last.exam);
  dates.examOn = last.takenOn;
  values['exam'] = exam;
  values['examOn'] = last.takenOn;
  if (last.result === 'scheduled') {
    // The booking as it was made, for an exam on its date: a retake booked for a day after
    // the offer's "taken by" date is booked, but not covered, and the candidate must know.
    const others: History = { ...history, attempts: history.attempts.filter((a) => a !== last) };
    // Its index is this one without the booked exam (never among those taken): no sorting again per booked voucher.
    const othersIndex: HistoryIndex = { byVoucher: new Map(index.byVoucher).set(voucher.id, attempts.slice(0, -1)), takenByExam: index.takenByExam };
    const asked = await evaluateBooking(ruleSet, others, voucher, { exam: last.exam, provider: last.provider, on: last.bookedOn, examOn: last.takenOn }, undefined, othersIndex);
    if (asked.decision !== 'first-attempt' && asked.decision !== 'free-retake') {
      values['reason'] = asked.reasons[0]?.message ?? '';
      return answer('booked', 'notCovered', { exam, reasons: asked.reasons });
    }
    return answer('booked', last.takenOn >= on ? 'nextStep' : 'afterExam', { exam, reasons: [] });
  }
  if (last.result === 'pass') return answer('used', 'passed', { exam, reasons: [] });
  const retake = await evaluateBooking(ruleSet, history, voucher, { exam, provider: last.provider, on }, undefined, index);
  const reasons = retake.reasons;
  values['reason'] = reasons[0]?.message ?? '';
  if (retake.decision === 'free-retake' || retake.decision === 'first-attempt') {
    const deadline = retake.deadline ?? dates.retakeBy;
    values['deadline'] = deadline;
    return answer('retake-available', 'nextStep', { exam, deadline, reasons });
  }
  if (retake.decision === 'wait' && retake.opensOn) {
    dates.retakeOpensOn = retake.opensOn;
    const deadline = retake.deadline ?? dates.retakeBy;
    values['opensOn'] = retake.opensOn;
    values['deadline'] = deadline;
    return answer('retake-waiting', 'nextStep', { exam, opensOn: retake.opensOn, deadline, reasons });
  }
  // Expired, not used: a refusal the file declares as the end of the voucher (its
  // statuses.expired.reasons), or any refusal once the offer's last day has passed.
  const expiring = new Set(spec.statuses?.expired?.reasons ?? []);
  if (on > offerEnds || reasons.some((r) => r.source === spec.id && expiring.has(r.code))) {
    values['deadline'] = offerEnds;
    return answer('expired', 'nextStep', { exam, deadline: offerEnds, reasons });
  }
  return answer('used', 'nextStep', { exam, reasons });
}

export async function checkStatus(ruleSet: RuleSet, history: History, on: IsoDate): Promise<StatusResult[]> {
  const results: StatusResult[] = [];
  const index = indexHistory(history);
  for (const voucher of history.vouchers) results.push(await voucherStatus(ruleSet, history, voucher, on, index));
  return results;
}
