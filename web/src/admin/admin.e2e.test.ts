/**
 * Browser journey of the admin screens (one server and browser for the file):
 *
 *   npx vitest run web/src/admin/admin.e2e.test.ts
 *
 * Add a user and change their role and team, give a custom role a grant, create an API token
 * (shown once, then used), revoke it, and find the user's creation in the audit log.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  apiSession,
  type BrowserHarness,
  CHROMIUM_PATH,
  hasChromium,
  journey,
  saveScreenshot,
  startBrowserHarness,
} from '../testing/browser';

if (!hasChromium) console.warn(`[admin e2e] SKIPPED: ${CHROMIUM_PATH} not found (apt-get install chromium).`);

describe.skipIf(!hasChromium)('admin (browser, needs /usr/bin/chromium)', () => {
  let harness: BrowserHarness;
  let page: Page;

  beforeAll(async () => {
    harness = await startBrowserHarness();
    const admin = await apiSession(harness.base, harness.server.demo);
    await admin.call('POST', '/api/teams', { name: 'North' });
    ({ page } = await harness.newPage({ cookie: admin.cookie }));
  });

  afterAll(async () => {
    await harness?.close();
  });

  const tab = (name: string) => page.getByRole('tablist').getByRole('tab', { name }).click();

  it('adds a user, changes their role and team, and edits a custom role’s grants', async () => {
    await journey('admin users and roles', page, async () => {
      await page.goto(`${harness.base}/admin`);
      await page.getByRole('heading', { level: 1, name: 'Admin' }).waitFor();
      const form = page.getByRole('form', { name: 'Add a user' });
      await form.getByLabel('Email').fill('sam@example.com');
      await form.getByLabel('Name').fill('Sam Seller');
      await form.getByLabel('Role').selectOption('sales');
      await form.getByLabel('Password').fill('a long enough password 1');
      await form.getByRole('button', { name: 'Add user' }).click();
      const row = page.getByRole('row').filter({ hasText: 'sam@example.com' });
      await row.waitFor();
      const patched = () => page.waitForResponse((r) => r.request().method() === 'PATCH');
      let done = patched();
      await row.getByLabel('Role of Sam Seller').selectOption('service');
      expect((await done).status()).toBe(200);
      done = patched();
      await row.getByLabel('Team of Sam Seller').selectOption({ label: 'North' });
      expect((await done).status()).toBe(200);
      await saveScreenshot(page, 'admin-users');

      await tab('Roles');
      await page.getByLabel('New custom role').fill('auditor');
      await page.getByRole('button', { name: 'Create role' }).click();
      await page.getByRole('heading', { name: 'Grants of auditor' }).waitFor();
      await page.getByLabel('Audit log: read').selectOption('all');
      await page.getByLabel('People: read').selectOption('team');
      const saved = page.waitForResponse((r) => r.request().method() === 'PUT');
      await page.getByRole('button', { name: 'Save grants' }).click();
      expect(await (await saved).json()).toMatchObject({
        name: 'auditor',
        grants: { audit_log: { read: 'all' }, people: { read: 'team' } },
      });
      await saveScreenshot(page, 'admin-roles');
    });
  });

  it('creates a token shown once, revokes it, and finds the new user in the audit log', async () => {
    await journey('admin tokens and audit', page, async () => {
      await page.goto(`${harness.base}/admin?tab=tokens`);
      await page.getByLabel('New token name').fill('Zapier');
      await page.getByRole('button', { name: 'Create token' }).click();
      const token = (await page.getByTestId('new-token').locator('code').textContent()) ?? '';
      expect(token.length).toBeGreaterThan(20);
      const use = () =>
        fetch(`${harness.base}/api/workspace`, { headers: { authorization: `Bearer ${token}` } });
      expect((await use()).status).toBe(200);
      await page.getByRole('button', { name: 'Revoke Zapier' }).click();
      await page.getByRole('row').filter({ hasText: 'Zapier' }).getByText('Revoked').waitFor();
      expect((await use()).status).toBe(401);

      await tab('Audit log');
      await page.getByLabel('Record type').selectOption('users');
      await page.getByLabel('Action').selectOption('create');
      const entry = page.getByRole('row').filter({ hasText: 'sam@example.com' });
      await entry.waitFor();
      expect(await entry.textContent()).toContain('Dana Demo');
      await saveScreenshot(page, 'admin-audit');
      expect(harness.pageErrors).toEqual([]);
    });
  });
});
