// npm run test:mutation: its arguments, and the score it records (Stryker's: detected among counted).
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ROOT } from '../../cli/rules-on-disk.ts';
import { mutationArgs, mutationScore, PARTS, testFilesLeftOut } from '../../bench/mutation.ts';

describe('npm run test:mutation', () => {
  it('mutates every part with no argument, one part with --part, the files named otherwise (against the test files after --tests)', () => {
    expect(mutationArgs([])).toEqual({ files: [...PARTS.core.mutate, ...PARTS['extension-background'].mutate], tests: undefined, parts: ['core', 'extension-background'] });
    expect(mutationArgs(['--part', 'extension-background'])).toEqual({ files: ['extension/background/**/*.ts'], tests: 'test/unit/extension/**/*.test.ts', parts: ['extension-background'] });
    expect(mutationArgs(['--part', 'core'])).toEqual({ files: [...PARTS.core.mutate], tests: undefined, parts: ['core'] });
    expect(mutationArgs(['shared/dates.ts', 'shared/exam.ts'])).toEqual({ files: ['shared/dates.ts', 'shared/exam.ts'], tests: undefined, parts: [] });
    expect(mutationArgs(['shared/dates.ts', '--tests', 'test/unit/dates.test.ts,test/unit/exam.test.ts'])).toEqual({ files: ['shared/dates.ts'], tests: 'test/unit/dates.test.ts,test/unit/exam.test.ts', parts: [] });
  });

  it('each part\'s files are its own: its score counts them all and nothing else', () => {
    for (const [name, part] of Object.entries(PARTS)) {
      for (const glob of part.mutate) expect(part.holds(glob), `${name}: ${glob}`).toBe(true);
      for (const other of Object.values(PARTS).filter((p) => p !== part)) for (const glob of other.mutate) expect(part.holds(glob), `${name}: ${glob}`).toBe(false);
    }
  });

  it('refuses an unknown part, or a part with more', () => {
    const message = '--part takes one of core, extension-background, and nothing else';
    expect(() => mutationArgs(['--part'])).toThrow(message);
    expect(() => mutationArgs(['--part', 'pwa'])).toThrow(message);
    expect(() => mutationArgs(['--part', 'toString'])).toThrow(message);
    expect(() => mutationArgs(['--part', 'core', 'shared/dates.ts'])).toThrow(message);
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

  it('names the test files that did not load in Stryker\'s sandbox (it says nothing of them itself)', () => {
    const listed = ['test/unit/dates.test.ts', 'test/unit/extension/badge.test.ts'].map((file) => ({ file: join(ROOT, file) }));
    expect(testFilesLeftOut(listed, { testFiles: { 'test/unit/dates.test.ts': {}, 'test/unit/extension/badge.test.ts': {} } })).toEqual([]);
    expect(testFilesLeftOut(listed, { testFiles: { 'test/unit/dates.test.ts': {} } })).toEqual(['test/unit/extension/badge.test.ts']);
    expect(testFilesLeftOut(listed, {})).toEqual(['test/unit/dates.test.ts', 'test/unit/extension/badge.test.ts']);
    expect(() => testFilesLeftOut([], { testFiles: {} })).toThrow('vitest did not list the test files of test/mutation/vitest.config.ts');
    expect(() => testFilesLeftOut([{ name: 'x' }], { testFiles: {} })).toThrow('vitest did not list');
  });
});

describe('the survivors reporter (test/mutation/survivors-reporter.mjs)', () => {
  interface Result { status: string; fileName: string; mutatorName: string; replacement?: string; location: { start: { line: number; column: number } } }
  interface Reporter { undetected(result: Result): boolean; survivorLine(result: Result, root: string): string }
  const load = async (): Promise<Reporter> => (await import(pathToFileURL(join(ROOT, 'test/mutation/survivors-reporter.mjs')).href)) as Reporter;
  const result = (status: string): Result => ({
    status, fileName: join(ROOT, 'shared/dates.ts'), mutatorName: 'ConditionalExpression', replacement: 'if (true) {\n    return  x;\n}', location: { start: { line: 12, column: 4 } },
  });

  it('writes down the mutants no test detected, and only those', async () => {
    const { undetected } = await load();
    expect(['Survived', 'NoCoverage', 'Killed', 'Timeout', 'Ignored', 'CompileError', 'RuntimeError'].filter((status) => undetected(result(status)))).toEqual(['Survived', 'NoCoverage']);
  });

  it('one line each: the file from the project root, 1-based line and column, the mutator, the code on one line', async () => {
    const { survivorLine } = await load();
    expect(survivorLine(result('Survived'), ROOT)).toBe('shared/dates.ts:12:5 Survived ConditionalExpression: if (true) { return x; }\n');
  });
});
