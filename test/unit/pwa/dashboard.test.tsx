import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { example, renderApp } from './support.tsx';

afterEach(cleanup);

describe('dashboard', () => {
  it('explains how to start when there is nothing yet', async () => {
    await renderApp();
    expect(await screen.findByRole('heading', { name: 'No vouchers yet' })).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Add your first voucher' }).getAttribute('href')).toBe('/vouchers/new');
  });

  it('shows each voucher with the engine\'s status, next step, countdown, timeline and attempts', async () => {
    await renderApp({ history: example, today: '2007-11-10' });
    const card = (await screen.findByRole('heading', { name: /SS07-ABCD-1234/ })).closest('article');
    if (!card) throw new Error('no card');
    const inCard = within(card as HTMLElement);
    expect(await inCard.findByText('Book your free retake of 70-298 from 11 Nov 2007, by 30 Jun 2008.')).toBeTruthy();
    expect(inCard.getByText('Retake not open yet')).toBeTruthy();
    expect(inCard.getByText('Retake opens tomorrow')).toBeTruthy();
    const timeline = inCard.getByRole('img', { name: /^Timeline:/ });
    expect(timeline.getAttribute('aria-label')).toContain('Retake opens 11 Nov 2007');
    expect(timeline.getAttribute('aria-label')).toContain('Deadline 30 Jun 2008');
    expect(timeline.getAttribute('aria-label')).toContain('Today 10 Nov 2007');
    expect(inCard.getByText('Failed')).toBeTruthy();
    const other = (await screen.findByRole('heading', { name: /SS07-WXYZ-9876/ })).closest('article') as HTMLElement;
    expect(within(other).getByText('Book your first exam with this voucher by 30 Jun 2008.')).toBeTruthy();
  });

  it('says when the retake is open on the next day', async () => {
    await renderApp({ history: example, today: '2007-11-11' });
    expect(await screen.findByText('Book your free retake of 70-298 by 30 Jun 2008.')).toBeTruthy();
    expect(screen.getByText('Free retake available')).toBeTruthy();
  });

  it('deletes a voucher with its attempts, and Undo brings them back', async () => {
    const { model } = await renderApp({ history: example });
    fireEvent.click(await screen.findByRole('button', { name: 'Delete voucher SS07-ABCD-1234' }));
    expect(await screen.findByText('Deleted voucher SS07-ABCD-1234 and its attempt.')).toBeTruthy();
    await waitFor(() => expect(screen.queryByRole('heading', { name: /SS07-ABCD-1234/ })).toBeNull());
    expect(model.state.history?.attempts).toEqual([]);
    await waitFor(() => expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Undo' })));
    fireEvent.click(screen.getByRole('button', { name: 'Undo' }));
    expect(await screen.findByRole('heading', { name: /SS07-ABCD-1234/ })).toBeTruthy();
    await waitFor(() => expect(model.state.history?.attempts.map(({ updatedAt: _stamp, ...fields }) => fields)).toEqual(example.attempts));
    expect(model.state.history?.deleted).toBeUndefined();
  });

  it('keeps every card drawn while statuses arrive after slow rules, each marked as checking until its status comes', async () => {
    const vouchers = Array.from({ length: 12 }, (_, n) => ({ id: `v${n + 1}`, code: `SS07-CARD-${String(n + 1).padStart(4, '0')}`, offer: 'ms-second-shot-2007', obtainedOn: '2007-10-01' }));
    const drawn: number[] = [];
    const observer = new MutationObserver(() => drawn.push(document.querySelectorAll('article.voucher').length));
    observer.observe(document.body, { childList: true, subtree: true });
    const rendering = renderApp({ history: { ...example, vouchers, attempts: [] }, rulesDelayMs: 300 });
    await waitFor(() => expect(screen.getAllByText(/^Status: checking…/)).toHaveLength(12));
    expect(screen.queryByText('Not used yet')).toBeNull();
    await rendering;
    await waitFor(() => expect(screen.getAllByText('Not used yet')).toHaveLength(12));
    observer.disconnect();
    expect(screen.queryByText(/checking…/)).toBeNull();
    // Once all twelve were drawn, none went away while the statuses came in.
    expect(drawn.slice(drawn.indexOf(12)).every((count) => count === 12)).toBe(true);
  });

  it('lets what queued while a chunk of statuses was drawn run before the next chunk is worked out', async () => {
    const vouchers = Array.from({ length: 30 }, (_, n) => ({ id: `v${n + 1}`, code: `SS07-CARD-${String(n + 1).padStart(4, '0')}`, offer: 'ms-second-shot-2007', obtainedOn: '2007-10-01' }));
    const { model } = await renderApp({ history: { ...example, vouchers, attempts: [] } });
    await waitFor(() => expect(model.state.statuses?.complete).toBe(true));
    // Each time a chunk of new statuses is drawn, a task queued by that frame's callbacks (as
    // input or the benchmark's mark would be) notes how many statuses are in by the time it runs.
    const before = model.state.statuses;
    const seen: { drawn: number; atTask: number }[] = [];
    model.subscribe(() => {
      const { statuses } = model.state;
      if (statuses === before) return;
      const drawn = statuses?.results.length ?? 0;
      queueMicrotask(() => requestAnimationFrame(() => {
        const channel = new MessageChannel();
        channel.port1.onmessage = () => seen.push({ drawn, atTask: model.state.statuses?.results.length ?? 0 });
        channel.port2.postMessage(null);
      }));
    });
    await act(() => model.reloadRules());
    await waitFor(() => expect(seen.map((s) => s.drawn)).toContain(30));
    expect(seen.filter((s) => s.drawn < 30)).not.toEqual([]);
    expect(seen.filter((s) => s.atTask !== s.drawn)).toEqual([]);
  });

  it('draws a change to many vouchers a chunk at a time, each card once, with its status', async () => {
    const { model } = await renderApp({ history: example });
    await screen.findByRole('heading', { name: /SS07-ABCD-1234/ });
    const vouchers = Array.from({ length: 30 }, (_, n) => ({ id: `v${n + 1}`, code: `SS07-MANY-${String(n + 1).padStart(4, '0')}`, offer: 'ms-second-shot-2007', obtainedOn: '2007-10-01' }));
    const drawn: { cards: number; checking: number; saying: string | undefined }[] = [];
    const observer = new MutationObserver(() => drawn.push({
      cards: document.querySelectorAll('article.voucher').length,
      checking: document.querySelectorAll('article.voucher[aria-busy]').length,
      saying: screen.queryByText(/^Checking \d+ more vouchers…$/)?.textContent ?? undefined,
    }));
    observer.observe(document.body, { childList: true, subtree: true, attributes: true });
    await act(async () => void (await model.importHistory({ ...example, vouchers, attempts: [] }, 'replace')));
    await waitFor(() => expect(screen.getAllByText('Not used yet')).toHaveLength(30));
    observer.disconnect();
    // The rules are here: each card is drawn with its status, while the page says how many are still being checked.
    expect(Math.max(...drawn.map((d) => d.checking))).toBe(0);
    expect(drawn.some((d) => d.cards < 30 && d.saying !== undefined)).toBe(true);
    // A card once drawn stays.
    const after = drawn.slice(drawn.findIndex((d) => d.cards > 2));
    expect(after.every((d, i) => i === 0 || d.cards >= (after[i - 1]?.cards ?? 0))).toBe(true);
  });

  it('never lets an earlier change, read back late, replace the history a later one read back', async () => {
    const { model, store } = await renderApp({ history: example });
    await screen.findByRole('heading', { name: /SS07-ABCD-1234/ });
    // A slow device: the first read-back after the first change arrives only when released.
    const readHistory = store.readHistory.bind(store);
    let release = (): void => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    let reads = 0;
    store.readHistory = async () => {
      const read = await readHistory();
      if (++reads === 1) await held;
      return read;
    };
    const voucher = (code: string) => ({ id: code, code, offer: 'ms-second-shot-2007', obtainedOn: '2007-10-01' });
    const first = model.saveVoucher(voucher('SS07-SLOW-0001'));
    await waitFor(() => expect(reads).toBe(1));
    await act(async () => void (await model.saveVoucher(voucher('SS07-FAST-0002'))));
    release();
    await act(async () => void (await first));
    expect(model.state.history?.vouchers.map((v) => v.code)).toEqual(expect.arrayContaining(['SS07-SLOW-0001', 'SS07-FAST-0002']));
    expect(await screen.findByRole('heading', { name: /SS07-FAST-0002/ })).toBeTruthy();
  });

  it('keeps a change and says the rules failed when working out its statuses fails', async () => {
    const { model } = await renderApp({ history: example });
    await screen.findByRole('heading', { name: /SS07-ABCD-1234/ });
    const rules = model.state.rules;
    if (!rules) throw new Error('no rules');
    act(() => model.set({ rules: { ...rules, voucherStatus: () => Promise.reject(new Error('a broken operator')) } }));
    await act(async () => void (await model.saveVoucher({ id: 'v9', code: 'SS07-NEW-0009', offer: 'ms-second-shot-2007', obtainedOn: '2007-10-01' })));
    expect(await screen.findByText(/The offer rules could not be applied: a broken operator/)).toBeTruthy();
    expect(screen.queryByText(/could not be read back/)).toBeNull();
    expect(screen.getByRole('heading', { name: /SS07-NEW-0009/ })).toBeTruthy();
  });

  it('shows a write error and keeps the data when storage fails', async () => {
    const { store } = await renderApp({ history: example });
    await screen.findByRole('heading', { name: /SS07-ABCD-1234/ });
    // The connection goes away under the app (as when the browser evicts storage).
    store.close();
    fireEvent.click(screen.getByRole('button', { name: 'Delete voucher SS07-ABCD-1234' }));
    expect(await screen.findByRole('alert')).toHaveProperty('textContent', expect.stringContaining('Could not delete the voucher'));
    expect(screen.getByRole('alert').textContent).toContain('Nothing was changed');
    expect(screen.getByRole('heading', { name: /SS07-ABCD-1234/ })).toBeTruthy();
  });
});

describe('status labels say what happened', () => {
  const badge = async (code: RegExp): Promise<string> => {
    const card = (await screen.findByRole('heading', { name: code })).closest('article') as HTMLElement;
    await waitFor(() => expect(card.getAttribute('aria-busy')).toBeNull());
    return within(card).getByText((_, element) => element?.tagName === 'SPAN' && element.parentElement?.tagName === 'HEADER').textContent ?? '';
  };

  it('a retake of another exam, a pass, an ended offer and an unused expired voucher each say so', async () => {
    const retakeOfOther = { id: 'a2', voucher: 'v1', exam: '70-291', provider: 'prometric', bookedOn: '2007-11-12', takenOn: '2007-11-20', result: 'fail' as const };
    const passed = { id: 'a3', voucher: 'v2', exam: '70-290', provider: 'prometric', bookedOn: '2007-10-21', takenOn: '2007-11-01', result: 'pass' as const };
    await renderApp({ history: { ...example, attempts: [...example.attempts, retakeOfOther, passed] }, today: '2007-11-25' });
    expect(await badge(/SS07-ABCD-1234/)).toBe('Retake used on another exam');
    expect(await badge(/SS07-WXYZ-9876/)).toBe('Passed: voucher used');
    cleanup();
    await renderApp({ history: example, today: '2008-07-01' });
    expect(await badge(/SS07-ABCD-1234/)).toBe('Offer ended before the retake');
    expect(await badge(/SS07-WXYZ-9876/)).toBe('Expired unused');
  });
});
