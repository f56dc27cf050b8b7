// Invariants that must never break, over generated histories (fast-check).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, fromDayNumber, toDayNumber } from '../../shared/dates.ts';
import { normalizeExam } from '../../shared/exam.ts';
import { checkBooking, evaluateBooking } from '../../shared/engine/evaluate.ts';
import type { Attempt, AttemptResult } from '../../shared/history/format.ts';
import { history, shippedRuleSet } from '../support/rules.ts';

const OFFERS = ['ms-second-shot-2007', 'ms-second-shot-2015'] as const;
const EXAMS = ['70-298', '070-298', 'Exam 70-298', '70-299', '77-601', 'az-900', 'AZ-900'];
const RESULTS: AttemptResult[] = ['scheduled', 'pass', 'fail', 'no-show', 'cancelled'];
const PROVIDERS = ['prometric', 'pearson-vue'];

const dateBetween = (from: string, to: string) => fc.integer({ min: toDayNumber(from), max: toDayNumber(to) }).map(fromDayNumber);

// Histories that stay near each offer's window, so that every decision is reached often.
const WINDOWS = { 'ms-second-shot-2007': '2007-09-10', 'ms-second-shot-2015': '2015-01-01' } as const;

const scenario = fc.record({
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

type Scenario = typeof scenario extends fc.Arbitrary<infer T> ? T : never;

// Half the scenarios are steered to the case the invariants are about: a voucher whose last
// attempt failed, asked about with the offer's own provider.
const PROVIDER_OF = { 'ms-second-shot-2007': 'prometric', 'ms-second-shot-2015': 'pearson-vue' } as const;
const steered = fc.tuple(scenario, fc.boolean()).map(([s, steer]): Scenario => {
  if (!steer || s.attempts.length === 0) return s;
  const provider = PROVIDER_OF[s.offer];
  const attempts = s.attempts.map((a, i) => (i === s.attempts.length - 1 ? { ...a, provider, result: 'fail' as const } : { ...a, provider }));
  return { ...s, provider, attempts };
});

function build(s: Scenario) {
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

const counted = (h: ReturnType<typeof build>['history']) =>
  [...h.attempts].filter((a) => a.result !== 'cancelled').sort((a, b) => a.takenOn.localeCompare(b.takenOn) || a.bookedOn.localeCompare(b.bookedOn) || a.id.localeCompare(b.id));

describe('invariants', () => {
  it('never gives a free retake for a different exam', async () => {
    let freeRetakes = 0;
    await fc.assert(
      fc.asyncProperty(steered, async (s) => {
        const { history: h, on } = build(s);
        const result = await evaluateBooking(shippedRuleSet(), h, h.vouchers[0]!, { exam: s.exam, provider: s.provider, on });
        if (result.decision === 'free-retake') {
          freeRetakes++;
          const first = counted(h)[0];
          expect(first).toBeDefined();
          expect(normalizeExam(s.exam)).toBe(normalizeExam(first!.exam));
        }
      }),
      { numRuns: 400 },
    );
    // The generator must reach the case the property is about, or the test proves nothing.
    expect(freeRetakes).toBeGreaterThan(0);
  });

  it('never gives two free retakes on one voucher', async () => {
    await fc.assert(
      fc.asyncProperty(steered, async (s) => {
        const { history: h, on } = build(s);
        const result = await evaluateBooking(shippedRuleSet(), h, h.vouchers[0]!, { exam: s.exam, provider: s.provider, on });
        const attempts = counted(h);
        const firstFailure = attempts.findIndex((a) => a.result === 'fail');
        const retakeAlreadyBooked = firstFailure >= 0 && firstFailure < attempts.length - 1;
        if (retakeAlreadyBooked) expect(result.decision).not.toBe('free-retake');
        if (result.decision === 'free-retake') expect(attempts.at(-1)?.result).toBe('fail');
      }),
      { numRuns: 400 },
    );
  });

  // Month ends, the 2007 year end and the 2008 leap day all fall inside the 2007–2008 offer.
  const tricky = fc.constantFrom('2007-09-30', '2007-10-31', '2007-11-30', '2007-12-31', '2008-01-31', '2008-02-28', '2008-02-29', '2008-03-31', '2008-04-30');
  const failureDay = fc.oneof(tricky, dateBetween('2007-09-20', '2008-06-29'));

  it('opens the free retake exactly the day after the failure', async () => {
    await fc.assert(
      fc.asyncProperty(failureDay, async (failedOn) => {
        const h = history({
          vouchers: [{ id: 'v1', code: 'SS07-ABCD-1234', offer: 'ms-second-shot-2007', obtainedOn: '2007-09-15' }],
          attempts: [{ id: 'a1', voucher: 'v1', exam: '70-298', provider: 'prometric', bookedOn: '2007-09-16', takenOn: failedOn, result: 'fail' }],
        });
        const ask = (on: string) => evaluateBooking(shippedRuleSet(), h, h.vouchers[0]!, { exam: '70-298', provider: 'prometric', on });
        const sameDay = await ask(failedOn);
        expect(sameDay.decision).toBe('wait');
        expect(sameDay.opensOn).toBe(addDays(failedOn, 1));
        expect((await ask(addDays(failedOn, 1))).decision).toBe('free-retake');
      }),
      { numRuns: 150 },
    );
    expect(addDays('2008-02-28', 1)).toBe('2008-02-29');
  });

  it('gives the same answers whatever the machine\'s time zone', async () => {
    const original = process.env['TZ'];
    try {
      await fc.assert(
        fc.asyncProperty(scenario, async (s) => {
          const answers: string[] = [];
          for (const zone of ['UTC', 'America/Los_Angeles', 'Pacific/Kiritimati']) {
            process.env['TZ'] = zone;
            const { history: h, on } = build(s);
            answers.push(JSON.stringify(await checkBooking(shippedRuleSet(), h, { exam: s.exam, provider: s.provider, on })));
          }
          expect(new Set(answers).size).toBe(1);
        }),
        { numRuns: 100 },
      );
    } finally {
      if (original === undefined) delete process.env['TZ'];
      else process.env['TZ'] = original;
    }
  });
});
