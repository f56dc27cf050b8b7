// Words for the engine's codes. Only names: what each one means is the engine's answer.
import type { VoucherStatus } from '../shared/engine/evaluate.ts';
import type { OfferDecision } from '../shared/engine/offer-file.ts';
import type { AttemptResult } from '../shared/history/format.ts';

export const STATUS_LABEL: Record<VoucherStatus, string> = {
  unused: 'Not used yet',
  booked: 'Exam booked',
  'retake-available': 'Free retake available',
  'retake-waiting': 'Retake not open yet',
  used: 'Used',
  expired: 'Expired',
};

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

export const PROVIDERS = [
  { id: 'pearson-vue', name: 'Pearson VUE' },
  { id: 'prometric', name: 'Prometric' },
  { id: 'certiport', name: 'Certiport' },
];

export function providerName(id: string): string {
  return PROVIDERS.find((p) => p.id === id)?.name ?? id;
}
