import { cleanup, fireEvent, screen } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../../../cli/rules-on-disk.ts';
import type { FetchText } from '../../../pwa/rules/source.ts';
import { example, publishedOnDisk, renderApp } from './support.tsx';

afterEach(cleanup);

function type(label: string | RegExp, value: string): void {
  const field = screen.getByLabelText(label);
  fireEvent.input(field, { target: { value } });
  fireEvent.blur(field);
}

describe('voucher form', () => {
  it('checks the code against the offer\'s format, inline, and saves a good voucher', async () => {
    const { model } = await renderApp({ path: '/vouchers/new' });
    await screen.findByRole('heading', { name: 'Add a voucher' });
    expect(screen.getByText('Codes of this offer look like SS07-ABCD-1234.')).toBeTruthy();
    type('Voucher code', 'not a code');
    expect(screen.getByText('"not a code" is not a voucher code of offer "ms-second-shot-2007" (codes look like SS07-ABCD-1234)')).toBeTruthy();
    expect(screen.getByLabelText('Voucher code').getAttribute('aria-invalid')).toBe('true');
    type('Voucher code', 'SS07-QWER-5678');
    type('Obtained on', '2007-10-02');
    fireEvent.click(screen.getByRole('button', { name: 'Add voucher' }));
    expect(await screen.findByRole('heading', { name: /SS07-QWER-5678/ })).toBeTruthy();
    expect(model.state.history?.vouchers).toEqual([expect.objectContaining({ code: 'SS07-QWER-5678', offer: 'ms-second-shot-2007', obtainedOn: '2007-10-02' })]);
  });

  it('refuses to save with an empty code and says why', async () => {
    const { model } = await renderApp({ path: '/vouchers/new' });
    await screen.findByRole('heading', { name: 'Add a voucher' });
    fireEvent.click(screen.getByRole('button', { name: 'Add voucher' }));
    expect(await screen.findByText('"code" must be a non-empty string')).toBeTruthy();
    expect(model.state.history?.vouchers).toEqual([]);
  });

  it('keeps what was typed across a reload (an app update reloads the page)', async () => {
    await renderApp({ path: '/vouchers/new' });
    await screen.findByRole('heading', { name: 'Add a voucher' });
    type('Voucher code', 'SS07-HALF-TYPE');
    cleanup();
    const { container } = await renderApp({ path: '/vouchers/new', keepSession: true });
    await screen.findByRole('heading', { name: 'Add a voucher' });
    expect(container.querySelector<HTMLInputElement>('#voucher-code')?.value).toBe('SS07-HALF-TYPE');
  });

  it('forgets the draft once saved', async () => {
    await renderApp({ path: '/vouchers/new' });
    await screen.findByRole('heading', { name: 'Add a voucher' });
    type('Voucher code', 'SS07-SAVE-DONE');
    fireEvent.click(screen.getByRole('button', { name: 'Add voucher' }));
    await screen.findByRole('heading', { name: /SS07-SAVE-DONE/ });
    expect(sessionStorage.getItem('second-shot:draft:voucher:new')).toBeNull();
  });
});

describe('attempt form', () => {
  it('records a failed attempt and the dashboard says the retake opens tomorrow', async () => {
    await renderApp({ history: { ...example, attempts: [] }, path: '/attempts/new?voucher=v1', today: '2007-11-10' });
    await screen.findByRole('heading', { name: 'Record an exam attempt' });
    type('Exam', '070-298');
    fireEvent.change(screen.getByLabelText('Test provider'), { target: { value: 'prometric' } });
    type('Booked on', '2007-10-05');
    type('Exam date', '2007-11-10');
    fireEvent.change(screen.getByLabelText('Result'), { target: { value: 'fail' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save attempt' }));
    expect(await screen.findByText('Retake opens tomorrow')).toBeTruthy();
    expect(screen.getByText('Book your free retake of 70-298 from 11 Nov 2007; the offer ends 30 Jun 2008.')).toBeTruthy();
  });

  it('an abandoned draft for one voucher does not preselect it when recording an attempt with another', async () => {
    await renderApp({ history: example, path: '/attempts/new?voucher=v1' });
    await screen.findByRole('heading', { name: 'Record an exam attempt' });
    type('Exam', '70-298');
    cleanup();
    const { container } = await renderApp({ history: example, path: '/attempts/new?voucher=v2', keepSession: true });
    await screen.findByRole('heading', { name: 'Record an exam attempt' });
    expect(container.querySelector<HTMLSelectElement>('#attempt-voucher')?.value).toBe('v2');
    expect(container.querySelector<HTMLInputElement>('#attempt-exam')?.value).toBe('');
    cleanup();
    // Back on the first voucher, what was typed is still there.
    const again = await renderApp({ history: example, path: '/attempts/new?voucher=v1', keepSession: true });
    await screen.findByRole('heading', { name: 'Record an exam attempt' });
    expect(again.container.querySelector<HTMLSelectElement>('#attempt-voucher')?.value).toBe('v1');
    expect(again.container.querySelector<HTMLInputElement>('#attempt-exam')?.value).toBe('70-298');
  });

  it('offers the test providers the rules name, so a new offer file with a new provider needs no code change', async () => {
    const policy = JSON.parse(readFileSync(join(ROOT, 'rules/offers/comptia-retake-policy.json'), 'utf8')) as { appliesTo: Record<string, unknown> };
    const newcomer = { ...policy, id: 'kryterion-retake-policy', title: 'Kryterion retake policy', appliesTo: { ...policy.appliesTo, providers: ['kryterion'] } };
    const publish: FetchText = async (path) => {
      if (path === '/rules/offers/kryterion-retake-policy.json') return JSON.stringify(newcomer);
      const text = await publishedOnDisk(path);
      if (path !== '/rules/index.json') return text;
      const index = JSON.parse(text) as { files: string[] };
      return JSON.stringify({ files: [...index.files, 'offers/kryterion-retake-policy.json'] });
    };
    const { container } = await renderApp({ history: example, path: '/attempts/new', publish });
    await screen.findByRole('heading', { name: 'Record an exam attempt' });
    const offered = [...container.querySelectorAll<HTMLOptionElement>('#attempt-provider option')].map((option) => `${option.value}: ${option.textContent}`);
    expect(offered).toEqual(['kryterion: kryterion', 'pearson-vue: Pearson VUE', 'prometric: Prometric']);
  });

  it('says when the exam date is before the booking date', async () => {
    await renderApp({ history: example, path: '/attempts/a1/edit' });
    await screen.findByRole('heading', { name: 'Edit the 70-298 attempt' });
    type('Exam date', '2007-10-01');
    expect(screen.getByText('the exam date 2007-10-01 is before it was booked (2007-10-05)')).toBeTruthy();
  });
});

describe('entries that cannot silently forfeit a retake', () => {
  const selected = (container: Element, id: string): string | undefined => container.querySelector<HTMLSelectElement | HTMLInputElement>(`#${id}`)?.value;

  it('pre-fills the offer\'s only provider and, after the first attempt, the voucher\'s exam', async () => {
    const { container } = await renderApp({ history: example, path: '/attempts/new?voucher=v1' });
    await screen.findByRole('heading', { name: 'Record an exam attempt' });
    expect(selected(container, 'attempt-provider')).toBe('prometric');
    expect(selected(container, 'attempt-exam')).toBe('70-298');
    // A voucher not used yet brings its provider but no exam; what was typed stays.
    type('Exam', '70-291');
    fireEvent.change(screen.getByLabelText('Paid with'), { target: { value: 'v2' } });
    expect(selected(container, 'attempt-exam')).toBe('70-291');
    expect(selected(container, 'attempt-provider')).toBe('prometric');
  });

  it('guesses no provider without a voucher: the candidate must choose one', async () => {
    const paid = await renderApp({ history: { ...example, vouchers: [], attempts: [] }, path: '/attempts/new' });
    await screen.findByRole('heading', { name: 'Record an exam attempt' });
    expect(selected(paid.container, 'attempt-provider')).toBe('');
    type('Exam', '70-298');
    fireEvent.click(screen.getByRole('button', { name: 'Save attempt' }));
    expect(await screen.findByText('Choose the test provider the exam is booked with.')).toBeTruthy();
    expect(paid.model.state.history?.attempts).toEqual([]);
  });

  it('refuses a result other than Scheduled for an exam after today', async () => {
    const { model } = await renderApp({ history: example, path: '/attempts/new?voucher=v2', today: '2007-11-10' });
    await screen.findByRole('heading', { name: 'Record an exam attempt' });
    type('Exam', '70-291');
    type('Exam date', '2007-11-11');
    fireEvent.change(screen.getByLabelText('Result'), { target: { value: 'fail' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save attempt' }));
    expect(await screen.findByText('The exam on 11 Nov 2007 has not happened yet (today is 10 Nov 2007), so its result can only be Scheduled for now.')).toBeTruthy();
    expect(model.state.history?.attempts).toHaveLength(1);
    // On the day itself the result can be recorded.
    type('Exam date', '2007-11-10');
    fireEvent.click(screen.getByRole('button', { name: 'Save attempt' }));
    await screen.findByRole('heading', { name: 'Your vouchers' });
    expect(model.state.history?.attempts).toHaveLength(2);
  });

  it('"Can I book?" pre-fills the provider the vouchers\' offer allows, and asks when there is none to go by', async () => {
    const { container } = await renderApp({ history: example, path: '/check' });
    await screen.findByRole('heading', { name: 'Can I book?' });
    expect(selected(container, 'check-provider')).toBe('prometric');
    cleanup();
    const empty = await renderApp({ path: '/check' });
    await screen.findByRole('heading', { name: 'Can I book?' });
    expect(selected(empty.container, 'check-provider')).toBe('');
    type('Exam', '70-298');
    fireEvent.click(screen.getByRole('button', { name: 'Check' }));
    expect(await screen.findByText('Choose the test provider you would book with.')).toBeTruthy();
    expect(screen.queryByRole('heading', { name: /^Booking 70-298/ })).toBeNull();
  });
});

describe('voucher codes as people type them', () => {
  it('saves "ss07 abcd 1234" as the offer prints it', async () => {
    const { model } = await renderApp({ path: '/vouchers/new' });
    await screen.findByRole('heading', { name: 'Add a voucher' });
    type('Voucher code', 'ss07 abcd 1234');
    type('Obtained on', '2007-10-02');
    expect(screen.queryByText(/is not a voucher code/)).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Add voucher' }));
    expect(await screen.findByRole('heading', { name: /SS07-ABCD-1234/ })).toBeTruthy();
    expect(model.state.history?.vouchers.map((v) => v.code)).toEqual(['SS07-ABCD-1234']);
  });
});
