// Checking a chosen history file before anything changes. The size is checked before reading;
// a large file is then parsed and validated in a worker, so the page stays responsive and shows
// how far the check is; a small one is checked at once.
import { type History, HISTORY_LIMITS } from '../shared/history/format.ts';
import { formatBytes } from '../shared/json.ts';
import type { Checked } from '../shared/problems.ts';
import { checkHistoryBytes, type ImportJob, type ImportMessage } from './import-check.ts';
import type { Rules } from './rules/source.ts';

/** Files from this size on are checked in a worker: below it, starting one costs more than it saves. */
export const CHECK_IN_WORKER_FROM = 256 * 1024;

export async function checkImport(file: File, rules: Rules, onProgress: (done: number, total: number) => void): Promise<Checked<History>> {
  if (file.size > HISTORY_LIMITS.maxBytes) {
    return { ok: false, problems: [{ file: file.name, pointer: '', message: `is ${formatBytes(file.size)}; the limit is ${formatBytes(HISTORY_LIMITS.maxBytes)}` }] };
  }
  const bytes = new Uint8Array(await file.arrayBuffer());
  if (bytes.length < CHECK_IN_WORKER_FROM) return checkHistoryBytes(bytes, file.name, rules.ruleSet);
  const worker = new Worker(new URL('./import-worker.ts', import.meta.url), { type: 'module' });
  try {
    return await new Promise<Checked<History>>((resolve, reject) => {
      worker.addEventListener('message', (event: MessageEvent<ImportMessage>) => {
        if (event.data.type === 'progress') onProgress(event.data.done, event.data.total);
        else resolve(event.data.checked);
      });
      // A crashed or killed check (an exception, no memory left, an unreadable reply) rejects:
      // the page says the check stopped instead of waiting for an answer that never comes.
      const stopped = (): void => reject(new Error('the check stopped before it finished'));
      worker.addEventListener('error', stopped);
      worker.addEventListener('messageerror', stopped);
      const job: ImportJob = { name: file.name, bytes, rules: rules.files };
      worker.postMessage(job, [bytes.buffer]);
    });
  } finally {
    worker.terminate();
  }
}
