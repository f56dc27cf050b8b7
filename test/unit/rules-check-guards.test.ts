// rules:check's guards, each checked so that removing it fails a test: site-file errors make
// the run fail, unknown fields are errors, an unreadable draft is exit 2, and every date-order
// warning fires exactly when its dates are out of order.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readRuleFiles, ROOT } from '../../cli/rules-on-disk.ts';
import { checkRules } from '../../shared/engine/rule-check.ts';
import { formatProblem } from '../../shared/problems.ts';

const shipped = readRuleFiles();

/** The shipped files with one of them changed as a draft would be. */
function withChange(name: string, change: (file: Record<string, unknown> & { parameters: Record<string, unknown> }) => void) {
  const original = shipped.find((f) => f.file.endsWith(`/${name}`));
  if (!original) throw new Error(`no shipped file ${name}`);
  const spec = JSON.parse(original.text) as Record<string, unknown> & { parameters: Record<string, unknown> };
  change(spec);
  return [...shipped.filter((f) => f !== original), { file: original.file, text: JSON.stringify(spec) }];
}

async function warningsOf(name: string, change: Parameters<typeof withChange>[1]): Promise<string[]> {
  return (await checkRules(withChange(name, change))).warnings.map(formatProblem);
}

function rulesCheck(root: string, args: string[] = []) {
  const run = spawnSync(process.execPath, ['--import', 'tsx', join(root, 'cli', 'rules-check.ts'), ...args], { cwd: root, encoding: 'utf8', timeout: 60_000 });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

/** A copy of the product to break on purpose; the real one stays untouched. */
function productCopy(): string {
  const root = mkdtempSync(join(tmpdir(), 'second-shot-rules-'));
  for (const part of ['cli', 'shared', 'rules', 'package.json']) cpSync(join(ROOT, part), join(root, part), { recursive: true });
  symlinkSync(join(ROOT, 'node_modules'), join(root, 'node_modules'));
  return root;
}

/** Sets one value, by its path, in a JSON file of a product copy. */
function setJson(root: string, path: string, keys: readonly string[], value: unknown): void {
  const file = JSON.parse(readFileSync(join(root, path), 'utf8')) as Record<string, unknown>;
  let at: Record<string, unknown> = file;
  for (const key of keys.slice(0, -1)) at = at[key] as Record<string, unknown>;
  at[keys[keys.length - 1] ?? ''] = value;
  writeFileSync(join(root, path), JSON.stringify(file, null, 2));
}

describe('rules:check guards', () => {
  it('runs the JSON Schema too: what only the schema refuses fails the run, at the value, in offer and site files', () => {
    // The schema asks more than the checker knows (as after a schema change the checker missed).
    const root = productCopy();
    setJson(root, 'rules/schema/offer.schema.json', ['properties', 'title', 'maxLength'], 5);
    setJson(root, 'rules/schema/site.schema.json', ['properties', 'name', 'maxLength'], 3);
    const { code, stdout } = rulesCheck(root);
    expect(code).toBe(1);
    const title = readFileSync(join(root, 'rules/offers/ms-second-shot-2007.json'), 'utf8').split('\n').findIndex((l) => l.includes('"title"')) + 1;
    expect(stdout).toMatch(new RegExp(`^error {3}rules/offers/ms-second-shot-2007\\.json:${title}:\\d+ #/title: must NOT have more than 5 characters \\(rules/schema/offer\\.schema\\.json\\)$`, 'm'));
    expect(stdout).toMatch(/^error {3}rules\/sites\/prometric\.json:\d+:\d+ #\/name: must NOT have more than 3 characters \(rules\/schema\/site\.schema\.json\)$/m);
  });

  it('says a problem both the checker and the schema see once, in the checker\'s words', () => {
    const root = productCopy();
    setJson(root, 'rules/offers/ms-second-shot-2007.json', ['colour'], 'red');
    setJson(root, 'rules/offers/ms-second-shot-2007.json', ['parameters', 'retakeWaitDays'], 'one');
    const { code, stdout } = rulesCheck(root);
    expect(code).toBe(1);
    const errors = stdout.split('\n').filter((l) => l.startsWith('error'));
    expect(errors.filter((l) => l.includes('#/colour'))).toEqual([expect.stringMatching(/#\/colour: unknown field "colour"/)]);
    expect(errors.filter((l) => l.includes('(rules/schema/'))).toEqual([]);
  });

  it('fails on a broken site profile, naming it', () => {
    // A copy of the product whose site folder holds a broken profile; the real one stays untouched.
    const root = productCopy();
    const site = JSON.parse(readFileSync(join(ROOT, 'rules', 'sites', 'prometric.json'), 'utf8')) as Record<string, unknown>;
    writeFileSync(join(root, 'rules', 'sites', 'prometric.json'), JSON.stringify({ ...site, origins: 'not a list' }));
    const { code, stdout } = rulesCheck(root);
    expect(code).toBe(1);
    expect(stdout).toMatch(/^error {3}rules\/sites\/prometric\.json:\d+:\d+ #\/origins: /m);
    expect(stdout).toMatch(/: [1-9]\d* errors?, /);
  });

  it('exits 2 when a draft cannot be read', () => {
    const { code, stderr } = rulesCheck(ROOT, [join(tmpdir(), 'no-such-draft.json')]);
    expect(code).toBe(2);
    expect(stderr).toMatch(/^cannot read .*no-such-draft\.json/);
  });

  it('refuses an unknown field in an offer file', async () => {
    const check = await checkRules(withChange('ms-second-shot-2007.json', (o) => { o['colour'] = 'red'; }));
    expect(check.errors.map(formatProblem)).toEqual(['rules/offers/ms-second-shot-2007.json#/colour: unknown field "colour"']);
  });

  it('refuses an unknown test provider written in a rule itself, however deep, and takes a known one beside it', async () => {
    const check = await checkRules(withChange('ms-second-shot-2007.json', (o) => {
      (o['rules'] as unknown[]).unshift({
        conditions: { all: [{ not: { fact: 'provider', operator: 'in', value: ['Prometric', 'prometric'] } }] },
        event: { type: 'not-eligible', params: { reason: 'provider-not-covered' } },
      });
    }), { providers: ['prometric', 'pearson-vue'] });
    expect(check.errors.map(formatProblem)).toEqual([
      'rules/offers/ms-second-shot-2007.json#/rules/0/conditions/all/0/not/value/0: unknown test provider "Prometric" (did you mean `prometric`?)',
    ]);
  });

  it('takes a TODO in a note to the next editor; refuses a source at a documentation domain or below it, not at one merely ending alike', async () => {
    const check = await checkRules(withChange('ms-second-shot-2007.json', (o) => {
      o['$comment'] = 'TODO: read the 2008 terms when they are out';
      (o['sources'] as unknown[]).push({ url: 'https://docs.example.com/terms', read: '2007-09-01' }, { url: 'https://myexample.org/terms', read: '2007-09-01' });
    }));
    const sources = JSON.parse(shipped.find((f) => f.file.endsWith('/ms-second-shot-2007.json'))!.text) as { sources: unknown[] };
    expect(check.errors.map(formatProblem)).toEqual([
      `rules/offers/ms-second-shot-2007.json#/sources/${sources.sources.length}/url: "https://docs.example.com/terms" is a placeholder address, not the page the terms come from`,
    ]);
  });

  it('refuses an unknown test provider in a list two rules use once, where the list is written', async () => {
    const check = await checkRules(withChange('ms-second-shot-2007.json', (o) => {
      o.parameters['providers'] = ['Prometric'];
      (o['rules'] as unknown[]).unshift({
        conditions: { all: [{ fact: 'provider', operator: 'in', value: { param: 'providers' } }, { fact: 'voucherAttempts', operator: 'greaterThan', value: 9 }] },
        event: { type: 'not-eligible', params: { reason: 'provider-not-covered' } },
      });
    }), { providers: ['prometric', 'pearson-vue'] });
    expect(check.errors.map(formatProblem)).toEqual([
      'rules/offers/ms-second-shot-2007.json#/parameters/providers/0: unknown test provider "Prometric" (did you mean `prometric`?)',
    ]);
  });

  it('warns about each deadline before the offer opens, and not about one on the opening day', async () => {
    expect(await warningsOf('ms-second-shot-2007.json', (o) => { o.parameters['firstAttemptBy'] = '2007-09-14'; })).toContain(
      'rules/offers/ms-second-shot-2007.json#/parameters/firstAttemptBy: "firstAttemptBy" (2007-09-14) is before the offer opens (2007-09-15)',
    );
    const sameDay = await warningsOf('ms-second-shot-2007.json', (o) => { o.parameters['firstAttemptBy'] = '2007-09-15'; o.parameters['retakeBy'] = '2007-09-15'; });
    expect(sameDay.filter((w) => w.includes('before'))).toEqual([]);
  });

  it('warns when the retake deadline comes before the first-attempt deadline, and not when they are the same day', async () => {
    expect(await warningsOf('ms-second-shot-2007.json', (o) => { o.parameters['retakeBy'] = '2008-06-29'; })).toContain(
      'rules/offers/ms-second-shot-2007.json#/parameters/retakeBy: "retakeBy" (2008-06-29) is before "firstAttemptBy" (2008-06-30): a first exam booked late could never be retaken',
    );
    expect((await warningsOf('ms-second-shot-2007.json', () => undefined)).filter((w) => w.includes('before'))).toEqual([]);
  });

  it('warns when a policy ends before it starts, and not when it starts and ends the same day', async () => {
    const appliesTo = (o: Record<string, unknown>) => o['appliesTo'] as Record<string, unknown>;
    expect(await warningsOf('microsoft-retake-policy.json', (o) => { appliesTo(o)['until'] = '2019-12-31'; })).toContain(
      'rules/offers/microsoft-retake-policy.json#/appliesTo/until: "until" (2019-12-31) is before "from" (2020-01-01)',
    );
    expect((await warningsOf('microsoft-retake-policy.json', (o) => { appliesTo(o)['until'] = '2020-01-01'; })).filter((w) => w.includes('before'))).toEqual([]);
  });
});
