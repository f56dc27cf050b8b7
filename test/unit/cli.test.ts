// The check command as a user runs it: a real process, its stdout, stderr and exit code.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../../cli/rules-on-disk.ts';

function check(args: string[], env: Record<string, string> = {}) {
  // A hang is a failure too: the run is killed after 25 s and has no exit status.
  const run = spawnSync(process.execPath, ['--import', 'tsx', 'cli/ask.ts', ...args], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, ...env }, timeout: 25_000, maxBuffer: 64 * 1024 * 1024 });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

function tempFile(name: string, content: string | Uint8Array): string {
  const file = join(mkdtempSync(join(tmpdir(), 'second-shot-')), name);
  writeFileSync(file, content);
  return file;
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
    expect(check(['--history', 'nope.json', '--on', '2007-11-10']).stderr).toBe('The history file "nope.json" does not exist.\n');
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

describe('npm run check with hostile input', () => {
  const example = readFileSync(join(ROOT, EXAMPLE));
  const refused = (history: string, on = '2007-11-10') => check(['--history', history, '--on', on]);
  const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;

  it('refuses a named pipe at once instead of waiting for a writer', () => {
    const fifo = join(mkdtempSync(join(tmpdir(), 'second-shot-')), 'history.json');
    expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
    expect(refused(fifo)).toEqual({ code: 2, stdout: '', stderr: `The history file "${fifo}" is a named pipe, not a regular file.\n` });
  });

  it('refuses a device instead of reading it without end', () => {
    expect(refused('/dev/zero')).toEqual({ code: 2, stdout: '', stderr: 'The history file "/dev/zero" is a device, not a regular file.\n' });
  });

  it('refuses a folder', () => {
    const dir = mkdtempSync(join(tmpdir(), 'second-shot-'));
    expect(refused(dir).stderr).toBe(`The history file "${dir}" is a folder, not a regular file.\n`);
  });

  it('refuses a file over the limit by its size, without reading it', () => {
    const file = tempFile('big.json', '');
    truncateSync(file, 20 * 1024 * 1024);
    expect(refused(file)).toEqual({ code: 2, stdout: '', stderr: `The history file "${file}" is 20 MB; the limit is 5 MB.\n` });
  });

  it('reads a UTF-8 file with a byte order mark like one without', () => {
    const withBom = tempFile('bom.json', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), example]));
    const plain = check(['--history', EXAMPLE, '--on', '2007-11-10']);
    expect(check(['--history', withBom, '--on', '2007-11-10'])).toEqual(plain);
  });

  it('names UTF-16 and binary files instead of printing their bytes', () => {
    const utf16 = tempFile('utf16.json', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(example.toString('utf8'), 'utf16le')]));
    const binary = tempFile('binary.json', Buffer.from([0x7b, 0x1b, 0x5b, 0x32, 0x4a, 0x0d, 0xff, 0xfe, 0x00, 0x9b, 0x7d]));
    const latin1 = tempFile('latin1.json', Buffer.from('{"format": "caf\u00e9"}', 'latin1'));
    for (const [file, what] of [[utf16, /is UTF-16 text; save it as UTF-8/], [binary, /is a binary file, not JSON text/], [latin1, /is not UTF-8 text/]] as const) {
      const { code, stderr } = refused(file);
      expect(code).toBe(2);
      expect(stderr).toMatch(what);
      expect(stderr).not.toMatch(CONTROL);
    }
  });

  it('points at an unexpected character by line and column', () => {
    const file = tempFile('typo.json', '{\n  "format": second-shot\n}');
    expect(refused(file).stderr).toBe(`The history file is not valid: ${file}:2:13: is not valid JSON: unexpected character, found "second-shot".\n`);
  });

  it('never sends a value\'s control characters to the terminal', () => {
    const history = JSON.parse(example.toString('utf8'));
    history.attempts[0].provider = '\u001b]0;pwned\u0007\u001b[2J\r';
    history.attempts[0].result = `\u001b[31m${'fial'.repeat(500_000)}`;
    const { code, stderr } = refused(tempFile('escapes.json', JSON.stringify(history)));
    expect(code).toBe(2);
    expect(stderr).not.toMatch(CONTROL);
    expect(stderr).toContain('"\\u001b]0;pwned\\u0007\\u001b[2J\\r" is not a provider id');
    expect(stderr.length).toBeLessThan(1000);
  });

  it('lists the first 20 of 20,000 problems, says how many more, and writes it all out before ending', () => {
    const history = JSON.parse(example.toString('utf8'));
    const attempt = history.attempts[0];
    history.attempts = Array.from({ length: 20_000 }, (_, n) => ({ ...attempt, id: `a${n}`, voucher: `gone${n}` }));
    const { code, stderr } = refused(tempFile('many.json', JSON.stringify(history)));
    expect(code).toBe(2);
    expect(stderr.split('; ')).toHaveLength(21);
    expect(stderr).toMatch(/; \S+many\.json#\/: and 19,980 more problems\.\n$/);
  });

  it('refuses dates past 2999, so no answer needs a five-digit year', () => {
    const { code, stderr } = refused(EXAMPLE, '9999-12-31');
    expect(code).toBe(2);
    expect(stderr).toMatch(/^--on "9999-12-31" is outside the years 1900 to 2999\. Usage: /);
  });
});
