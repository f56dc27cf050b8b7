// The bench's verdicts: a time or a size is within its budget at or below it, a score (a
// floor) at or above it; every measurement named in bench/budgets.json says what it is.
import { describe, expect, it } from 'vitest';
import { readBudgets, withinBudget } from '../../bench/run.ts';

describe('bench budgets', () => {
  it('holds a time to at most its budget, and a score to at least its budget', () => {
    expect(withinBudget(100, { unit: 'ms', budget: 100 })).toBe(true);
    expect(withinBudget(100.1, { unit: 'ms', budget: 100 })).toBe(false);
    expect(withinBudget(0.95, { unit: 'score', budget: 0.95, floor: true })).toBe(true);
    expect(withinBudget(0.94, { unit: 'score', budget: 0.95, floor: true })).toBe(false);
    expect(withinBudget(1e9, { unit: 'ms', budget: null })).toBe(true);
  });

  it('has a unit and a budget (or null) for every measurement', () => {
    for (const [name, budget] of Object.entries(readBudgets())) {
      expect(budget.unit, name).toMatch(/\S/);
      expect(budget.budget === null || typeof budget.budget === 'number', name).toBe(true);
    }
    expect(readBudgets()['pwa.lighthouse-mobile-performance']).toMatchObject({ budget: 0.95, floor: true });
    // Mutation scores too: 90 % is within a budget of 85 %.
    expect(readBudgets()['mutation.core.score']).toMatchObject({ budget: 85, floor: true });
    expect(readBudgets()['mutation.extension-background.score']).toMatchObject({ budget: 80, floor: true });
  });
});
