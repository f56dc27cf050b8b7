/// <reference types="chrome" />
// On every booking step of both flows, the built extension in real Chromium shows the
// right hint for a seeded history, and Fill puts the right voucher code in the field.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clickHintButton, history, inContentScript, PEARSON, PROMETRIC, readHint, seed, type Session, startSession, storedHistory, waitForHint, waitForRead } from './support.ts';

const V1 = { id: 'v1', code: 'SS07-ABCD-1234', offer: 'ms-second-shot-2007', obtainedOn: '2007-10-01' };
const FAILED_298 = { id: 'a1', voucher: 'v1', exam: '70-298', provider: 'prometric', bookedOn: '2007-10-05', takenOn: '2007-11-10', result: 'fail' as const };
const V15 = { id: 'v15', code: 'MSSS15-7Q2KD', offer: 'ms-second-shot-2015', obtainedOn: '2015-01-10' };

let session: Session;
beforeAll(async () => {
  session = await startSession();
});
afterAll(async () => {
  await session?.close();
});

/** Wherever a click on the page's own button lands (its left edge, right after the field, included), it reaches that button, not our mark. */
async function expectPageButtonUncovered(page: Page, selector: string): Promise<void> {
  const button = await page.locator(selector).boundingBox();
  if (!button) throw new Error(`no ${selector} on the page`);
  const hits = await page.evaluate(({ box, selector: s }) => {
    const points = [1, 4, 8, 12, 20, 28, box.width / 2].map((dx) => [box.x + dx, box.y + box.height / 2] as const);
    return points.map(([x, y]) => document.elementFromPoint(x, y) === document.querySelector(s));
  }, { box: button, selector });
  expect(hits.every(Boolean), JSON.stringify(hits)).toBe(true);
}

async function open(url: string) {
  const page = await session.context.newPage();
  await page.goto(url);
  return page;
}

describe('Prometric, the 2007–2008 Microsoft flow', () => {
  it('payment: a free retake is covered, and Fill puts the voucher in the field so the page sees it', async () => {
    await seed(session, history([V1], [FAILED_298]), '2007-11-11');
    session.vars = { exam: '070-298', title: 'Designing Security for a Microsoft Windows Server 2003 Network', dateLong: 'December 3, 2007' };
    const page = await open(`${PROMETRIC}/Payment.aspx`);
    const hint = await waitForHint(page, (h) => h.button !== null);
    expect(hint.title).toBe('Covered (free retake): use voucher SS07-ABCD-1234');
    expect(hint.text).toContain('Your free retake of 70-298 is covered: book it with voucher SS07-ABCD-1234 by 30 Jun 2008.');
    expect(hint.button?.label).toBe('Fill voucher');
    await clickHintButton(page, hint);
    await expect.poll(() => page.inputValue('#VoucherNumber')).toBe('SS07-ABCD-1234');
    await expect.poll(() => page.textContent('#voucherState')).toBe('Voucher entered: SS07-ABCD-1234');
    expect((await readHint(page))?.note).toContain('Voucher SS07-ABCD-1234 filled.');
    await page.close();
  });

  it('on payment the hint sits next to the voucher field, and the keyboard reaches Fill right after the field, before the page\'s buttons', async () => {
    await seed(session, history([V1], [FAILED_298]), '2007-11-11');
    session.vars = { exam: '070-298', title: 'Designing Security for a Microsoft Windows Server 2003 Network', dateLong: 'December 3, 2007' };
    const page = await open(`${PROMETRIC}/Payment.aspx`);
    const hint = await waitForHint(page, (h) => h.button !== null);
    const field = await page.locator('#VoucherNumber').boundingBox();
    if (!field || !hint.mark) throw new Error(`no field box or no mark: ${JSON.stringify(hint)}`);
    // The mark: in the field's right end, on its middle, as a password manager's icon.
    expect(hint.mark.x).toBeGreaterThan(field.x + field.width - 20);
    expect(hint.mark.x).toBeLessThan(field.x + field.width);
    expect(Math.abs(hint.mark.y - (field.y + field.height / 2))).toBeLessThan(3);
    await expectPageButtonUncovered(page, '#ValidateVoucher');
    await page.focus('#VoucherNumber');
    const focused: string[] = [];
    // The mark, the panel's dismiss button, then Fill: all ours, before anything of the page's.
    for (let i = 0; i < 3; i++) {
      await page.keyboard.press('Tab');
      focused.push(await page.evaluate(() => document.activeElement?.localName ?? ''));
    }
    expect(focused).toEqual(['second-shot-hint', 'second-shot-hint', 'second-shot-hint']);
    // With the focus in the panel the hint looks whether something covers Fill, as a person reads it.
    await expect.poll(() => inContentScript(page, 'secondShotProgress.coverSeen')).toBeGreaterThan(0);
    await page.keyboard.press('Enter');
    await expect.poll(() => page.inputValue('#VoucherNumber')).toBe('SS07-ABCD-1234');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('ValidateVoucher');
    // The mark shows and hides the panel.
    await page.mouse.click(hint.mark.x, hint.mark.y);
    await expect.poll(async () => (await readHint(page))?.button ?? 'hidden').toBe('hidden');
    await page.mouse.click(hint.mark.x, hint.mark.y);
    await expect.poll(async () => (await readHint(page))?.button?.label).toBe('Fill voucher');
    await page.close();
  });

  it('the first read of a booking page is one request to the service worker; the cover check runs only while the pointer is on the hint', async () => {
    await seed(session, history([V1], [FAILED_298]), '2007-11-11');
    const page = await open(`${PROMETRIC}/Payment.aspx`);
    const hint = await waitForHint(page, (h) => h.button !== null);
    await waitForRead(page, 0);
    expect(await inContentScript(page, 'secondShotProgress.requests')).toBe(1);
    // Frames go by with the hint up and untouched: nothing looks whether it is covered.
    await page.evaluate(() => new Promise((resolve) => {
      let frames = 0;
      const frame = (): void => void (++frames === 5 ? resolve(frames) : requestAnimationFrame(frame));
      requestAnimationFrame(frame);
    }));
    expect(await inContentScript(page, 'secondShotProgress.coverSeen')).toBe(0);
    if (!hint.button) throw new Error('no Fill button');
    await page.mouse.move(hint.button.x, hint.button.y);
    await expect.poll(() => inContentScript(page, 'secondShotProgress.coverSeen')).toBe(1);
    // The pointer gone, the check stops a moment later and what it saw is forgotten.
    await page.mouse.move(1, 1);
    await expect.poll(() => inContentScript(page, 'secondShotProgress.coverSeen')).toBe(0);
    await page.close();
  });

  it('a page that re-renders its form, taking our hint out with it, gets the hint back next to the field', async () => {
    await seed(session, history([V1], [FAILED_298]), '2007-11-11');
    const page = await open(`${PROMETRIC}/Payment.aspx`);
    await waitForHint(page, (h) => h.button !== null);
    await page.evaluate(() => document.querySelector('second-shot-hint')?.remove());
    const back = await waitForHint(page, (h) => h.button !== null);
    expect(back.mark).not.toBeNull();
    expect(await page.evaluate(() => document.querySelector('second-shot-hint')?.previousElementSibling?.id)).toBe('VoucherNumber');
    await page.close();
  });

  it('away from payment the hint has no mark: it sits in the corner on its own', async () => {
    await seed(session, history([V1], [FAILED_298]), '2007-11-11');
    const page = await open(`${PROMETRIC}/Confirmation.aspx`);
    const hint = await waitForHint(page, (h) => h.button !== null);
    expect(hint.mark).toBeNull();
    expect(await page.evaluate(() => document.querySelector('second-shot-hint')?.parentElement === document.documentElement)).toBe(true);
    await page.close();
  });

  it('the hint moves nothing on the page and can be dismissed', async () => {
    await seed(session, history([V1], [FAILED_298]), '2007-11-11');
    session.vars = { exam: '070-298', title: 'Designing Security for a Microsoft Windows Server 2003 Network', dateLong: 'December 3, 2007' };
    const page = await session.context.newPage();
    await page.goto(`${PROMETRIC}/Payment.aspx`, { waitUntil: 'domcontentloaded' });
    const layout = (): Promise<string> => page.evaluate(() => JSON.stringify([
      document.documentElement.scrollWidth, document.documentElement.scrollHeight,
      // The page's own elements: our hint's host sits among them, next to the voucher field.
      ...[...document.querySelectorAll('body *')].filter((e) => e.localName !== 'second-shot-hint').map((e) => {
        const box = e.getBoundingClientRect();
        return [box.x, box.y, box.width, box.height];
      }),
    ]));
    const before = await layout();
    const hint = await waitForHint(page, (h) => h.button !== null);
    expect(await layout()).toBe(before);
    expect(hint.close?.label).toBe('×');
    if (hint.close) await page.mouse.click(hint.close.x, hint.close.y);
    await expect.poll(() => readHint(page)).toBeNull();
    await page.close();
  });

  it('payment the day of the failure: wait until the next day, nothing to fill', async () => {
    await seed(session, history([V1], [FAILED_298]), '2007-11-10');
    const page = await open(`${PROMETRIC}/Payment.aspx`);
    const hint = await waitForHint(page);
    expect(hint.title).toBe('Wait until 11 Nov 2007');
    expect(hint.text).toContain('Your free retake opens on 11 Nov 2007, the day after the failed exam on 10 Nov 2007.');
    expect(hint.button).toBeNull();
    await page.close();
  });

  it('payment for another exam: this voucher is for 70-298, not 70-299', async () => {
    await seed(session, history([V1], [FAILED_298]), '2007-11-20');
    session.vars = { exam: '070-299', title: 'Implementing and Administering Security in a Microsoft Windows Server 2003 Network', dateLong: 'December 3, 2007' };
    const page = await open(`${PROMETRIC}/Payment.aspx`);
    const hint = await waitForHint(page);
    expect(hint.title).toBe('Not covered: 70-299');
    expect(hint.text).toContain('This voucher is for 70-298, not 70-299: the free retake is for the same exam only.');
    expect(hint.button).toBeNull();
    await page.close();
  });

  it('payment for an Office Specialist exam: not covered', async () => {
    await seed(session, history([V1]), '2007-11-20');
    session.vars = { exam: '077-601', title: 'Using Microsoft Office Word 2007', dateLong: 'December 3, 2007' };
    const page = await open(`${PROMETRIC}/Payment.aspx`);
    const hint = await waitForHint(page);
    expect(hint.title).toBe('Not covered: 77-601');
    expect(hint.text).toContain('not Microsoft Office Specialist (77-) or academic (72-) exams');
    await page.close();
  });

  it('payment with no voucher yet: get the voucher before you book', async () => {
    await seed(session, history([]), '2007-11-20');
    session.vars = { exam: '070-536', title: 'TS: Microsoft .NET Framework 2.0 - Application Development Foundation', dateLong: 'December 3, 2007' };
    const page = await open(`${PROMETRIC}/Payment.aspx`);
    const hint = await waitForHint(page);
    expect(hint.title).toBe('Get your voucher before you book');
    expect(hint.text).toContain('Microsoft Second Shot, 2007–2008 covers 70-536, but you must hold its voucher before you book');
    await page.close();
  });

  it('payment before the voucher was obtained: you must hold the voucher before you book', async () => {
    await seed(session, history([{ ...V1, obtainedOn: '2007-12-01' }]), '2007-11-20');
    const page = await open(`${PROMETRIC}/Payment.aspx`);
    const hint = await waitForHint(page);
    expect(hint.title).toBe('Not covered: 70-536');
    expect(hint.text).toContain('You must hold the Second Shot voucher before you book the exam; this voucher was obtained on 1 Dec 2007.');
    await page.close();
  });

  it('exam choice: the hint follows the exam chosen in the list', async () => {
    await seed(session, history([V1], [FAILED_298]), '2007-11-11');
    const page = await open(`${PROMETRIC}/SelectExam.aspx`);
    expect((await waitForHint(page)).title).toBe('Second Shot: no exam found yet');
    await page.selectOption('#ExamCode', '070-298');
    expect((await waitForHint(page, (h) => h.title.startsWith('Covered'))).title).toBe('Covered (free retake): use voucher SS07-ABCD-1234');
    await page.selectOption('#ExamCode', '077-601');
    expect((await waitForHint(page, (h) => h.title.startsWith('Not covered'))).title).toBe('Not covered: 77-601');
    await page.close();
  });

  it('confirmation: "Add to my attempts" records the booking as scheduled, once', async () => {
    await seed(session, history([V1], [FAILED_298]), '2007-11-11');
    session.vars = { exam: '070-298', title: 'Designing Security for a Microsoft Windows Server 2003 Network', dateLong: 'December 3, 2007' };
    const page = await open(`${PROMETRIC}/Confirmation.aspx`);
    const hint = await waitForHint(page, (h) => h.button !== null);
    expect(hint.title).toBe('Booked: 70-298 on 3 Dec 2007');
    expect(hint.button?.label).toBe('Add to my attempts');
    await clickHintButton(page, hint);
    await expect.poll(async () => (await readHint(page))?.note).toContain('Added to your attempts: 70-298 on 3 Dec 2007, scheduled, voucher SS07-ABCD-1234.');
    const attempts = (await storedHistory(session)).attempts;
    expect(attempts).toHaveLength(2);
    expect(attempts[1]).toMatchObject({ voucher: 'v1', exam: '70-298', provider: 'prometric', bookedOn: '2007-11-11', takenOn: '2007-12-03', result: 'scheduled' });
    await page.reload();
    expect((await waitForHint(page, (h) => h.text.includes('already'))).button).toBeNull();
    await page.close();
  });
});

describe('Pearson VUE, the current Microsoft flow', () => {
  it('exam details: covered, nothing to fill yet', async () => {
    await seed(session, history([V15]), '2015-02-01');
    session.vars = { exam: '70-410', title: 'Installing and Configuring Windows Server 2012', dateLong: 'March 10, 2015' };
    const page = await open(`${PEARSON}/ExamDetailsPage/MICROSOFT`);
    const hint = await waitForHint(page);
    expect(hint.title).toBe('Covered (first exam): use voucher MSSS15-7Q2KD');
    expect(hint.button).toBeNull();
    await page.close();
  });

  it('payment: the mark sits in the field and leaves the site\'s Apply free; Fill, then the site\'s own Apply sees the code', async () => {
    const page = await open(`${PEARSON}/PaymentPage/MICROSOFT`);
    const hint = await waitForHint(page, (h) => h.button !== null);
    await expectPageButtonUncovered(page, '#applyVoucher');
    await clickHintButton(page, hint);
    await expect.poll(() => page.inputValue('#voucherCode')).toBe('MSSS15-7Q2KD');
    await page.click('#applyVoucher');
    expect(await page.textContent('#applied')).toBe('Applied: MSSS15-7Q2KD');
    await page.close();
  });

  it('the service worker can be stopped between the hint and the click: Fill still works', async () => {
    const page = await open(`${PEARSON}/PaymentPage/MICROSOFT`);
    const hint = await waitForHint(page, (h) => h.button !== null);
    const cdp = await page.context().newCDPSession(page);
    const statuses: string[] = [];
    cdp.on('ServiceWorker.workerVersionUpdated', (event: { versions: { runningStatus: string }[] }) => statuses.push(...event.versions.map((v) => v.runningStatus)));
    await cdp.send('ServiceWorker.enable');
    await cdp.send('ServiceWorker.stopAllWorkers');
    await expect.poll(() => statuses.at(-1)).toBe('stopped');
    await clickHintButton(page, hint);
    await expect.poll(() => page.inputValue('#voucherCode')).toBe('MSSS15-7Q2KD');
    expect(statuses.slice(statuses.lastIndexOf('stopped'))).toContain('running');
    // The restarted worker is a new target: later tests seed through it.
    session.worker = session.context.serviceWorkers().at(-1) ?? (await session.context.waitForEvent('serviceworker'));
    await page.close();
  });

  it('payment for a current exam the 2015 offer does not cover', async () => {
    session.vars = { exam: 'AZ-900', title: 'Microsoft Azure Fundamentals', dateLong: 'March 10, 2015' };
    const page = await open(`${PEARSON}/PaymentPage/MICROSOFT`);
    const hint = await waitForHint(page);
    expect(hint.title).toBe('Not covered: AZ-900');
    expect(hint.text).toContain('Exam AZ-900 is not covered');
    await page.close();
  });

  it('confirmation: Add to my attempts', async () => {
    session.vars = { exam: '70-410', title: 'Installing and Configuring Windows Server 2012', dateLong: 'March 10, 2015' };
    const page = await open(`${PEARSON}/OrderConfirmationPage/MICROSOFT`);
    const hint = await waitForHint(page, (h) => h.button !== null);
    expect(hint.title).toBe('Booked: 70-410 on 10 Mar 2015');
    await clickHintButton(page, hint);
    await expect.poll(async () => (await storedHistory(session)).attempts.map((a) => `${a.exam} ${a.takenOn} ${a.result} ${a.voucher}`)).toEqual(['70-410 2015-03-10 scheduled v15']);
    await page.close();
  });

  it('single page: the hint follows the late payment form and the confirmation, without a page load', async () => {
    await seed(session, history([V15]), '2015-02-01');
    const page = await open(`${PEARSON}/BookingFlow/MICROSOFT?paymentAfter=4000`);
    const first = await waitForHint(page);
    expect(first.title).toBe('Covered (first exam): use voucher MSSS15-7Q2KD');
    expect(first.button).toBeNull();
    const payment = await waitForHint(page, (h) => h.button !== null);
    expect(payment.button?.label).toBe('Fill voucher');
    await clickHintButton(page, payment);
    await expect.poll(() => page.inputValue('#voucherCode')).toBe('MSSS15-7Q2KD');
    await page.click('#book');
    const confirmation = await waitForHint(page, (h) => h.button?.label === 'Add to my attempts');
    expect(confirmation.title).toBe('Booked: 70-410 on 10 Mar 2015');
    await page.close();
  });

  it('single page: a dismissed hint stays away when the page changes', async () => {
    await seed(session, history([V15]), '2015-02-01');
    const page = await session.context.newPage();
    await page.goto(`${PEARSON}/BookingFlow/MICROSOFT?paymentAfter=2500`);
    const first = await waitForHint(page);
    expect(first.button).toBeNull();
    if (first.close) await page.mouse.click(first.close.x, first.close.y);
    await expect.poll(() => readHint(page)).toBeNull();
    await page.waitForSelector('#voucherCode');
    // Dismissed: the page is no longer watched, so no later change brings the hint back.
    expect((await waitForRead(page)).watching).toBe(false);
    expect(await readHint(page)).toBeNull();
    await page.close();
  });

  it('after a markup change the fallback cues still find the voucher field (not the promotion field before it), and the diagnostics say so', async () => {
    await seed(session, history([V15]), '2015-02-01');
    session.extra.set(`${PEARSON}/PaymentPage/REDESIGNED`, (await import('./support.ts')).fixtureHtml('pearson-vue/PaymentPage-redesigned.html', session.vars));
    const page = await open(`${PEARSON}/PaymentPage/REDESIGNED`);
    const hint = await waitForHint(page, (h) => h.button !== null);
    await clickHintButton(page, hint);
    await expect.poll(() => page.inputValue('#field-91ac')).toBe('MSSS15-7Q2KD');
    expect(await page.inputValue('#promo-input-7f3')).toBe('');
    const diagnostics = await session.worker.evaluate(async () => (await chrome.storage.local.get('diagnostics'))['diagnostics'] as { target: string; message: string }[]);
    expect(diagnostics.map((d) => d.target).sort()).toEqual(['applyButton', 'exam', 'voucherField']);
    expect(diagnostics.find((d) => d.target === 'voucherField')?.message).toBe("the profile's selectors (input#voucherCode) no longer match; found by the fallback cues instead");
    await page.close();
  });
});
