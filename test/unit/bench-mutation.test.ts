// npm run test:mutation: its arguments, and the score it records (Stryker's: detected among counted).
import { describe, expect, it } from 'vitest';
import { mutationArgs, mutationScore } from '../../bench/mutation.ts';

describe('npm run test:mutation', () => {
  it('mutates the files named (all when none), against the test files after --tests', () => {
    expect(mutationArgs([])).toEqual({ files: [], tests: undefined });
    expect(mutationArgs(['shared/dates.ts', 'shared/exam.ts'])).toEqual({ files: ['shared/dates.ts', 'shared/exam.ts'], tests: undefined });
    expect(mutationArgs(['shared/dates.ts', '--tests', 'test/unit/dates.test.ts,test/unit/exam.test.ts'])).toEqual({ files: ['shared/dates.ts'], tests: 'test/unit/dates.test.ts,test/unit/exam.test.ts' });
  });

  it('refuses --tests without its value, rather than run every test', () => {
    const message = '--tests takes one value, the test files to run separated by commas, after the files to mutate';
    expect(() => mutationArgs(['shared/dates.ts', '--tests'])).toThrow(message);
    expect(() => mutationArgs(['--tests', ''])).toThrow(message);
    expect(() => mutationArgs(['--tests', '--other'])).toThrow(message);
    expect(() => mutationArgs(['--tests', 'a.test.ts', 'shared/dates.ts'])).toThrow(message);
  });

  it('scores detected mutants (killed or timed out) among those that ran or no test reached; not run ones do not count', () => {
    const of = (...statuses: string[]) => statuses.map((status) => ({ status })) as Parameters<typeof mutationScore>[0];
    expect(mutationScore(of('Killed', 'Timeout', 'Survived', 'NoCoverage'))).toBe(50);
    expect(mutationScore(of('Killed', 'Ignored', 'CompileError', 'RuntimeError'))).toBe(100);
    expect(mutationScore(of('Ignored'))).toBeNull();
  });
});
