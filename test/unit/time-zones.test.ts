// The machine's time zone never changes an answer, and "today" is the device's own calendar day.
// Each zone runs in a child process started with TZ set: a process reads its zone once, and
// setting process.env.TZ inside a worker thread (as Stryker's vitest runner uses) changes nothing.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '../../cli/rules-on-disk.ts';
import { DEFAULT_SEED } from '../support/fast-check-seed.ts';

const moduleUrl = (path: string) => JSON.stringify(pathToFileURL(join(ROOT, path)).href);

/** What a device in `zone` answers to 100 generated booking questions, and the day it calls today at 2007-11-10 23:30 UTC. */
const CHILD = `
import fc from 'fast-check';
import { deviceToday } from ${moduleUrl('shared/dates.ts')};
import { checkBooking } from ${moduleUrl('shared/engine/evaluate.ts')};
import { shippedRuleSet } from ${moduleUrl('test/support/rules.ts')};
import { build, scenario } from ${moduleUrl('test/support/scenarios.ts')};
const answers = [];
for (const s of fc.sample(scenario, { seed: ${DEFAULT_SEED}, numRuns: 100 })) {
  const { history, on } = build(s);
  answers.push(await checkBooking(shippedRuleSet(), history, { exam: s.exam, provider: s.provider, on }));
}
process.stdout.write(JSON.stringify({
  zone: Intl.DateTimeFormat().resolvedOptions().timeZone,
  today: deviceToday(new Date('2007-11-10T23:30:00Z')),
  answers,
}));
`;

interface DeviceReport {
  zone: string;
  today: string;
  answers: unknown[];
}

function onDeviceIn(zone: string): DeviceReport {
  const run = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', CHILD], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, TZ: zone }, timeout: 60_000 });
  if (run.status !== 0) throw new Error(`the device in ${zone} failed: ${run.stderr || run.error?.message}`);
  return JSON.parse(run.stdout) as DeviceReport;
}

describe('time zones', () => {
  const ZONES = { UTC: '2007-11-10', 'America/Los_Angeles': '2007-11-10', 'Pacific/Kiritimati': '2007-11-11', 'Asia/Tokyo': '2007-11-11' } as const;
  let reports: { zone: string; report: DeviceReport }[] = [];
  beforeAll(() => {
    reports = Object.keys(ZONES).map((zone) => ({ zone, report: onDeviceIn(zone) }));
  }, 240_000);

  it("takes the device's today in the device's own time zone, whatever it is", () => {
    for (const { zone, report } of reports) {
      // The child really ran in that zone, or the comparisons below would prove nothing.
      expect(report.zone).toBe(zone);
      expect(report.today, zone).toBe(ZONES[zone as keyof typeof ZONES]);
    }
  });

  it("gives the same answers whatever the machine's time zone", () => {
    const [first, ...others] = reports;
    expect(others).toHaveLength(3);
    for (const { zone, report } of others) expect(report.answers, zone).toEqual(first?.report.answers);
    // The questions must reach several decisions, or equal answers would prove little.
    const decisions = new Set(JSON.stringify(first?.report.answers).match(/"decision":"[a-z-]+"/g));
    expect(decisions.size).toBeGreaterThanOrEqual(3);
  });
});
