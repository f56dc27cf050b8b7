// Invariants that must never break, over generated histories (fast-check).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays } from '../../shared/dates.ts';
import { normalizeExam } from '../../shared/exam.ts';
import { evaluateBooking } from '../../shared/engine/evaluate.ts';
import { history, shippedRuleSet } from '../support/rules.ts';
import { build, dateBetween, steered } from '../support/scenarios.ts';

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
});
