/// <reference types="chrome" />
// Booking pages as candidates really see them, beyond the fixture pages the profiles were
// written from: client-side routes, content that arrives late or never stops changing,
// fields named only through aria-labelledby or inside a shadow root, other languages,
// exams only in an order summary, several exams, and dates that read two ways.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clickHintButton, fixtureHtml, history, PEARSON, PROMETRIC, readHint, seed, type Session, startSession, storedHistory, waitForHint, waitForRead } from './support.ts';

const V1 = { id: 'v1', code: 'SS07-ABCD-1234', offer: 'ms-second-shot-2007', obtainedOn: '2007-10-01' };
const FAILED_298 = { id: 'a1', voucher: 'v1', exam: '70-298', provider: 'prometric', bookedOn: '2007-10-05', takenOn: '2007-11-10', result: 'fail' as const };
const V15 = { id: 'v15', code: 'MSSS15-7Q2KD', offer: 'ms-second-shot-2015', obtainedOn: '2015-01-10' };
const VARS_2015 = { exam: '70-410', title: 'Installing and Configuring Windows Server 2012', dateLong: 'March 10, 2015' };
const VARS_2007 = { exam: '070-298', title: 'Designing Security for a Microsoft Windows Server 2003 Network', dateLong: 'December 3, 2007' };

let session: Session;
beforeAll(async () => {
  session = await startSession();
});
afterAll(async () => {
  await session?.close();
});

/** Opens a variant page (test/fixtures/sites/variants) served at a booking site's real URL. */
async function openVariant(file: string, url: string, vars = VARS_2015, edit: (html: string) => string = (html) => html): Promise<Page> {
  session.extra.set(url, edit(fixtureHtml(`variants/${file}`, vars)));
  const page = await session.context.newPage();
  await page.goto(url);
  return page;
}

describe('single-page flows', () => {
  it('first loaded at a path no step lists, then routed with pushState through every step, and back', async () => {
    await seed(session, history([V15]), '2015-02-01');
    const page = await openVariant('spa-routes.html', `${PEARSON}/Start/MICROSOFT`);
    expect((await waitForRead(page, 0)).watching).toBe(true);
    expect(await readHint(page)).toBeNull();
    await page.click('#next');
    const details = await waitForHint(page, (h) => h.title.startsWith('Covered'));
    expect(details.button).toBeNull();
    await page.click('#next');
    const payment = await waitForHint(page, (h) => h.button?.label === 'Fill voucher');
    await clickHintButton(page, payment);
    await expect.poll(() => page.inputValue('#voucherCode')).toBe('MSSS15-7Q2KD');
    await page.click('#next');
    expect((await waitForHint(page, (h) => h.button?.label === 'Add to my attempts')).title).toBe('Booked: 70-410 on 10 Mar 2015');
    await page.goBack();
    await waitForHint(page, (h) => h.button?.label === 'Fill voucher');
    await page.close();
  });
});

describe('content that arrives late', () => {
  it('a voucher field inserted ~0.7 s after choosing "Voucher", with no change event of its own', async () => {
    await seed(session, history([V1], [FAILED_298]), '2007-11-11');
    const page = await openVariant('late-voucher.html', `${PROMETRIC}/Payment.aspx`, VARS_2007);
    const first = await waitForHint(page);
    expect(first.text).toContain('The voucher field is not on this page');
    await page.click('#payVoucher');
    const ready = await waitForHint(page, (h) => h.button?.label === 'Fill voucher');
    await clickHintButton(page, ready);
    await expect.poll(() => page.inputValue('#VoucherNumber')).toBe('SS07-ABCD-1234');
    await page.close();
  });

  it('a voucher field drawn late inside nested open shadow roots, the document itself unchanged', async () => {
    await seed(session, history([V15]), '2015-02-01');
    const page = await openVariant('late-shadow-payment.html', `${PEARSON}/PaymentPage/MICROSOFT`);
    const hint = await waitForHint(page, (h) => h.button?.label === 'Fill voucher');
    await clickHintButton(page, hint);
    await expect.poll(() => page.locator('voucher-entry #seen').textContent()).toBe('Entered: MSSS15-7Q2KD');
    await page.close();
  });

  it('a page whose clock ticks every 100 ms still gets its late form read', async () => {
    await seed(session, history([V15]), '2015-02-01');
    const page = await openVariant('ticking-payment.html', `${PEARSON}/PaymentPage/MICROSOFT`);
    await waitForHint(page, (h) => h.button?.label === 'Fill voucher');
    await page.close();
  });
});

describe('finding the voucher field as a person does', () => {
  it('inside an open shadow root, named through aria-labelledby, past a promo code field; the exam only in the order summary', async () => {
    await seed(session, history([V15]), '2015-02-01');
    const page = await openVariant('shadow-payment.html', `${PEARSON}/PaymentPage/MICROSOFT`);
    const hint = await waitForHint(page, (h) => h.button?.label === 'Fill voucher');
    expect(hint.title).toBe('Covered (first exam): use voucher MSSS15-7Q2KD');
    await clickHintButton(page, hint);
    await expect.poll(() => page.locator('payment-box #seen').textContent()).toBe('Entered: MSSS15-7Q2KD');
    expect(await page.inputValue('#promo')).toBe('');
    await page.close();
  });

  it('a German page: the Gutschein field, not the Rabatt (discount) field', async () => {
    const page = await openVariant('german-payment.html', `${PEARSON}/PaymentPage/MICROSOFT`);
    const hint = await waitForHint(page, (h) => h.button?.label === 'Fill voucher');
    await clickHintButton(page, hint);
    await expect.poll(() => page.inputValue('#gs')).toBe('MSSS15-7Q2KD');
    expect(await page.inputValue('#rabatt')).toBe('');
    await page.close();
  });

  it('two fields alike: nothing is filled, and the hint says why', async () => {
    const page = await openVariant('two-voucher-fields.html', `${PEARSON}/PaymentPage/MICROSOFT`);
    const hint = await waitForHint(page);
    expect(hint.button).toBeNull();
    expect(hint.text).toContain('Two fields look like the voucher field ("Voucher code" and "Voucher code"), so Second Shot filled neither');
    await page.close();
  });
});

describe('reading the exam', () => {
  it('several exams on one page: said, not guessed, nothing to fill', async () => {
    const page = await openVariant('two-exams-payment.html', `${PEARSON}/PaymentPage/MICROSOFT`);
    const hint = await waitForHint(page);
    expect(hint.title).toBe('Several exams on this page');
    expect(hint.text).toContain('This page names 70-410, 70-411');
    expect(hint.button).toBeNull();
    await page.close();
  });

  it('an exam in an order summary and its date in <time datetime>, past an order date', async () => {
    await seed(session, history([V15]), '2015-02-01');
    const page = await openVariant('order-summary-confirmation.html', `${PEARSON}/OrderConfirmationPage/MICROSOFT`);
    expect((await waitForHint(page, (h) => h.button !== null)).title).toBe('Booked: 70-410 on 10 Mar 2015');
    await page.close();
  });

  it('an exam list with nothing chosen yet is no site diagnostic', async () => {
    await session.worker.evaluate(() => chrome.storage.local.remove('diagnostics'));
    const page = await session.context.newPage();
    await page.goto(`${PROMETRIC}/SelectExam.aspx`);
    expect((await waitForHint(page)).title).toBe('Second Shot: no exam found yet');
    expect(await session.worker.evaluate(async () => (await chrome.storage.local.get('diagnostics'))['diagnostics'] ?? [])).toEqual([]);
    await page.close();
  });
});

describe('a date both orders can read is never stored as a guess', () => {
  it.each([
    ['en-GB', ['Add: exam on 12 Nov 2007', 'Add: exam on 11 Dec 2007']],
    ['en-US', ['Add: exam on 11 Dec 2007', 'Add: exam on 12 Nov 2007']],
  ])('on an %s page, 12/11/2007 is offered both ways and stored as the one the candidate picks', async (lang, labels) => {
    await seed(session, history([V1], [FAILED_298]), '2007-11-11');
    const page = await openVariant('confirmation-numeric.html', `${PROMETRIC}/Confirmation.aspx`, VARS_2007, (html) => html.replace('lang="en-GB"', `lang="${lang}"`));
    const hint = await waitForHint(page, (h) => h.buttons.length === 2);
    expect(hint.title).toBe('Booked: 70-298. Which day is your exam?');
    expect(hint.buttons.map((b) => b.label)).toEqual(labels);
    expect((await storedHistory(session)).attempts).toHaveLength(1);
    await clickHintButton(page, hint, hint.buttons.find((b) => b.label.endsWith('12 Nov 2007')) ?? null);
    await expect.poll(async () => (await readHint(page))?.note).toBe('Added to your attempts: 70-298 on 12 Nov 2007, scheduled, voucher SS07-ABCD-1234.');
    expect((await storedHistory(session)).attempts.map((a) => a.takenOn)).toEqual(['2007-11-10', '2007-11-12']);
    await page.close();
  });
});
