import { cleanup, fireEvent, screen, waitFor } from '@testing-library/preact';
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
    fireEvent.change(screen.getByLabelText('Offer'), { target: { value: 'ms-second-shot-2007' } });
    expect(screen.getByText('Codes of this offer look like SS07-ABCD-1234.')).toBeTruthy();
    type('Voucher code', 'not a code');
    expect(screen.getByText('"not a code" is not a code of this offer: its codes look like SS07-ABCD-1234.')).toBeTruthy();
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
    expect(await screen.findByText('Enter the voucher code as printed on your voucher.')).toBeTruthy();
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
    fireEvent.change(screen.getByLabelText('Offer'), { target: { value: 'ms-second-shot-2007' } });
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
    expect(screen.getByText('Book your free retake of 70-298 from 11 Nov 2007, by 30 Jun 2008.')).toBeTruthy();
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
    expect(offered).toEqual(['kryterion: Kryterion', 'pearson-vue: Pearson VUE', 'prometric: Prometric']);
  });

  it('says when the exam date is before the booking date', async () => {
    await renderApp({ history: example, path: '/attempts/a1/edit' });
    await screen.findByRole('heading', { name: 'Edit the 70-298 attempt' });
    type('Exam date', '2007-10-01');
    expect(screen.getByText('The exam date (1 Oct 2007) is before the date it was booked (5 Oct 2007).')).toBeTruthy();
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
    fireEvent.change(screen.getByLabelText('Offer'), { target: { value: 'ms-second-shot-2007' } });
    type('Voucher code', 'ss07 abcd 1234');
    type('Obtained on', '2007-10-02');
    expect(screen.queryByText(/is not a voucher code/)).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Add voucher' }));
    expect(await screen.findByRole('heading', { name: /SS07-ABCD-1234/ })).toBeTruthy();
    expect(model.state.history?.vouchers.map((v) => v.code)).toEqual(['SS07-ABCD-1234']);
  });
});

describe('the engine looks at an entry before it is saved', () => {
  const save = (name: string): void => void fireEvent.click(screen.getByRole('button', { name }));

  it('a retake booked with another provider is said in one sentence; "Save anyway" saves it', async () => {
    const { model } = await renderApp({ history: example, path: '/attempts/new?voucher=v1', today: '2007-11-12' });
    await screen.findByRole('heading', { name: 'Record an exam attempt' });
    fireEvent.change(screen.getByLabelText('Test provider'), { target: { value: 'pearson-vue' } });
    type('Booked on', '2007-11-12');
    type('Exam date', '2007-11-20');
    save('Save attempt');
    const warning = await screen.findByText(/^Voucher SS07-ABCD-1234 would not pay for this booking: Second Shot 2007–2008 covers exams booked with Prometric only/);
    expect(warning.closest('[role="alert"]')).toBeTruthy();
    expect(model.state.history?.attempts).toHaveLength(1);
    save('Save anyway');
    await screen.findByRole('heading', { name: 'Your vouchers' });
    expect(model.state.history?.attempts.map((a) => a.provider)).toEqual(['prometric', 'pearson-vue']);
  });

  it('a retake of another exam, or a booking before the voucher was obtained, is warned about; changing the entry clears the warning', async () => {
    const { model } = await renderApp({ history: example, path: '/attempts/new?voucher=v1', today: '2007-11-12' });
    await screen.findByRole('heading', { name: 'Record an exam attempt' });
    type('Exam', '70-291');
    type('Booked on', '2007-11-12');
    type('Exam date', '2007-11-20');
    save('Save attempt');
    expect(await screen.findByText('Voucher SS07-ABCD-1234 would not pay for this booking: This voucher is for 70-298, not 70-291: the free retake is for the same exam only.')).toBeTruthy();
    type('Exam', '70-298');
    expect(screen.queryByRole('button', { name: 'Save anyway' })).toBeNull();
    fireEvent.change(screen.getByLabelText('Paid with'), { target: { value: 'v2' } });
    type('Booked on', '2007-10-05');
    save('Save attempt');
    expect(await screen.findByText(/^Voucher SS07-WXYZ-9876 would not pay for this booking: You must hold the Second Shot voucher before you book the exam; this voucher was obtained on 20 Oct 2007\./)).toBeTruthy();
    expect(model.state.history?.attempts).toHaveLength(1);
  });

  it('a covered booking saves at once', async () => {
    const { model } = await renderApp({ history: example, path: '/attempts/new?voucher=v1', today: '2007-11-12' });
    await screen.findByRole('heading', { name: 'Record an exam attempt' });
    type('Booked on', '2007-11-12');
    type('Exam date', '2007-11-20');
    save('Save attempt');
    await screen.findByRole('heading', { name: 'Your vouchers' });
    expect(model.state.history?.attempts).toHaveLength(2);
  });

  it('a voucher obtained after its offer ended is warned about', async () => {
    const { model } = await renderApp({ path: '/vouchers/new', today: '2026-01-10' });
    await screen.findByRole('heading', { name: 'Add a voucher' });
    fireEvent.change(screen.getByLabelText('Offer'), { target: { value: 'ms-second-shot-2015' } });
    type('Voucher code', 'MSSS15-7Q2KD');
    type('Obtained on', '2026-01-10');
    save('Add voucher');
    expect(await screen.findByText('Microsoft Second Shot, 2015 ended on 31 May 2015, before this voucher was obtained (10 Jan 2026): it would not cover any exam.')).toBeTruthy();
    expect(model.state.history?.vouchers).toEqual([]);
    type('Obtained on', '2015-02-01');
    save('Add voucher');
    await screen.findByRole('heading', { name: 'Your vouchers' });
    expect(model.state.history?.vouchers).toHaveLength(1);
  });

  it('changing a voucher\'s date to after its booking is warned about', async () => {
    await renderApp({ history: example, path: '/vouchers/v1/edit' });
    await screen.findByRole('heading', { name: 'Edit voucher SS07-ABCD-1234' });
    type('Obtained on', '2007-10-06');
    save('Save changes');
    expect(await screen.findByText(/^The 70-298 exam booked on 5 Oct 2007 would no longer be covered: You must hold the Second Shot voucher before you book the exam/)).toBeTruthy();
  });

  it('on Save with errors, says how many fields need attention and focuses the first', async () => {
    await renderApp({ path: '/vouchers/new' });
    await screen.findByRole('heading', { name: 'Add a voucher' });
    save('Add voucher');
    expect(await screen.findByText('One field needs attention before saving.')).toBeTruthy();
    await waitFor(() => expect(document.activeElement).toBe(screen.getByLabelText('Voucher code')));
  });
});

describe('exam codes as people type them', () => {
  it('"70298" gets "Did you mean 70-298?", and the button takes it', async () => {
    const { container } = await renderApp({ history: example, path: '/attempts/new?voucher=v2' });
    await screen.findByRole('heading', { name: 'Record an exam attempt' });
    type('Exam', '70298');
    expect(screen.getByText(/^Did you mean 70-298\?/)).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Use 70-298' }));
    expect(container.querySelector<HTMLInputElement>('#attempt-exam')?.value).toBe('70-298');
    expect(screen.queryByText(/^Did you mean/)).toBeNull();
  });

  it('suggests the shape of an exam the history knows, and nothing for a code the rules know', async () => {
    const { id, voucher: _voucher, ...paid } = example.attempts[0]!;
    await renderApp({ history: { ...example, attempts: [{ ...paid, id, exam: 'XQ-9000' }] }, path: '/check' });
    await screen.findByRole('heading', { name: 'Can I book?' });
    type('Exam', 'xq9000');
    expect(screen.getByText(/^Did you mean XQ-9000\?/)).toBeTruthy();
    type('Exam', '70-298');
    expect(screen.queryByText(/^Did you mean/)).toBeNull();
  });

  it('a zero-width space or full-width digits in a pasted code change nothing', async () => {
    const { model } = await renderApp({ history: example, path: '/attempts/new?voucher=v2' });
    await screen.findByRole('heading', { name: 'Record an exam attempt' });
    type('Exam', '70-\u200B２９８');
    expect(screen.queryByText(/^Did you mean/)).toBeNull();
    type('Booked on', '2007-11-01');
    type('Exam date', '2007-11-09');
    fireEvent.change(screen.getByLabelText('Result'), { target: { value: 'pass' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save attempt' }));
    await screen.findByRole('heading', { name: 'Your vouchers' });
    expect(model.state.history?.attempts.map((a) => a.exam)).toEqual(['70-298', '70-298']);
  });
});
