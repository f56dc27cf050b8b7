// Booking pages as the service worker sees them: the senders Chrome reports for our content
// script, and what the script reads on a page. Shared by the booking and service-worker tests.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../../../cli/rules-on-disk.ts';
import type { Sender } from '../../../extension/background/senders.ts';
import type { PageReading } from '../../../shared/messages.ts';
import { loadSiteProfiles, type SiteProfile } from '../../../shared/sites/profile.ts';

export const RUNTIME = 'abcdefghijklmnopabcdefghijklmnop';
export const PAYMENT = 'https://www.prometric.com/Microsoft/Schedule/Payment.aspx';
export const CONFIRMATION = 'https://www.prometric.com/Microsoft/Schedule/Confirmation.aspx';
export const FLOW = 'https://wsr.pearsonvue.com/testtaker/registration/BookingFlow/MICROSOFT';

export const V1 = { id: 'v1', code: 'SS07-ABCD-1234', offer: 'ms-second-shot-2007', obtainedOn: '2007-10-01' };
export const A1 = { id: 'a1', voucher: 'v1', exam: '70-298', provider: 'prometric', bookedOn: '2007-10-05', takenOn: '2007-11-10', result: 'fail' as const };

/** The shipped site profiles, read from disk inside a test (not at load: see test/support/rules.ts). */
export function shippedProfiles(): SiteProfile[] {
  return loadSiteProfiles(['prometric', 'pearson-vue'].map((id) => ({ file: `${id}.json`, text: readFileSync(join(ROOT, 'rules/sites', `${id}.json`), 'utf8') }))).profiles;
}

/** Our content script in tab 7's top frame at `url`. */
export const sender = (url: string, extra: Partial<Sender> = {}): Sender => ({ id: RUNTIME, url, origin: new URL(url).origin, frameId: 0, tab: { id: 7 } as chrome.tabs.Tab, ...extra });

/** The version of the shipped profile for the URL's origin: the one a page reads itself with. */
const versionAt = (url: string): number => shippedProfiles().find((p) => p.origins.includes(new URL(url).origin))?.version ?? 0;

/** A page that shows exam 70-298 and `date`, with the voucher field and apply button its profile names. */
export function reading(url: string, step: string, date: string, lang = 'en-GB'): PageReading {
  return {
    url, version: versionAt(url), step, lang, exam: [{ text: '070-298 Designing Security', where: 'profile' }], examShown: true,
    dates: [{ text: date, machine: null, label: '', via: 'profile' }], voucherField: 'profile', voucherProblem: null, applyButton: 'profile',
  };
}
