/**
 * Browser journey of the duplicates review (one server and browser for the file):
 *
 *   npx vitest run web/src/duplicates/duplicates.e2e.test.ts
 *
 * Two records of one customer (same name and birthday, different first names and identities) are
 * found by a scan, compared side by side, previewed and merged; the result links to the survivor.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
  console.warn(`[duplicates e2e] SKIPPED: ${CHROMIUM_PATH} not found (apt-get install chromium).`);

describe.skipIf(!hasChromium)('duplicates review and merge (browser, needs /usr/bin/chromium)', () => {
  let harness: BrowserHarness;
  let page: Page;
  let first: string;
  let second: string;

  beforeAll(async () => {
    harness = await startBrowserHarness();
    const admin = await apiSession(harness.base, harness.server.demo);
    const person = async (body: object) => String((await admin.call('POST', '/api/people', body)).id);
    first = await person({
      displayName: 'Ann Lee',
      firstName: 'Ann',
      lastName: 'Lee',
      birthday: '1990-02-03',
      emails: ['ann.lee@example.com'],
    });
    second = await person({
      displayName: 'Ann Lee',
      firstName: 'Annie',
      lastName: 'Lee',
      birthday: '1990-02-03',
      phones: ['+1 415 555 0142'],
    });
    await person({ displayName: 'Bob Stone', emails: ['bob@example.com'] });
    ({ page } = await harness.newPage({ cookie: admin.cookie }));
  });

  afterAll(async () => {
    await harness?.close();
  });

  it('finds a pair by a scan, merges it with a chosen field after a preview, and opens the survivor', async () => {
    await journey('merge duplicates', page, async () => {
      await page.goto(`${harness.base}/duplicates`);
      await page.getByRole('heading', { level: 1, name: 'Duplicates' }).waitFor();
      await page.getByRole('button', { name: 'Scan for duplicates' }).click();
      const compare = page.getByRole('button', { name: 'Compare Ann Lee and Ann Lee' });
      await compare.waitFor();
      await page
        .getByRole('row')
        .filter({ hasText: 'ann.lee@example.com' })
        .getByText(/name/i)
        .first()
        .waitFor();
      await expectAccessible(page, 'duplicates review');
      await saveScreenshot(page, 'duplicates');

      await compare.click();
      await page.getByRole('heading', { level: 1, name: 'Merge duplicates' }).waitFor();
      const keepFirst = new URL(page.url()).searchParams.get('a') === first;
      // Keep the record with the email, and Annie (the other record's first name).
      await page
        .getByRole('radio', { name: 'Keep Ann Lee' })
        .nth(keepFirst ? 0 : 1)
        .check();
      await page.getByRole('radio', { name: 'First name: keep Annie' }).check();
      await page.getByRole('button', { name: 'Preview merge' }).click();
      const preview = page.getByTestId('merge-preview');
      await preview.getByText('Annie').waitFor();
      expect(await preview.textContent()).toContain('ann.lee@example.com');
      expect(await preview.textContent()).toContain('+1 415 555 0142');
      await expectAccessible(page, 'merge view with its preview');
      await saveScreenshot(page, 'merge-preview');

      const merged = page.waitForResponse((r) => r.url().endsWith('/api/people/merge'));
      await page.getByRole('button', { name: 'Merge', exact: true }).click();
      const body = await (await merged).json();
      expect(body).toMatchObject({ dryRun: false, survivorId: first, mergedId: second });
      const result = page.getByTestId('merge-result');
      await result.getByRole('link', { name: 'Ann Lee' }).click();
      await page.waitForURL(`${harness.base}/customers/${first}`);
      await page.getByTestId('identities').getByText('+1 415 555 0142').waitFor();

      await page.goto(`${harness.base}/duplicates`);
      await page.getByText('No open duplicates').waitFor();
      expect(harness.pageErrors).toEqual([]);
    });
  });
});
