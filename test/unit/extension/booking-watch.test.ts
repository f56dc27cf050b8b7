// @vitest-environment happy-dom
// @vitest-environment-options { "url": "https://wsr.pearsonvue.com/" }
// How the booking content script watches a page: every page of a profile's origin, whatever
// path it was first loaded at; its own location, re-sent with every request after a
// client-side route change; reads after changes at most every ~150 ms but never later than
// ~500 ms after the first unread change, even on a page that never stops changing; nothing
// while the page is hidden. It reads itself with the bundled profile of its origin (the
// BookingFlow steps of rules/sites/pearson-vue.json here), one request per read, and with the
// one in force when the service worker hands over another version.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Envelope, PageReading, PageSite } from '../../../shared/messages.ts';
import { pageSite } from '../../../shared/sites/page-site.ts';
import { readSiteProfiles } from '../../../extension/sites-on-disk.ts';
import { ROOT } from '../../../cli/rules-on-disk.ts';

const FLOW = '/testtaker/registration/BookingFlow/MICROSOFT';

let asked: PageReading[];
const progress = (): { reads: number; requests: number; pending: boolean; watching: boolean } =>
  (globalThis as unknown as { secondShotProgress: { reads: number; requests: number; pending: boolean; watching: boolean } }).secondShotProgress;

/** Loads the content script; the service worker answers each reading with `answer` (by default: no hint, the page's profile is in force). */
async function runContentScript(answer: (reading: PageReading) => { hint: null; site: PageSite | null } = () => ({ hint: null, site: null })): Promise<void> {
  Object.assign(globalThis, {
    chrome: {
      runtime: {
        sendMessage: async (message: Envelope) => {
          const reading = message.body as PageReading;
          asked.push(reading);
          return answer(reading);
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
    await runContentScript();
    // At a path of no step, the page only asks, once, whether its profile is the one in force.
    expect(asked.map((a) => a.step)).toEqual(['']);
    expect(progress().watching).toBe(true);
    history.pushState({}, '', FLOW);
    document.body.append(Object.assign(document.createElement('p'), { textContent: 'Exam details' }));
    await sleep(500);
    expect(asked.map((a) => a.step)).toEqual(['', 'flow-exam-details']);
    expect(new URL(asked[1]?.url ?? '').pathname).toBe(FLOW);
  });

  it('a page at a step is read with one request; another version of its profile in force is taken and the page read again with it', async () => {
    history.replaceState({}, '', '/testtaker/registration/Welcome');
    const [bundled] = readSiteProfiles(ROOT).filter((p) => p.id === 'pearson-vue');
    if (!bundled) throw new Error('no bundled Pearson VUE profile');
    // The correction in force lists this address as the exam-details step.
    const inForce = pageSite({ ...bundled, version: bundled.version + 1, steps: [{ id: 'welcome', kind: 'exam-choice', paths: ['/testtaker/registration/Welcome'] }, ...bundled.steps] });
    await runContentScript((reading) => ({ hint: null, site: reading.version === inForce.version ? null : inForce }));
    expect(asked.map((a) => [a.version, a.step])).toEqual([[bundled.version, ''], [inForce.version, 'welcome']]);
    expect(asked[1]?.exam).toContainEqual({ text: 'Exam 70-410', where: 'profile' });

    history.pushState({}, '', FLOW);
    document.body.dispatchEvent(new Event('click', { bubbles: true }));
    await sleep(200);
    // Taken for the rest of the page's life: one request per read.
    expect(asked.slice(2).map((a) => [a.version, a.step])).toEqual([[inForce.version, 'flow-exam-details']]);
    expect(progress().requests).toBe(3);
  });

  it('a page that changes every 100 ms is still read, within ~500 ms of each unread change, and no more often while nothing new appears', async () => {
    history.replaceState({}, '', FLOW);
    await runContentScript();
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
    history.replaceState({}, '', FLOW);
    await runContentScript();
    const input = Object.assign(document.createElement('input'), { id: 'voucherCode' });
    document.body.append(input);
    await sleep(500);
    expect(asked.map((a) => a.step)).toEqual(['flow-exam-details', 'flow-payment']);
  });

  it('typing, clicks and focus count as changes', async () => {
    history.replaceState({}, '', FLOW);
    await runContentScript();
    const before = progress().reads;
    for (const type of ['input', 'change', 'click', 'focusin']) {
      document.body.dispatchEvent(new Event(type, { bubbles: true }));
      await sleep(160);
    }
    expect(progress().reads - before).toBe(4);
  });

  it('nothing is read while the page is hidden; it is read again when shown', async () => {
    history.replaceState({}, '', FLOW);
    await runContentScript();
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
