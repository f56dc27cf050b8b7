// What a voucher's status is called and which next step it shows: templates an offer file
// may override (its "statuses"), with the defaults here, in one place. A paid retake bundle
// says "paid retake", a free one "free retake"; the code only picks the status.

/** What the retake an offer gives is called, unless its file says otherwise ("retakeName": "paid retake"). */
export const DEFAULT_RETAKE_NAME = 'free retake';

export function retakeName(spec: { retakeName?: string | undefined } | undefined): string {
  return spec?.retakeName ?? DEFAULT_RETAKE_NAME;
}

/** The text with its first letter in upper case, to start a title or a sentence with a name. */
export function capitalized(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** The name of a booking decision, shown with each voucher's answer; a retake is named as its offer names it. */
export function decisionLabel(answer: { decision: 'first-attempt' | 'free-retake' | 'wait' | 'not-eligible'; retakeName: string }): string {
  switch (answer.decision) {
    case 'first-attempt': return 'Covered as a first attempt';
    case 'free-retake': return capitalized(answer.retakeName);
    case 'wait': return 'Not yet: wait';
    case 'not-eligible': return 'Not covered';
  }
}

export const VOUCHER_STATUSES = ['unused', 'booked', 'retake-available', 'retake-waiting', 'used', 'expired'] as const;
export type VoucherStatus = (typeof VOUCHER_STATUSES)[number];

/**
 * The sentences of each status: `label` names it, `nextStep` is the sentence shown, and some
 * statuses have a second situation with its own sentence.
 */
export const STATUS_SENTENCES = {
  unused: ['label', 'nextStep', 'beforeOpening'],
  booked: ['label', 'nextStep', 'afterExam', 'notCovered'],
  'retake-available': ['label', 'nextStep'],
  'retake-waiting': ['label', 'nextStep'],
  used: ['label', 'nextStep', 'passed', 'passedLabel'],
  expired: ['label', 'nextStep', 'neverUsed', 'neverUsedLabel'],
} as const satisfies Record<VoucherStatus, readonly string[]>;

export type StatusSentence<S extends VoucherStatus> = (typeof STATUS_SENTENCES)[S][number];
export type StatusWording = { [S in VoucherStatus]: Record<StatusSentence<S>, string> };

export const DEFAULT_WORDING: StatusWording = {
  unused: {
    label: 'Not used yet',
    nextStep: 'Book your first exam with this voucher by {firstAttemptBy}.',
    beforeOpening: 'Book your first exam with this voucher from {opens} by {firstAttemptBy}.',
  },
  booked: {
    label: 'Exam booked',
    nextStep: 'Take {exam} on {examOn}.',
    afterExam: 'Record the result of {exam}, taken on {examOn}.',
    notCovered: '{exam} on {examOn} is booked, but this voucher does not cover it: {reason}',
  },
  'retake-available': {
    label: 'Free retake available',
    nextStep: 'Book your {retakeName} of {exam} by {deadline}.',
  },
  'retake-waiting': {
    label: 'Retake not open yet',
    nextStep: 'Book your {retakeName} of {exam} from {opensOn}, by {deadline}.',
  },
  used: {
    label: 'Used',
    nextStep: 'No {retakeName} of {exam}: {reason}',
    passed: 'You passed {exam} on {examOn}; this voucher is used.',
    passedLabel: 'Passed: voucher used',
  },
  expired: {
    label: 'Expired',
    nextStep: 'No {retakeName} of {exam}: {reason}',
    neverUsed: 'This voucher expired: the first exam had to be booked by {firstAttemptBy}.',
    neverUsedLabel: 'Expired unused',
  },
};

const EXAM = ['exam', 'examOn'] as const;
/**
 * The placeholders each sentence may use, besides the file's parameters, {voucherCode},
 * {title} (the offer's title) and {retakeName}; {reason} is the message of the first reason the rules gave.
 */
export const SENTENCE_PLACEHOLDERS: { [S in VoucherStatus]: Record<StatusSentence<S>, readonly string[]> } = {
  unused: { label: [], nextStep: ['deadline'], beforeOpening: ['deadline'] },
  booked: { label: [], nextStep: EXAM, afterExam: EXAM, notCovered: [...EXAM, 'reason'] },
  'retake-available': { label: [], nextStep: [...EXAM, 'deadline', 'reason'] },
  'retake-waiting': { label: [], nextStep: [...EXAM, 'opensOn', 'deadline', 'reason'] },
  used: { label: [], nextStep: [...EXAM, 'reason'], passed: EXAM, passedLabel: [] },
  expired: { label: [], nextStep: [...EXAM, 'deadline', 'reason'], neverUsed: ['deadline'], neverUsedLabel: [] },
};
export const COMMON_PLACEHOLDERS = ['voucherCode', 'title', 'retakeName'] as const;

/** An offer file's "statuses": any sentence of any status, and the reasons that mean "expired". */
export interface StatusesSpec {
  unused?: Partial<Record<StatusSentence<'unused'>, string>>;
  booked?: Partial<Record<StatusSentence<'booked'>, string>>;
  'retake-available'?: Partial<Record<StatusSentence<'retake-available'>, string>>;
  'retake-waiting'?: Partial<Record<StatusSentence<'retake-waiting'>, string>>;
  used?: Partial<Record<StatusSentence<'used'>, string>> & { labelsByReason?: Record<string, string> };
  expired?: Partial<Record<StatusSentence<'expired'>, string>> & { reasons?: string[]; labelsByReason?: Record<string, string> };
}

/** Statuses a refusal leads to, whose label may name what happened: "Retake used on another exam". */
export const LABELLED_BY_REASON = ['used', 'expired'] as const;

export function sentence<S extends VoucherStatus>(statuses: StatusesSpec | undefined, status: S, which: StatusSentence<S>): string {
  const own = statuses?.[status] as Partial<Record<StatusSentence<S>, string>> | undefined;
  return own?.[which] ?? DEFAULT_WORDING[status][which];
}

/** The label of a status: the situation's own label, else the file's label for the first reason that has one, else the status's. */
export function statusLabel(statuses: StatusesSpec | undefined, status: VoucherStatus, situation: string, reasons: readonly string[]): string {
  if (status === 'used' && situation === 'passed') return sentence(statuses, 'used', 'passedLabel');
  if (status === 'expired' && situation === 'neverUsed') return sentence(statuses, 'expired', 'neverUsedLabel');
  const byReason = status === 'used' || status === 'expired' ? statuses?.[status]?.labelsByReason : undefined;
  const named = byReason === undefined ? undefined : reasons.map((code) => (Object.hasOwn(byReason, code) ? byReason[code] : undefined)).find((label) => label !== undefined);
  return named ?? statuses?.[status]?.label ?? DEFAULT_WORDING[status].label;
}
