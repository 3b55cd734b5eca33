/**
 * Browser journey of the admin screens (one server and browser for the file):
 *
 *   npx vitest run web/src/admin/admin.e2e.test.ts
 *
 * Add a user and change their role and team, give a custom role a grant, create an API token
 * (shown once, then used), revoke it, and find the user's creation in the audit log; rename a team
 * and a role; make a password reset link, set a new password with it in another browser and log
 * in; change one's own password from the user menu. Each screen passes an axe WCAG A/AA audit.
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
import { expectAccessible } from '../testing/a11y';
import { boxOf, expectNoHorizontalScroll } from '../testing/layout';

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
      await expectAccessible(page, 'admin users');

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
      await expectAccessible(page, 'admin roles');

      // Rename the custom role: its users keep it.
      await page.getByRole('button', { name: 'Rename role auditor' }).click();
      const rename = page.getByRole('dialog', { name: 'Rename role auditor' });
      await rename.getByLabel('Role name').fill('inspector');
      await rename.getByRole('button', { name: 'Rename' }).click();
      await page.getByRole('heading', { name: 'Grants of inspector' }).waitFor();
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
      await expectAccessible(page, 'admin audit log');
    });
  });

  it('renames a team, and says so when the name is taken', async () => {
    await journey('admin rename team', page, async () => {
      await page.goto(`${harness.base}/admin?tab=teams`);
      const form = page.getByRole('form', { name: 'Add a team' });
      await form.getByLabel('New team').fill('South');
      await form.getByRole('button', { name: 'Add team' }).click();
      await page.getByRole('row').filter({ hasText: 'South' }).waitFor();

      await page.getByRole('button', { name: 'Rename North' }).click();
      let dialog = page.getByRole('dialog', { name: 'Rename team North' });
      await dialog.getByLabel('Team name').fill('South');
      await dialog.getByRole('button', { name: 'Rename' }).click();
      await dialog.getByText('A team named "South" already exists').waitFor();
      await expectAccessible(page, 'rename team dialog with an error');
      await dialog.getByLabel('Team name').fill('North-East');
      await dialog.getByRole('button', { name: 'Rename' }).click();
      await dialog.waitFor({ state: 'detached' });
      const row = page.getByRole('row').filter({ hasText: 'North-East' });
      await row.waitFor();
      // Sam, put in North earlier, is still a member under the new name.
      expect(await row.textContent()).toContain('Sam Seller');
      await saveScreenshot(page, 'admin-teams');
      await expectAccessible(page, 'admin teams');
      dialog = page.getByRole('dialog');
      expect(await dialog.count()).toBe(0);
    });
  });

  it('makes a reset link; the user sets a new password with it and logs in', async () => {
    await journey('admin password reset', page, async () => {
      const admin = await apiSession(harness.base, harness.server.demo);
      await admin.call('POST', '/api/users', {
        email: 'rita@example.com',
        name: 'Rita Reset',
        role: 'service',
        password: 'a forgotten password',
      });
      await page.goto(`${harness.base}/admin?tab=users`);
      await page.getByRole('button', { name: 'Password reset link for Rita Reset' }).click();
      const dialog = page.getByRole('dialog', { name: 'Password reset link for Rita Reset' });
      const url = await dialog.getByLabel('Reset link').inputValue();
      expect(url).toMatch(/\/reset-password\?token=rpr_/);
      await expectAccessible(page, 'reset link dialog');
      await saveScreenshot(page, 'admin-reset-link');
      await dialog.getByRole('button', { name: 'Done' }).click();

      // Rita, in a browser of her own without a session.
      const { page: rita } = await harness.newPage();
      await rita.goto(url);
      await rita.getByRole('heading', { level: 1, name: 'Set a new password' }).waitFor();
      await rita.getByText('For rita@example.com in workspace demo.').waitFor();
      await expectAccessible(rita, 'reset password page');
      await rita.getByLabel('New password', { exact: true }).fill('short');
      await rita.getByLabel('Repeat the new password').fill('short');
      await rita.getByRole('button', { name: 'Set password' }).click();
      await rita.getByText('The password must be at least 10 characters.').waitFor();
      await rita.getByLabel('New password', { exact: true }).fill('rita remembers this one');
      await rita.getByLabel('Repeat the new password').fill('rita remembers this one');
      await rita.getByRole('button', { name: 'Set password' }).click();
      await rita.getByText('Your password is set').waitFor();
      await saveScreenshot(rita, 'reset-password-done');
      await rita.getByRole('link', { name: 'Log in to demo' }).click();
      await rita.getByRole('heading', { level: 1, name: 'Log in' }).waitFor();
      expect(await rita.getByLabel('Email').inputValue()).toBe('rita@example.com');
      await rita.getByLabel('Password').fill('a forgotten password');
      await rita.getByRole('button', { name: 'Log in' }).click();
      await rita.getByText('Wrong workspace, email or password').waitFor();
      await rita.getByLabel('Password').fill('rita remembers this one');
      await rita.getByRole('button', { name: 'Log in' }).click();
      await rita.getByTestId('user-name').filter({ hasText: 'Rita Reset' }).waitFor();

      // The link was for once.
      await rita.goto(url);
      await rita.getByText('This reset link is not valid').waitFor();

      // Rita changes her password again from the user menu.
      await rita.goto(`${harness.base}/`);
      await rita.getByRole('button', { name: 'Change password' }).click();
      const change = rita.getByRole('dialog', { name: 'Change your password' });
      await change.getByLabel('Current password').fill('not the password');
      await change.getByLabel('New password', { exact: true }).fill('a third password here');
      await change.getByLabel('Repeat the new password').fill('a third password here');
      await change.getByRole('button', { name: 'Change password' }).click();
      await change.getByText('the current password is wrong').waitFor();
      await expectAccessible(rita, 'change password dialog with an error');
      await change.getByLabel('Current password').fill('rita remembers this one');
      await change.getByRole('button', { name: 'Change password' }).click();
      await rita.getByText('Password changed; your other sessions have ended').waitFor();
      await rita.getByTestId('user-name').filter({ hasText: 'Rita Reset' }).waitFor();
      const again = await apiSession(harness.base, {
        workspace: 'demo',
        email: 'rita@example.com',
        password: 'a third password here',
      });

      // At tablet width the user menu, with its new button, still fits.
      const { page: tablet } = await harness.newPage({ width: 768, height: 1024, cookie: again.cookie });
      await tablet.goto(`${harness.base}/admin?tab=users`);
      await tablet.getByRole('heading', { level: 1, name: 'Admin' }).waitFor();
      await expectNoHorizontalScroll(tablet, 'admin at 768 px');
      const button = await boxOf(tablet, '.user-menu button:last-of-type');
      expect(button.x + button.width).toBeLessThanOrEqual(768);
      await saveScreenshot(tablet, 'admin-tablet');
      expect(harness.pageErrors).toEqual([]);
    });
  });
});
