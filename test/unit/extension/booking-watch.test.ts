// @vitest-environment happy-dom
// How the booking content script watches a page: every page of a profile's origin, whatever
// path it was first loaded at; its own location, re-sent with every request after a
// client-side route change; reads after changes at most every ~150 ms but never later than
// ~500 ms after the first unread change, even on a page that never stops changing; nothing
// while the page is hidden.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Envelope, PageSite } from '../../../shared/messages.ts';

const FIND = { exam: ['[data-testid=exam-title]'], examDate: ['[data-testid=appointment-date]'], voucherField: ['input#voucherCode'], applyButton: ['button#applyVoucher'] };
const FLOW_STEPS: PageSite['steps'] = [
  { id: 'flow-payment', kind: 'payment', when: ['input#voucherCode'] },
  { id: 'flow-exam-details', kind: 'exam-choice', when: null },
];

interface Asked {
  type: string;
  url: string;
}
let asked: Asked[];
const progress = (): { reads: number; pending: boolean; watching: boolean } => (globalThis as unknown as { secondShotProgress: { reads: number; pending: boolean; watching: boolean } }).secondShotProgress;

/** Loads the content script; the service worker answers with the steps `stepsAt` gives for each URL. */
async function runContentScript(stepsAt: (url: string) => PageSite['steps']): Promise<void> {
  Object.assign(globalThis, {
    chrome: {
      runtime: {
        sendMessage: async (message: Envelope) => {
          const body = message.body as { url: string };
          asked.push({ type: message.type, url: body.url });
          return message.type === 'page/match' ? { site: { profile: 'pearson-vue', find: FIND, steps: stepsAt(body.url) } } : { hint: null };
        },
      },
    },
  });
  vi.resetModules();
  await import('../../../extension/content/booking.iife.ts');
  await vi.waitFor(async () => {
    await vi.advanceTimersByTimeAsync(10);
    expect(progress().reads).toBe(1);
  });
}

/** Lets `ms` of page time pass, on the fake clock: each test's timing is exact, whatever the machine's load. */
const sleep = (ms: number): Promise<unknown> => vi.advanceTimersByTimeAsync(ms);

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'performance'] });
  asked = [];
  history.replaceState({}, '', '/testtaker/registration/Start');
  document.body.innerHTML = '<h1 data-testid="exam-title">Exam 70-410</h1><p id="clock">0</p>';
});

afterEach(() => {
  dispatchEvent(new Event('pagehide'));
  vi.useRealTimers();
  vi.restoreAllMocks();
});

describe('what the booking content script watches', () => {
  it('a page first loaded at a path no step lists is watched, and its route change to a step is read with the new URL', async () => {
    await runContentScript((url) => (url.includes('/BookingFlow/') ? FLOW_STEPS : []));
    expect(asked.map((a) => a.type)).toEqual(['page/match']);
    expect(progress().watching).toBe(true);
    history.pushState({}, '', '/testtaker/registration/BookingFlow/MICROSOFT');
    document.body.append(Object.assign(document.createElement('p'), { textContent: 'Exam details' }));
    await sleep(500);
    expect(asked.map((a) => a.type)).toEqual(['page/match', 'page/match', 'page/read']);
    expect(asked.slice(1).map((a) => new URL(a.url).pathname)).toEqual(['/testtaker/registration/BookingFlow/MICROSOFT', '/testtaker/registration/BookingFlow/MICROSOFT']);
  });

  it('a page that changes every 100 ms is still read, within ~500 ms of each unread change, and no more often while nothing new appears', async () => {
    await runContentScript(() => FLOW_STEPS);
    const clock = document.getElementById('clock') as HTMLElement;
    const ticking = setInterval(() => {
      clock.textContent = String(Number(clock.textContent) + 1);
    }, 100);
    const before = progress().reads;
    await sleep(3000);
    clearInterval(ticking);
    const reads = progress().reads - before;
    // Each tick is read within the 500 ms ceiling (a restarting debounce would read none at
    // all); while the reading stays the same, no more often than that ceiling and a tick allow.
    expect(reads).toBeGreaterThanOrEqual(Math.floor(3000 / (500 + 100)));
    expect(reads).toBeLessThanOrEqual(Math.ceil(3000 / 500));
  });

  it('a field arriving late is read after the next change, with no page load', async () => {
    await runContentScript(() => FLOW_STEPS);
    const input = Object.assign(document.createElement('input'), { id: 'voucherCode' });
    document.body.append(input);
    await sleep(500);
    expect(asked.filter((a) => a.type === 'page/read')).toHaveLength(2);
  });

  it('typing, clicks and focus count as changes', async () => {
    await runContentScript(() => FLOW_STEPS);
    const before = progress().reads;
    for (const type of ['input', 'change', 'click', 'focusin']) {
      document.body.dispatchEvent(new Event(type, { bubbles: true }));
      await sleep(160);
    }
    expect(progress().reads - before).toBe(4);
  });

  it('nothing is read while the page is hidden; it is read again when shown', async () => {
    await runContentScript(() => FLOW_STEPS);
    let hidden = true;
    vi.spyOn(document, 'hidden', 'get').mockImplementation(() => hidden);
    document.dispatchEvent(new Event('visibilitychange'));
    const before = progress().reads;
    document.body.append(document.createElement('p'));
    document.body.dispatchEvent(new Event('click', { bubbles: true }));
    await sleep(700);
    expect(progress().reads).toBe(before);
    hidden = false;
    document.dispatchEvent(new Event('visibilitychange'));
    await sleep(200);
    expect(progress().reads).toBe(before + 1);
  });
});
