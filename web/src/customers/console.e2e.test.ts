/**
 * Browser journeys of the front-line console, against the real server (in-process, fresh
 * database) and the built web app, in Debian's Chromium (one server and browser for the file):
 *
 *   npx vitest run web/src/customers/console.e2e.test.ts
 *
 * Screenshots of the main pages go to test-output/screenshots/; a failing journey saves
 * test-output/<journey>-failure-*.png. Skips (with a message) without /usr/bin/chromium.
 */
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectAccessible } from '../testing/a11y';
import { startDropProxy } from '../testing/drop-proxy';
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
  console.warn(`[console e2e] SKIPPED: ${CHROMIUM_PATH} not found (apt-get install chromium).`);

describe.skipIf(!hasChromium)('front-line console (browser, needs /usr/bin/chromium)', () => {
  let harness: BrowserHarness;
  let page: Page;
  let context: BrowserContext;
  let admin: Awaited<ReturnType<typeof apiSession>>;
  let token: string;
  let annId: string;

  beforeAll(async () => {
    harness = await startBrowserHarness();
    admin = await apiSession(harness.base, harness.server.demo);
    token = String((await admin.call('POST', '/api/tokens', { name: 'phone system' })).token);
    const ann = await admin.call(
      'POST',
      '/api/people',
      {
        firstName: 'Ann',
        lastName: 'Example',
        displayName: 'Ann Example',
        phones: ['+1 415 555 0100'],
        emails: ['ann@example.com'],
      },
      { bearer: token },
    );
    annId = String(ann.id);
    ({ page, context } = await harness.newPage({ cookie: admin.cookie }));
  });

  afterAll(async () => {
    await harness?.close();
  });

  const url = (path: string) => `${harness.base}${path}`;
  const customerUrl = () => url(`/customers/${annId}`);

  it('finds a customer by a phone number typed in another format and opens them', async () => {
    await journey('search by phone', page, async () => {
      await page.goto(url('/'));
      await page.getByRole('heading', { level: 1, name: 'Home' }).waitFor();
      await page.keyboard.press('Control+k');
      const box = page.getByRole('combobox', { name: 'Search customers' });
      expect(await box.evaluate((el) => el === document.activeElement)).toBe(true);
      await page.keyboard.type('(415) 555-0100');
      const option = page.getByRole('option', { name: /Ann Example/ });
      await option.waitFor();
      expect(await option.textContent()).toContain('Phone +1 415 555 0100');
      expect(await option.getAttribute('aria-selected')).toBe('true');
      await expectAccessible(page, 'search results open');
      await saveScreenshot(page, 'search');
      await page.keyboard.press('Enter');
      await page.waitForURL(customerUrl());
      await page.getByRole('heading', { level: 1, name: 'Ann Example' }).waitFor();
      await page.getByTestId('identities').getByText('+1 415 555 0100').waitFor();
    });
  });

  it('logs a call that shows on the timeline at once', async () => {
    await journey('log a call', page, async () => {
      await page.goto(customerUrl());
      await page.getByRole('button', { name: 'Log call' }).click();
      const dialog = page.getByRole('dialog', { name: 'Log a call' });
      await dialog.getByLabel('Subject').fill('Asked about delivery');
      await dialog.getByLabel('Summary').fill('Parcel late; promised an update by Friday.');
      await dialog.getByLabel('Duration (minutes)').fill('4');
      await expectAccessible(page, 'log call dialog');
      const posted = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/interactions');
      await dialog.getByRole('button', { name: 'Save call' }).click();
      expect((await posted).status()).toBe(201);
      const entry = page.getByTestId('timeline-item').filter({ hasText: 'Asked about delivery' });
      await entry.waitFor();
      expect(await entry.textContent()).toContain('4 min');
      expect(await dialog.isVisible()).toBe(false);
      await expectAccessible(page, 'customer page');
      await saveScreenshot(page, 'customer');
    });
  });

  it('schedules a call-back and ticks it off on "my day"', async () => {
    await journey('call-back on my day', page, async () => {
      await page.goto(customerUrl());
      await page
        .getByRole('group', { name: 'Actions' })
        .getByRole('button', { name: 'Schedule call-back' })
        .click();
      const dialog = page.getByRole('dialog', { name: 'Schedule a call-back' });
      await dialog.getByLabel('Title').fill('Call Ann about the late parcel');
      // An hour ago: overdue whatever the time of day the test runs.
      const due = new Date(Date.now() - 3_600_000);
      const local = new Date(due.getTime() - due.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
      await dialog.getByLabel('Due').fill(local);
      expect(await dialog.getByLabel('Assignee').inputValue()).toBe(admin.userId);
      await expectAccessible(page, 'call-back dialog');
      await dialog.getByRole('button', { name: 'Schedule' }).click();
      await page.getByTestId('open-tasks').getByText('Call Ann about the late parcel').waitFor();

      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Tasks' }).click();
      await page.waitForURL(url('/tasks'));
      const row = page
        .getByTestId('tasks-overdue')
        .getByRole('row', { name: /Call Ann about the late parcel/ });
      await row.waitFor();
      await expectAccessible(page, 'my day');
      await saveScreenshot(page, 'my-day');
      const patched = page.waitForResponse((r) => r.request().method() === 'PATCH');
      await row.getByRole('button', { name: 'Mark “Call Ann about the late parcel” done' }).click();
      expect((await patched).status()).toBe(200);
      await row.waitFor({ state: 'detached' });
      await page.reload();
      await page.getByTestId('tasks-overdue').getByText('Nothing overdue.').waitFor();
    });
  });

  it('pops an incoming call from the phone system and opens the caller; a new caller gets a create form', async () => {
    await journey('screen pop', page, async () => {
      await page.goto(url('/'));
      await page.locator('[data-testid="live-status"][data-status="live"]').waitFor();
      const call = (from: string, callId: string) =>
        admin.call(
          'POST',
          '/api/telephony/calls',
          { from, to: '+1 800 555 0199', agent: harness.server.demo.email, callId },
          { bearer: token },
        );
      const answer = await call('415.555.0100', 'e2e-call-1');
      expect(answer.personId).toBe(annId);
      const pop = page.getByTestId('screen-pop');
      await pop.getByText('Ann Example').waitFor();
      await expectAccessible(page, 'screen pop', { include: '[data-testid="screen-pop"]' });
      await saveScreenshot(page, 'screen-pop');
      await pop.getByRole('button', { name: 'Open customer' }).click();
      await page.waitForURL(customerUrl());
      await page
        .getByTestId('timeline-item')
        .filter({ hasText: 'Incoming call from 415.555.0100' })
        .waitFor();

      await call('+1 (212) 555-0142', 'e2e-call-2');
      await pop.getByText('New caller').waitFor();
      await pop.getByRole('button', { name: 'Create customer' }).click();
      const dialog = page.getByRole('dialog', { name: 'New caller' });
      expect(await dialog.getByLabel('Phone').inputValue()).toBe('+12125550142');
      await expectAccessible(page, 'new caller dialog', { include: 'dialog[open]' });
      await dialog.getByLabel('First name').fill('Ben');
      await dialog.getByLabel('Last name').fill('Caller');
      await dialog.getByRole('button', { name: 'Create customer' }).click();
      await page.getByRole('heading', { level: 1, name: 'Ben Caller' }).waitFor();
      expect(new URL(page.url()).pathname).toMatch(/^\/customers\/[0-9a-f-]{36}$/);
    });
  });

  it('reconnects the live stream by itself after a network drop, and pops the calls made while it was down', async () => {
    // Through a proxy that can cut the connections, as a real drop does (the stream is reset).
    const proxy = await startDropProxy(harness.base);
    const live = (status: string) => page.locator(`[data-testid="live-status"][data-status="${status}"]`);
    const pop = page.getByTestId('screen-pop');
    // The phone system reaches the server directly, not through the cut connection.
    const post = (callId: string, from: string) =>
      admin.call(
        'POST',
        '/api/telephony/calls',
        { from, to: '+1 800 555 0199', agent: harness.server.demo.email, callId },
        { bearer: token },
      );
    const popped = async (text: string | RegExp) => {
      await pop.filter({ hasText: text }).waitFor();
      await pop.getByRole('button', { name: 'Dismiss' }).click();
      await pop.waitFor({ state: 'detached' });
    };
    const ring = async (callId: string) => {
      expect((await post(callId, '(415) 555-0100')).personId).toBe(annId);
      await popped('Ann Example');
    };
    /** A call from a new number, made while the page cannot hear it. */
    const missed = async (callId: string, last4: string) => {
      expect((await post(callId, `+1 212 555 ${last4}`)).newCaller).toBe(true);
      expect(await pop.count()).toBe(0);
    };
    try {
      await journey('screen pop after a network drop', page, async () => {
        await page.goto(`${proxy.url}/`);
        await page.getByRole('heading', { level: 1, name: 'Home' }).waitFor();
        await live('live').waitFor();
        await ring('e2e-drop-1');

        // The connection is reset and the server unreachable while a call comes in.
        proxy.drop();
        await live('reconnecting').waitFor();
        expect(await page.getByTestId('live-status').textContent()).toBe('Calls: reconnecting…');
        await missed('e2e-drop-missed-1', '0171');
        proxy.restore();
        await live('live').waitFor({ timeout: 20_000 });
        await popped(/555\D?0171/);
        await ring('e2e-drop-2');

        // The browser goes offline (the stream would otherwise look open) and a call comes in; back
        // online, the page opens a new stream, which asks for what it missed by the last event's id.
        await context.setOffline(true);
        await live('reconnecting').waitFor();
        await missed('e2e-drop-missed-2', '0172');
        await context.setOffline(false);
        await live('live').waitFor();
        await popped(/555\D?0172/);
        await ring('e2e-drop-3');
      });
    } finally {
      await context.setOffline(false);
      await proxy.close();
    }
  });

  it('changes the stage, a profile field, consent and identities for a role that may', async () => {
    await journey('edit the customer', page, async () => {
      await page.goto(customerUrl());
      const patch = () => page.waitForResponse((r) => r.request().method() === 'PATCH');
      let patched = patch();
      await page.getByLabel('Lifecycle stage').selectOption('customer');
      expect((await patched).status()).toBe(200);
      await page.locator('.page-header').getByText('Customer', { exact: true }).waitFor();

      const profile = page.getByTestId('profile');
      await profile.getByLabel('Language').fill('fr');
      patched = patch();
      await profile.getByRole('button', { name: 'Save changes' }).click();
      expect(JSON.parse((await patched).request().postData() ?? '{}')).toEqual({ language: 'fr' });

      await page.getByRole('button', { name: 'Grant Email marketing consent' }).click();
      await page.getByTestId('consent-email-marketing').getByText('Granted').waitFor();

      const summary = page.getByTestId('summary');
      await summary.getByLabel('Kind').selectOption('phone');
      await summary.getByLabel('Value').fill('(415) 555-0111');
      await summary.getByRole('button', { name: 'Add', exact: true }).click();
      await page.getByTestId('identities').getByText('+1 415 555 0111').waitFor();
      await page.getByRole('button', { name: 'Remove Phone +1 415 555 0111' }).click();
      await page.getByTestId('identities').getByText('+1 415 555 0111').waitFor({ state: 'detached' });
    });
  });

  it('scrolls back through a long timeline and filters it by channel', async () => {
    await journey('timeline scroll and filter', page, async () => {
      const dora = String(
        (await admin.call('POST', '/api/people', { displayName: 'Dora Regular' }, { bearer: token })).id,
      );
      const start = Date.now() - 60 * 86_400_000;
      const items = Array.from({ length: 60 }, (_, i) => ({
        idempotencyKey: `dora-${i}`,
        personId: dora,
        channel: i % 3 === 0 ? 'email' : 'web',
        type: i % 3 === 0 ? 'email' : 'page_view',
        subject: `Touch ${i}`,
        occurredAt: new Date(start + i * 86_400_000).toISOString(),
      }));
      await admin.call('POST', '/api/interactions/bulk', { items }, { bearer: token });
      await page.goto(url(`/customers/${dora}`));
      const entries = page.getByTestId('timeline-item');
      await entries.filter({ hasText: 'Touch 59' }).waitFor();
      // Keep scrolling to the end, as a reader does: each scroll past the end loads the next older page.
      await expect
        .poll(
          async () => {
            await page.mouse.wheel(0, 50_000);
            return entries.filter({ hasText: /Touch 0(?!\d)/ }).count();
          },
          { timeout: 20_000, interval: 300 },
        )
        .toBe(1);
      expect(await entries.count()).toBe(60);
      await page.getByTestId('timeline').getByLabel('Channel').selectOption('email');
      await entries.filter({ hasText: /Touch 1(?!\d)/ }).waitFor({ state: 'detached' });
      await entries.filter({ hasText: 'Touch 57' }).waitFor();
      expect(await entries.count()).toBe(20);
    });
  });

  it('sends a merged customer’s old address to the survivor', async () => {
    await journey('merged id redirects', page, async () => {
      const person = (name: string, email: string) =>
        admin.call('POST', '/api/people', { displayName: name, emails: [email] }, { bearer: token });
      const survivor = String((await person('Cleo Twin', 'cleo@example.com')).id);
      const merged = String((await person('Cleo Twin', 'cleo.twin@example.com')).id);
      await admin.call(
        'POST',
        '/api/people/merge',
        { survivorId: survivor, mergedId: merged, dryRun: false },
        { bearer: token },
      );
      await page.goto(url(`/customers/${merged}`));
      await page.waitForURL(url(`/customers/${survivor}`));
      await page.getByTestId('identities').getByText('cleo.twin@example.com').waitFor();
    });
  });

  it('shows a role that may not edit the fields read-only, without the actions', async () => {
    await admin.call('POST', '/api/users', {
      email: 'ana@example.com',
      name: 'Ana Analyst',
      role: 'analyst',
      password: 'analyst-password',
    });
    const analyst = await apiSession(harness.base, {
      workspace: harness.server.demo.workspace,
      email: 'ana@example.com',
      password: 'analyst-password',
    });
    const { page: tablet } = await harness.newPage({ width: 820, height: 1180, cookie: analyst.cookie });
    await journey('read-only role', tablet, async () => {
      await tablet.goto(customerUrl());
      await tablet.getByRole('heading', { level: 1, name: 'Ann Example' }).waitFor();
      await tablet.getByTestId('profile-readonly').waitFor();
      const profile = tablet.getByTestId('profile');
      for (const label of ['First name (read-only)', 'Last name (read-only)', 'Display name (read-only)']) {
        expect(await profile.getByLabel(label).getAttribute('readonly'), label).not.toBeNull();
      }
      expect(await tablet.getByLabel('Lifecycle stage (read-only)').isDisabled()).toBe(true);
      expect(await profile.getByRole('button', { name: 'Save changes' }).count()).toBe(0);
      expect(await tablet.getByRole('button', { name: /^Log (call|email|chat|visit)$/ }).count()).toBe(0);
      expect(await tablet.getByRole('button', { name: /^Grant / }).count()).toBe(0);
      expect(await tablet.getByRole('button', { name: 'Add note' }).count()).toBe(0);
      expect(await tablet.getByRole('button', { name: /^Remove / }).count()).toBe(0);
      await tablet.getByTestId('consent-email-marketing').getByText('Granted').waitFor();
      // The history is still there to read.
      await tablet.getByTestId('timeline-item').filter({ hasText: 'Asked about delivery' }).waitFor();
      await saveScreenshot(tablet, 'customer-read-only-tablet');
    });
    expect(harness.pageErrors, 'uncaught errors in the pages').toEqual([]);
  });
});
