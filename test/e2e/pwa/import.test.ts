// Importing a large history file in Chromium: it is checked in a worker, off the page's main
// thread, with progress on screen, and a large broken file is refused in plain words.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { type Attempt, type History, serializeHistory } from '../../../shared/history/format.ts';
import { CHECK_IN_WORKER_FROM } from '../../../pwa/import-file.ts';
import { FAILED_298_FILE, importHistoryFile, useAppSession } from './support.ts';

const session = useAppSession();

declare global {
  interface Window {
    /** Every text the import's status line showed, as a MutationObserver saw it. */
    importStatus?: string[];
  }
}

/** Opens the backup screen and waits until a file can be chosen (the rules are loaded). */
async function openBackup(): Promise<void> {
  await session.page.goto(`${session.base}/backup`);
  await session.page.locator('#import-file:enabled').waitFor();
}

function largeHistory(count: number, change: (attempt: Attempt, n: number) => Attempt = (a) => a): History {
  const attempt: Attempt = { id: 'a', voucher: 'v1', exam: '70-298', provider: 'prometric', bookedOn: '2007-10-05', takenOn: '2007-11-10', result: 'fail', notes: 'x'.repeat(200) };
  return {
    format: 'second-shot/history',
    version: 1,
    vouchers: [{ id: 'v1', code: 'SS07-ABCD-1234', offer: 'ms-second-shot-2007', obtainedOn: '2007-10-01' }],
    attempts: Array.from({ length: count }, (_, n) => change({ ...attempt, id: `a${n}` }, n)),
  };
}

describe('importing a large history file', () => {
  it('checks it in a worker with progress, then offers the import', async () => {
    const { page } = session;
    await openBackup();
    const workers: string[] = [];
    page.on('worker', (worker) => workers.push(worker.url()));
    // The status line may come and go between two looks at the page: record every change.
    await page.evaluate(() => {
      window.importStatus = [];
      new MutationObserver(() => {
        const status = document.querySelector('#import-title ~ p[role="status"]')?.textContent;
        if (status) window.importStatus?.push(status);
      }).observe(document.body, { subtree: true, childList: true, characterData: true });
    });
    const text = serializeHistory(largeHistory(1_000));
    expect(text.length).toBeGreaterThan(CHECK_IN_WORKER_FROM);
    await page.getByLabel('History file').setInputFiles({ name: 'big.json', mimeType: 'application/json', buffer: Buffer.from(text) });
    await page.getByText('Import big.json: 1 voucher, 1000 attempts').waitFor();
    expect(workers.some((url) => url.includes('import-worker'))).toBe(true);
    expect((await page.evaluate(() => window.importStatus ?? [])).some((status) => status.startsWith('Checking the file'))).toBe(true);
    expect(await page.getByText(/^Checking the file/).count()).toBe(0);
  });

  it('refuses a large broken file in plain words, the exact places under Details', async () => {
    const { page } = session;
    await openBackup();
    const broken = largeHistory(1_000, (a, n) => (n % 2 === 0 ? { ...a, takenOn: '2007-11-31' } : a));
    await page.getByLabel('History file').setInputFiles({ name: 'broken.json', mimeType: 'application/json', buffer: Buffer.from(serializeHistory(broken)) });
    const alert = page.getByRole('alert');
    await alert.getByText('Attempt 1: "takenOn" "2007-11-31" is not a day of 2007-11').waitFor();
    await alert.getByText('…and 495 more problems.').waitFor();
    expect(await alert.getByText('broken.json#/attempts/0/takenOn', { exact: false }).isVisible()).toBe(false);
    await alert.getByText('Details').click();
    await alert.getByText('broken.json#/attempts/0/takenOn: "takenOn" "2007-11-31" is not a day of 2007-11').waitFor();
    await alert.getByText('broken.json#/: and 450 more problems').waitFor();
  });

  it('says the check stopped, and changes nothing, when the worker checking the file crashes', async () => {
    const { page } = session;
    // The worker's script, as served (and precached), fails the way a crashed check does.
    const assets = join(session.folder, 'assets');
    const script = join(assets, readdirSync(assets).find((name) => name.startsWith('import-worker') && name.endsWith('.js')) ?? 'import-worker.js');
    const shipped = readFileSync(script, 'utf8');
    writeFileSync(script, "self.onmessage = () => { throw new Error('out of memory'); };");
    onTestFinished(() => writeFileSync(script, shipped));
    await importHistoryFile(page, session.base, FAILED_298_FILE);
    await openBackup();
    await page.getByLabel('History file').setInputFiles({ name: 'big.json', mimeType: 'application/json', buffer: Buffer.from(serializeHistory(largeHistory(1_000))) });
    const alert = page.getByRole('alert');
    await alert.getByText('This file was not imported; nothing was changed').waitFor();
    await alert.getByText('The file could not be checked: the check stopped before it finished').waitFor();
    expect(await page.getByText(/^Checking the file/).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Import', exact: true }).count()).toBe(0);
    // The file can be chosen again, and what the candidate had is untouched.
    await page.locator('#import-file:enabled').waitFor();
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Vouchers' }).click();
    await page.getByText('SS07-ABCD-1234').first().waitFor();
  });
});
