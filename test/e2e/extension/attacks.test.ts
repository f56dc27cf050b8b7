/// <reference types="chrome" />
// Attacks that must fill nothing: look-alike hosts, forms in frames, page scripts clicking
// for the user, a transparent or covered hint, a page that moved on. Page text with markup
// stays text.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  afterContentScripts, clickHintButton, fixtureHtml, history, inContentScript, PEARSON, readHint, scriptClickHintButton, seed, type Session, startSession, waitForHint, waitForRead,
} from './support.ts';

const V15 = { id: 'v15', code: 'MSSS15-7Q2KD', offer: 'ms-second-shot-2015', obtainedOn: '2015-01-10' };
const PAYMENT = `${PEARSON}/PaymentPage/MICROSOFT`;

let session: Session;
beforeAll(async () => {
  session = await startSession();
  await seed(session, history([V15]), '2015-02-01');
  session.vars = { exam: '70-410', title: 'Installing and Configuring Windows Server 2012', dateLong: 'March 10, 2015' };
});
afterAll(async () => {
  await session?.close();
});

async function paymentWithFill() {
  const page = await session.context.newPage();
  await page.goto(PAYMENT);
  const hint = await waitForHint(page, (h) => h.button !== null);
  return { page, hint };
}

/** The stored history and which vouchers were handed over for filling, per tab. */
function storedState(): Promise<{ history: unknown; filled: Record<string, unknown> }> {
  return session.worker.evaluate(async () => {
    const all = await chrome.storage.session.get(null);
    const filled = Object.fromEntries(Object.entries(all).filter(([key]) => key.startsWith('filled:')));
    return { history: (await chrome.storage.local.get('history'))['history'], filled };
  });
}

describe('attacks that must fill nothing', () => {
  it('a look-alike host gets no hint and no code', async () => {
    const lookAlike = 'https://wsr.pearsonvue.com.example.net/testtaker/registration/PaymentPage/MICROSOFT';
    session.extra.set(lookAlike, fixtureHtml('pearson-vue/PaymentPage.html', session.vars));
    const page = await session.context.newPage();
    await page.goto(lookAlike);
    await afterContentScripts(page);
    expect(await readHint(page)).toBeNull();
    expect(await inContentScript(page, 'location.href')).toBeNull();
    expect(await page.inputValue('#voucherCode')).toBe('');
    await page.close();
  });

  it('a form in a cross-origin frame is neither read nor filled', async () => {
    const framed = 'https://payments.example.net/voucher';
    session.extra.set(framed, '<!DOCTYPE html><label for="v">Voucher code</label><input id="v" name="voucherCode"><button>Apply</button>');
    session.extra.set(`${PEARSON}/PaymentPage/FRAMED`, `<!DOCTYPE html><h1 data-testid="exam-title">Exam 70-410: Installing and Configuring Windows Server 2012</h1>
      <iframe src="${framed}" title="Payment" style="width:400px;height:120px"></iframe>`);
    const page = await session.context.newPage();
    await page.goto(`${PEARSON}/PaymentPage/FRAMED`);
    const hint = await waitForHint(page);
    expect(hint.title).toBe('Covered (first exam): use voucher MSSS15-7Q2KD');
    expect(hint.button).toBeNull();
    expect(hint.text).toContain('The voucher field is not on this page, so it cannot be filled here.');
    const frame = page.frame({ url: framed });
    expect(await frame?.inputValue('#v')).toBe('');
    await page.close();
  });

  it('the booking page framed by another site gets no hint inside the frame', async () => {
    session.extra.set('https://evil.example.net/', `<!DOCTYPE html><iframe src="${PAYMENT}" title="booking" style="width:800px;height:500px"></iframe>`);
    const page = await session.context.newPage();
    await page.goto('https://evil.example.net/');
    const frame = page.frame({ url: PAYMENT });
    expect(frame).not.toBeNull();
    if (frame) await afterContentScripts(frame);
    expect(await frame?.evaluate(() => document.querySelector('second-shot-hint') === null)).toBe(true);
    expect(await frame?.inputValue('#voucherCode')).toBe('');
    await page.close();
  });

  it('a page script calling .click() on our button', async () => {
    const { page, hint } = await paymentWithFill();
    await scriptClickHintButton(page, hint);
    await expect.poll(async () => (await readHint(page))?.note).toBe('Only your own click on this button can fill or record.');
    expect(await page.inputValue('#voucherCode')).toBe('');
    await page.close();
  });

  it('our hint made nearly transparent (opacity 0.01)', async () => {
    const { page, hint } = await paymentWithFill();
    await page.evaluate(() => {
      document.documentElement.style.opacity = '0.01';
    });
    await clickHintButton(page, hint);
    await expect.poll(async () => (await readHint(page))?.note).toBe('The page made this hint transparent or hid it: nothing was done.');
    expect(await page.inputValue('#voucherCode')).toBe('');
    await page.close();
  });

  it('our hint next to a field inside a web component, the component made nearly transparent', async () => {
    session.extra.set(PAYMENT, fixtureHtml('variants/shadow-payment.html', session.vars));
    const { page, hint } = await paymentWithFill();
    session.extra.delete(PAYMENT);
    await page.evaluate(() => {
      document.querySelector('payment-box')?.setAttribute('style', 'opacity: 0.01');
    });
    await clickHintButton(page, hint);
    await expect.poll(async () => (await readHint(page))?.note).toBe('The page made this hint transparent or hid it: nothing was done.');
    expect(await page.locator('payment-box #code').inputValue()).toBe('');
    await page.close();
  });

  it('our hint covered by an overlay that lets clicks through', async () => {
    const { page, hint } = await paymentWithFill();
    await page.evaluate(() => {
      const cover = document.createElement('div');
      cover.textContent = 'Win a free exam! Click the button below.';
      cover.setAttribute('style', 'position:fixed;inset:0;z-index:2147483647;background:#fff;pointer-events:none;font-size:40px');
      document.documentElement.append(cover);
    });
    // The hint looks whether something covers its button when the pointer comes to it, after the overlay.
    await clickHintButton(page, hint);
    await expect.poll(async () => (await readHint(page))?.note).toBe('Something on the page covers this hint: nothing was done.');
    expect(await page.inputValue('#voucherCode')).toBe('');
    await page.close();
  });

  it('our hint covered by an overlay that takes the click', async () => {
    const { page, hint } = await paymentWithFill();
    const before = await storedState();
    const reads = (await waitForRead(page, 0)).reads;
    await page.evaluate(() => {
      const cover = document.createElement('div');
      cover.id = 'cover';
      cover.setAttribute('style', 'position:fixed;inset:0;z-index:2147483647;background:transparent');
      cover.addEventListener('click', () => cover.setAttribute('data-clicks', String(Number(cover.getAttribute('data-clicks') ?? 0) + 1)));
      document.documentElement.append(cover);
    });
    // The overlay read as a change of the page, then a person clicks where the button shows; the pointer never reaches our hint.
    const covered = (await waitForRead(page, reads)).reads;
    if (!hint.button) throw new Error('no Fill button');
    await page.mouse.click(hint.button.x, hint.button.y);
    // The click really happened, on the overlay: our button never heard of it.
    await expect.poll(() => page.getAttribute('#cover', 'data-clicks')).toBe('1');
    // The content script saw the click as a change of the page and read it: done, nothing else happened.
    await waitForRead(page, covered);
    expect((await readHint(page))?.note).toBe('');
    expect(await page.inputValue('#voucherCode')).toBe('');
    expect(await storedState()).toEqual(before);
    await page.close();
  });

  it('a page that moved on to a route that is no booking step: the hint goes, nothing is filled', async () => {
    const { page } = await paymentWithFill();
    const reads = (await waitForRead(page, 0)).reads;
    await page.evaluate(() => window.history.pushState({}, '', '/testtaker/registration/Receipt/OTHER-ORDER'));
    await waitForRead(page, reads);
    expect(await readHint(page)).toBeNull();
    expect(await page.inputValue('#voucherCode')).toBe('');
    await page.close();
  });

  it('the service worker re-checks at fill time: a request with a stale nonce gets no code', async () => {
    const { page } = await paymentWithFill();
    const send = (type: string, body: unknown): string =>
      `chrome.runtime.sendMessage(${JSON.stringify({ channel: 'second-shot/extension', type, body })}).then((r) => r ?? 'refused')`;
    expect(await inContentScript(page, send('hint/fill', { nonce: 'a-stale-nonce', url: PAYMENT }))).toEqual({ ok: false, message: 'The page changed since this hint was drawn: nothing was filled.', code: null });
    // The URL a page claims must be on the sender's own origin.
    expect(await inContentScript(page, send('hint/fill', { nonce: 'a-stale-nonce', url: 'https://wsr.pearsonvue.com.example.net/testtaker/registration/PaymentPage/MICROSOFT' })))
      .toEqual({ refused: expect.stringMatching(/^the page claimed to be at "https:\/\/wsr\.pearsonvue\.com\.example\.net\/.*, which is not on https:\/\/wsr\.pearsonvue\.com\.$/) });
    // A content script may not ask what only the extension's own pages may, and is told so.
    expect(await inContentScript(page, send('history/export', {}))).toEqual({ refused: 'only the extension\'s own pages may ask this.' });
    expect(await page.inputValue('#voucherCode')).toBe('');
    await page.close();
  });
});

describe('a refused request', () => {
  it('"Add to my attempts" refused by the service worker says so in the hint, and changes nothing', async () => {
    session.vars = { ...session.vars, exam: '70-410', dateLong: 'March 10, 2015' };
    const page = await session.context.newPage();
    await page.goto(`${PEARSON}/OrderConfirmationPage/MICROSOFT`);
    const hint = await waitForHint(page, (h) => h.button?.label === 'Add to my attempts');
    // The stored history is damaged after the hint was drawn: the service worker refuses to record.
    const damaged = history([{ ...V15, offer: 'no-such-offer' }]);
    await session.worker.evaluate(async (h) => chrome.storage.local.set({ history: h }), damaged);
    await clickHintButton(page, hint);
    // The service worker's own reason, not "the reply was malformed".
    await expect.poll(async () => (await readHint(page))?.note).toMatch(/^Nothing was done: Your saved history is damaged, so it was not used: .*no-such-offer/);
    expect((await storedState()).history).toEqual(damaged);
    await page.close();
    await seed(session, history([V15]), '2015-02-01');
  });
});

describe('page text with markup', () => {
  it('an exam title holding <img onerror> is shown as text and runs nothing', async () => {
    const title = '<img src=x onerror="document.title=\'pwned\'">';
    session.vars = { ...session.vars, title };
    const page = await session.context.newPage();
    await page.goto(PAYMENT);
    const hint = await waitForHint(page, (h) => h.button !== null);
    expect(hint.text).toContain(`On this page: Exam 70-410: ${title}`);
    expect(hint.elements).not.toContain('img');
    expect(await page.title()).toBe('Payment | Pearson VUE');
    await page.close();
    session.vars = { ...session.vars, title: 'Installing and Configuring Windows Server 2012' };
  });
});
