/**
 * Browser test of the login flow against the real server (in-process, fresh database) and
 * the built web app, driven through Debian's Chromium with playwright-core.
 *
 *   npx vitest run web/src/auth/login.e2e.test.ts
 *
 * Screenshots: test-output/screenshots/home.png on success, test-output/login-e2e-failure-*.png
 * on failure. Skips (with a message) when /usr/bin/chromium is missing; never downloads a browser.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer } from '../../../src/testing/server';
import { ensureWebBuild } from '../testing/browser';

const CHROMIUM_PATH = '/usr/bin/chromium';
const hasChromium = existsSync(CHROMIUM_PATH);

const webDir = fileURLToPath(new URL('../../', import.meta.url));
const repoRoot = dirname(webDir.replace(/\/$/, ''));
const outputDir = join(repoRoot, 'test-output');
const screenshotDir = join(outputDir, 'screenshots');

if (!hasChromium) {
  console.warn(
    `[login e2e] SKIPPED: ${CHROMIUM_PATH} not found. Install Debian's Chromium (apt-get install chromium) to run this browser test.`,
  );
}

/** Run one step; on failure say which step failed (the screenshot is taken by the caller). */
async function step(name: string, run: () => Promise<void>): Promise<void> {
  try {
    await run();
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new Error(`Step "${name}" failed: ${message}`, { cause: error });
  }
}

describe.skipIf(!hasChromium)('login (browser, needs /usr/bin/chromium)', () => {
  let server: Awaited<ReturnType<typeof startTestServer>> | undefined;
  let browser: Browser | undefined;
  let context: BrowserContext | undefined;
  let page: Page;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    await ensureWebBuild();
    server = await startTestServer();
    browser = await chromium.launch({
      executablePath: CHROMIUM_PATH,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    });
    context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    context.setDefaultTimeout(10_000);
    page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
  });

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await server?.close();
  });

  it('logs in, survives a reload, and logs out', async () => {
    if (!server) throw new Error('test server did not start');
    const { url, demo } = server;
    const base = url.replace(/\/$/, '');
    const pathOf = () => new URL(page.url()).pathname;
    const frameUserName = page.getByTestId('user-name');
    let userName = '';
    let workspaceName = '';

    try {
      await step('anonymous visitor lands on /login', async () => {
        await page.goto(`${base}/`);
        await page.waitForURL(`${base}/login`);
        await page.getByRole('heading', { level: 1, name: 'Log in' }).waitFor();
        expect(await page.getByLabel('Workspace').inputValue()).toBe('demo');
      });

      await step('wrong password shows the error alert', async () => {
        await page.getByLabel('Workspace').fill(demo.workspace);
        await page.getByLabel('Email').fill(demo.email);
        await page.getByLabel('Password').fill(`${demo.password}-wrong`);
        const response = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/auth/login');
        await page.getByRole('button', { name: 'Log in' }).click();
        expect((await response).status()).toBe(401);
        const alert = page.getByRole('alert');
        await alert.waitFor();
        expect((await alert.textContent())?.trim()).not.toBe('');
        expect(pathOf()).toBe('/login');
      });

      await step('demo login opens the frame at /', async () => {
        await page.getByLabel('Password').fill(demo.password);
        const response = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/auth/login');
        await page.getByRole('button', { name: 'Log in' }).click();
        const loginResponse = await response;
        const text = await loginResponse.text();
        expect(loginResponse.status(), `POST /api/auth/login with the demo login answered: ${text}`).toBe(
          200,
        );
        const login = JSON.parse(text) as { user?: { name?: unknown }; workspace?: { name?: unknown } };
        expect(typeof login.user?.name).toBe('string');
        userName = String(login.user?.name);
        workspaceName = String(login.workspace?.name);
        await page.waitForURL(`${base}/`);
        await page.getByRole('navigation', { name: 'Main' }).waitFor();
        await frameUserName.waitFor();
        expect(await frameUserName.textContent()).toBe(userName);
        expect(await page.getByTestId('workspace-name').textContent()).toContain(workspaceName);
        await page.getByRole('heading', { level: 1, name: 'Home' }).waitFor();
        await page.getByRole('button', { name: 'Log out' }).waitFor();
      });

      await step('footer shows the server health', async () => {
        await page.getByText(/Server OK · (pglite|postgres) · schema /).waitFor();
      });

      await step('home screenshot', async () => {
        mkdirSync(screenshotDir, { recursive: true });
        await page.screenshot({ path: join(screenshotDir, 'home.png'), fullPage: true });
      });

      await step('nav goes to /customers and a reload stays there, logged in', async () => {
        await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Customers' }).click();
        await page.waitForURL(`${base}/customers`);
        await page.getByRole('heading', { level: 1, name: 'Customers' }).waitFor();
        await page.reload();
        await page.getByRole('heading', { level: 1, name: 'Customers' }).waitFor();
        expect(pathOf()).toBe('/customers');
        await frameUserName.waitFor();
        expect(await frameUserName.textContent()).toBe(userName);
        const current = page.getByRole('link', { name: 'Customers' });
        expect(await current.getAttribute('aria-current')).toBe('page');
      });

      await step('log out sends the CSRF token and returns to /login', async () => {
        const request = page.waitForRequest((r) => new URL(r.url()).pathname === '/api/auth/logout');
        await page.getByRole('button', { name: 'Log out' }).click();
        const headers = (await request).headers();
        expect(headers['x-csrf-token'], 'logout must carry x-csrf-token').toBeTruthy();
        await page.waitForURL(`${base}/login`);
        await page.getByRole('heading', { level: 1, name: 'Log in' }).waitFor();
      });

      await step('after logout the session is gone server-side', async () => {
        await page.goto(`${base}/customers`);
        await page.waitForURL(`${base}/login?next=%2Fcustomers`);
        const me = await page.request.get(`${base}/api/auth/me`);
        expect(me.status()).toBe(401);
      });

      expect(pageErrors, 'uncaught errors in the page').toEqual([]);
    } catch (error) {
      mkdirSync(outputDir, { recursive: true });
      const file = join(outputDir, `login-e2e-failure-${Date.now()}.png`);
      await page.screenshot({ path: file, fullPage: true }).catch(() => undefined);
      console.error(`[login e2e] failure screenshot: ${file} (page URL ${page.url()})`);
      throw error;
    }
  });
});
