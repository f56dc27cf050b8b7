// Reading a booking page through its site profile: the profile's selectors first, then
// robust cues (labels, name, placeholder, aria-label; exam codes in headings and the title)
// so a small markup change does not blind the extension. Which of the two found each thing
// is reported, so a stale profile shows up in the diagnostics.

import type { PageReading, PageSite } from '../../shared/messages.ts';

type Finding = 'profile' | 'fallback';
const MAX_TEXT = 300;
const VOUCHER_CUE = /voucher|promo(tion)?\s*code|promo|discount\s*code/i;
const APPLY_CUE = /apply|validate|redeem/i;

function textOf(element: Element): string {
  const text = element instanceof HTMLSelectElement ? (element.selectedOptions[0]?.textContent ?? '') : (element.textContent ?? '');
  return text.replace(/\s+/g, ' ').trim().slice(0, MAX_TEXT);
}

function first(selectors: readonly string[]): Element | null {
  for (const selector of selectors) {
    try {
      const found = document.querySelector(selector);
      if (found) return found;
    } catch {
      // A selector the browser cannot parse counts as not matching; the diagnostics say so.
    }
  }
  return null;
}

export function currentStep(site: PageSite): PageSite['steps'][number] | null {
  return site.steps.find((s) => s.when === null || first(s.when) !== null) ?? null;
}

function labelText(input: HTMLInputElement): string {
  const labels = input.labels ? Array.from(input.labels, (l) => l.textContent ?? '') : [];
  return [input.name, input.id, input.placeholder, input.getAttribute('aria-label') ?? '', ...labels].join(' ');
}

export function findVoucherField(site: PageSite): { field: HTMLInputElement; via: Finding } | null {
  const byProfile = first(site.find.voucherField);
  if (byProfile instanceof HTMLInputElement) return { field: byProfile, via: 'profile' };
  for (const input of document.querySelectorAll<HTMLInputElement>('input:not([type]), input[type=text], input[type=search]')) {
    if (VOUCHER_CUE.test(labelText(input))) return { field: input, via: 'fallback' };
  }
  return null;
}

function findApplyButton(site: PageSite, field: HTMLInputElement | undefined): Finding | null {
  if (first(site.find.applyButton)) return 'profile';
  const scope = field?.form ?? field?.parentElement;
  if (!scope) return null;
  for (const button of scope.querySelectorAll<HTMLElement>('button, input[type=button], input[type=submit]')) {
    const label = button instanceof HTMLInputElement ? button.value : (button.textContent ?? '');
    if (APPLY_CUE.test(label)) return 'fallback';
  }
  return null;
}

export function readPage(site: PageSite, step: string): PageReading {
  const exam: PageReading['exam'] = [];
  const byProfile = first(site.find.exam);
  if (byProfile) exam.push({ text: textOf(byProfile), via: 'profile' });
  for (const heading of document.querySelectorAll('h1, h2, h3')) exam.push({ text: textOf(heading), via: 'fallback' });
  exam.push({ text: document.title.slice(0, MAX_TEXT), via: 'fallback' });
  const dateByProfile = first(site.find.examDate);
  const dateByCue = dateByProfile ? null : document.querySelector('time, [id*=date i], [class*=date i], [data-testid*=date i]');
  const examDate = dateByProfile ? { text: textOf(dateByProfile), via: 'profile' as const } : dateByCue ? { text: textOf(dateByCue), via: 'fallback' as const } : null;
  const voucher = findVoucherField(site);
  return { step, exam: exam.slice(0, 12), examDate, voucherField: voucher?.via ?? null, applyButton: voucher ? findApplyButton(site, voucher.field) : null };
}
