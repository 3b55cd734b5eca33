/**
 * Browser journeys of the frame and the pages around it: accessibility audits (axe-core, WCAG 2.1
 * A/AA) of the login, home, analytics and not-found pages, a keyboard-only journey from the home
 * page to a logged call, and the front line at tablet width (768 x 1024). One server and browser:
 *
 *   npx vitest run web/src/app/frame.e2e.test.ts
 *
 * A failing journey saves test-output/<journey>-failure-*.png. Skips without /usr/bin/chromium.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectAccessible, expectFocusVisible, focusedElement } from '../testing/a11y';
import {
  apiSession,
  type BrowserHarness,
  CHROMIUM_PATH,
  hasChromium,
  journey,
  saveScreenshot,
  startBrowserHarness,
} from '../testing/browser';
import { boxOf, expectNoHorizontalScroll } from '../testing/layout';

if (!hasChromium) console.warn(`[frame e2e] SKIPPED: ${CHROMIUM_PATH} not found (apt-get install chromium).`);

describe.skipIf(!hasChromium)(
  'frame, accessibility and tablet width (browser, needs /usr/bin/chromium)',
  () => {
    let harness: BrowserHarness;
    let admin: Awaited<ReturnType<typeof apiSession>>;
    let page: Page;
    let annId: string;

    beforeAll(async () => {
      harness = await startBrowserHarness();
      admin = await apiSession(harness.base, harness.server.demo);
      const person = async (body: object) => String((await admin.call('POST', '/api/people', body)).id);
      annId = await person({
        firstName: 'Ann',
        lastName: 'Keyboard',
        displayName: 'Ann Keyboard',
        phones: ['+1 415 555 0177'],
        emails: ['ann.keyboard.with.a.rather.long.address@example-company.com'],
      });
      await admin.call('POST', '/api/interactions', {
        idempotencyKey: 'frame-e2e-visit',
        personId: annId,
        channel: 'store',
        type: 'visit',
        direction: 'inbound',
        subject: 'Came in about a return',
        occurredAt: new Date(Date.now() - 86_400_000).toISOString(),
      });
      for (const name of ['Bea Tablet', 'Cy Tablet', 'Di Tablet'])
        await person({ displayName: name, emails: [`${name.split(' ')[0]?.toLowerCase()}@example.com`] });
      ({ page } = await harness.newPage({ cookie: admin.cookie }));
    });

    afterAll(async () => {
      await harness?.close();
    });

    const url = (path: string) => `${harness.base}${path}`;
    const heading = (p: Page, name: string) => p.getByRole('heading', { level: 1, name }).waitFor();

    it('the login page, with and without its error, passes the audit', async () => {
      const { page: visitor } = await harness.newPage();
      await journey('login accessible', visitor, async () => {
        await visitor.goto(url('/login'));
        await heading(visitor, 'Log in');
        await expectAccessible(visitor, 'login page');
        await visitor.getByLabel('Email').fill(harness.server.demo.email);
        await visitor.getByLabel('Password').fill('not the password');
        await visitor.getByLabel('Password').press('Enter');
        await visitor.getByRole('alert').waitFor();
        await expectAccessible(visitor, 'login page with its error');
      });
    });

    it('home, analytics and a missing page pass the audit', async () => {
      await journey('frame pages accessible', page, async () => {
        await page.goto(url('/'));
        await heading(page, 'Home');
        await page.locator('[data-testid="live-status"][data-status="live"]').waitFor();
        await expectAccessible(page, 'home');
        await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Analytics' }).click();
        await heading(page, 'Analytics');
        await expectAccessible(page, 'analytics');
        await page.goto(url('/no/such/page'));
        await heading(page, 'Page not found');
        await expectAccessible(page, 'not found');
      });
    });

    it('a page whose code cannot be downloaded says so inside the frame, which stays usable', async () => {
      const { page: fresh } = await harness.newPage({ cookie: admin.cookie });
      await journey('page chunk fails', fresh, async () => {
        await fresh.route(/\/assets\/TasksPage-[^/]+\.js$/, (route) => route.abort('internetdisconnected'));
        await fresh.goto(url('/'));
        await heading(fresh, 'Home');
        const nav = fresh.getByRole('navigation', { name: 'Main' });
        await nav.getByRole('link', { name: 'Tasks' }).click();
        await heading(fresh, 'This page could not be shown');
        await fresh.getByText('Its code could not be downloaded').waitFor();
        await fresh.getByRole('button', { name: 'Reload the page' }).waitFor();
        // The rest of the console still works.
        await nav.getByRole('link', { name: 'Analytics' }).click();
        await heading(fresh, 'Analytics');
      });
    });

    it('keyboard only: shortcut, a phone number, arrow, Enter, Tab to "Log call", fill and submit', async () => {
      await journey('keyboard only', page, async () => {
        await page.goto(url('/'));
        await heading(page, 'Home');
        await page.keyboard.press('Control+k');
        const box = page.getByRole('combobox', { name: 'Search customers' });
        expect(await box.evaluate((el) => el === document.activeElement)).toBe(true);
        await expectFocusVisible(page, 'search box');
        await page.keyboard.type('415-555-0177');
        const option = page.getByRole('option', { name: /Ann Keyboard/ });
        await option.waitFor();
        await page.keyboard.press('ArrowDown');
        const optionId = await option.getAttribute('id');
        expect(await box.getAttribute('aria-activedescendant')).toBe(optionId);
        expect(await option.getAttribute('aria-selected')).toBe('true');
        await expectAccessible(page, 'search results open');
        await page.keyboard.press('Enter');
        await page.waitForURL(url(`/customers/${annId}`));
        await heading(page, 'Ann Keyboard');
        // Focus moved to the new page's heading, so the next Tab starts at the top of the page.
        await expect.poll(async () => (await focusedElement(page)).tag).toBe('h1');

        let focused = await focusedElement(page);
        for (let tabs = 0; tabs < 10 && focused.text !== 'Log call'; tabs++) {
          await page.keyboard.press('Tab');
          focused = await focusedElement(page);
        }
        expect(focused.text, 'Tab reaches "Log call"').toBe('Log call');
        await expectFocusVisible(page, '"Log call" button');
        await page.keyboard.press('Enter');
        const dialog = page.getByRole('dialog', { name: 'Log a call' });
        await dialog.waitFor();
        await expect.poll(async () => (await focusedElement(page)).label).toBe('Subject');
        await expectFocusVisible(page, 'Subject field');
        await expectAccessible(page, 'log call dialog');
        await page.keyboard.type('Keyboard-only call');
        await page.keyboard.press('Tab');
        expect((await focusedElement(page)).label).toBe('Summary');
        await page.keyboard.type('Logged without a mouse.');
        await page.keyboard.press('Tab');
        expect((await focusedElement(page)).label).toBe('Duration (minutes)');
        await page.keyboard.type('3');
        const posted = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/interactions');
        await page.keyboard.press('Enter');
        expect((await posted).status()).toBe(201);
        await dialog.waitFor({ state: 'hidden' });
        await page.getByTestId('timeline-item').filter({ hasText: 'Keyboard-only call' }).waitFor();
        // Focus is back on the button that opened the dialog, and shows.
        expect((await focusedElement(page)).text).toBe('Log call');
        await expectFocusVisible(page, '"Log call" after the dialog closed');
        await expectAccessible(page, 'customer page after logging a call');
      });
    });

    it('works at tablet width: the customer page stacks its panels, lists and import fit', async () => {
      const { page: tablet } = await harness.newPage({ width: 768, height: 1024, cookie: admin.cookie });
      await journey('tablet width', tablet, async () => {
        await tablet.goto(url(`/customers/${annId}`));
        await heading(tablet, 'Ann Keyboard');
        await tablet.getByTestId('timeline-item').first().waitFor();
        await expectNoHorizontalScroll(tablet, 'customer page at 768 px');
        // One column: the summary above the timeline, both as wide as the page.
        const summary = await boxOf(tablet, '[data-testid="summary"]');
        const timeline = await boxOf(tablet, '[data-testid="timeline"]');
        expect(summary.y + summary.height).toBeLessThanOrEqual(timeline.y);
        expect(Math.abs(summary.x - timeline.x)).toBeLessThan(2);
        expect(Math.abs(summary.width - timeline.width)).toBeLessThan(2);
        expect(timeline.x + timeline.width).toBeLessThanOrEqual(768);
        for (const name of ['Log call', 'Schedule call-back']) {
          const button = await tablet
            .getByRole('group', { name: 'Actions' })
            .getByRole('button', { name })
            .boundingBox();
          expect(button && button.x + button.width <= 768, `${name} is inside the window`).toBe(true);
        }
        await expectAccessible(tablet, 'customer page at 768 px');
        await saveScreenshot(tablet, 'customer-tablet');

        await tablet.goto(url('/customers'));
        await heading(tablet, 'Customers');
        await tablet.getByTestId('list-row').filter({ hasText: 'Bea Tablet' }).waitFor();
        await expectNoHorizontalScroll(tablet, 'people list at 768 px');
        // A wide table scrolls inside its own box, which stays within the window.
        const table = await boxOf(tablet, '.vtable');
        expect(table.x + table.width).toBeLessThanOrEqual(768);
        await saveScreenshot(tablet, 'people-list-tablet');

        await tablet.goto(url('/import'));
        await heading(tablet, 'Import');
        await tablet.getByLabel('CSV file').setInputFiles({
          name: 'people.csv',
          mimeType: 'text/csv',
          buffer: Buffer.from('E-mail,First Name,Surname\nzed@example.com,Zed,Tablet\n'),
        });
        await tablet.getByRole('button', { name: 'Dry run' }).waitFor();
        await expectNoHorizontalScroll(tablet, 'import screen at 768 px');
        await expectAccessible(tablet, 'import screen at 768 px');
      });
      expect(harness.pageErrors, 'uncaught errors in the pages').toEqual([]);
    });
  },
);
