/**
 * Browser journey of a CSV import (one server and browser for the file):
 *
 *   npx vitest run web/src/import/import.e2e.test.ts
 *
 * A small people file with one bad line: the columns are mapped from its header, a dry run reports
 * the bad line, the import loads the good ones, and the rejected rows download as CSV.
 */
import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allJobHandlers } from '../../../src/api/index';
import { JobRunner } from '../../../src/platform/index';
import { expectAccessible } from '../testing/a11y';
import {
  apiSession,
  type BrowserHarness,
  CHROMIUM_PATH,
  hasChromium,
  journey,
  saveScreenshot,
  startBrowserHarness,
} from '../testing/browser';

if (!hasChromium)
  console.warn(`[import e2e] SKIPPED: ${CHROMIUM_PATH} not found (apt-get install chromium).`);

const FILE = [
  'E-mail,First Name,Surname,Date of birth',
  'zoe.quinn@example.com,Zoe,Quinn,1985-04-12',
  'yan.ortiz@example.com,Yan,Ortiz,31/02/1990-x',
  'xia.park@example.com,Xia,Park,1979-11-30',
].join('\n');

describe.skipIf(!hasChromium)('CSV import (browser, needs /usr/bin/chromium)', () => {
  let harness: BrowserHarness;
  let page: Page;
  let admin: Awaited<ReturnType<typeof apiSession>>;
  let jobs: JobRunner;

  beforeAll(async () => {
    harness = await startBrowserHarness();
    // The test server runs no job handlers; imports are jobs.
    jobs = new JobRunner(harness.server.database.db, allJobHandlers(), {
      workerId: 'import-e2e',
      pollMs: 100,
    });
    jobs.start();
    admin = await apiSession(harness.base, harness.server.demo);
    ({ page } = await harness.newPage({ cookie: admin.cookie }));
  });

  afterAll(async () => {
    await jobs?.stop();
    await harness?.close();
  });

  it('maps the columns, reports the bad line in a dry run, imports the good lines, and downloads the rejected one', async () => {
    await journey('import csv', page, async () => {
      await page.goto(`${harness.base}/import`);
      await page.getByRole('heading', { level: 1, name: 'Import' }).waitFor();
      await page.getByLabel('CSV file').setInputFiles({
        name: 'people.csv',
        mimeType: 'text/csv',
        buffer: Buffer.from(FILE),
      });
      // Guessed from the header; the birthday column has another name and is chosen by hand.
      expect(await page.getByLabel('Email', { exact: true }).inputValue()).toBe('E-mail');
      expect(await page.getByLabel('Last name').inputValue()).toBe('Surname');
      await page.getByLabel('Birthday').selectOption('Date of birth');
      await expectAccessible(page, 'import with the columns mapped');

      await page.getByRole('button', { name: 'Dry run' }).click();
      const report = page.getByTestId('import-report');
      await report.getByRole('heading', { name: '3. Dry run' }).waitFor();
      const bad = report.getByRole('row').filter({ hasText: 'birthday' });
      await bad.waitFor();
      expect(await bad.textContent()).toMatch(/^3/);
      await expectAccessible(page, 'import dry-run report');
      await saveScreenshot(page, 'import-dry-run');

      await page.getByLabel('Load the good lines even when some are bad').check();
      await page.getByRole('button', { name: 'Import', exact: true }).click();
      await report.getByRole('heading', { name: '3. Import' }).waitFor();
      await report.getByText('Succeeded').waitFor();
      expect(await report.textContent()).toContain('2 created');
      expect(await report.getByRole('progressbar').getAttribute('value')).toBe('3');
      await saveScreenshot(page, 'import');

      const download = page.waitForEvent('download');
      await report.getByRole('link', { name: 'Download rejected rows' }).click();
      const csv = await readFile((await (await download).path()) ?? '', 'utf8');
      expect(csv).toContain('yan.ortiz@example.com');
      expect(csv).not.toContain('zoe.quinn@example.com');

      const found = await admin.call('GET', '/api/people?namePrefix=Zoe');
      expect((found.items as unknown[]).length).toBe(1);
      expect(harness.pageErrors).toEqual([]);
    });
  });
});
