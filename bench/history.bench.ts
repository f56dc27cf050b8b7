// Refusing a hostile history costs little: the largest file accepted (5 MB), every record in it
// invalid, each naming a missing voucher with a long misspelt id (a did-you-mean candidate).

import { readRuleFiles } from '../cli/rules-on-disk.ts';
import { loadRuleSet } from '../shared/engine/ruleset.ts';
import { HISTORY_FORMAT, HISTORY_LIMITS, HISTORY_VERSION } from '../shared/history/format.ts';
import { parseHistory } from '../shared/history/validate.ts';
import { limitProblems } from '../shared/problems.ts';
import { type Measurement, median } from './run.ts';

/** A history just under the size limit whose every attempt is invalid. */
function hostileHistory(): string {
  const vouchers = Array.from({ length: 1_000 }, (_, n) => ({ id: `voucher-${n}`, code: `SS07-ABCD-${String(n).padStart(4, '0')}`, offer: 'ms-second-shot-2007', obtainedOn: '2007-10-01' }));
  const attempt = { exam: '70-298', provider: 'Prometric Inc', bookedOn: '2007-10-05', takenOn: '2007-11-31', result: 'failed' };
  const attempts: object[] = [];
  let text = '';
  for (let n = 0; ; n++) {
    attempts.push({ ...attempt, id: `a${n}`, voucher: `vuocher-${n % 1_000}${'x'.repeat(40)}` });
    if (n % 1_000 === 999) {
      const next = JSON.stringify({ format: HISTORY_FORMAT, version: HISTORY_VERSION, vouchers, attempts });
      if (next.length > HISTORY_LIMITS.maxBytes) return text;
      text = next;
    }
  }
}

export async function measure(): Promise<Measurement[]> {
  const { ruleSet } = loadRuleSet(readRuleFiles());
  const text = hostileHistory();
  const samples: number[] = [];
  for (let run = 0; run < 5; run++) {
    const start = performance.now();
    const checked = parseHistory(text, ruleSet, 'hostile.json');
    if (checked.ok) throw new Error('the hostile history was accepted');
    limitProblems(checked.problems);
    samples.push(performance.now() - start);
  }
  return [{ name: 'core.refuse-5mb-invalid-history', value: median(samples) }];
}
