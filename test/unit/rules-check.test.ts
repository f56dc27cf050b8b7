// The program manager's checker: errors that point at the problem, warnings for likely
// mistakes, and a scaffold that is valid from the start.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readRuleFiles, ROOT } from '../../cli/rules-on-disk.ts';
import { scaffoldOffer } from '../../cli/rules-new.ts';
import { checkRules } from '../../shared/engine/rule-check.ts';
import type { OfferSpec } from '../../shared/engine/offer-file.ts';
import type { Voucher } from '../../shared/history/format.ts';
import { formatProblem } from '../../shared/problems.ts';

const shipped = readRuleFiles();
const seedFile = shipped.find((f) => f.file.endsWith('ms-second-shot-2007.json'))!;

function edited(change: (offer: OfferSpec) => void, file = seedFile.file) {
  const offer = JSON.parse(seedFile.text) as OfferSpec;
  change(offer);
  return { file, text: JSON.stringify(offer) };
}

function withDraft(draft: { file: string; text: string }) {
  return [...shipped.filter((f) => f.file !== draft.file), draft];
}

function run(script: string, args: string[]) {
  const result = spawnSync(process.execPath, ['--import', 'tsx', script, ...args], { cwd: ROOT, encoding: 'utf8' });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('rules:check', () => {
  it('passes the shipped files with every worked example and no warning', async () => {
    const check = await checkRules(shipped);
    expect(check.errors.map(formatProblem)).toEqual([]);
    expect(check.warnings.map(formatProblem)).toEqual([]);
    expect(check.examples.failed).toBe(0);
    expect(check.examples.passed).toBeGreaterThanOrEqual(40);
  });

  it('warns when a deadline is before the start', async () => {
    const check = await checkRules(withDraft(edited((o) => { o.parameters.retakeBy = '2007-09-01'; })));
    expect(check.warnings.map(formatProblem)).toContain('rules/offers/ms-second-shot-2007.json#/parameters/retakeBy: "retakeBy" (2007-09-01) is before the offer opens (2007-09-15)');
  });

  it('warns about a reason no worked example reaches, and a message no rule uses', async () => {
    const check = await checkRules(withDraft(edited((o) => {
      o.examples = o.examples.filter((e) => !e.expect.reasons?.includes('retake-used'));
      o.reasons['retake-forfeited'] = 'Unused.';
    })));
    expect(check.warnings.map(formatProblem)).toEqual([
      'rules/offers/ms-second-shot-2007.json#/rules/8/event/params/reason: no worked example reaches reason "retake-used" (add an example whose expected reasons include it)',
      'rules/offers/ms-second-shot-2007.json#/reasons/retake-forfeited: the message for "retake-forfeited" is never used by a rule',
    ]);
  });

  it('warns about overlapping rounds whose vouchers cannot be told apart', async () => {
    const copy = edited((o) => {
      o.id = 'ms-second-shot-2008';
      delete o.voucherCode;
      for (const e of o.examples) for (const v of (e.history.vouchers ?? []) as Voucher[]) v.offer = 'ms-second-shot-2008';
    }, 'rules/offers/ms-second-shot-2008.json');
    const check = await checkRules([...shipped, copy]);
    expect(check.warnings.map(formatProblem)).toEqual([
      'rules/offers/ms-second-shot-2008.json#/parameters/opens: runs at the same time as ms-second-shot-2007 (rules/offers/ms-second-shot-2007.json) for the same sponsor, and their voucher codes cannot be told apart (give each round a distinct "voucherCode" pattern, or make the dates not overlap)',
    ]);
  });

  it('overlapping rounds whose voucher codes each pattern tells apart: no warning; told apart one way only: warned', async () => {
    const round2008 = (voucherCode: { pattern: string; example: string }) => edited((o) => {
      o.id = 'ms-second-shot-2008';
      o.voucherCode = voucherCode;
      for (const e of o.examples) for (const v of (e.history.vouchers ?? []) as Voucher[]) Object.assign(v, { offer: 'ms-second-shot-2008', code: voucherCode.example });
    }, 'rules/offers/ms-second-shot-2008.json');
    // 2007's codes are "SS07-ABCD-1234": three groups of four.
    const apart = await checkRules([...shipped, round2008({ pattern: '^SS08-\\d{6}$', example: 'SS08-123456' })]);
    expect(apart.warnings.map(formatProblem)).toEqual([]);
    // This one's pattern refuses 2007's example, but its own example passes 2007's pattern.
    const oneWay = await checkRules([...shipped, round2008({ pattern: '^SS08-\\d{4}-\\d{4}$', example: 'SS08-1234-5678' })]);
    expect(oneWay.warnings.map(formatProblem)).toEqual([expect.stringContaining('ms-second-shot-2008.json#/parameters/opens: runs at the same time as ms-second-shot-2007')]);
    // And the other way round: 2007's example passes this pattern, this example not 2007's.
    const otherWay = await checkRules([...shipped, round2008({ pattern: '^SS0\\d-', example: 'SS08-12' })]);
    expect(otherWay.warnings.map(formatProblem)).toEqual([expect.stringContaining('ms-second-shot-2008.json#/parameters/opens: runs at the same time as ms-second-shot-2007')]);
  });

  it('refuses a test provider no site profile or list knows, where the list is written, with the known id', async () => {
    const providers = ['prometric', 'pearson-vue'];
    const check = await checkRules(withDraft(edited((o) => { o.parameters['providers'] = ['Prometric']; })), { providers });
    expect(check.errors.map(formatProblem)).toContain('rules/offers/ms-second-shot-2007.json#/parameters/providers/0: unknown test provider "Prometric" (did you mean `prometric`?)');
    // Nothing near: where the known ones are listed.
    const far = await checkRules(withDraft(edited((o) => { o.parameters['providers'] = ['kryterion']; })), { providers });
    expect(far.errors.map(formatProblem)).toContain('rules/offers/ms-second-shot-2007.json#/parameters/providers/0: unknown test provider "kryterion" (known providers are listed in rules/providers.json and rules/sites/)');
    const policy = shipped.find((f) => f.file.endsWith('comptia-retake-policy.json'))!;
    const spec = JSON.parse(policy.text) as OfferSpec;
    spec.appliesTo = { ...spec.appliesTo!, providers: ['pearson_vue'] };
    const refused = await checkRules(withDraft({ file: policy.file, text: JSON.stringify(spec) }), { providers });
    expect(refused.errors.map(formatProblem)).toEqual(['rules/offers/comptia-retake-policy.json#/appliesTo/providers/0: unknown test provider "pearson_vue" (did you mean `pearson-vue`?)']);
    expect((await checkRules(shipped, { providers })).errors).toEqual([]);
  });

  it('turns a failing worked example into an error that names it', async () => {
    const check = await checkRules(withDraft(edited((o) => { o.parameters.retakeWaitDays = 2; })));
    expect(check.errors.map(formatProblem)).toContain(
      'rules/offers/ms-second-shot-2007.json#/examples/0/expect/decision: example "The seed: fail 70-298 on 10 Nov 2007, book the retake on 11 Nov": expected decision "free-retake", got "wait"',
    );
  });

  it('exits 1 on a misspelt fact in a draft, with the pointer and a suggestion', () => {
    const draft = join(mkdtempSync(join(tmpdir(), 'rules-')), 'ms-second-shot-2007.json');
    writeFileSync(draft, seedFile.text.replace('"fact": "daysSinceLastFailure"', '"fact": "daysSinceFial"'));
    const { code, stdout } = run('cli/rules-check.ts', [draft]);
    expect(code).toBe(1);
    expect(stdout).toMatch(/^error {3}\S*ms-second-shot-2007\.json:109:19 #\/rules\/11\/conditions\/all\/1\/fact: unknown fact `daysSinceFial` \(did you mean `daysSinceLastFailure`\?\)$/m);
    expect(stdout).toMatch(/^5 offer files, 2 site files, .*: 1 error, 0 warnings\n$/m);
  });

  it('knows the providers of rules/providers.json and of the site profiles, and points at a wrong one', () => {
    const draft = join(mkdtempSync(join(tmpdir(), 'rules-')), 'ms-second-shot-2007.json');
    writeFileSync(draft, seedFile.text.replace('"providers": ["prometric"]', '"providers": ["Prometric"]'));
    const { code, stdout } = run('cli/rules-check.ts', [draft]);
    expect(code).toBe(1);
    expect(stdout).toMatch(/^error {3}\S*ms-second-shot-2007\.json:25:19 #\/parameters\/providers\/0: unknown test provider "Prometric" \(did you mean `prometric`\?\)$/m);
    expect(stdout).toMatch(/^5 offer files, 2 site files, .*: 1 error, 0 warnings\n$/m);
  });
});

describe('rules:check --published', () => {
  it('checks a published folder as the apps read it: a bad index entry and a refused file named where they are, an unlisted file warned', () => {
    const folder = mkdtempSync(join(tmpdir(), 'published-'));
    mkdirSync(join(folder, 'offers'));
    writeFileSync(join(folder, 'offers', 'ms-second-shot-2007.json'), seedFile.text.replace('"retakeBy": "2008-06-30"', '"retakeBy": "2008-06-31"'));
    for (const name of ['ms-second-shot-2015.json', 'comptia-retake-policy.json']) writeFileSync(join(folder, 'offers', name), readFileSync(join(ROOT, 'rules', 'offers', name), 'utf8'));
    writeFileSync(join(folder, 'index.json'), '{ "files": ["offers/ms-second-shot-2007.json",\n  "offers/Bad Name.json", "offers/ms-second-shot-2015.json"] }');
    const { code, stdout } = run('cli/rules-check.ts', ['--published', folder]);
    expect(code).toBe(1);
    const lines = stdout.trim().split('\n').map((line) => line.replace(/\S*published-\w+\//, ''));
    expect(lines).toEqual([
      'error   index.json:2:3 #/files/1: "offers/Bad Name.json" is not an offer file: entries look like "offers/my-offer.json" (lower-case words joined by "-")',
      'error   offers/ms-second-shot-2007.json:24:17 #/parameters/retakeBy: parameter "retakeBy" "2008-06-31" is not a day of 2008-06',
      'warning offers/comptia-retake-policy.json #/: is not listed in index.json: the apps never read it (add "offers/comptia-retake-policy.json" to "files")',
      expect.stringMatching(/^1 offer files, 2 site files, \d+ worked examples \(0 failing\): 2 errors, 1 warning$/),
    ]);
  });

  it('checks the index\'s "sites" as the extension reads them: a profile reaching a new origin refused where it says so, a correction taken, an unlisted file warned', () => {
    const folder = mkdtempSync(join(tmpdir(), 'published-'));
    mkdirSync(join(folder, 'offers'));
    mkdirSync(join(folder, 'sites'));
    for (const { file, text } of shipped) writeFileSync(join(folder, 'offers', file.replace(/^.*\//, '')), text);
    const site = (id: string): string => readFileSync(join(ROOT, 'rules', 'sites', `${id}.json`), 'utf8');
    writeFileSync(join(folder, 'sites', 'prometric.json'), site('prometric').replace('"origins": ["https://www.prometric.com"]', '"origins": ["https://www.prometric.com", "https://evil.example.net"]'));
    writeFileSync(join(folder, 'sites', 'pearson-vue.json'), site('pearson-vue').replace('"version": 1', '"version": 2'));
    writeFileSync(join(folder, 'sites', 'pearson-vue-draft.json'), site('pearson-vue'));
    const files = shipped.map((f) => `"offers/${f.file.replace(/^.*\//, '')}"`).join(', ');
    writeFileSync(join(folder, 'index.json'), `{ "files": [${files}],\n  "sites": ["sites/prometric.json", "sites/pearson-vue.json"] }`);
    const { code, stdout } = run('cli/rules-check.ts', ['--published', folder]);
    expect(code).toBe(1);
    const lines = stdout.trim().split('\n').map((line) => line.replace(/\S*published-\w+\//, ''));
    expect(lines).toEqual([
      expect.stringMatching(/^error {3}sites\/prometric\.json:9:\d+ #\/origins\/1: "https:\/\/evil\.example\.net" is not an origin of Prometric in this extension release: a new origin needs a new release/),
      'warning sites/pearson-vue-draft.json #/: is not listed in index.json: the apps never read it (add "sites/pearson-vue-draft.json" to "sites")',
      expect.stringMatching(new RegExp(`^${shipped.length} offer files, 2 site files, \\d+ worked examples \\(0 failing\\): 1 error, 1 warning$`)),
    ]);
  });
});

describe('rules:new', () => {
  const filled = (text: string): string => text.replaceAll('TODO', 'DONE').replace('https://example.org/DONE-where-the-terms-are-published', 'https://www.microsoft.com/learning/second-shot');

  it('scaffolds a file whose worked examples pass, but that fails until every TODO and the example source are replaced', async () => {
    const text = scaffoldOffer('ms-second-shot-2009', '2026-11-26');
    expect(JSON.parse(text)).toMatchObject({ $schema: '../schema/offer.schema.json', id: 'ms-second-shot-2009' });
    const file = 'rules/offers/ms-second-shot-2009.json';
    const untouched = await checkRules([...shipped, { file, text }]);
    expect(untouched.examples.failed).toBe(0);
    expect(untouched.warnings.map(formatProblem)).toEqual([]);
    const messages = untouched.errors.map(formatProblem);
    expect(messages).toContain('rules/offers/ms-second-shot-2009.json#/title: still says TODO: "TODO: the offer\'s name, e.g. Microsoft Second Shot, 2009" (write what the offer says here)');
    expect(messages).toContain('rules/offers/ms-second-shot-2009.json#/sources/0/url: "https://example.org/TODO-where-the-terms-are-published" is a placeholder address, not the page the terms come from');
    expect(messages.every((m) => /still says TODO|placeholder address/.test(m))).toBe(true);
    const done = await checkRules([...shipped, { file, text: filled(text) }]);
    expect(done.errors.map(formatProblem)).toEqual([]);
    expect(done.warnings.map(formatProblem)).toEqual([]);
  });

  it('takes the round\'s dates, and its examples hold at each edge of them', async () => {
    for (const dates of [
      { opens: '2006-02-15', firstAttemptBy: '2006-06-30', retakeBy: '2006-07-31' },
      { opens: '2007-09-15', firstAttemptBy: '2008-06-30', retakeBy: '2008-06-30' },
      { opens: '2015-01-05', firstAttemptBy: '2015-01-05', retakeBy: '2015-01-06' },
    ]) {
      const text = filled(scaffoldOffer('ms-second-shot-2009', '2026-11-26', dates));
      expect(JSON.parse(text).parameters).toMatchObject(dates);
      const check = await checkRules([...shipped, { file: 'rules/offers/ms-second-shot-2009.json', text }]);
      expect(check.errors.map(formatProblem), JSON.stringify(dates)).toEqual([]);
      expect(check.warnings.map(formatProblem), JSON.stringify(dates)).toEqual([]);
    }
  });

  it('refuses dates that make no round, and writes nothing', () => {
    const partial = run('cli/rules-new.ts', ['ms-second-shot-2030', '--opens', '2030-01-01']);
    expect([partial.code, partial.stderr]).toEqual([2, expect.stringMatching(/^give all three dates or none\. Usage: /)]);
    const badDate = run('cli/rules-new.ts', ['ms-second-shot-2030', '--opens', '2030-01-01', '--first-attempt-by', '2030-02-30', '--retake-by', '2030-03-01']);
    expect([badDate.code, badDate.stderr]).toEqual([2, expect.stringMatching(/^--first-attempt-by "2030-02-30" is not a day of 2030-02\. Usage: /)]);
    const backwards = run('cli/rules-new.ts', ['ms-second-shot-2030', '--opens', '2030-01-01', '--first-attempt-by', '2030-06-30', '--retake-by', '2030-05-31']);
    expect([backwards.code, backwards.stderr]).toEqual([2, '--retake-by (2030-05-31) is before --first-attempt-by (2030-06-30)\n']);
    expect(existsSync(join(ROOT, 'rules/offers/ms-second-shot-2030.json'))).toBe(false);
  });

  it('refuses a bad id and never overwrites an offer', () => {
    expect(run('cli/rules-new.ts', ['Bad_Id']).code).toBe(2);
    const existing = run('cli/rules-new.ts', ['ms-second-shot-2007']);
    expect(existing.code).toBe(2);
    expect(existing.stderr).toBe('rules/offers/ms-second-shot-2007.json already exists; edit it, or choose another id\n');
    expect(readFileSync(join(ROOT, seedFile.file), 'utf8')).toBe(seedFile.text);
  });
});
