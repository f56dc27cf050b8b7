// What the service worker does each time Chrome wakes it (extension/background/index.ts, loaded
// fresh in each test): draws the badge, checks the reminders and sets their daily alarm, and
// refreshes the rules when the last try is a day old.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { RULES_MESSAGE_CHANNEL } from '../../../extension/rules-messages.ts';
import { WAIT_MS } from '../../support/patience.ts';
import { history } from '../../support/rules.ts';
import { A1, RUNTIME, V1 } from './booking-pages.ts';
import { type FakeBrowser, installFakeBrowser, wokenUp } from './fake-chrome.ts';

const APP = 'http://localhost:4173';
const OPTIONS = { id: RUNTIME, url: `chrome-extension://${RUNTIME}/extension/options/index.html` };

async function wake(prepare: (browser: FakeBrowser) => void): Promise<FakeBrowser> {
  vi.resetModules();
  const browser = installFakeBrowser(RUNTIME);
  browser.storage.local.set('history', history({ vouchers: [V1], attempts: [A1] }));
  prepare(browser);
  await import('../../../extension/background/index.ts');
  await wokenUp(browser);
  return browser;
}

afterEach(() => {
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

describe('waking', () => {
  it('draws the badge, shows today\'s reminder, sets the daily alarm and tries a refresh', async () => {
    const browser = await wake((b) => b.storage.local.set('settings', { pwaOrigin: APP, asOf: '2008-06-23' }));
    expect(browser.badge).toMatchObject({ text: '1', title: 'Second Shot: 1 voucher needs you to book' });
    expect(browser.notifications.map((n) => n.id)).toEqual(['deadline:v1:2008-06-23']);
    expect(browser.alarms.get('second-shot/reminders')).toEqual({ periodInMinutes: 24 * 60, delayInMinutes: 1 });
    const view = await browser.send({ channel: RULES_MESSAGE_CHANNEL, type: 'rules/get', body: {} }, OPTIONS);
    expect(view).toMatchObject({ error: 'The extension has no access to http://localhost:4173: save that address in the options to grant it.' });
  });

  it('keeps an alarm already set', async () => {
    const browser = await wake((b) => b.alarms.set('second-shot/reminders', { periodInMinutes: 60 }));
    expect(browser.alarms.get('second-shot/reminders')).toEqual({ periodInMinutes: 60 });
  });

  // Here, not with the messages: which keys count is fixed when the service worker loads, and
  // mutation testing reruns for a change there only the tests that loaded it.
  it('redraws the badge when what it counts changes, and only then', async () => {
    const browser = await wake(() => undefined);
    const woken = browser.badge.drawn;
    browser.onStorageChanged.fire({ diagnostics: {} }, 'local');
    browser.onStorageChanged.fire({ history: {} }, 'session');
    for (const key of ['history', 'settings', 'link', 'publishedRules']) {
      const before = browser.badge.drawn;
      browser.onStorageChanged.fire({ [key]: {} }, 'local');
      await vi.waitFor(() => expect(browser.badge.drawn).toBe(before + 1), { timeout: WAIT_MS });
    }
    expect(browser.badge.drawn).toBe(woken + 4);
  });

  it('refreshes the rules at most once a day', async () => {
    const triedAgo = async (ms: number): Promise<number> => {
      const browser = await wake((b) => {
        b.granted.add(`${APP}/*`);
        b.storage.local.set('publishedRules', { source: `${APP}/rules/index.json`, triedAt: Date.now() - ms, files: null, refused: [], keptLastGood: [], error: null, memory: {} });
      });
      // A refresh asked now runs after any begun on waking (one at a time).
      await browser.send({ channel: RULES_MESSAGE_CHANNEL, type: 'rules/refresh', body: {} }, OPTIONS);
      return browser.fetched.filter((url) => url === `${APP}/rules/index.json`).length;
    };
    expect(await triedAgo(60_000)).toBe(1);
    expect(await triedAgo(25 * 60 * 60_000)).toBe(2);
  });
});
