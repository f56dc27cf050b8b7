// Site profiles are data: the shipped ones validate (against the code and the JSON Schema),
// a broken one is refused with the file and the JSON pointer, and URLs match exact origins only.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../../../cli/rules-on-disk.ts';
import { formatProblem } from '../../../shared/problems.ts';
import { manifestMatches, matchPage, pathMatches } from '../../../shared/sites/match.ts';
import { loadSiteProfiles } from '../../../shared/sites/profile.ts';

const files = readdirSync(join(ROOT, 'rules/sites')).filter((f) => f.endsWith('.json')).sort()
  .map((name) => ({ file: `rules/sites/${name}`, text: readFileSync(join(ROOT, 'rules/sites', name), 'utf8') }));
const { profiles, problems } = loadSiteProfiles(files);
const prometric = JSON.parse(files.find((f) => f.file.endsWith('prometric.json'))?.text ?? '{}') as Record<string, unknown>;

function refusal(value: unknown): string[] {
  return loadSiteProfiles([{ file: 'rules/sites/broken.json', text: JSON.stringify(value) }]).problems.map(formatProblem);
}

describe('shipped site profiles', () => {
  it('validate, one per file, Prometric and Pearson VUE', () => {
    expect(problems.map(formatProblem)).toEqual([]);
    expect(profiles.map((p) => `${p.id}:${p.provider}`).sort()).toEqual(['pearson-vue:pearson-vue', 'prometric:prometric']);
  });

  it('are accepted by the JSON Schema', () => {
    const schema = JSON.parse(readFileSync(join(ROOT, 'rules/schema/site.schema.json'), 'utf8')) as object;
    const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);
    for (const file of files) expect(validate(JSON.parse(file.text)) ? [] : validate.errors, file.file).toEqual([]);
  });

  it('give the manifest exact origins only', () => {
    expect(manifestMatches(profiles)).toEqual(['https://wsr.pearsonvue.com/*', 'https://www.prometric.com/*']);
  });
});

describe('a broken profile is refused with file and pointer', () => {
  it('a wildcard or http origin', () => {
    expect(refusal({ ...prometric, origins: ['https://*.prometric.com', 'http://www.prometric.com'] })).toEqual([
      'rules/sites/broken.json#/origins/0: "https://*.prometric.com" is not an exact https origin (write it as "https://host.example.com": https, lower case, no path, no wildcard)',
      'rules/sites/broken.json#/origins/1: "http://www.prometric.com" is not an exact https origin (write it as "https://host.example.com": https, lower case, no path, no wildcard)',
    ]);
  });

  it('a misspelt step kind, a missing selector list and an unknown field', () => {
    const steps = [{ id: 'pay', kind: 'paymnet', paths: ['/Pay.aspx'] }, { id: 'c', kind: 'confirmation', paths: ['/C.aspx'] }, { id: 'e', kind: 'exam-choice', paths: ['/E.aspx'] }];
    const { voucherField: _, ...find } = prometric['find'] as Record<string, unknown>;
    expect(refusal({ ...prometric, steps, find, colour: 'blue' })).toEqual([
      'rules/sites/broken.json#/colour: unknown field "colour"',
      'rules/sites/broken.json#/find/voucherField: "voucherField" is missing',
      'rules/sites/broken.json#/steps/0/kind: "kind" must be one of exam-choice, payment, confirmation (did you mean `payment`?)',
      'rules/sites/broken.json#/steps: no step of kind "payment": a profile covers exam choice, payment and confirmation',
    ]);
  });

  it('two profiles claiming one origin', () => {
    const text = JSON.stringify(prometric);
    const loaded = loadSiteProfiles([{ file: 'rules/sites/a.json', text }, { file: 'rules/sites/b.json', text: JSON.stringify({ ...prometric, id: 'other' }) }]);
    expect(loaded.problems.map(formatProblem)).toEqual(['rules/sites/b.json#/origins/0: "https://www.prometric.com" already belongs to rules/sites/a.json']);
  });

  it('text that is not JSON', () => {
    expect(loadSiteProfiles([{ file: 'rules/sites/x.json', text: '{"id": ' }]).problems[0]?.file).toBe('rules/sites/x.json');
  });
});

describe('matching a URL to a profile and its steps', () => {
  it('finds the step by path, case-insensitively', () => {
    const match = matchPage(profiles, 'https://www.prometric.com/microsoft/schedule/payment.aspx?session=1');
    expect(match?.profile.id).toBe('prometric');
    expect(match?.steps.map((s) => s.kind)).toEqual(['payment']);
  });

  it('single-page steps are all candidates, in profile order', () => {
    expect(matchPage(profiles, 'https://wsr.pearsonvue.com/testtaker/registration/BookingFlow/MICROSOFT')?.steps.map((s) => s.id))
      .toEqual(['flow-confirmation', 'flow-payment', 'flow-exam-details']);
  });

  it('refuses look-alike hosts, other schemes and ports', () => {
    for (const url of ['https://wsr.pearsonvue.com.example.net/testtaker/registration/PaymentPage/MICROSOFT', 'http://wsr.pearsonvue.com/testtaker/registration/PaymentPage/X',
      'https://wsr.pearsonvue.com:8443/testtaker/registration/PaymentPage/X', 'https://evil.example/?https://www.prometric.com/', 'not a url']) {
      expect(matchPage(profiles, url), url).toBeNull();
    }
  });

  it('a step\'s path: `*` stands for any run of characters (none included), the rest must match whole, case aside', () => {
    const fits = (pattern: string, path: string): boolean => pathMatches([pattern], path);
    expect(fits('/Microsoft/Schedule/Payment.aspx', '/microsoft/schedule/PAYMENT.aspx')).toBe(true);
    expect(fits('/Microsoft/Schedule/Payment.aspx', '/Microsoft/Schedule/Payment.aspx/more')).toBe(false);
    expect(fits('/Microsoft/Schedule/Payment.aspx', '/x/Microsoft/Schedule/Payment.aspx')).toBe(false);
    expect(fits('/PaymentPage/*', '/PaymentPage/')).toBe(true);
    expect(fits('/PaymentPage/*', '/PaymentPage/MICROSOFT/step/2')).toBe(true);
    expect(fits('/PaymentPage/*', '/PaymentPageX/MICROSOFT')).toBe(false);
    expect(fits('*/Payment.aspx', '/any/where/payment.aspx')).toBe(true);
    expect(fits('*/Payment.aspx', '/any/where/payment.aspx.bak')).toBe(false);
    expect(fits('/a/*/pay/*/done', '/a/1/pay/2/done')).toBe(true);
    expect(fits('/a/*/pay/*/done', '/a/1/done/pay/2')).toBe(false);
    // The pieces around a `*` may not overlap: "/ab*ba" needs at least "/abba".
    expect(fits('/ab*ba', '/aba')).toBe(false);
    expect(fits('/ab*ba', '/abba')).toBe(true);
    expect(fits('/a*b*b', '/ab')).toBe(false);
    // Characters a RegExp would read as syntax are plain text here.
    expect(fits('/p.aspx', '/pXaspx')).toBe(false);
    expect(fits('/(a)+', '/(a)+')).toBe(true);
    expect(pathMatches(['/x', '/y/*'], '/y/z')).toBe(true);
    expect(pathMatches([], '/y/z')).toBe(false);
  });

  it('a page of the site outside the booking steps matches no step', () => {
    expect(matchPage(profiles, 'https://www.prometric.com/en-us/Pages/home.aspx')?.steps).toEqual([]);
  });
});
