// The test setup itself: property tests replay the same cases, and waits are long enough for
// a loaded machine. Each check fails when its line of configuration is removed.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

describe('test setup', () => {
  it('runs property tests from one seed, so every run checks the same cases', () => {
    expect(fc.sample(fc.nat(), 20)).toEqual(fc.sample(fc.nat(), 20));
  });

  it('names the seed of a failing property, so the failure can be replayed', () => {
    const { seed } = fc.readConfigureGlobal();
    expect(seed).toEqual(expect.any(Number));
    const result = fc.check(fc.property(fc.nat(), (n) => n < 10));
    expect(fc.defaultReportMessage(result)).toContain(`seed: ${String(seed)}`);
  });

  it('lets expect.poll wait longer than the 1 s default', async () => {
    const start = Date.now();
    await expect.poll(() => Date.now() - start > 1500).toBe(true);
  });
});
