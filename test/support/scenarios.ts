// Generated histories near each shipped offer's window, for property tests (in process, and in
// child processes run under other time zones: test/unit/time-zones.test.ts).
import fc from 'fast-check';
import { addDays, fromDayNumber, toDayNumber } from '../../shared/dates.ts';
import type { Attempt, AttemptResult } from '../../shared/history/format.ts';
import { history } from './rules.ts';

const OFFERS = ['ms-second-shot-2007', 'ms-second-shot-2015'] as const;
const EXAMS = ['70-298', '070-298', 'Exam 70-298', '70-299', '77-601', 'az-900', 'AZ-900'];
const RESULTS: AttemptResult[] = ['scheduled', 'pass', 'fail', 'no-show', 'cancelled'];
const PROVIDERS = ['prometric', 'pearson-vue'];

export const dateBetween = (from: string, to: string) => fc.integer({ min: toDayNumber(from), max: toDayNumber(to) }).map(fromDayNumber);

// Histories that stay near each offer's window, so that every decision is reached often.
const WINDOWS = { 'ms-second-shot-2007': '2007-09-10', 'ms-second-shot-2015': '2015-01-01' } as const;

export const scenario = fc.record({
  offer: fc.constantFrom(...OFFERS),
  obtainedAfter: fc.integer({ min: 0, max: 40 }),
  attempts: fc.array(
    fc.record({
      exam: fc.constantFrom(...EXAMS),
      provider: fc.constantFrom(...PROVIDERS),
      bookedAfter: fc.integer({ min: -5, max: 40 }),
      gap: fc.integer({ min: 0, max: 40 }),
      result: fc.constantFrom(...RESULTS),
    }),
    { maxLength: 4 },
  ),
  exam: fc.constantFrom(...EXAMS),
  provider: fc.constantFrom(...PROVIDERS),
  askAfter: fc.integer({ min: 0, max: 45 }),
});

export type Scenario = typeof scenario extends fc.Arbitrary<infer T> ? T : never;

// Half the scenarios are steered to the case the invariants are about: a voucher whose last
// attempt failed, asked about with the offer's own provider.
const PROVIDER_OF = { 'ms-second-shot-2007': 'prometric', 'ms-second-shot-2015': 'pearson-vue' } as const;
export const steered = fc.tuple(scenario, fc.boolean()).map(([s, steer]): Scenario => {
  if (!steer || s.attempts.length === 0) return s;
  const provider = PROVIDER_OF[s.offer];
  const attempts = s.attempts.map((a, i) => (i === s.attempts.length - 1 ? { ...a, provider, result: 'fail' as const } : { ...a, provider }));
  return { ...s, provider, attempts };
});

export function build(s: Scenario) {
  const obtainedOn = addDays(WINDOWS[s.offer], s.obtainedAfter);
  let cursor = obtainedOn;
  const attempts: Attempt[] = s.attempts.map((a, i) => {
    const bookedOn = addDays(cursor, a.bookedAfter);
    cursor = addDays(bookedOn, a.gap);
    return { id: `a${i}`, voucher: 'v1', exam: a.exam, provider: a.provider, bookedOn, takenOn: cursor, result: a.result };
  });
  const on = addDays(cursor, s.askAfter);
  return { on, history: history({ vouchers: [{ id: 'v1', code: 'CODE-1', offer: s.offer, obtainedOn }], attempts }) };
}
