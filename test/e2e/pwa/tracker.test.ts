// The PWA in real Chromium against the built app, served like `npm start`.
import { describe, expect, it } from 'vitest';
import { downloadOf, expectNoAxeViolations, untilOfflineReady, useAppSession } from './support.ts';

const session = useAppSession();

/** Adds voucher SS07-ABCD-1234 and a failed 70-298 attempt through the forms; `onForm` runs on each form first. */
async function addVoucherAndFailedAttempt(onForm: (form: 'voucher' | 'attempt') => Promise<void> = async () => undefined): Promise<void> {
  await session.page.goto(`${session.base}/`);
  await session.page.getByRole('link', { name: 'Add your first voucher' }).click();
  await onForm('voucher');
  await session.page.getByLabel('Offer').selectOption('ms-second-shot-2007');
  await session.page.getByLabel('Voucher code').fill('SS07-ABCD-1234');
  await session.page.getByLabel('Obtained on').fill('2007-10-01');
  await session.page.getByRole('button', { name: 'Add voucher' }).click();
  await session.page.getByRole('link', { name: 'Record an attempt with SS07-ABCD-1234' }).click();
  await session.page.getByRole('heading', { name: 'Record an exam attempt' }).waitFor();
  await onForm('attempt');
  await session.page.getByLabel('Exam', { exact: true }).fill('70-298');
  await session.page.getByLabel('Test provider').selectOption('prometric');
  await session.page.getByLabel('Booked on').fill('2007-10-05');
  await session.page.getByLabel('Exam date').fill('2007-11-10');
  await session.page.getByLabel('Result').selectOption('fail');
  await session.page.getByRole('button', { name: 'Save attempt' }).click();
}

describe('the PWA in Chromium', () => {
  it('adds a voucher and a failed attempt and says the retake opens tomorrow', async () => {
    await addVoucherAndFailedAttempt();
    await session.page.getByText('Retake opens tomorrow').waitFor();
    expect(await session.page.getByText('Book your free retake of 70-298 from 11 Nov 2007, by 30 Jun 2008.').isVisible()).toBe(true);
    expect(await session.page.getByRole('img', { name: /^Timeline:/ }).getAttribute('aria-label')).toContain('Retake opens 11 Nov 2007');
  });

  it('works offline after the first visit: reload and deep links, with all the data', async () => {
    await addVoucherAndFailedAttempt();
    await session.page.getByText('Retake opens tomorrow').waitFor();
    await untilOfflineReady(session.page);
    await session.context.setOffline(true);
    await session.page.reload();
    await session.page.getByText('Retake opens tomorrow').waitFor();
    expect(await session.page.getByRole('heading', { name: /SS07-ABCD-1234/ }).isVisible()).toBe(true);
    await session.page.goto(`${session.base}/offers`);
    await session.page.getByRole('heading', { name: 'Microsoft Second Shot, 2007–2008' }).waitFor();
    await session.page.goto(`${session.base}/check`);
    await session.page.getByLabel('Exam', { exact: true }).fill('70-298');
    await session.page.getByLabel('Test provider').selectOption('prometric');
    await session.page.getByLabel('Booking date').fill('2007-11-11');
    await session.page.getByRole('button', { name: 'Check' }).click();
    await session.page.getByRole('heading', { name: 'Voucher SS07-ABCD-1234: Free retake' }).waitFor();
  });

  it('export, delete everything, import gives identical data; a corrupted file changes nothing', async () => {
    await addVoucherAndFailedAttempt();
    await session.page.getByText('Retake opens tomorrow').waitFor();
    await session.page.getByRole('link', { name: 'Backup & link' }).click();
    const exported = await downloadOf(session.page, () => session.page.getByRole('button', { name: 'Export history file' }).click());
    expect(exported.name).toBe('second-shot-history-2007-11-10.json');
    expect(JSON.parse(exported.text)).toMatchObject({ format: 'second-shot/history', version: 1, vouchers: [{ code: 'SS07-ABCD-1234' }], attempts: [{ exam: '70-298', result: 'fail' }] });

    await session.page.getByRole('button', { name: 'Delete all data…' }).click();
    await session.page.getByRole('button', { name: 'Yes, delete everything' }).click();
    await session.page.getByText('All vouchers and attempts were deleted from this device.').waitFor();
    await session.page.getByRole('link', { name: 'Vouchers' }).click();
    await session.page.getByRole('heading', { name: 'No vouchers yet' }).waitFor();

    await session.page.getByRole('link', { name: 'Backup & link' }).click();
    await session.page.getByLabel('History file').setInputFiles({ name: exported.name, mimeType: 'application/json', buffer: Buffer.from(exported.text) });
    await session.page.getByLabel(/Replace the data on this device/).check();
    await session.page.getByRole('button', { name: 'Import', exact: true }).click();
    await session.page.getByText(/^Imported second-shot-history-2007-11-10.json/).waitFor();
    const again = await downloadOf(session.page, () => session.page.getByRole('button', { name: 'Export history file' }).click());
    expect(again.text).toBe(exported.text);

    const corrupted = exported.text.replace('"2007-11-10"', '"2007-11-31"');
    await session.page.getByLabel('History file').setInputFiles({ name: 'corrupted.json', mimeType: 'application/json', buffer: Buffer.from(corrupted) });
    const alert = session.page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toContain('corrupted.json#/attempts/0/takenOn: "takenOn" "2007-11-31" is not a day of 2007-11');
    await session.page.getByLabel('History file').setInputFiles({ name: 'truncated.json', mimeType: 'application/json', buffer: Buffer.from(exported.text.slice(0, 120)) });
    // In plain words on the screen; the file:line:column form is under "Details".
    await session.page.getByText(/is not valid JSON: .*\(line \d+, column \d+\)$/).waitFor();
    const after = await downloadOf(session.page, () => session.page.getByRole('button', { name: 'Export history file' }).click());
    expect(after.text).toBe(exported.text);
  });

  it('exports the retake-opens date and the deadline to a calendar file', async () => {
    await addVoucherAndFailedAttempt();
    await session.page.getByText('Retake opens tomorrow').waitFor();
    await session.page.goto(`${session.base}/backup`);
    const calendar = await downloadOf(session.page, () => session.page.getByRole('button', { name: 'Export calendar (.ics)' }).click());
    expect(calendar.name).toBe('second-shot-dates-2007-11-10.ics');
    expect(calendar.text).toContain('DTSTART;VALUE=DATE:20071111');
    expect(calendar.text).toContain('DTSTART;VALUE=DATE:20080630');
  });

  it('asks a tab holding the old database to reload when another tab upgrades it, without hanging', async () => {
    await addVoucherAndFailedAttempt();
    await session.page.getByText('Retake opens tomorrow').waitFor();
    const newer = await session.context.newPage();
    await newer.goto(`${session.base}/offers`);
    await newer.getByRole('heading', { name: 'Offers and retake policies' }).waitFor();
    // The other tab is a newer app version: it opens the database at the next schema version.
    const opened = await newer.evaluate(
      () =>
        new Promise<number>((resolve, reject) => {
          const request = indexedDB.open('second-shot', 1000);
          request.onsuccess = () => {
            const version = request.result.version;
            request.result.close();
            resolve(version);
          };
          request.onerror = () => reject(new Error(String(request.error)));
          request.onblocked = () => reject(new Error('blocked: the old tab did not let go'));
        }),
    );
    expect(opened).toBe(1000);
    const banner = session.page.getByRole('alert').filter({ hasText: 'Reload this tab to update it' });
    await banner.waitFor();
    await expectNoAxeViolations(session.page, 'dashboard with the reload banner');
  });

  it('has no axe violations on any screen', async () => {
    await session.page.goto(`${session.base}/`);
    await session.page.getByRole('heading', { name: 'No vouchers yet' }).waitFor();
    await expectNoAxeViolations(session.page, 'empty dashboard');
    await addVoucherAndFailedAttempt(async (form) => {
      if (form === 'voucher') {
        await session.page.getByRole('button', { name: 'Add voucher' }).click();
        await session.page.getByText('Enter the voucher code as printed on your voucher.').waitFor();
      }
      await expectNoAxeViolations(session.page, `${form} form`);
    });
    await session.page.getByText('Retake opens tomorrow').waitFor();
    await session.page.getByRole('button', { name: 'Delete voucher SS07-ABCD-1234' }).click();
    await session.page.getByRole('button', { name: 'Undo' }).click();
    await session.page.getByText('Retake opens tomorrow').waitFor();
    await expectNoAxeViolations(session.page, 'dashboard');
    await session.page.getByRole('link', { name: 'Can I book?' }).click();
    await session.page.getByLabel('Exam', { exact: true }).fill('70-298');
    await session.page.getByRole('button', { name: 'Check' }).click();
    await session.page.getByRole('heading', { name: /^Booking 70-298/ }).waitFor();
    await expectNoAxeViolations(session.page, 'can I book');
    await session.page.getByRole('link', { name: 'Offers' }).click();
    await session.page.getByRole('heading', { name: 'Offers and retake policies' }).waitFor();
    await expectNoAxeViolations(session.page, 'offers');
    await session.page.getByRole('link', { name: 'Backup & link' }).click();
    await session.page.getByLabel('History file').setInputFiles({ name: 'bad.json', mimeType: 'application/json', buffer: Buffer.from('{}') });
    await session.page.getByRole('alert').waitFor();
    await expectNoAxeViolations(session.page, 'backup');
    await session.page.goto(`${session.base}/no/such/page`);
    await session.page.getByRole('heading', { name: 'No such page' }).waitFor();
    await expectNoAxeViolations(session.page, 'no such page');
    await session.page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Backup & link' }).click();
    await session.page.getByRole('button', { name: 'Try with an example' }).click();
    await session.page.getByText('Free retake available').first().waitFor();
    await expectNoAxeViolations(session.page, 'example dashboard');
  }, 150_000); // every screen, each checked twice (dark and light): more than one flow's time on a loaded machine

  it('follows the device in dark mode: dark surfaces, light text', async () => {
    const { page } = session;
    const luminance = (): Promise<{ surface: number; text: number }> =>
      page.evaluate(() => {
        // Relative luminance (WCAG) of a computed rgb() colour.
        const of = (color: string): number => {
          const [r = 0, g = 0, b = 0] = (color.match(/\d+(\.\d+)?/g) ?? []).map(Number).map((c) => c / 255).map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
          return 0.2126 * r + 0.7152 * g + 0.0722 * b;
        };
        const style = getComputedStyle(document.documentElement);
        return { surface: of(style.backgroundColor), text: of(style.color) };
      });
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.goto(`${session.base}/`);
    await page.getByRole('heading', { name: 'No vouchers yet' }).waitFor();
    const dark = await luminance();
    expect(dark.surface).toBeLessThan(0.05);
    expect(dark.text).toBeGreaterThan(0.6);
    await page.emulateMedia({ colorScheme: 'light' });
    const light = await luminance();
    expect(light.surface).toBeGreaterThan(0.8);
    expect(light.text).toBeLessThan(0.05);
  });

  it('is installable: a manifest with name, icons, theme colour, start URL and standalone display', async () => {
    await session.page.goto(`${session.base}/`);
    const href = await session.page.locator('link[rel="manifest"]').getAttribute('href');
    expect(href).toBeTruthy();
    const response = await session.page.request.get(new URL(href ?? '', session.base).href);
    expect(response.ok()).toBe(true);
    const manifest = (await response.json()) as { name: string; start_url: string; display: string; theme_color: string; icons: { src: string; sizes: string; type: string }[] };
    expect(manifest).toMatchObject({ name: 'Second Shot', start_url: '/', display: 'standalone', theme_color: '#1f4e79' });
    expect(manifest.icons.map((i) => i.sizes)).toEqual(expect.arrayContaining(['192x192', '512x512']));
    for (const icon of manifest.icons) {
      const file = await session.page.request.get(new URL(icon.src, session.base).href);
      expect(file.ok(), icon.src).toBe(true);
      expect(file.headers()['content-type']).toBe(icon.type);
    }
  });
});
