// The page side of the extension link in Chromium, with real window.postMessage. The page
// stands in for the extension's bridge content script, which relays messages in the same
// window on the PWA's origin (the bridge itself is the extension's, tested there).
import { describe, expect, it } from 'vitest';
import type { History } from '../../../shared/history/format.ts';
import { LINK_CHANNEL, linkMessage, type LinkMessage } from '../../../shared/link.ts';
import { useAppSession } from './support.ts';

const session = useAppSession();

const extensionHistory: History = {
  format: 'second-shot/history',
  version: 1,
  vouchers: [{ id: 'v-ext', code: 'SS07-FROM-EXTN', offer: 'ms-second-shot-2007', obtainedOn: '2007-10-01' }],
  attempts: [{ id: 'a-ext', voucher: 'v-ext', exam: '70-298', provider: 'prometric', bookedOn: '2007-10-05', takenOn: '2007-11-10', result: 'fail' }],
};

declare global {
  interface Window {
    /** What the page posted on the link channel, as the bridge sees it. */
    pwaPosts?: LinkMessage[];
  }
}

/** The bridge's part: records the page's messages, and answers "hello" with "linked". */
async function installBridge(): Promise<void> {
  await session.page.evaluate(
    ({ channel, linked }) => {
      window.pwaPosts = [];
      window.addEventListener('message', (event: MessageEvent) => {
        const data = event.data as LinkMessage | undefined;
        if (event.source !== window || data?.channel !== channel || data.from !== 'pwa') return;
        window.pwaPosts?.push(data);
        if (data.type === 'hello') window.postMessage(linked, location.origin);
      });
    },
    { channel: LINK_CHANNEL, linked: linkMessage('linked', 'extension') },
  );
}

const posts = (): Promise<LinkMessage[]> => session.page.evaluate(() => window.pwaPosts ?? []);

/** Resolves once every message posted so far has been delivered: window messages arrive in order. */
const deliverPosted = (): Promise<void> =>
  session.page.evaluate(
    () =>
      new Promise<void>((delivered) => {
        const marker = `delivered-${Math.random()}`;
        window.addEventListener('message', function onMarker(event: MessageEvent) {
          if (event.data !== marker) return;
          window.removeEventListener('message', onMarker);
          delivered();
        });
        window.postMessage(marker, location.origin);
      }),
  );

describe('link with the browser extension', () => {
  it('links on the user\'s click, merges the extension\'s history and answers with its own', async () => {
    await session.page.goto(`${session.base}/backup`);
    await session.page.getByText('Not linked').waitFor();
    await installBridge();
    await session.page.getByRole('button', { name: 'Link with the browser extension' }).click();
    await session.page.getByText('Linked', { exact: true }).waitFor();
    await expect.poll(async () => (await posts()).map((m) => m.type)).toEqual(['hello', 'history']);

    await session.page.evaluate((message) => window.postMessage(message, location.origin), linkMessage('history', 'extension', extensionHistory));
    await session.page.getByRole('link', { name: 'Vouchers' }).click();
    await session.page.getByText('Retake opens tomorrow').waitFor();
    expect(await session.page.getByRole('heading', { name: /SS07-FROM-EXTN/ }).isVisible()).toBe(true);
    // It holds nothing the extension lacks, so it does not answer: the two sides have settled.
    // The merge is shown, so any answer is already posted; a message posted now arrives after it.
    await deliverPosted();
    expect((await posts()).length).toBe(2);

    // A local change while linked is sent at once, the delete as a tombstone.
    await session.page.getByRole('button', { name: 'Delete voucher SS07-FROM-EXTN' }).click();
    await expect.poll(async () => (await posts()).length).toBe(3);
    const afterDelete = (await posts())[2];
    expect(afterDelete?.type === 'history' ? afterDelete.history.vouchers : null).toEqual([]);
    expect(afterDelete?.type === 'history' ? afterDelete.history.deleted?.map((t) => t.id).sort() : null).toEqual(['a-ext', 'v-ext']);

    // The extension's copy from before the delete does not bring the voucher back. It lacks the
    // tombstones, so the page answers once the merge is written: the sign it was processed.
    await session.page.evaluate((message) => window.postMessage(message, location.origin), linkMessage('history', 'extension', extensionHistory));
    await expect.poll(async () => (await posts()).length).toBe(4);
    expect(await session.page.getByRole('heading', { name: /SS07-FROM-EXTN/ }).count()).toBe(0);
  });

  it('refuses a message that is not a valid history, saying why, and changes nothing', async () => {
    await session.page.goto(`${session.base}/backup`);
    await session.page.getByText('Not linked').waitFor();
    const broken = { ...linkMessage('history', 'extension', extensionHistory), history: { ...extensionHistory, attempts: [{ id: 'x' }] } };
    await session.page.evaluate((message) => window.postMessage(message, location.origin), broken);
    await session.page.getByText(/A message from the extension was refused: \/attempts\/0\/exam: "exam" is missing/).waitFor();
    await session.page.getByRole('link', { name: 'Vouchers' }).click();
    await session.page.getByRole('heading', { name: 'No vouchers yet' }).waitFor();
  });
});
