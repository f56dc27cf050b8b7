// npm run impact as a program manager runs it: a draft offer file against newline-delimited
// histories, through a real process with its worker pool.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../../cli/rules-on-disk.ts';
import { addDays } from '../../shared/dates.ts';
import type { History } from '../../shared/history/format.ts';
import { history } from '../support/rules.ts';

const folder = mkdtempSync(join(tmpdir(), 'impact-'));
const shipped = readFileSync(join(ROOT, 'rules', 'offers', 'ms-second-shot-2007.json'), 'utf8');
const draft = join(folder, 'ms-second-shot-2007.json');
// The draft ends the offer three months early.
writeFileSync(draft, shipped.replace('"retakeBy": "2008-06-30"', '"retakeBy": "2008-03-31"'));

/**
 * A candidate who failed 70-298 on `failedOn` and booked the retake the next day: each booking
 * is asked again on its own day, knowing the attempts before it (the retake: the failure).
 */
function failedThenRetake(n: number, failedOn: string): History {
  return history({
    vouchers: [{ id: 'v1', code: `SS07-TEST-${String(n).padStart(4, '0')}`, offer: 'ms-second-shot-2007', obtainedOn: '2007-10-01' }],
    attempts: [
      { id: 'a1', voucher: 'v1', exam: '70-298', provider: 'prometric', bookedOn: failedOn, takenOn: failedOn, result: 'fail' },
      { id: 'a2', voucher: 'v1', exam: '70-298', provider: 'prometric', bookedOn: addDays(failedOn, 1), takenOn: addDays(failedOn, 10), result: 'scheduled' },
    ],
  });
}

function impact(args: string[]) {
  const run = spawnSync(process.execPath, ['--import', 'tsx', 'cli/impact.ts', ...args], { cwd: ROOT, encoding: 'utf8' });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

// Each run starts a process and its workers: seconds each on a loaded two-core machine.
describe('npm run impact', { timeout: 180_000 }, () => {
  it('streams every line through the workers and prints what the draft changes, with the lines to look at', () => {
    // 1,200 lines: several batches per worker; one in ten after the draft's new end; one broken line.
    const lines = Array.from({ length: 1200 }, (_, i) => JSON.stringify(failedThenRetake(i, i % 10 === 0 ? '2008-05-02' : '2007-11-10')));
    lines.splice(700, 0, '{"format": "second-shot/history",');
    const file = join(folder, 'histories.ndjson');
    writeFileSync(file, `${lines.join('\n')}\n`);
    const { code, stdout, stderr } = impact(['--draft', draft, '--histories', file, '--workers', '2']);
    expect(code).toBe(0);
    expect(stdout.split('\n')).toEqual([
      '1,200 histories, 2,400 bookings with ms-second-shot-2007.',
      '1,320 of 2,400 histories change: 1,080 from covered as the retake to covered as the retake with an earlier deadline, 120 from covered as the first exam to not covered (offer ended), 120 from covered as the retake to not covered (offer ended).',
      '  1,080 from covered as the retake to covered as the retake with an earlier deadline: lines 2, 3, 4, 5, 6',
      '  120 from covered as the first exam to not covered (offer ended): lines 1, 11, 21, 31, 41',
      '  120 from covered as the retake to not covered (offer ended): lines 1, 11, 21, 31, 41',
      '1 line was not a valid history and skipped; first: line 701:1:34: is not valid JSON: expected a field name in double quotes: the text ends too early',
      '',
    ]);
    // Progress as the answers come back, ending at the whole file.
    expect(stderr.trim().split('\n').at(-1)).toBe('100% (1,200 histories)');
  });

  it('gives the same answer with one worker as with several', () => {
    const file = join(folder, 'few.ndjson');
    writeFileSync(file, [failedThenRetake(1, '2008-05-02'), failedThenRetake(2, '2007-11-10')].map((h) => JSON.stringify(h)).join('\n'));
    const one = impact(['--draft', draft, '--histories', file, '--workers', '1']);
    const three = impact(['--draft', draft, '--histories', file, '--workers', '3']);
    expect(one.code).toBe(0);
    expect(one.stdout).toBe(three.stdout);
    expect(one.stdout).toContain('3 of 4 histories change');
  });

  it('refuses a broken draft with its line and column, and bad arguments, in one paragraph with exit 2', () => {
    const broken = join(folder, 'broken', 'ms-second-shot-2007.json');
    spawnSync('mkdir', ['-p', join(folder, 'broken')]);
    writeFileSync(broken, shipped.replace('"retakeBy": "2008-06-30",', '"retakeBy": "2008-06-30",,'));
    const file = join(folder, 'one.ndjson');
    writeFileSync(file, JSON.stringify(failedThenRetake(1, '2007-11-10')));
    const refused = impact(['--draft', broken, '--histories', file]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/^The draft is refused:\n.*ms-second-shot-2007\.json:24:30: is not valid JSON: expected a field name in double quotes\n$/);
    for (const args of [['--histories', file], ['--draft', draft], ['--draft', draft, '--histories', join(folder, 'missing.ndjson')], ['--draft', draft, '--histories', folder], ['--draft', draft, '--histories', file, '--workers', '0']]) {
      const run = impact(args);
      expect(run.code, args.join(' ')).toBe(2);
      expect(run.stderr.trim().split('\n'), args.join(' ')).toHaveLength(1);
      expect(run.stderr).not.toMatch(/\n\s+at /);
    }
  });
});
