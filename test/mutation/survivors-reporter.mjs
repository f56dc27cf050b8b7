// A Stryker reporter (stryker.config.mjs: plugins, reporters): each mutant no test detected is
// appended to reports/mutation/survivors.txt the moment it is known, as `file:line:column
// mutator: replacement`. A run of the core takes hours; this way killing survivors can start
// while it goes on, instead of after the JSON report is written at its end.
import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, relative } from 'node:path';
import { declareClassPlugin, PluginKind } from '@stryker-mutator/api/plugin';

export const SURVIVORS_FILE = 'reports/mutation/survivors.txt';
const UNDETECTED = new Set(['Survived', 'NoCoverage']);

/** Whether no test detected the mutant (one that ran and survived, or that no test reached). */
export const undetected = (result) => UNDETECTED.has(result.status);

/** One line per mutant: where, which mutator, and what the code became (on one line, cut short). */
export function survivorLine(result, root = process.cwd()) {
  const { line, column } = result.location.start;
  const replacement = (result.replacement ?? '').replace(/\s+/g, ' ').slice(0, 120);
  return `${relative(root, result.fileName)}:${line}:${column + 1} ${result.status} ${result.mutatorName}: ${replacement}\n`;
}

class SurvivorsReporter {
  static inject = [];

  constructor() {
    mkdirSync(dirname(SURVIVORS_FILE), { recursive: true });
    writeFileSync(SURVIVORS_FILE, '');
  }

  onMutantTested(result) {
    if (undetected(result)) appendFileSync(SURVIVORS_FILE, survivorLine(result));
  }
}

export const strykerPlugins = [declareClassPlugin(PluginKind.Reporter, 'survivors', SurvivorsReporter)];
