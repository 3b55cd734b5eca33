/**
 * The built app, and the API documentation, run under their Content-Security-Policy in Chromium:
 * no page logs a policy violation (an inline script or style, a foreign source) on the way through
 * the main pages. Skips without /usr/bin/chromium.
 *
 *   npx vitest run web/src/app/csp.e2e.test.ts
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  apiSession,
  type BrowserHarness,
  CHROMIUM_PATH,
  hasChromium,
  journey,
  startBrowserHarness,
} from '../testing/browser';

if (!hasChromium) console.warn(`[csp e2e] SKIPPED: ${CHROMIUM_PATH} not found (apt-get install chromium).`);

describe.skipIf(!hasChromium)('the app under its Content-Security-Policy (browser)', () => {
  let harness: BrowserHarness;
  let personId: string;

  beforeAll(async () => {
    harness = await startBrowserHarness();
    const admin = await apiSession(harness.base, harness.server.demo);
    personId = String(
      (await admin.call('POST', '/api/people', { displayName: 'Csp Person', emails: ['csp@example.com'] }))
        .id,
    );
  });
  afterAll(async () => {
    await harness?.close();
  });

  /** Collects what the browser reports as policy violations, from the console and the DOM event. */
  const watch = async (page: Page) => {
    const violations: string[] = [];
    page.on('console', (message) => {
      if (/Content[- ]Security[- ]Policy/i.test(message.text())) violations.push(message.text());
    });
    await page.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (event) => {
        console.error(
          `Content-Security-Policy violation: ${event.violatedDirective} blocked ${event.blockedURI || 'inline'}`,
        );
      });
    });
    return violations;
  };

  it('logs in and walks the main pages with no violation', async () => {
    const { page } = await harness.newPage();
    const violations = await watch(page);
    await journey('csp app', page, async () => {
      const response = await page.goto(`${harness.base}/login`);
      expect(response?.headers()['content-security-policy']).toContain("script-src 'self'");
      await page.getByLabel('Email').fill(harness.server.demo.email);
      await page.getByLabel('Password').fill(harness.server.demo.password);
      await page.getByLabel('Password').press('Enter');
      await page.getByRole('navigation').waitFor();
      for (const path of ['/', '/customers', `/customers/${personId}`, '/tasks', '/analytics', '/admin']) {
        await page.goto(`${harness.base}${path}`);
        await page.getByRole('heading', { level: 1 }).first().waitFor();
      }
    });
    expect(violations).toEqual([]);
    expect(harness.pageErrors).toEqual([]);
    // The watch itself works: an inline script added to the page is refused and reported.
    const ran = await page.evaluate(async () => {
      const script = document.createElement('script');
      script.textContent = 'window.__inlineRan = true';
      document.body.append(script);
      await new Promise((r) => setTimeout(r, 100));
      return (window as unknown as { __inlineRan?: boolean }).__inlineRan === true;
    });
    expect(ran).toBe(false);
    await expect.poll(() => violations.length).toBeGreaterThan(0);
  });

  it('shows the API documentation with no violation', async () => {
    const { page } = await harness.newPage();
    const violations = await watch(page);
    await journey('csp docs', page, async () => {
      await page.goto(`${harness.base}/api/docs`);
      await page.locator('.swagger-ui .info').waitFor();
    });
    expect(violations).toEqual([]);
  });
});
