/**
 * Browser journey of a CSV import (one server and browser for the file):
 *
 *   npx vitest run web/src/import/import.e2e.test.ts
 *
 * A small people file with one bad line: the columns are mapped from its header, a dry run reports
 * the bad line, the import loads the good ones, and the rejected rows download as CSV. Then an order
 * file: its columns guessed, a source given, a dry run that counts and keeps nothing, the import.
 */
import { readFile } from 'node:fs/promises';
import { sql } from 'kysely';
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

const ORDERS = [
  'Order no,Client,Day,Item,Qty,Unit price',
  'E2E-1,e2e-17,2025-02-01,E2E-TEA,2,4.50',
  'E2E-1,e2e-17,2025-02-01,E2E-CUP,1,12.00',
  'E2E-2,e2e-18,2025-02-30,E2E-TEA,1,4.50',
  'E2E-3,e2e-19,2025-02-03,E2E-TEA,1,4.50',
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

  it('imports an order file: columns guessed, a source given, a dry run that keeps nothing, then the orders', async () => {
    await journey('import orders', page, async () => {
      const orders = async () =>
        (
          await sql<{ key: string }>`select idempotency_key as key from orders
            where idempotency_key like 'e2e:order:%' order by idempotency_key`.execute(
            harness.server.database.db,
          )
        ).rows.map((r) => r.key);
      await page.goto(`${harness.base}/import`);
      await page.getByRole('heading', { level: 1, name: 'Import' }).waitFor();
      await page.getByLabel('What the file holds').selectOption('orders');
      await page.getByLabel('CSV file').setInputFiles({
        name: 'orders.csv',
        mimeType: 'text/csv',
        buffer: Buffer.from(ORDERS),
      });
      expect(await page.getByLabel('Order', { exact: true }).inputValue()).toBe('Order no');
      expect(await page.getByLabel('Customer', { exact: true }).inputValue()).toBe('Client');
      expect(await page.getByLabel('Price', { exact: true }).inputValue()).toBe('Unit price');
      await page.getByLabel('Source of the customer ids and order numbers').fill('e2e');
      await expectAccessible(page, 'order import with the columns mapped');

      await page.getByRole('button', { name: 'Dry run' }).click();
      const report = page.getByTestId('import-report');
      await report.getByRole('heading', { name: '3. Dry run' }).waitFor();
      await report.getByText('Succeeded').waitFor();
      expect(await report.textContent()).toContain(
        'Checked, nothing written. 2 created, 0 unchanged, 0 rejected, 0 returns, 2 customers created, 2 products created',
      );
      expect(await report.getByRole('row').filter({ hasText: 'date' }).textContent()).toMatch(/^4/);
      expect(await orders()).toEqual([]);
      await saveScreenshot(page, 'import-orders-dry-run');

      await page.getByLabel('Load the good lines even when some are bad').check();
      await page.getByRole('button', { name: 'Import', exact: true }).click();
      await report.getByRole('heading', { name: '3. Import' }).waitFor();
      await report.getByText('Succeeded').waitFor();
      expect(await report.textContent()).toContain('2 created, 0 unchanged, 0 rejected');
      expect(await orders()).toEqual(['e2e:order:E2E-1', 'e2e:order:E2E-3']);
      expect(harness.pageErrors).toEqual([]);
    });
  });
});
