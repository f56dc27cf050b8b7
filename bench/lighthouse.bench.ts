// pwa.lighthouse-mobile-performance: Lighthouse 12.2.3's performance score (mobile, its
// default simulated slow 4G and 4× CPU slowdown) for the app as `npm start` serves it: the
// production build over cli/serve.ts (precompressed files, long-lived caching for hashed
// ones), in a fresh Chromium profile each run. Median of three runs. With
// LIGHTHOUSE_REPORTS=<folder>, each run's full report is written there as JSON (its audits
// long-tasks, bootup-time, mainthread-work-breakdown, network-requests say where time goes).

import { launch } from 'chrome-launcher';
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import lighthouse from 'lighthouse';
import { ROOT } from '../cli/rules-on-disk.ts';
import { serveStatic } from '../cli/serve.ts';
import { CHROMIUM, CHROMIUM_ARGS } from '../test/e2e/support/chromium.ts';
import { type Measurement, median } from './run.ts';

const RUNS = 3;
const REPORTS = process.env['LIGHTHOUSE_REPORTS'];
let reported = 0;

async function performanceScore(url: string): Promise<number> {
  const chrome = await launch({ chromePath: CHROMIUM, chromeFlags: ['--headless=new', ...CHROMIUM_ARGS] });
  try {
    const result = await lighthouse(url, { port: chrome.port, onlyCategories: ['performance'], logLevel: 'error', output: 'json' });
    const score = result?.lhr.categories['performance']?.score;
    if (!result || typeof score !== 'number') throw new Error(`Lighthouse gave no performance score for ${url}: ${result?.lhr.runtimeError?.message ?? 'no result'}`);
    const audits = result.lhr.audits;
    if (REPORTS) {
      mkdirSync(REPORTS, { recursive: true });
      writeFileSync(join(REPORTS, `lighthouse-${++reported}.json`), JSON.stringify(result.lhr, null, 2));
    }
    process.stdout.write(`  (run: score ${score}, FCP ${audits['first-contentful-paint']?.displayValue}, LCP ${audits['largest-contentful-paint']?.displayValue}, TBT ${audits['total-blocking-time']?.displayValue})\n`);
    return score;
  } finally {
    chrome.kill();
  }
}

export async function measure(): Promise<Measurement[]> {
  execFileSync('npm', ['run', '--silent', 'build:pwa'], { cwd: ROOT, stdio: 'ignore' });
  const server = await serveStatic(join(ROOT, 'dist', 'pwa'), 0);
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  try {
    const scores: number[] = [];
    for (let run = 0; run < RUNS; run++) scores.push(await performanceScore(`http://localhost:${port}/`));
    return [{ name: 'pwa.lighthouse-mobile-performance', value: median(scores) }];
  } finally {
    server.close();
  }
}
