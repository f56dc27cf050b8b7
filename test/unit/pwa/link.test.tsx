import { cleanup, screen, waitFor } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import type { History } from '../../../shared/history/format.ts';
import { LINK_CHANNEL, linkMessage, type LinkMessage } from '../../../shared/link.ts';
import { type PageLink, startLink } from '../../../pwa/link.ts';
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
    fromExtension(linkMessage('linked', 'extension'));
    await waitFor(() => expect(model.state.link).toBe('linked'));
    const posts = pagePosts();
    await model.deleteAttempt(example.attempts[0]!);
    await waitFor(() => expect(posts).toHaveLength(1));
    expect(posts[0]).toEqual(linkMessage('history', 'pwa', { ...example, attempts: [] }));
  });
});
