import { cleanup, fireEvent, screen, waitFor } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import type { History } from '../../../shared/history/format.ts';
import { deviceToday } from '../../../shared/dates.ts';
import { LINK_CHANNEL, linkMessage, type LinkMessage, mergeChanged, mergeHistories, paired, pairingOf, withAsOf } from '../../../shared/link.ts';
import { type PageLink, sharedToday, startLink } from '../../../pwa/link.ts';
import type { AppModel } from '../../../pwa/model.ts';
import { example, renderApp } from './support.tsx';

let link: PageLink | undefined;
afterEach(() => {
  link?.stop();
  localStorage.clear();
  cleanup();
});

/** What the page posted, as the extension's bridge would see it. */
function pagePosts(): LinkMessage[] {
  const seen: LinkMessage[] = [];
  window.addEventListener('message', (event: MessageEvent) => {
    const data = event.data as LinkMessage;
    if (data?.channel === LINK_CHANNEL && data.from === 'pwa') seen.push(data);
  });
  return seen;
}

// What the bridge's window.postMessage delivers in a browser (happy-dom's leaves `source` unset;
// the real thing is covered in Chromium by the end-to-end tests).
const fromExtension = (data: unknown): void => {
  window.dispatchEvent(new MessageEvent('message', { data, origin: location.origin, source: window }));
};

describe('link with the browser extension', () => {
  it('says hello, shows Linked, and sends its history once linked', async () => {
    const { model } = await renderApp({ history: example, path: '/backup' });
    link = startLink(model, window);
    const posts = pagePosts();
    link.hello();
    await waitFor(() => expect(posts.map((m) => m.type)).toEqual(['hello']));
    fromExtension(linkMessage('linked', 'extension'));
    expect(await screen.findByText('Linked')).toBeTruthy();
    await waitFor(() => expect(posts.map((m) => m.type)).toEqual(['hello', 'history']));
    expect(posts[1]).toEqual(linkMessage('history', 'pwa', example));
  });

  it('keeps the pairing secret the extension gives when the user agrees, and sends it with every message', async () => {
    const { model } = await renderApp({ history: example, path: '/backup' });
    link = startLink(model, window);
    const posts = pagePosts();
    const secret = 'ab'.repeat(32);
    fromExtension(paired(linkMessage('linked', 'extension'), secret));
    await waitFor(() => expect(posts.map((m) => m.type)).toEqual(['history']));
    expect(localStorage.getItem('second-shot:linked')).toBe(secret);
    link.hello();
    await waitFor(() => expect(posts.map((m) => m.type)).toEqual(['history', 'hello']));
    expect(posts.map(pairingOf)).toEqual([secret, secret]);
  });

  it('merges the extension\'s history, keeps conflicts visible, and answers with the merged history', async () => {
    const { model } = await renderApp({ history: example });
    link = startLink(model, window);
    const posts = pagePosts();
    const theirs: History = {
      ...example,
      vouchers: [...example.vouchers, { id: 'v9', code: 'SS07-FROM-EXTN', offer: 'ms-second-shot-2007', obtainedOn: '2007-11-01' }],
      attempts: [{ ...example.attempts[0]!, result: 'no-show' }],
    };
    fromExtension(linkMessage('history', 'extension', theirs));
    expect(await screen.findByRole('heading', { name: /SS07-FROM-EXTN/ })).toBeTruthy();
    expect(await screen.findByText('Yours: 70-298 attempt of 10 Nov 2007 (failed). The other: 70-298 attempt of 10 Nov 2007 (no-show).')).toBeTruthy();
    await waitFor(() => expect(posts).toHaveLength(1));
    const answer = posts[0];
    if (answer?.type !== 'history') throw new Error('expected a history answer');
    expect(answer.history.vouchers.map((v) => v.id)).toEqual(['v1', 'v2', 'v9']);
    expect(answer.history.attempts.map((a) => a.id)).toEqual(['a1', 'a1-2']);
  });

  it('ignores messages from other windows and refuses an invalid history with the reason', async () => {
    const { model } = await renderApp({ history: example, path: '/backup' });
    link = startLink(model, window);
    window.dispatchEvent(new MessageEvent('message', { data: linkMessage('linked', 'extension'), origin: 'https://evil.example', source: window }));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(model.state.link).toBe('off');
    fromExtension({ ...linkMessage('history', 'extension', example), history: { ...example, vouchers: 'none' } });
    expect(await screen.findByText(/A message from the extension was refused: \/vouchers: "vouchers" must be a list/)).toBeTruthy();
    expect(model.state.history).toEqual(example);
  });

  it('sends the history after each local change while linked', async () => {
    const { model } = await renderApp({ history: example });
    link = startLink(model, window);
    const posts = pagePosts();
    fromExtension(linkMessage('linked', 'extension'));
    // The history sent on being linked comes first; then the one the change sends.
    await waitFor(() => expect(posts).toHaveLength(1));
    await model.deleteAttempt(example.attempts[0]!);
    await waitFor(() => expect(posts).toHaveLength(2));
    const sent = posts[1];
    if (sent?.type !== 'history') throw new Error('expected a history');
    expect(sent.history.attempts).toEqual([]);
    expect(sent.history.deleted?.map((t) => t.id)).toEqual(['a1']);
  });

  it('shows Not linked and stops sending when the extension ends the link', async () => {
    const { model } = await renderApp({ history: example, path: '/backup' });
    link = startLink(model, window);
    const posts = pagePosts();
    fromExtension(linkMessage('linked', 'extension'));
    expect(await screen.findByText('Linked')).toBeTruthy();
    await waitFor(() => expect(posts.map((m) => m.type)).toEqual(['history']));
    fromExtension(linkMessage('unlinked', 'extension'));
    expect(await screen.findByText('Not linked')).toBeTruthy();
    expect(localStorage.getItem('second-shot:linked')).toBeNull();
    await model.deleteAttempt(example.attempts[0]!);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(posts.map((m) => m.type)).toEqual(['history']);
  });

  it('checks as of the extension\'s date while linked, says so, and goes back to today when the link ends', async () => {
    const { model } = await renderApp({ history: example, today: '2007-11-10' });
    link = startLink(model, window);
    const v1 = (): string | undefined => model.state.statuses?.results.find((r) => r.voucherId === 'v1')?.status;
    await waitFor(() => expect(v1()).toBe('retake-waiting'));
    fromExtension(withAsOf(linkMessage('linked', 'extension'), '2007-11-11'));
    expect(await screen.findByText('Dates are checked as of 11 Nov 2007, the date set in the browser extension.')).toBeTruthy();
    expect([model.state.today, sharedToday(localStorage)]).toEqual(['2007-11-11', '2007-11-11']);
    // The statuses are the extension's: the free retake is open on its date.
    await waitFor(() => expect(v1()).toBe('retake-available'));
    // The extension sets the real today again: so does the app.
    fromExtension(withAsOf(linkMessage('history', 'extension', example), null));
    expect(await screen.findByText('Dates are checked as of today again, as in the browser extension.')).toBeTruthy();
    expect([model.state.today, sharedToday(localStorage)]).toEqual(['2007-11-10', deviceToday()]);
    await waitFor(() => expect(v1()).toBe('retake-waiting'));
    // A date again, then the link ends: the device's today.
    fromExtension(withAsOf(linkMessage('history', 'extension', example), '2007-11-12'));
    await waitFor(() => expect(model.state.today).toBe('2007-11-12'));
    fromExtension(linkMessage('unlinked', 'extension'));
    await waitFor(() => expect(model.state.today).toBe('2007-11-10'));
    expect(sharedToday(localStorage)).toBe(deviceToday());
  });

  it('a date that is no date is refused, and the app keeps its today', async () => {
    const { model } = await renderApp({ history: example, path: '/backup' });
    link = startLink(model, window);
    fromExtension({ ...linkMessage('linked', 'extension'), asOf: '2007-02-30' });
    expect(await screen.findByText(/A message from the extension was refused: link message has an "asOf" that is no date: "2007-02-30"/)).toBeTruthy();
    expect(model.state.today).toBe('2007-11-10');
  });

  it('does not stay "Linked" or keep sending when no extension answers hello', async () => {
    localStorage.setItem('second-shot:linked', 'yes');
    const { model } = await renderApp({ history: example, path: '/backup' });
    link = startLink(model, window, 50);
    expect(await screen.findByText(/Waiting for the extension/)).toBeTruthy();
    expect(await screen.findByText('Not linked')).toBeTruthy();
    const posts = pagePosts();
    await model.deleteAttempt(example.attempts[0]!);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(posts).toEqual([]);
  });
});

/**
 * The extension's side as the core defines it (what extension/background/link.ts does):
 * answers hello with linked and its history, merges what the page sends and answers only
 * when the page lacks something.
 */
function fakeExtension(initial: History): { history: () => History; send: () => void; stop: () => void } {
  let held = initial;
  const send = (): void => fromExtension(linkMessage('history', 'extension', held));
  const listener = (event: MessageEvent): void => {
    const data = event.data as LinkMessage | undefined;
    if (data?.channel !== LINK_CHANNEL || data.from !== 'pwa') return;
    setTimeout(() => {
      if (data.type === 'hello') {
        fromExtension(linkMessage('linked', 'extension'));
        send();
      } else if (data.type === 'history') {
        const result = mergeHistories(held, data.history);
        if (mergeChanged(result)) held = result.history;
        if (mergeChanged(mergeHistories(data.history, held))) send();
      }
    }, 0);
  };
  window.addEventListener('message', listener);
  return { history: () => held, send, stop: () => window.removeEventListener('message', listener) };
}

describe('edits and deletes across the link', () => {
  const booked: History = { ...example, attempts: [{ ...example.attempts[0]!, result: 'scheduled', updatedAt: '2007-11-01T09:00:00.000Z' }] };
  const settled = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 50));

  /** The app and the extension, linked and settled, both holding `history`. */
  async function linkedWith(history: History): Promise<{ model: AppModel; extension: ReturnType<typeof fakeExtension> }> {
    const { model } = await renderApp({ history });
    const extension = fakeExtension(history);
    link = startLink(model, window);
    link.hello();
    await waitFor(() => expect(model.state.link).toBe('linked'));
    await settled();
    return { model, extension };
  }

  it('an attempt booked in the extension and set to failed here shows failed on both sides after one exchange, once', async () => {
    const { model, extension } = await linkedWith(booked);
    const stale = extension.history();
    await model.saveAttempt({ ...booked.attempts[0]!, result: 'fail' });
    await waitFor(() => expect(extension.history().attempts.map((a) => a.result)).toEqual(['fail']));
    // The extension's snapshot from before the edit, still on its way, does not undo it.
    fromExtension(linkMessage('history', 'extension', stale));
    await settled();
    extension.stop();
    expect(model.state.history?.attempts.map((a) => `${a.id} ${a.result}`)).toEqual(['a1 fail']);
    expect(extension.history().attempts.map((a) => `${a.id} ${a.result}`)).toEqual(['a1 fail']);
    expect(screen.getAllByText('Failed')).toHaveLength(1);
    expect(screen.queryByText('Scheduled')).toBeNull();
  });

  it('a record deleted here is deleted in the extension and does not come back', async () => {
    const { model, extension } = await linkedWith(example);
    const stale = extension.history();
    fireEvent.click(await screen.findByRole('button', { name: 'Delete voucher SS07-WXYZ-9876' }));
    await waitFor(() => expect(extension.history().vouchers.map((v) => v.id)).toEqual(['v1']));
    fromExtension(linkMessage('history', 'extension', stale));
    await settled();
    extension.send();
    await settled();
    extension.stop();
    expect(model.state.history?.vouchers.map((v) => v.id)).toEqual(['v1']);
    expect(screen.queryByRole('heading', { name: /SS07-WXYZ-9876/ })).toBeNull();
    expect(extension.history().vouchers.map((v) => v.id)).toEqual(['v1']);
  });
});
