// @vitest-environment happy-dom
// What the booking content script watches: a page of a profile's origin that no step's path
// matches gets no MutationObserver (it costs the page on every change of its DOM), while a
// single-page flow, whose steps share a path and differ by `when`, is still watched.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Envelope, PageSite } from '../../../shared/messages.ts';

const FIND = { exam: ['[data-testid=exam-title]'], examDate: ['[data-testid=appointment-date]'], voucherField: ['input#voucherCode'], applyButton: ['button#applyVoucher'] };
const FLOW_STEPS: PageSite['steps'] = [
  { id: 'flow-confirmation', kind: 'confirmation', when: ['[data-testid=order-confirmation]'] },
  { id: 'flow-payment', kind: 'payment', when: ['input#voucherCode'] },
  { id: 'flow-exam-details', kind: 'exam-choice', when: null },
];

let asked: string[];
let observed: Node[];

/** Loads the content script on this page, the service worker answering with `site`; resolves once it has settled. */
async function runContentScript(site: PageSite): Promise<void> {
  Object.assign(globalThis, {
    chrome: {
      runtime: {
        sendMessage: async (message: Envelope) => {
          asked.push(message.type);
          return message.type === 'page/match' ? { site } : { hint: null };
        },
      },
    },
  });
  vi.resetModules();
  await import('../../../extension/content/booking.iife.ts');
  await vi.waitFor(() => expect(asked.length).toBeGreaterThan(0));
  // Long enough for every awaited reply of start() to have come back.
  await new Promise((resolve) => setTimeout(resolve, 50));
}

beforeEach(() => {
  asked = [];
  observed = [];
  const observe = MutationObserver.prototype.observe;
  vi.spyOn(MutationObserver.prototype, 'observe').mockImplementation(function (this: MutationObserver, target, options) {
    observed.push(target);
    observe.call(this, target, options);
  });
  // The profile's date selector matches, so happy-dom never parses the fallback's case-insensitive selectors.
  document.body.innerHTML = '<h1 data-testid="exam-title">Exam 70-410</h1><p data-testid="appointment-date">March 10, 2015</p>';
});

afterEach(() => {
  dispatchEvent(new Event('pagehide'));
  vi.restoreAllMocks();
});

describe('what the booking content script watches', () => {
  it('a page of the origin that matches no step: no observer, no reading, no hint', async () => {
    await runContentScript({ profile: 'pearson-vue', singlePage: true, find: FIND, steps: [] });
    expect(observed).toEqual([]);
    expect(asked).toEqual(['page/match']);
  });

  it('a single-page flow is read and watched for its next step', async () => {
    await runContentScript({ profile: 'pearson-vue', singlePage: true, find: FIND, steps: FLOW_STEPS });
    expect(asked).toEqual(['page/match', 'page/read']);
    expect(observed).toEqual([document.body]);
  });
});
