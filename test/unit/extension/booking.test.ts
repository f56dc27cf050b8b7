// The service worker's answers to booking pages, run without Chrome: every guard (who sent it,
// from which frame and origin, at which URL, for which hint and act) refuses on its own, and
// a date that reads two ways is stored only as the reading the candidate picked.
import { beforeEach, describe, expect, it } from 'vitest';
import { type BookingContext, fillVoucher, readBookingPage, recordAttempt } from '../../../extension/background/booking.ts';
import { bookingPage, extensionPage, pwaPage, Refused } from '../../../extension/background/senders.ts';
import { deviceToday } from '../../../shared/dates.ts';
import { pageSite } from '../../../shared/sites/page-site.ts';
import type { SiteProfile } from '../../../shared/sites/profile.ts';
import { history } from '../../support/rules.ts';
import { A1, CONFIRMATION, FLOW, PAYMENT, reading, RUNTIME, sender, shippedProfiles, V1 } from './booking-pages.ts';
import { type FakeStorage, installFakeChrome } from './fake-chrome.ts';

// Read inside the tests, so that mutation testing sees which tests reach the profile loader.
let profiles: SiteProfile[] = [];
beforeEach(() => {
  profiles = shippedProfiles();
});

const refusal = (run: () => unknown): string => {
  try {
    run();
  } catch (error) {
    // Named so in the console, where a refusal that escapes would show.
    if (error instanceof Refused && error.name === 'Refused') return error.message;
    throw error;
  }
  return 'not refused';
};

describe('who may speak for a booking page', () => {
  it('our content script in a tab\'s top frame on a profile origin, at the URL it is at now', () => {
    // After a client-side route change sender.url still names the first page: the page's own URL decides the step.
    const page = bookingPage(sender(FLOW.replace('BookingFlow', 'Start')), FLOW, RUNTIME, profiles);
    expect([page.profile.id, page.url, page.tabId, page.steps.map((s) => s.id)]).toEqual(['pearson-vue', FLOW, 7, ['flow-confirmation', 'flow-payment', 'flow-exam-details']]);
  });

  it('refuses another extension', () => {
    expect(refusal(() => bookingPage(sender(PAYMENT, { id: 'another-extension' }), PAYMENT, RUNTIME, profiles))).toBe('the request did not come from Second Shot.');
  });

  it('refuses a frame inside the page', () => {
    expect(refusal(() => bookingPage(sender(PAYMENT, { frameId: 3 }), PAYMENT, RUNTIME, profiles))).toBe('Second Shot works only in the top frame of a booking page, not in a frame inside it.');
  });

  it('refuses what comes from no tab', () => {
    const { tab: _tab, ...noTab } = sender(PAYMENT);
    expect(refusal(() => bookingPage(noTab, PAYMENT, RUNTIME, profiles))).toBe('the request did not come from a browser tab.');
  });

  it('refuses a sender with no address: no profile is for it', () => {
    expect(refusal(() => bookingPage({ id: RUNTIME, frameId: 0, tab: { id: 7 } as chrome.tabs.Tab }, PAYMENT, RUNTIME, profiles))).toBe('this page is not a booking site of any profile.');
  });

  it('takes the address\'s origin when Chrome reports none', () => {
    const { origin: _origin, ...noOrigin } = sender(PAYMENT);
    expect(bookingPage(noOrigin, PAYMENT, RUNTIME, profiles).profile.id).toBe('prometric');
  });

  it('refuses a sender whose origin and address disagree', () => {
    expect(refusal(() => bookingPage(sender(PAYMENT, { origin: 'https://evil.example.net' }), PAYMENT, RUNTIME, profiles))).toBe('the request came from a page whose origin and address disagree.');
  });

  it('refuses a look-alike host: no profile has it', () => {
    const lookAlike = 'https://www.prometric.com.example.net/Microsoft/Schedule/Payment.aspx';
    expect(refusal(() => bookingPage(sender(lookAlike), lookAlike, RUNTIME, profiles))).toBe('https://www.prometric.com.example.net is not a booking site of any profile.');
  });

  it('refuses a claimed URL on another origin than the sender\'s', () => {
    expect(refusal(() => bookingPage(sender(PAYMENT), FLOW, RUNTIME, profiles))).toMatch(/^the page claimed to be at "https:\/\/wsr\.pearsonvue\.com\/testtaker.*, which is not on https:\/\/www\.prometric\.com\.$/);
  });

  it('extension pages and the app bridge have their own checks', () => {
    const own = `chrome-extension://${RUNTIME}/extension/options/index.html`;
    expect(refusal(() => extensionPage({ id: RUNTIME, url: own }, RUNTIME))).toBe('not refused');
    expect(refusal(() => extensionPage(sender(PAYMENT), RUNTIME))).toBe('only the extension\'s own pages may ask this.');
    expect(refusal(() => extensionPage({ id: RUNTIME, url: 'chrome-extension://another/extension/options/index.html' }, RUNTIME))).toBe('only the extension\'s own pages may ask this.');
    expect(refusal(() => extensionPage({ id: 'anotherextensionanotherextension', url: own }, RUNTIME))).toBe('only the extension\'s own pages may ask this.');
    expect(refusal(() => extensionPage({ id: RUNTIME }, RUNTIME))).toBe('only the extension\'s own pages may ask this.');
    expect(pwaPage(sender('http://localhost:4173/'), RUNTIME, 'http://localhost:4173')).toEqual({ origin: 'http://localhost:4173', tabId: 7 });
    // Chrome before 80 reports no origin: the address's stands in.
    const { origin: _origin, ...noOrigin } = sender('http://localhost:4173/');
    expect(pwaPage(noOrigin, RUNTIME, 'http://localhost:4173')).toEqual({ origin: 'http://localhost:4173', tabId: 7 });
    const { tab: _tab, ...noTab } = sender('http://localhost:4173/');
    for (const other of [sender('http://localhost:5173/'), sender('http://localhost:4173/', { frameId: 1 }), sender('http://localhost:4173/', { id: 'x' }), noTab, { id: RUNTIME, frameId: 0, tab: { id: 7 } as chrome.tabs.Tab }]) {
      expect(refusal(() => pwaPage(other, RUNTIME, 'http://localhost:4173'))).toBe('link messages come only from the configured app origin.');
    }
  });
});

describe('the booking answers', () => {
  let stored: FakeStorage;
  let pushed: number;
  const context = (): BookingContext => ({ runtimeId: RUNTIME, profiles, historyChanged: async () => void pushed++ });
  const attempts = (): unknown[] => (stored.local.get('history') as { attempts: unknown[] }).attempts;

  beforeEach(() => {
    stored = installFakeChrome();
    pushed = 0;
    stored.local.set('history', history({ vouchers: [V1], attempts: [A1] }));
    stored.local.set('settings', { pwaOrigin: 'http://localhost:4173', asOf: '2007-11-11' });
  });

  it('a page read with another version of its profile gets the one in force and no hint; a page at no step gets nothing', async () => {
    const pearson = profiles.find((p) => p.id === 'pearson-vue');
    const flowSender = sender(FLOW.replace('BookingFlow', 'Start'));
    const stale = { ...reading(FLOW, 'flow-payment', 'December 3, 2007'), version: reading(FLOW, '', '').version - 1 };
    expect(await readBookingPage(stale, flowSender, context())).toEqual({ hint: null, site: pearson && pageSite(pearson) });
    expect(await readBookingPage({ ...reading(FLOW, '', ''), exam: [], dates: [] }, flowSender, context())).toEqual({ hint: null, site: null });
    // The sender is checked first, whatever the page asks.
    await expect(readBookingPage(stale, sender(PAYMENT, { frameId: 2 }), context())).rejects.toThrow('Second Shot works only in the top frame');
  });

  it('a step the page is not at is refused with the reason', async () => {
    await expect(readBookingPage(reading(PAYMENT, 'confirmation', 'December 3, 2007'), sender(PAYMENT), context())).rejects.toThrow('"confirmation" is not a step of Prometric at this address.');
  });

  it('fill: the code comes back for the hint drawn at this URL, only when the hint offers a fill', async () => {
    const { hint } = await readBookingPage(reading(PAYMENT, 'payment', 'December 3, 2007'), sender(PAYMENT), context());
    if (!hint) throw new Error('no hint');
    expect(hint.action).toBe('fill');
    expect(await fillVoucher({ nonce: 'stale', url: PAYMENT }, sender(PAYMENT), context())).toEqual({ ok: false, message: 'The page changed since this hint was drawn: nothing was filled.', code: null });
    expect(await fillVoucher({ nonce: hint.nonce, url: `${PAYMENT}?order=2` }, sender(PAYMENT), context())).toEqual({ ok: false, message: 'The page changed since this hint was drawn: nothing was filled.', code: null });
    expect(await fillVoucher({ nonce: hint.nonce, url: PAYMENT }, sender(PAYMENT), context())).toEqual({ ok: true, message: 'Voucher SS07-ABCD-1234 filled.', code: 'SS07-ABCD-1234' });
    // The act must be the one the hint offers: a payment hint records nothing.
    expect(await recordAttempt({ nonce: hint.nonce, url: PAYMENT, date: null }, sender(PAYMENT), context())).toEqual({ ok: false, message: 'This hint has no booking to record.' });
  });

  it('record: a confirmation hint fills nothing, and records once', async () => {
    const { hint } = await readBookingPage(reading(CONFIRMATION, 'confirmation', 'December 3, 2007'), sender(CONFIRMATION), context());
    if (!hint) throw new Error('no hint');
    expect(await fillVoucher({ nonce: hint.nonce, url: CONFIRMATION }, sender(CONFIRMATION), context())).toEqual({ ok: false, message: 'This hint offers no voucher to fill.', code: null });
    expect(await recordAttempt({ nonce: hint.nonce, url: CONFIRMATION, date: '2007-12-04' }, sender(CONFIRMATION), context())).toEqual({ ok: false, message: 'That is not the date this page shows: nothing was recorded.' });
    expect(await recordAttempt({ nonce: hint.nonce, url: CONFIRMATION, date: null }, sender(CONFIRMATION), context()))
      .toEqual({ ok: true, message: 'Added to your attempts: 70-298 on 3 Dec 2007, scheduled, voucher SS07-ABCD-1234.' });
    expect(attempts()).toHaveLength(2);
    expect(pushed).toBe(1);
    expect(await recordAttempt({ nonce: hint.nonce, url: CONFIRMATION, date: null }, sender(CONFIRMATION), context())).toEqual({ ok: true, message: 'This attempt is already in your history.' });
  });

  it.each([['en-GB', '2007-11-12'], ['en-US', '2007-12-11']])('a %s page\'s 12/11/2007 is stored only as the reading the candidate picked', async (lang, picked) => {
    const { hint } = await readBookingPage(reading(CONFIRMATION, 'confirmation', '12/11/2007', lang), sender(CONFIRMATION), context());
    if (!hint) throw new Error('no hint');
    expect(hint.choices.map((c) => c.date).sort()).toEqual(['2007-11-12', '2007-12-11']);
    expect(await recordAttempt({ nonce: hint.nonce, url: CONFIRMATION, date: null }, sender(CONFIRMATION), context())).toEqual({ ok: false, message: 'Pick one of the dates this hint offers: nothing was recorded.' });
    expect(await recordAttempt({ nonce: hint.nonce, url: CONFIRMATION, date: '2007-11-13' }, sender(CONFIRMATION), context())).toEqual({ ok: false, message: 'Pick one of the dates this hint offers: nothing was recorded.' });
    expect(attempts()).toHaveLength(1);
    expect((await recordAttempt({ nonce: hint.nonce, url: CONFIRMATION, date: picked }, sender(CONFIRMATION), context())).ok).toBe(true);
    expect(attempts()).toEqual([A1, expect.objectContaining({ exam: '70-298', takenOn: picked, result: 'scheduled' })]);
  });

  it('a page that finds no voucher field and no exam reports it, counted once per page address and tab however often it is read', async () => {
    const lost = { ...reading(PAYMENT, 'payment', 'December 3, 2007'), exam: [], voucherField: null, applyButton: null };
    await readBookingPage(lost, sender(PAYMENT), context());
    await readBookingPage(lost, sender(PAYMENT), context());
    expect(stored.local.get('selfReports')).toEqual({ prometric: { voucherField: 1, exam: 1 } });
    const elsewhere = `${PAYMENT}?order=2`;
    await readBookingPage({ ...lost, url: elsewhere, exam: reading(PAYMENT, 'payment', '').exam }, sender(PAYMENT), context());
    await readBookingPage(lost, sender(PAYMENT, { tab: { id: 8 } as chrome.tabs.Tab }), context());
    expect(stored.local.get('selfReports')).toEqual({ prometric: { voucherField: 3, exam: 2 } });
    // Found by the fallback cues is no self-report.
    await readBookingPage({ ...lost, url: `${PAYMENT}?order=3`, exam: [{ text: 'Exam 070-298', where: 'heading' }], voucherField: 'fallback' }, sender(PAYMENT), context());
    expect(stored.local.get('selfReports')).toEqual({ prometric: { voucherField: 3, exam: 2 } });
  });
});

describe('what a booking leaves behind', () => {
  let stored: FakeStorage;
  const context = (): BookingContext => ({ runtimeId: RUNTIME, profiles, historyChanged: async () => undefined });
  const attempts = (): unknown[] => (stored.local.get('history') as { attempts: unknown[] }).attempts;

  beforeEach(() => {
    stored = installFakeChrome();
    stored.local.set('history', history({ vouchers: [V1], attempts: [A1] }));
    stored.local.set('settings', { pwaOrigin: 'http://localhost:4173', asOf: '2007-11-11' });
  });

  it('a recorded booking is dated as of the date checked, with the voucher filled in this tab, which is then forgotten', async () => {
    const { hint: payment } = await readBookingPage(reading(PAYMENT, 'payment', 'December 3, 2007'), sender(PAYMENT), context());
    if (!payment) throw new Error('no hint');
    await fillVoucher({ nonce: payment.nonce, url: PAYMENT }, sender(PAYMENT), context());
    expect(stored.session.get('filled:7')).toEqual({ voucherId: 'v1', exam: '70-298' });
    const { hint } = await readBookingPage(reading(CONFIRMATION, 'confirmation', 'December 3, 2007'), sender(CONFIRMATION), context());
    if (!hint) throw new Error('no hint');
    await recordAttempt({ nonce: hint.nonce, url: CONFIRMATION, date: '2007-12-03' }, sender(CONFIRMATION), context());
    expect(attempts()[1]).toEqual({
      id: expect.stringMatching(/^a-2007-11-11-[0-9a-f]{8}$/), exam: '70-298', provider: 'prometric', bookedOn: '2007-11-11', takenOn: '2007-12-03', result: 'scheduled',
      updatedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/), voucher: 'v1',
    });
    expect(stored.session.has('filled:7')).toBe(false);
  });

  it('a booking no voucher covers is recorded without one', async () => {
    stored.local.set('settings', { pwaOrigin: 'http://localhost:4173', asOf: '2008-08-20' });
    const { hint } = await readBookingPage(reading(CONFIRMATION, 'confirmation', 'September 3, 2008'), sender(CONFIRMATION), context());
    if (!hint) throw new Error('no hint');
    expect(await recordAttempt({ nonce: hint.nonce, url: CONFIRMATION, date: null }, sender(CONFIRMATION), context())).toEqual({ ok: true, message: 'Added to your attempts: 70-298 on 3 Sep 2008, scheduled.' });
    expect(attempts()[1]).not.toHaveProperty('voucher');
  });

  it('a booking already recorded at another provider, on another day or cancelled is not a duplicate', async () => {
    for (const other of [{ provider: 'pearson-vue' }, { takenOn: '2007-12-04' }, { result: 'cancelled' as const }, { exam: '70-299' }]) {
      stored.local.set('history', history({ vouchers: [V1], attempts: [A1, { ...A1, id: 'a2', takenOn: '2007-12-03', result: 'scheduled', ...other }] }));
      stored.session.clear();
      const { hint } = await readBookingPage(reading(CONFIRMATION, 'confirmation', 'December 3, 2007'), sender(CONFIRMATION), context());
      if (!hint) throw new Error('no hint');
      expect((await recordAttempt({ nonce: hint.nonce, url: CONFIRMATION, date: null }, sender(CONFIRMATION), context())).message, JSON.stringify(other)).toMatch(/^Added to your attempts/);
    }
  });

  it('what a page misses is kept for the options, dated by the real calendar, and cleared once found again', async () => {
    const lost = { ...reading(PAYMENT, 'payment', 'December 3, 2007'), voucherField: null, applyButton: null };
    await readBookingPage(lost, sender(PAYMENT), context());
    expect(stored.local.get('diagnostics')).toEqual(['voucherField', 'applyButton'].map((target) => ({
      site: 'prometric', step: 'payment', target, url: PAYMENT, seenOn: deviceToday(), message: expect.stringMatching(/^not found: /),
    })));
    await readBookingPage({ ...lost, voucherField: 'fallback' }, sender(PAYMENT), context());
    expect((stored.local.get('diagnostics') as { target: string; message: string }[]).map((d) => [d.target, d.message.slice(0, 22)])).toEqual([
      ['voucherField', 'the profile\'s selector'], ['applyButton', 'not found: neither the'],
    ]);
    // Another step's reports stay.
    await readBookingPage({ ...reading(CONFIRMATION, 'confirmation', ''), dates: [] }, sender(CONFIRMATION), context());
    await readBookingPage(reading(PAYMENT, 'payment', 'December 3, 2007'), sender(PAYMENT), context());
    expect((stored.local.get('diagnostics') as { step: string; target: string }[]).map((d) => [d.step, d.target])).toEqual([['confirmation', 'examDate']]);
  });
});
