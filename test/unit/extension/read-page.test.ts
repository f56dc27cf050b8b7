// @vitest-environment happy-dom
// Reading a booking page as a person reads it, when the profile's selectors miss: the voucher
// field by its accessible name (labels, aria-labelledby, open shadow roots, other languages),
// told apart from promotion and gift-card fields, never chosen between two alike; exam codes
// from order summaries, definition lists, data attributes and the URL; dates with their words.
import { beforeEach, describe, expect, it } from 'vitest';
import { findVoucherField, readPage, roots } from '../../../extension/content/read-page.ts';
import type { PageSite } from '../../../shared/messages.ts';
import { readExamDate } from '../../../shared/sites/date-text.ts';

const MISSING = ['#the-profile-selector-that-no-longer-matches'];
const SITE: PageSite = { profile: 'pearson-vue', version: 1, find: { exam: MISSING, examDate: MISSING, voucherField: MISSING, applyButton: MISSING }, steps: [] };

function page(html: string): void {
  document.documentElement.lang = 'en';
  document.title = 'Checkout';
  document.body.innerHTML = html;
}

const chosen = (): string | null => findVoucherField(SITE).field?.id ?? null;

beforeEach(() => {
  history.replaceState({}, '', '/');
  page('');
});

describe('the voucher field, found as a person finds it', () => {
  it.each([
    ['a label for it', '<label for="f1">Exam voucher</label><input id="f1">'],
    ['a wrapping label', '<label>Voucher number <input id="f1"></label>'],
    ['aria-labelledby, from elsewhere on the page', '<h3 id="cap">Have a voucher?</h3><p>Enter it below.</p><input id="f1" aria-labelledby="cap">'],
    ['aria-label', '<input id="f1" aria-label="Voucher code">'],
    ['title', '<input id="f1" title="Prüfungsgutschein">'],
    ['a placeholder', '<input id="f1" placeholder="Bon d\'examen">'],
    ['the text just before it', '<div><span>バウチャーコード</span><div><input id="f1"></div></div>'],
    ['only its name attribute', '<input id="f1" name="examVoucherCode">'],
  ])('by %s', (_, html) => {
    page(`<input id="email" aria-label="Email address">${html}<input id="card" aria-label="Card number">`);
    expect(chosen()).toBe('f1');
  });

  it('inside an open shadow root', () => {
    page('<checkout-form id="host"></checkout-form>');
    const root = (document.getElementById('host') as HTMLElement).attachShadow({ mode: 'open' });
    root.innerHTML = '<span id="lbl">Voucher</span><input id="f1" aria-labelledby="lbl"><button>Apply</button>';
    expect(chosen()).toBe('f1');
    expect(readPage(SITE, 'payment', roots()).reading).toMatchObject({ voucherField: 'fallback', applyButton: 'fallback' });
  });

  it('inside an open shadow root of any element that can hold one, wherever it sits', () => {
    // Every element attachShadow accepts, each inside elements that cannot hold a shadow root, and one in another's root.
    const hosts = ['article', 'aside', 'blockquote', 'div', 'footer', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'header', 'main', 'nav', 'p', 'section', 'span', 'checkout-field'];
    page(`<form><table><tr><td><ul><li><label>${hosts.map((tag) => `<${tag} class="host"></${tag}>`).join('')}</label></li></ul></td></tr></table></form>`);
    for (const host of document.querySelectorAll('.host')) host.attachShadow({ mode: 'open' }).innerHTML = '<em>inside</em>';
    const outer = document.createElement('checkout-form');
    document.body.append(outer);
    const inner = document.createElement('voucher-box');
    outer.attachShadow({ mode: 'open' }).append(inner);
    inner.attachShadow({ mode: 'open' }).innerHTML = '<span id="lbl">Voucher</span><input id="f1" aria-labelledby="lbl">';
    expect(roots()).toHaveLength(1 + hosts.length + 2);
    expect(chosen()).toBe('f1');
  });

  it('a voucher field beats a promotion field next to it, whichever comes first', () => {
    page('<label for="p">Promotion code</label><input id="p"><label for="v">Voucher</label><input id="v">');
    expect(chosen()).toBe('v');
    page('<label for="g">Gift card</label><input id="g"><label for="v">Gutschein</label><input id="v"><label for="c">Coupon</label><input id="c">');
    expect(chosen()).toBe('v');
  });

  it('a field for "voucher or promotion code" is chosen alone, but not over a voucher-only field', () => {
    page('<label for="m">Voucher / promotion code</label><input id="m">');
    expect(chosen()).toBe('m');
    page('<label for="m">Voucher / promotion code</label><input id="m"><label for="v">Exam voucher</label><input id="v">');
    expect(chosen()).toBe('v');
  });

  it('two fields alike: neither is chosen, and the reading says why', () => {
    page('<label for="a">Voucher</label><input id="a"><label for="b">Voucher</label><input id="b">');
    const found = findVoucherField(SITE);
    expect(found.field).toBeNull();
    expect(found.problem).toBe('Two fields look like the voucher field ("Voucher" and "Voucher"), so Second Shot filled neither: enter the code yourself.');
  });

  it('only a promotion or discount field: not filled, and said', () => {
    page('<input id="p" name="promotionCode" aria-label="Promotion code" placeholder="Enter a promotion code">');
    const found = findVoucherField(SITE);
    expect(found.field).toBeNull();
    expect(found.problem).toContain('labelled "Promotion code", not as a voucher field');
  });

  it('the profile\'s selector, when it matches, decides', () => {
    page('<input id="VoucherNumber"><label for="v">Voucher</label><input id="v">');
    expect(findVoucherField({ ...SITE, find: { ...SITE.find, voucherField: ['input#VoucherNumber'] } })).toMatchObject({ via: 'profile', field: { id: 'VoucherNumber' } });
  });

  it('disabled and read-only fields are not candidates', () => {
    page('<label for="a">Voucher</label><input id="a" disabled><label for="b">Voucher</label><input id="b" readonly><label for="c">Voucher code</label><input id="c">');
    expect(chosen()).toBe('c');
  });
});

describe('exam codes and dates, with where they were read', () => {
  it('an order-summary table, a definition list, a data attribute and the URL each count', () => {
    page(`<h1>Checkout</h1>
      <table><tr><th>Item</th><th>Price</th></tr><tr><td>Exam 070-410: Installing Windows Server 2012</td><td>USD 150</td></tr></table>
      <dl><dt>Exam</dt><dd>AZ-900 Azure Fundamentals</dd></dl>
      <div data-exam-code="MB2-712"></div>`);
    history.pushState({}, '', '/checkout/exam/70-411');
    const { exam } = readPage(SITE, 'payment', roots()).reading;
    expect(exam.map((e) => e.where)).toEqual(['table', 'list', 'data', 'url']);
    expect(exam.at(-1)?.text).toBe('/checkout/exam/70-411');
  });

  it('the exam chosen in a list counts, an empty choice does not', () => {
    page('<table><tr><td><label for="s">Exam</label></td><td><select id="s"><option value="">Select an exam</option><option value="070-298">070-298 Designing Security</option></select></td></tr></table>');
    expect(readPage(SITE, 'exam-choice', roots()).reading.exam).toEqual([]);
    (document.getElementById('s') as HTMLSelectElement).value = '070-298';
    expect(readPage(SITE, 'exam-choice', roots()).reading.exam).toEqual([{ text: '070-298 Designing Security', where: 'select' }]);
  });

  it('dates come with the words next to them and their machine-readable value', () => {
    page(`<div class="candidate-card">Candidate since 03/04/2005</div>
      <table><tr><td>Appointment</td><td><time datetime="2007-11-12">12/11/2007</time> 9:00</td></tr></table>
      <p>Appointment: <span class="appointment-date">3 December 2007</span>, 10:00 AM</p>`);
    const { dates, lang } = readPage(SITE, 'confirmation', roots()).reading;
    expect(lang).toBe('en');
    expect(dates.find((d) => d.text.startsWith('12/11/2007'))).toMatchObject({ machine: '2007-11-12', label: expect.stringContaining('Appointment') });
    expect(dates.find((d) => d.text === '3 December 2007')?.label).toMatch(/^appointment date/);
    expect(dates.find((d) => d.text.includes('2005'))?.label).toContain('candidate card');
  });

  it("a date's words are those nearest it, in a container as large as the whole page", () => {
    // A single-page app's one big container: its first words are about the order, far from the appointment.
    const filler = '<span>Thank you for choosing us. </span>'.repeat(200);
    page(`<div id="app">Order 4471 placed on 2 October 2007.${filler}Your appointment: <b>12 November 2007</b> at 9:00 in Leeds.${filler}</div>`);
    const { dates, lang } = readPage(SITE, 'confirmation', roots()).reading;
    const appointment = dates.find((d) => d.text === '12 November 2007');
    expect(appointment?.label).toContain('choosing us. Your appointment: at 9:00 in Leeds.');
    expect(appointment?.label).not.toContain('Order');
    expect(readExamDate(dates, lang, 'MDY')).toMatchObject({ kind: 'sure', date: '2007-11-12' });
  });
});
