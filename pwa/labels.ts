// Words for the engine's codes. Only names: what each one means is the engine's answer.
import type { StatusResult, VoucherStatus } from '../shared/engine/evaluate.ts';
import type { RuleSet } from '../shared/engine/ruleset.ts';
import type { OfferDecision } from '../shared/engine/offer-file.ts';
import type { AttemptResult } from '../shared/history/format.ts';

const STATUS_LABEL: Record<VoucherStatus, string> = {
  unused: 'Not used yet',
  booked: 'Exam booked',
  'retake-available': 'Free retake available',
  'retake-waiting': 'Retake not open yet',
  used: 'Used',
  expired: 'Expired',
};

// What cost a voucher its retake, by the engine's reason: a used or expired voucher's label
// says what happened rather than just "Used".
const USED_BECAUSE: Record<string, string> = {
  'different-exam': 'Retake used on another exam',
  'retake-used': 'Free retake used',
  'already-passed': 'Passed: voucher used',
  'no-show-not-covered': 'Missed exam: no free retake',
  'provider-not-covered': 'Booked with a provider the offer does not cover',
  'exam-not-covered': 'Exam not covered by the offer',
  'voucher-after-booking': 'Booked before the voucher was obtained',
  'offer-ended': 'Offer ended before the retake',
  'retake-window-closed': 'Retake window closed',
};

export function statusLabel(status: StatusResult): string {
  if (status.status === 'used' && status.reasons.length === 0) return 'Passed: voucher used';
  if (status.status === 'expired' && status.dates.firstBookedOn === undefined) return 'Expired unused';
  if (status.status !== 'used' && status.status !== 'expired') return STATUS_LABEL[status.status];
  const because = status.reasons.map((r) => USED_BECAUSE[r.code]).find((label) => label !== undefined);
  return because ?? STATUS_LABEL[status.status];
}

export const DECISION_LABEL: Record<OfferDecision, string> = {
  'first-attempt': 'Covered as a first attempt',
  'free-retake': 'Free retake',
  wait: 'Not yet: wait',
  'not-eligible': 'Not covered',
};

export const RESULT_LABEL: Record<AttemptResult, string> = {
  scheduled: 'Scheduled',
  pass: 'Passed',
  fail: 'Failed',
  'no-show': 'No-show',
  cancelled: 'Cancelled',
};

/** Display names of providers known by name; any other provider shows as its id. */
const PROVIDER_NAMES: Record<string, string> = {
  'pearson-vue': 'Pearson VUE',
  prometric: 'Prometric',
  certiport: 'Certiport',
};

// The booking sites' providers and names (only these two fields of each profile are bundled).
const SITE_PROVIDERS = import.meta.glob<string>('../rules/sites/*.json', { import: 'provider', eager: true });
const SITE_NAMES = import.meta.glob<string>('../rules/sites/*.json', { import: 'name', eager: true });
const SITE_NAME_OF = new Map(Object.entries(SITE_PROVIDERS).map(([file, id]) => [id, SITE_NAMES[file] ?? id]));

export function providerName(id: string): string {
  return PROVIDER_NAMES[id] ?? SITE_NAME_OF.get(id) ?? id;
}

export interface Provider {
  id: string;
  name: string;
}

/**
 * The test providers to offer in forms: those the offers and retake policies in force name
 * (their "providers" parameter, or the providers a policy applies to), those with a booking site profile, and any given (e.g. the
 * provider of the attempt being edited), by name. A new offer file naming a new provider
 * needs no code change.
 */
export function providersOffered(ruleSet: Pick<RuleSet, 'offers' | 'policies'>, also: readonly string[] = []): Provider[] {
  const ids = new Set<string>();
  for (const { spec } of [...ruleSet.offers(), ...ruleSet.policies()]) {
    const named = [spec.parameters['providers'], spec.appliesTo?.providers].flatMap((list) => (Array.isArray(list) ? list : []));
    for (const id of named) if (typeof id === 'string' && id !== '') ids.add(id);
  }
  for (const id of SITE_NAME_OF.keys()) ids.add(id);
  for (const id of also) if (id !== '') ids.add(id);
  return [...ids].map((id) => ({ id, name: providerName(id) })).sort((a, b) => a.name.localeCompare(b.name));
}
