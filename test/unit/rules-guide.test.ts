// The program managers' guide must name every fact and operator the engine accepts.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { ROOT } from '../../cli/rules-on-disk.ts';
import { FACT_NAMES, OPERATOR_NAMES } from '../../shared/engine/catalogue.ts';

it('rules/README.md documents the whole catalogue', () => {
  const guide = readFileSync(join(ROOT, 'rules/README.md'), 'utf8');
  const missing = [...FACT_NAMES, ...OPERATOR_NAMES].filter((name) => !guide.includes(`\`${name}\``));
  expect(missing).toEqual([]);
});
