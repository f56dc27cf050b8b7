// Prints the closing "N passed, N failed" line from Vitest's JSON report. A second argument,
// the type check's exit status, counts as one more failure when it is not 0.
import { existsSync, readFileSync } from 'node:fs';

const file = process.argv[2];
const typecheckFailed = (process.argv[3] ?? '0') !== '0' ? 1 : 0;
if (!file || !existsSync(file)) {
  console.log(`0 passed, ${1 + typecheckFailed} failed`);
  process.exit(1);
}
const report = JSON.parse(readFileSync(file, 'utf8'));
// A file that failed to load counts as a failure even though none of its tests ran.
const brokenFiles = report.testResults.filter((r) => r.status === 'failed' && r.assertionResults.length === 0).length;
let failed = report.numFailedTests + brokenFiles;
// An error outside any test (a bad config, a crashed worker) fails the run even with no test failed.
if (!report.success && failed === 0) failed = 1;
failed += typecheckFailed;
console.log(`${report.numPassedTests} passed, ${failed} failed`);
