import { describe, expect, it } from 'vitest';
import { describeOffer } from '../../shared/engine/explain.ts';
import { shippedRuleSet } from '../support/rules.ts';

describe('rules in plain English', () => {
  const text = (reason: string) => describeOffer(shippedRuleSet().get('ms-second-shot-2007')!.spec).find((d) => d.reason === reason)?.text;

  it('renders the retake wait from the rule\'s own conditions and dates', () => {
    expect(text('retake-too-early')).toBe(
      'The booking must wait when the result of the latest exam with the voucher is "fail"; and the number of days since that failed exam is less than 1; it opens 1 calendar day after the date of the latest failed exam with the voucher; book by 30 Jun 2008.',
    );
  });

  it('brackets nested groups so "and" and "or" never blur', () => {
    expect(text('offer-ended')).toBe(
      'The booking is not covered when (the number of exams booked with the voucher is 0 and the booking date is after 30 Jun 2008); or the booking date is after 30 Jun 2008.',
    );
  });

  it('describes every rule of every shipped file', () => {
    for (const offer of shippedRuleSet().all()) {
      const lines = describeOffer(offer.spec);
      expect(lines).toHaveLength(offer.spec.rules.length);
      for (const line of lines) expect(line.text).not.toMatch(/undefined|\[object|nothing/);
    }
  });

  it('follows an edited parameter: the text is what the engine runs', () => {
    const spec = structuredClone(shippedRuleSet().get('ms-second-shot-2007')!.spec);
    spec.parameters['retakeBy'] = '2008-01-31';
    expect(describeOffer(spec).find((d) => d.reason === 'free-retake-covered')?.text).toBe(
      'A free retake is available when the result of the latest exam with the voucher is "fail"; book by 31 Jan 2008.',
    );
  });
});
