// The check command as a user runs it: a real process, its stdout, stderr and exit code.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../../cli/rules-on-disk.ts';

function check(args: string[], env: Record<string, string> = {}) {
  const run = spawnSync(process.execPath, ['--import', 'tsx', 'cli/check.ts', ...args], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, ...env } });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

const EXAMPLE = 'examples/history.json';

function expectOneParagraph(stderr: string): void {
  expect(stderr.trim().split('\n')).toHaveLength(1);
  expect(stderr).not.toMatch(/\n\s+at /);
}

describe('npm run check', () => {
  it('gives each voucher\'s status and next step', () => {
    const { code, stdout } = check(['--history', EXAMPLE, '--on', '2007-11-10']);
    expect(code).toBe(0);
    const { results } = JSON.parse(stdout);
    expect(results.map((r: { voucher: string; status: string }) => [r.voucher, r.status])).toEqual([
      ['SS07-ABCD-1234', 'retake-waiting'],
      ['SS07-WXYZ-9876', 'unused'],
    ]);
    expect(results[0].nextStep).toBe('Book your free retake of 70-298 from 11 Nov 2007, by 30 Jun 2008.');
    expect(results[0]).toMatchObject({ opensOn: '2007-11-11', deadline: '2008-06-30', dates: { lastFailureOn: '2007-11-10' } });
  });

  it('answers what booking an exam on a date gives with each voucher', () => {
    const { code, stdout } = check(['--history', EXAMPLE, '--exam', '070-298', '--provider', 'prometric', '--on', '2007-11-10']);
    expect(code).toBe(0);
    const { results } = JSON.parse(stdout);
    expect(results[0]).toMatchObject({ voucher: 'SS07-ABCD-1234', offer: 'ms-second-shot-2007', decision: 'wait', opensOn: '2007-11-11', deadline: '2008-06-30' });
    expect(results[0].reasons).toEqual([
      { code: 'retake-too-early', message: 'Your free retake opens on 11 Nov 2007, the day after the failed exam on 10 Nov 2007.', source: 'ms-second-shot-2007' },
    ]);
    expect(results[1]).toMatchObject({ voucher: 'SS07-WXYZ-9876', decision: 'first-attempt' });
  });

  it('says which voucher would be wasted on the wrong exam', () => {
    const { stdout } = check(['--history', EXAMPLE, '--exam', '70-299', '--provider', 'prometric', '--on', '2007-11-20']);
    const [first] = JSON.parse(stdout).results;
    expect(first.decision).toBe('not-eligible');
    expect(first.reasons[0].message).toBe('This voucher is for 70-298, not 70-299: the free retake is for the same exam only.');
  });

  it('refuses a bad date with one paragraph and exit 2', () => {
    const { code, stdout, stderr } = check(['--history', EXAMPLE, '--on', '2007-13-45']);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toMatch(/^--on "2007-13-45" has no month 13\. Usage: /);
    expectOneParagraph(stderr);
  });

  it('refuses a broken history naming the file and JSON pointer', () => {
    const dir = mkdtempSync(join(tmpdir(), 'second-shot-'));
    const file = join(dir, 'history.json');
    writeFileSync(file, JSON.stringify({ format: 'second-shot/history', version: 1, vouchers: [], attempts: [{ id: 'a1', voucher: 'v1', exam: '70-298', provider: 'prometric', bookedOn: '2007-10-05', takenOn: '2007-11-10', result: 'fail' }] }));
    const { code, stderr } = check(['--history', file, '--on', '2007-11-10']);
    expect(code).toBe(2);
    expect(stderr).toBe(`The history file is not valid: ${file}#/attempts/0/voucher: no voucher has the id "v1".\n`);
  });

  it('refuses a missing file, a half-given question and unknown options', () => {
    expect(check(['--history', 'nope.json', '--on', '2007-11-10']).stderr).toBe('cannot read the history file nope.json: no such file.\n');
    const half = check(['--history', EXAMPLE, '--exam', '70-298', '--on', '2007-11-10']);
    expect(half.code).toBe(2);
    expect(half.stderr).toMatch(/^give both --exam and --provider/);
    const unknown = check(['--history', EXAMPLE, '--on', '2007-11-10', '--voucher', 'v1']);
    expect(unknown.code).toBe(2);
    expectOneParagraph(unknown.stderr);
  });

  it('takes the date of the exam being booked: a 2006 retake must be taken by 31 Jul 2006', () => {
    const dir = mkdtempSync(join(tmpdir(), 'second-shot-'));
    const file = join(dir, 'history.json');
    writeFileSync(file, JSON.stringify({
      format: 'second-shot/history', version: 1,
      vouchers: [{ id: 'v1', code: 'SS06-ABCD-1234', offer: 'ms-second-shot-2006', obtainedOn: '2006-02-20' }],
      attempts: [{ id: 'a1', voucher: 'v1', exam: '70-431', provider: 'prometric', bookedOn: '2006-03-01', takenOn: '2006-06-20', result: 'fail' }],
    }));
    const ask = (examOn: string) => JSON.parse(check(['--history', file, '--exam', '70-431', '--provider', 'Prometric', '--on', '2006-07-20', '--exam-on', examOn]).stdout).results[0];
    expect(ask('2006-07-31')).toMatchObject({ decision: 'free-retake' });
    const late = ask('2006-08-03');
    expect(late.decision).toBe('not-eligible');
    expect(late.reasons.map((r: { message: string }) => r.message)).toEqual(['The free retake must be taken by 31 Jul 2006; an exam on 3 Aug 2006 is not covered. Choose an earlier date.']);
    const bad = check(['--history', file, '--exam', '70-431', '--provider', 'prometric', '--on', '2006-07-20', '--exam-on', '2006-08-32']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^--exam-on \(the date the exam is taken\) "2006-08-32" is not a day of 2006-08\. Usage: /);
    expectOneParagraph(bad.stderr);
  });

  it('prints the same answers under every TZ', () => {
    const outputs = ['UTC', 'America/Los_Angeles', 'Pacific/Kiritimati'].map(
      (TZ) => check(['--history', EXAMPLE, '--exam', '70-298', '--provider', 'prometric', '--on', '2007-11-11'], { TZ }).stdout,
    );
    expect(JSON.parse(outputs[0]!).results[0].decision).toBe('free-retake');
    expect(new Set(outputs).size).toBe(1);
  });
});
