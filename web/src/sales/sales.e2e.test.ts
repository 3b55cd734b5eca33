/**
 * Browser journey of sales, against the real server (in-process, fresh database) and the built web
 * app, in Debian's Chromium:
 *
 *   npx vitest run web/src/sales/sales.e2e.test.ts
 *
 * A visitor sends the contact form of the company's site (a page of its own origin posting to the
 * public form endpoint); a sales rep finds the lead, converts it, prices the opportunity, drags it
 * across the board (and moves it with the keyboard alternative), builds a quote and shares its link;
 * the customer accepts it on the public page, with no session; the rep sees the won deal and the order
 * on the customer's timeline. Screenshots under test-output/screenshots/ (1366x768; the board and
 * the opportunity also at 390x844); each new page passes an axe WCAG A/AA audit.
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
import { expectNoHorizontalScroll } from '../testing/layout';

if (!hasChromium) console.warn(`[sales e2e] SKIPPED: ${CHROMIUM_PATH} not found (apt-get install chromium).`);

const SITE = 'https://www.acme.example';
const DESKTOP = { width: 1366, height: 768 };
const PHONE = { width: 390, height: 844 };

describe.skipIf(!hasChromium)('sales (browser, needs /usr/bin/chromium)', () => {
  let harness: BrowserHarness;
  let rep: Awaited<ReturnType<typeof apiSession>>;
  let page: Page;
  let formKey: string;
  let opportunityUrl = '';
  let quoteLink = '';
  let personId = '';

  beforeAll(async () => {
    harness = await startBrowserHarness();
    const admin = await apiSession(harness.base, harness.server.demo);
    await admin.call('POST', '/api/users', {
      email: 'sam@rapport.dev',
      name: 'Sam Sales',
      role: 'sales',
      password: 'a long enough password 1',
    });
    rep = await apiSession(harness.base, {
      workspace: 'demo',
      email: 'sam@rapport.dev',
      password: 'a long enough password 1',
    });
    await admin.call('POST', '/api/products', { sku: 'SEAT', name: 'Seat licence', listPrice: 120 });
    await admin.call('POST', '/api/products', { sku: 'ONBOARD', name: 'Onboarding', listPrice: 900 });
    const form = await rep.call('POST', '/api/lead-forms', {
      name: 'Contact us',
      allowedOrigin: SITE,
      redirectUrl: `${SITE}/thanks`,
      campaign: 'spring launch',
    });
    formKey = String(form.formKey);
    // Other deals on the board, so its columns hold something.
    const ben = await rep.call('POST', '/api/people', {
      firstName: 'Ben',
      lastName: 'Baker',
      emails: ['ben@bakery.example'],
    });
    for (const [i, name] of ['Bakery: ovens', 'Bakery: training', 'Bakery: support'].entries())
      await rep.call('POST', '/api/opportunities', {
        name,
        personId: ben.id,
        amount: 1000 * (i + 1),
        expectedClose: `2030-0${i + 1}-15`,
      });
    ({ page } = await harness.newPage({ ...DESKTOP, cookie: rep.cookie }));
  });

  afterAll(async () => {
    await harness?.close();
  });

  const url = (path: string) => `${harness.base}${path}`;

  it('captures a lead from the company site’s form', async () => {
    const { page: visitor } = await harness.newPage(DESKTOP);
    await journey('sales public form', visitor, async () => {
      await visitor.route(`${SITE}/**`, (route) =>
        route.fulfill({
          contentType: 'text/html',
          body: route.request().url().endsWith('/thanks')
            ? '<!doctype html><title>Thanks</title><h1>Thank you, we will call you</h1>'
            : `<!doctype html><html lang="en"><title>Contact</title>
               <form method="post" action="${url(`/api/public/forms/${formKey}/leads`)}">
                 <label>Name <input name="name"></label>
                 <label>Email <input name="email"></label>
                 <label>Company <input name="company"></label>
                 <label>Message <textarea name="message"></textarea></label>
                 <input name="website_url" style="display:none" tabindex="-1" autocomplete="off">
                 <button>Send</button>
               </form></html>`,
        }),
      );
      await visitor.goto(`${SITE}/contact`);
      await visitor.getByLabel('Name').fill('Cora Convert');
      await visitor.getByLabel('Email').fill('cora@globex.example');
      await visitor.getByLabel('Company').fill('Globex');
      await visitor.getByLabel('Message').fill('We need 20 seats');
      await visitor.getByRole('button', { name: 'Send' }).click();
      await visitor.getByRole('heading', { name: 'Thank you, we will call you' }).waitFor();
    });
  });

  it('converts the lead into an opportunity', async () => {
    await journey('sales convert lead', page, async () => {
      await page.goto(url('/leads'));
      await page.getByRole('heading', { level: 1, name: 'Leads' }).waitFor();
      const row = page.getByRole('row').filter({ hasText: 'Cora Convert' });
      await expect(row.getByText('Globex')).toBeTruthy();
      await row.getByText('New', { exact: true }).waitFor();
      await saveScreenshot(page, 'sales-leads');
      await expectAccessible(page, 'leads');
      await row.getByRole('link', { name: 'Cora Convert' }).click();
      await page.getByRole('heading', { level: 1, name: 'Cora Convert' }).waitFor();
      await page.getByText('We need 20 seats').waitFor();
      await saveScreenshot(page, 'sales-lead');
      await expectAccessible(page, 'lead');
      await page.getByRole('button', { name: 'Convert to opportunity' }).click();
      const dialog = page.getByRole('dialog', { name: 'Convert the lead' });
      await dialog.getByLabel('Opportunity').fill('Globex: 20 seats');
      await dialog.getByLabel('Currency').fill('EUR');
      await dialog.getByLabel('Expected close').fill('2030-02-20');
      await dialog.getByRole('button', { name: 'Convert' }).click();
      await page.getByRole('heading', { level: 1, name: 'Globex: 20 seats' }).waitFor();
      opportunityUrl = page.url();
      personId =
        (await page.getByRole('link', { name: 'Cora Convert' }).getAttribute('href'))?.split('/').pop() ?? '';
      expect(personId).not.toBe('');
      await page.getByRole('link', { name: 'Globex' }).waitFor();
    });
  });

  it('prices the opportunity from the catalogue', async () => {
    await journey('sales opportunity lines', page, async () => {
      await page.getByRole('button', { name: 'Edit lines' }).click();
      const lines = page.getByRole('form', { name: 'Lines' });
      await lines.getByRole('button', { name: 'Add a line' }).click();
      await lines.getByLabel('Product').selectOption({ label: 'Seat licence (SEAT) · €120' });
      await lines.getByLabel('Quantity').fill('20');
      await lines.getByRole('button', { name: 'Add a line' }).click();
      await lines.getByLabel('Product').nth(1).selectOption({ label: 'Onboarding (ONBOARD) · €900' });
      await lines.getByLabel('Discount').nth(1).fill('100');
      await lines.getByRole('button', { name: 'Save lines' }).click();
      await page.getByRole('button', { name: 'Edit lines' }).waitFor();
      // 20 × 120 + 900 − 100
      await page.getByTestId('details').getByText('€3,200').waitFor();
      await page.getByRole('textbox', { name: 'Next step' }).first().fill('Send the quote');
      await page.getByRole('button', { name: 'Save next step' }).click();
      await page.getByRole('button', { name: 'Save next step' }).isDisabled();
      await saveScreenshot(page, 'sales-opportunity');
      await expectAccessible(page, 'opportunity');
      const { page: phone } = await harness.newPage({ ...PHONE, cookie: rep.cookie });
      await phone.goto(opportunityUrl);
      await phone.getByRole('heading', { level: 1, name: 'Globex: 20 seats' }).waitFor();
      await phone.getByTestId('lines').getByText('Seat licence').waitFor();
      await expectNoHorizontalScroll(phone, 'opportunity on a phone');
      await saveScreenshot(phone, 'sales-opportunity-phone');
    });
  });

  it('moves the opportunity across the board by dragging, and with the keyboard', async () => {
    await journey('sales board', page, async () => {
      await page.goto(url('/pipeline'));
      await page.getByRole('heading', { level: 1, name: 'Pipeline' }).waitFor();
      const column = (name: string) => page.getByTestId(`column-${name}`);
      const card = page.getByTestId('deal-card').filter({ hasText: 'Globex: 20 seats' });
      await column('Qualification').getByText('Globex: 20 seats').waitFor();
      await expect(await column('Qualification').getByTestId('column-totals').textContent()).toContain(
        '€3,200',
      );
      await page.waitForLoadState('networkidle');
      const moved = page.waitForResponse((r) => r.url().includes('/move') && r.request().method() === 'POST');
      // Pressed on the card's name line, dropped on the column's head: both in view at 1366x768.
      await card.scrollIntoViewIfNeeded();
      await card.dragTo(column('Needs analysis'), {
        sourcePosition: { x: 8, y: 8 },
        targetPosition: { x: 20, y: 20 },
      });
      expect((await moved).status()).toBe(200);
      await column('Needs analysis').getByText('Globex: 20 seats').waitFor();
      await column('Needs analysis').getByTestId('column-totals').getByText('€3,200').waitFor();
      // The keyboard alternative: the card's stage list.
      const keyed = page.waitForResponse((r) => r.url().includes('/move') && r.request().method() === 'POST');
      await page.getByLabel('Stage of Globex: 20 seats').selectOption({ label: 'Proposal' });
      expect((await keyed).status()).toBe(200);
      await column('Proposal').getByText('Globex: 20 seats').waitFor();
      await saveScreenshot(page, 'sales-board');
      await expectAccessible(page, 'pipeline board');
      const { page: phone } = await harness.newPage({ ...PHONE, cookie: rep.cookie });
      await phone.goto(url('/pipeline'));
      await phone.getByTestId('column-Proposal').getByText('Globex: 20 seats').waitFor();
      await saveScreenshot(phone, 'sales-board-phone');
    });
  });

  it('builds a quote and shares its acceptance link', async () => {
    await journey('sales quote', page, async () => {
      await page.goto(opportunityUrl);
      await page.getByRole('button', { name: 'New quote' }).click();
      await page.getByRole('heading', { level: 1, name: /^Quote Q-\d{6}$/ }).waitFor();
      await page.getByTestId('quote-revision').getByText('Seat licence').waitFor();
      // A second revision with a better price for the seats.
      const revision = page.getByTestId('new-revision');
      await revision.getByLabel('Terms', { exact: true }).fill('Payment within 30 days.');
      await revision.getByLabel('Unit price').first().fill('110');
      await revision.getByRole('button', { name: 'Save as revision 2' }).click();
      await page.getByRole('heading', { name: 'Revision 2' }).waitFor();
      await page.getByRole('button', { name: 'Share acceptance link' }).click();
      quoteLink = await page.getByLabel('Acceptance link').inputValue();
      expect(quoteLink).toMatch(/\/quote\/[A-Za-z0-9_-]{43}$/);
      await saveScreenshot(page, 'sales-quote-builder');
      await expectAccessible(page, 'quote builder');
    });
  });

  it('lets the customer accept the quote on the public page, without a session', async () => {
    const { page: customer } = await harness.newPage(DESKTOP);
    await journey('sales public quote', customer, async () => {
      await customer.goto(quoteLink);
      await customer.getByRole('heading', { level: 1, name: /^Quote Q-\d{6}$/ }).waitFor();
      // 20 × 110 + 900 − 100
      await customer.getByTestId('quote-total').getByText('€3,000').waitFor();
      await customer.getByText('Payment within 30 days.').waitFor();
      await expectAccessible(customer, 'public quote');
      await saveScreenshot(customer, 'sales-public-quote');
      await customer.getByLabel('Your full name').fill('Cora Convert');
      await customer.getByRole('button', { name: 'Accept the quote' }).click();
      await customer.getByTestId('quote-outcome').getByText('Accepted by Cora Convert').waitFor();
      await saveScreenshot(customer, 'sales-public-quote-accepted');
      const { page: phone } = await harness.newPage(PHONE);
      await phone.goto(quoteLink);
      await phone.getByTestId('quote-outcome').waitFor();
      await expectNoHorizontalScroll(phone, 'public quote on a phone');
    });
  });

  it('shows the won deal and the order on the customer’s page', async () => {
    await journey('sales customer page', page, async () => {
      await page.goto(opportunityUrl);
      await page.getByRole('heading', { level: 1, name: 'Globex: 20 seats' }).waitFor();
      await page.getByText('Won', { exact: true }).first().waitFor();
      await page.goto(url(`/customers/${personId}`));
      await page.getByRole('heading', { level: 1, name: 'Cora Convert' }).waitFor();
      await page.getByTestId('opportunities').getByText('Globex: 20 seats').waitFor();
      await page.getByTestId('opportunities').getByText('Won', { exact: true }).waitFor();
      const timeline = page.getByTestId('timeline');
      // The order is the customer's purchase, linked to the won deal's order.
      await timeline
        .getByTestId('timeline-item')
        .filter({ hasText: 'Purchase: 21 items, 3000.00 EUR' })
        .waitFor();
      await saveScreenshot(page, 'sales-customer-after-order');
      expect(harness.pageErrors).toEqual([]);
    });
  });
});
