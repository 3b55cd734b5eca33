/**
 * Shared set-up of the browser tests (`*.e2e.test.ts`): build the web app when stale, start the
 * whole server in-process on a fresh database, drive Debian's Chromium through playwright-core
 * (never a downloaded browser), and keep screenshots under test-output/.
 */
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { build } from 'vite';
import { startTestServer } from '../../../src/testing/server';

export const CHROMIUM_PATH = '/usr/bin/chromium';
export const hasChromium = existsSync(CHROMIUM_PATH);

const webDir = fileURLToPath(new URL('../../', import.meta.url));
const repoRoot = dirname(webDir.replace(/\/$/, ''));
const distIndex = join(webDir, 'dist', 'index.html');
export const outputDir = join(repoRoot, 'test-output');
export const screenshotDir = join(outputDir, 'screenshots');

/** Newest modification time of anything the build depends on (tests excluded). */
function newestSourceMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'dist' || entry.name === 'node_modules') continue;
    const full = join(dir, entry.name);
    newest = Math.max(
      newest,
      entry.isDirectory()
        ? newestSourceMtime(full)
        : entry.name.endsWith('.test.ts')
          ? 0
          : statSync(full).mtimeMs,
    );
  }
  return newest;
}

const isFresh = () => existsSync(distIndex) && statSync(distIndex).mtimeMs >= newestSourceMtime(webDir);
const LOCK_STALE_MS = 120_000;

/**
 * Build web/dist when it is missing or older than the sources (so a test never runs a stale UI).
 * Test files run in parallel processes: a lock folder lets one build while the others wait.
 */
export async function ensureWebBuild(): Promise<void> {
  const buildLock = join(outputDir, '.web-build.lock');
  mkdirSync(outputDir, { recursive: true });
  while (!isFresh()) {
    try {
      mkdirSync(buildLock);
    } catch {
      // Another process is building; a lock left by a crashed run is taken over after a while.
      const lockedAt = statSync(buildLock, { throwIfNoEntry: false })?.mtimeMs ?? Date.now();
      if (Date.now() - lockedAt > LOCK_STALE_MS) rmSync(buildLock, { recursive: true, force: true });
      await new Promise((resolve) => setTimeout(resolve, 250));
      continue;
    }
    try {
      if (!isFresh()) await build({ configFile: join(webDir, 'vite.config.ts'), logLevel: 'silent' });
    } finally {
      rmSync(buildLock, { recursive: true, force: true });
    }
  }
}

export type TestServer = Awaited<ReturnType<typeof startTestServer>>;

export interface BrowserHarness {
  server: TestServer;
  base: string;
  browser: Browser;
  /** Errors thrown in any page of the harness (a test should end with none). */
  pageErrors: string[];
  newPage(options?: {
    width?: number;
    height?: number;
    cookie?: string;
  }): Promise<{ context: BrowserContext; page: Page }>;
  close(): Promise<void>;
}

/** One server and one browser for a whole test file. */
export async function startBrowserHarness(): Promise<BrowserHarness> {
  await ensureWebBuild();
  const server = await startTestServer();
  const base = server.url.replace(/\/$/, '');
  const browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
  const pageErrors: string[] = [];
  const contexts: BrowserContext[] = [];
  return {
    server,
    base,
    browser,
    pageErrors,
    async newPage({ width = 1280, height = 800, cookie } = {}) {
      const context = await browser.newContext({ viewport: { width, height } });
      contexts.push(context);
      context.setDefaultTimeout(10_000);
      if (cookie) await context.addCookies([{ name: 'rapport_session', value: cookie, url: base }]);
      const page = await context.newPage();
      page.on('pageerror', (error) => pageErrors.push(error.message));
      return { context, page };
    },
    async close() {
      for (const context of contexts) await context.close().catch(() => undefined);
      await browser.close().catch(() => undefined);
      await server.close();
    },
  };
}

/** Runs a journey; on failure saves a screenshot of the page and says where. */
export async function journey(name: string, page: Page, run: () => Promise<void>): Promise<void> {
  try {
    await run();
  } catch (error) {
    mkdirSync(outputDir, { recursive: true });
    const file = join(outputDir, `${name.replace(/[^a-z0-9]+/gi, '-')}-failure-${Date.now()}.png`);
    await page.screenshot({ path: file, fullPage: true }).catch(() => undefined);
    console.error(`[e2e] "${name}" failed; screenshot ${file} (page URL ${page.url()})`);
    throw error;
  }
}

/** Saves a screenshot of a main page under test-output/screenshots/. */
export async function saveScreenshot(page: Page, name: string): Promise<void> {
  mkdirSync(screenshotDir, { recursive: true });
  await page.screenshot({ path: join(screenshotDir, `${name}.png`), fullPage: true });
}

/** A client of the test server's API: log in with a password, then call with the session's cookie and CSRF token. */
export async function apiSession(
  base: string,
  login: { workspace: string; email: string; password: string },
) {
  const response = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(login),
  });
  if (!response.ok)
    throw new Error(`login as ${login.email} answered ${response.status}: ${await response.text()}`);
  const body = (await response.json()) as { csrfToken: string; user: { id: string } };
  const cookie = /rapport_session=([^;]+)/.exec(response.headers.get('set-cookie') ?? '')?.[1];
  if (!cookie) throw new Error('login set no session cookie');
  const call = async (method: string, path: string, payload?: unknown, auth?: { bearer: string }) => {
    const headers: Record<string, string> = auth
      ? { authorization: `Bearer ${auth.bearer}` }
      : { cookie: `rapport_session=${cookie}`, 'x-csrf-token': body.csrfToken };
    if (payload !== undefined) headers['content-type'] = 'application/json';
    const r = await fetch(`${base}${path}`, {
      method,
      headers,
      body: payload === undefined ? undefined : JSON.stringify(payload),
    });
    const text = await r.text();
    if (!r.ok) throw new Error(`${method} ${path} answered ${r.status}: ${text}`);
    return text ? (JSON.parse(text) as Record<string, unknown>) : {};
  };
  return { cookie, userId: body.user.id, call };
}
