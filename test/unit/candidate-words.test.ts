// What the engine says to candidates names things as they know them: providers by name,
// never an id, and an offer this version does not know without its id.
import { describe, expect, it } from 'vitest';
import { checkBooking, checkStatus } from '../../shared/engine/evaluate.ts';
import { providerDisplayName } from '../../shared/providers.ts';
import { history, shippedRuleSet } from '../support/rules.ts';

const seed = history({
  vouchers: [{ id: 'v1', code: 'SS07-ABCD-1234', offer: 'ms-second-shot-2007', obtainedOn: '2007-10-01' }],
  attempts: [{ id: 'a1', voucher: 'v1', exam: '70-298', provider: 'prometric', bookedOn: '2007-10-05', takenOn: '2007-11-10', result: 'fail' }],
});

describe('candidate words in the engine\'s answers', () => {
  it('a booking with a provider the offer does not cover names that provider, not its id', async () => {
    const answer = await checkBooking(shippedRuleSet(), seed, { exam: '70-298', provider: 'pearson-vue', on: '2007-11-12' });
    const messages = answer.results.flatMap((r) => r.reasons.map((reason) => reason.message));
    expect(messages).toContain('Second Shot 2007–2008 covers exams booked with Prometric only, not with Pearson VUE.');
    expect(messages.join(' ')).not.toMatch(/pearson-vue/);
  });

  it('says a provider with no name on record in words made from its id', () => {
    expect(providerDisplayName('acme-testing')).toBe('Acme Testing');
    expect(providerDisplayName('pearson-vue')).toBe('Pearson VUE');
  });

  it('says a voucher\'s offer is unknown without showing its id', async () => {
    const withdrawn = history({ vouchers: [{ id: 'v1', code: 'SS99-ABCD-1234', offer: 'ms-second-shot-2099', obtainedOn: '2007-10-01' }] });
    const [status] = await checkStatus(shippedRuleSet(), withdrawn, '2007-11-10');
    expect(status?.nextStep).toBe('This voucher\'s offer is not known to this version of Second Shot: update the app, or edit the voucher to choose its offer.');
    const answer = await checkBooking(shippedRuleSet(), withdrawn, { exam: '70-298', provider: 'prometric', on: '2007-11-12' });
    expect(answer.results[0]?.reasons.map((r) => r.message).join(' ')).not.toContain('ms-second-shot-2099');
  });
});
