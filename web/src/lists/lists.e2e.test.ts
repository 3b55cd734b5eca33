/**
 * Browser journeys of the back-office lists (one server and browser for the file):
 *
 *   npx vitest run web/src/lists/lists.e2e.test.ts
 *
 * 3,000 people are written straight into the database; the people list filters them (stage and a
 * custom attribute), sorts by name, scrolls through all of them while keeping only a window of rows
 * in the page, tags a selection, and saves the view; the accounts list sorts by a column and
 * filters by tag; both say how many match. Each list passes an axe WCAG A/AA audit.
 * Screenshots: test-output/screenshots/.
 */
import { readFile } from 'node:fs/promises';
import { sql } from 'kysely';
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

if (!hasChromium) console.warn(`[lists e2e] SKIPPED: ${CHROMIUM_PATH} not found (apt-get install chromium).`);

const PEOPLE = 3000;

describe.skipIf(!hasChromium)('back-office lists (browser, needs /usr/bin/chromium)', () => {
  let harness: BrowserHarness;
  let page: Page;

  beforeAll(async () => {
    harness = await startBrowserHarness();
    const admin = await apiSession(harness.base, harness.server.demo);
    await admin.call('POST', '/api/attributes', {
      objectType: 'people',
      key: 'tier',
      label: 'Tier',
      type: 'text',
    });
    await admin.call('POST', '/api/accounts', {
      name: 'Acme Ltd',
      domain: 'acme.example',
      industry: 'Retail',
    });
    await admin.call('POST', '/api/accounts', {
      name: 'Globex',
      domain: 'globex.example',
      industry: 'Energy',
    });
    const partners = [
      (await admin.call('POST', '/api/accounts', { name: 'Initech', industry: 'Software' })).id,
      (await admin.call('POST', '/api/accounts', { name: 'Umbrella' })).id,
    ];
    const acme = await admin.call('GET', '/api/accounts?namePrefix=acme');
    await admin.call('POST', '/api/accounts/bulk-update', {
      ids: [partners[0], (acme.items as { id: string }[])[0]?.id],
      addTags: ['partner'],
    });
    // Person 0001 ... 3000, one second apart; every second one a customer, every third one gold.
    await sql`
      insert into people (workspace_id, display_name, lifecycle_stage, attributes, created_at, updated_at)
      select w.id, 'Person ' || lpad(i::text, 4, '0'),
        case when i % 2 = 0 then 'customer' else 'awareness' end,
        case when i % 3 = 0 then '{"tier": "gold"}'::jsonb else '{}'::jsonb end,
        now() - (${PEOPLE} - i) * interval '1 second', now()
      from workspaces w cross join generate_series(1, ${PEOPLE}) as i
      where w.slug = ${harness.server.demo.workspace}`.execute(harness.server.database.db);
    ({ page } = await harness.newPage({ cookie: admin.cookie }));
  });

  afterAll(async () => {
    await harness?.close();
  });

  const url = (path: string) => `${harness.base}${path}`;
  const status = () => page.getByTestId('list-status');
  const rows = () => page.getByTestId('list-row');
  /** Scrolls the list to its end until no page is left to load. */
  const scrollToEnd = async () => {
    const list = page.getByTestId('list');
    for (let i = 0; i < 60 && (await status().textContent())?.includes('scroll for more'); i++) {
      await list.evaluate((el) => el.scrollTo(0, el.scrollHeight));
      await page
        .waitForResponse((r) => r.url().includes('cursor='), { timeout: 2000 })
        .catch(() => undefined);
    }
    await list.evaluate((el) => el.scrollTo(0, el.scrollHeight));
  };
  const firstName = async () => (await rows().first().getByRole('link').textContent()) ?? '';

  it('scrolls through thousands of people with only a window of rows in the page', async () => {
    await journey('lists scroll', page, async () => {
      await page.goto(url('/customers'));
      await page.getByRole('heading', { level: 1, name: 'Customers' }).waitFor();
      await rows().first().waitFor();
      expect(await firstName()).toBe('Person 3000');
      await scrollToEnd();
      await page.getByText(/^3,000 loaded$/).waitFor();
      await page.getByTestId('list-count').getByText('3,000 people').waitFor();
      await rows().filter({ hasText: 'Person 0001' }).waitFor();
      const inPage = await rows().count();
      expect(inPage).toBeGreaterThan(5);
      expect(inPage).toBeLessThan(100);
    });
  });

  it('filters by stage and a custom attribute, and sorts by name both ways', async () => {
    await journey('lists filter and sort', page, async () => {
      await page.goto(url('/customers'));
      await rows().first().waitFor();
      await page.getByLabel('Stage').selectOption('customer');
      await page.getByRole('form', { name: 'Attribute filter' }).getByLabel('Value').fill('gold');
      await page.getByRole('button', { name: 'Add filter' }).click();
      // Every sixth person is a gold customer: 500, in three pages.
      await page.getByText('200 loaded — scroll for more').waitFor();
      await scrollToEnd();
      await page.getByText(/^500 loaded$/).waitFor();
      await page.getByTestId('list-count').getByText('500 people').waitFor();
      expect(page.url()).toContain('attr.tier=gold');
      expect(page.url()).toContain('lifecycleStage=customer');
      await page.getByRole('listitem').filter({ hasText: 'Tier is gold' }).waitFor();

      const name = page.getByRole('columnheader', { name: /Name/ });
      await name.getByRole('button').click();
      await page.waitForFunction(() =>
        document.querySelector('th[aria-sort="ascending"]')?.textContent?.includes('Name'),
      );
      await page.waitForFunction(
        () => document.querySelector('[data-testid="list-row"] a')?.textContent === 'Person 0006',
      );
      await name.getByRole('button').click();
      await page.waitForFunction(
        () => document.querySelector('[data-testid="list-row"] a')?.textContent === 'Person 3000',
      );
      expect(await name.getAttribute('aria-sort')).toBe('descending');
      await saveScreenshot(page, 'people-list');
      await expectAccessible(page, 'people list');

      // A reload (or a pasted link) shows the same list.
      await page.reload();
      await page.getByText('200 loaded — scroll for more').waitFor();
      expect(await firstName()).toBe('Person 3000');
    });
  });

  it('tags a selection in bulk, filters by the tag and saves the view', async () => {
    await journey('lists bulk tag', page, async () => {
      await page.goto(url('/customers?lifecycleStage=customer&sort=displayName'));
      await rows().first().waitFor();
      await page.getByRole('checkbox', { name: 'Select Person 0002' }).check();
      await page.getByRole('checkbox', { name: 'Select Person 0004' }).check();
      const bulk = page.getByRole('group', { name: 'Bulk actions' });
      await bulk.getByText('2 selected').waitFor();
      await bulk.getByRole('button', { name: 'Add tag' }).click();
      const dialog = page.getByRole('dialog', { name: 'Add tag' });
      await dialog.getByLabel('Tag').fill('VIP');
      const posted = page.waitForResponse((r) => r.url().endsWith('/api/people/bulk-update'));
      await dialog.getByRole('button', { name: 'Add tag' }).click();
      expect(await (await posted).json()).toEqual({ matched: 2, updated: 2, refused: 0 });
      await page.getByText('2 of 2 updated').waitFor();
      await rows().filter({ hasText: 'Person 0002' }).getByText('vip').waitFor();

      await page.getByLabel('Tag', { exact: true }).selectOption('vip');
      await page.getByText(/^2 loaded$/).waitFor();
      // The server's export cannot filter by tag: the list's own rows are exported.
      const download = page.waitForEvent('download');
      await page.getByRole('button', { name: 'Export all as CSV' }).click();
      const csv = await readFile((await (await download).path()) ?? '', 'utf8');
      expect(csv.split('\r\n').filter(Boolean)).toHaveLength(3);
      expect(csv).toMatch(/^Name,Email,Phone,Stage,Owner,Tags,Created\r\n/);
      expect(csv).toContain('Person 0004');
      await page.getByRole('button', { name: 'Save view' }).click();
      const save = page.getByRole('dialog', { name: 'Save view' });
      await save.getByLabel('Name').fill('VIP customers');
      await save.getByRole('button', { name: 'Save' }).click();
      await page.waitForURL(/view=/);
      await page.goto(url('/customers'));
      await page.getByText(/^200 loaded/).waitFor();
      await page.getByLabel('View').selectOption({ label: 'VIP customers' });
      await page.getByText(/^2 loaded$/).waitFor();
      expect(page.url()).toContain('tag=vip');
    });
  });

  it('sorts accounts by a column, filters them by tag, and counts them', async () => {
    await journey('accounts list', page, async () => {
      const names = () => rows().getByRole('link').allTextContents();
      await page.goto(url('/accounts'));
      await page.getByRole('heading', { level: 1, name: 'Accounts' }).waitFor();
      await page.getByTestId('list-count').getByText('4 accounts').waitFor();
      await rows().filter({ hasText: 'Acme Ltd' }).waitFor();
      expect(await rows().count()).toBe(4);

      // Industry A to Z, accounts without one last; then Z to A, those first.
      const industry = page.getByRole('columnheader', { name: /Industry/ });
      await industry.getByRole('button').click();
      await expect.poll(names).toEqual(['Globex', 'Acme Ltd', 'Initech', 'Umbrella']);
      expect(await industry.getAttribute('aria-sort')).toBe('ascending');
      expect(page.url()).toContain('sort=industry');
      await industry.getByRole('button').click();
      await expect.poll(names).toEqual(['Umbrella', 'Initech', 'Acme Ltd', 'Globex']);
      expect(await industry.getAttribute('aria-sort')).toBe('descending');

      await page.getByLabel('Tag', { exact: true }).selectOption('partner');
      await expect.poll(names).toEqual(['Initech', 'Acme Ltd']);
      await page.getByTestId('list-count').getByText('2 accounts').waitFor();
      expect(page.url()).toContain('tag=partner');
      await rows().filter({ hasText: 'Initech' }).getByText('partner').waitFor();
      await saveScreenshot(page, 'accounts-list');
      await expectAccessible(page, 'accounts list');

      // A reload keeps the sort and the filter.
      await page.reload();
      await expect.poll(names).toEqual(['Initech', 'Acme Ltd']);
      expect(harness.pageErrors).toEqual([]);
    });
  });
});
