// Reads the shipped rule files from rules/offers/ for the command-line tools.

import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SourceFile } from '../shared/engine/ruleset.ts';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

export function readRuleFiles(folder = join(ROOT, 'rules', 'offers')): SourceFile[] {
  return readdirSync(folder)
    .filter((name) => name.endsWith('.json'))
    .sort()
    .map((name) => {
      const path = join(folder, name);
      return { file: relative(ROOT, path), text: readFileSync(path, 'utf8') };
    });
}
