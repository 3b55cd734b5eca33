/**
 * How fast the customer page becomes interactive after the click, in Debian's Chromium against a
 * running server with data (the app already loaded, as an agent's console is all day):
 *
 *   npx tsx bench/customer-page.ts http://127.0.0.1:3311 [samples] [workspace]
 *
 * "click on a search result": the agent types a customer's email in the search box and clicks the
 * result; timed in the page from the mousedown (which opens the customer) to the first frame that
 * shows the profile, the first page of the timeline (not just the 360's latest interactions) and
 * the enabled action buttons. "pasted link": a /customers/{id} address loaded from scratch,
 * the app included, until the same. The large-set runner calls `benchCustomerPage` with the base
 * URL of a server on the large database and writes `figures` into bench/RESULTS.md.
 */
import { chromium, type Page } from 'playwright-core';
import type { Figure } from './stats';

export interface Latency {
  samples: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

export interface CustomerPageFigures {
  /** Click on a search result → the customer page interactive (ms). */
  clickToInteractive: Latency;
  /**
   * Of that, click → the last of the 360 and the first timeline page answered (ms): the part spent
   * waiting for the server; the rest is the browser's (routing, rendering).
   */
  clickToData: Latency;
  /** A pasted /customers/{id} link → the page interactive, loading the app too (ms). */
  pastedLink: Latency;
  /** The same as rows for bench/RESULTS.md (names carry `label`). */
  figures: Figure[];
}

export interface CustomerPageBenchOptions {
  /** Default: the demo login in the "demo" workspace (the large set's workspace is "large"). */
  login?: { workspace: string; email: string; password: string };
  /** Customers opened per figure (each a different one). Default 30. */
  samples?: number;
  /** Appended to each figure's name, e.g. "postgres, large". */
  label?: string;
  log?: (line: string) => void;
}

const DEMO_LOGIN = { workspace: 'demo', email: 'demo@rapport.dev', password: 'rapport-demo' };
const WARM_UP = 2;

/**
 * The page is interactive: its heading names the customer, the profile form and the summary are
 * there, the timeline's first page has arrived (the panel is no longer busy) and the action
 * buttons can be pressed. Returns the page's clock at that frame, else false.
 */
function interactiveAt(): number | false {
  const h1 = document.querySelector('h1');
  const timeline = document.querySelector('[data-testid="timeline"]');
  const ready =
    h1 !== null &&
    h1.textContent !== 'Customer' &&
    document.querySelector('[data-testid="profile"]') !== null &&
    document.querySelector('[data-testid="summary"]') !== null &&
    timeline !== null &&
    timeline.getAttribute('aria-busy') !== 'true' &&
    (timeline.querySelector('li') !== null || timeline.querySelector('.panel__empty') !== null) &&
    [...document.querySelectorAll<HTMLButtonElement>('.customer__actions button')].some(
      (b) => b.textContent === 'Log call' && !b.disabled,
    );
  return ready ? performance.now() : false;
}

/**
 * Opens `samples` different customers of the workspace behind `baseUrl`, from a search result
 * click and from a pasted link, and returns p50/p95/p99 of each (ms).
 */
export async function benchCustomerPage(
  baseUrl: string,
  options: CustomerPageBenchOptions = {},
): Promise<CustomerPageFigures> {
  const base = baseUrl.replace(/\/$/, '');
  const login = options.login ?? DEMO_LOGIN;
  const samples = options.samples ?? 30;
  const log = options.log ?? (() => undefined);
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
  try {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    context.setDefaultTimeout(30_000);
    const signIn = await context.request.post(`${base}/api/auth/login`, { data: login });
    if (!signIn.ok()) throw new Error(`login as ${login.email} answered ${signIn.status()}`);
    const people = await pickPeople(context.request, base, samples + WARM_UP);
    if (people.length < samples + WARM_UP)
      throw new Error(`found ${people.length} people with an email, need ${samples + WARM_UP}`);
    log(`opening ${people.length} customers (${WARM_UP} to warm up)`);

    const page = await context.newPage();
    await page.goto(`${base}/`);
    await page.getByRole('heading', { level: 1 }).waitFor();
    const clicks: number[] = [];
    const data: number[] = [];
    for (const [i, person] of people.entries()) {
      const sample = await clickSearchResult(page, base, person);
      if (i < WARM_UP) continue;
      clicks.push(sample.interactive);
      data.push(sample.data);
    }
    const pasted: number[] = [];
    for (const person of people.slice(WARM_UP)) {
      const start = Date.now();
      await page.goto(`${base}/customers/${person.id}`, { waitUntil: 'commit' });
      const handle = await page.waitForFunction(interactiveAt, undefined, { polling: 'raf' });
      await handle.dispose();
      pasted.push(Date.now() - start);
    }

    const click = summarise(clicks);
    const cold = summarise(pasted);
    const label = options.label ? ` [${options.label}]` : '';
    const note = `${samples} customers, Chromium headless, 1280x900`;
    const figures: Figure[] = [
      ...(['p50', 'p95', 'p99'] as const).map((q) => ({
        name: `customer page: click on a search result to interactive (profile, timeline, actions), ${q}${label}`,
        value: click[q],
        unit: 'ms',
        runs: click.samples,
        note: q === 'p99' ? note : undefined,
      })),
      ...(['p50', 'p95'] as const).map((q) => ({
        name: `customer page: pasted link to interactive, app loaded too, ${q}${label}`,
        value: cold[q],
        unit: 'ms',
        runs: cold.samples,
      })),
    ];
    const toData = summarise(data);
    figures.push({
      name: `customer page: of which click to the 360 and first timeline page answered, p50${label}`,
      value: toData.p50,
      unit: 'ms',
      runs: toData.samples,
    });
    return { clickToInteractive: click, clickToData: toData, pastedLink: cold, figures };
  } finally {
    await browser.close();
  }
}

interface Sample {
  id: string;
  email: string;
}

/** Customers spread over the workspace: a page of people per random two-letter name prefix. */
async function pickPeople(
  request: import('playwright-core').APIRequestContext,
  base: string,
  wanted: number,
): Promise<Sample[]> {
  const letters = 'ABCDEFGHIJKLMNOPRSTW';
  const vowels = 'aeiou';
  const found = new Map<string, Sample>();
  for (let attempt = 0; attempt < wanted * 4 && found.size < wanted; attempt++) {
    const prefix =
      attempt < wanted * 3
        ? `${letters[Math.floor(Math.random() * letters.length)]}${vowels[Math.floor(Math.random() * vowels.length)]}`
        : '';
    const response = await request.get(
      `${base}/api/people?limit=20${prefix ? `&namePrefix=${encodeURIComponent(prefix)}` : ''}`,
    );
    if (!response.ok()) throw new Error(`GET /api/people answered ${response.status()}`);
    const { items } = (await response.json()) as {
      items: { id: string; identities?: { kind: string; value: string }[] }[];
    };
    const candidates = items
      .map((p) => ({ id: p.id, email: p.identities?.find((i) => i.kind === 'email')?.value }))
      .filter((p): p is Sample => Boolean(p.email) && !found.has(p.id));
    const chosen = prefix ? candidates[Math.floor(Math.random() * candidates.length)] : undefined;
    for (const p of chosen ? [chosen] : candidates) if (found.size < wanted) found.set(p.id, p);
  }
  return [...found.values()];
}

/**
 * Types the email in the search box, clicks the result; ms from the mousedown to interactive, and
 * to the moment the 360 and the timeline's first page had both been answered.
 */
async function clickSearchResult(
  page: Page,
  base: string,
  person: Sample,
): Promise<{ interactive: number; data: number }> {
  const box = page.getByRole('combobox', { name: 'Search customers' });
  await box.fill(person.email);
  const option = page.getByRole('option').filter({ hasText: person.email }).first();
  await option.waitFor();
  await page.evaluate(() => {
    const w = window as unknown as { __clickAt?: number };
    w.__clickAt = undefined;
    performance.clearResourceTimings();
    document.addEventListener('mousedown', () => (w.__clickAt = performance.now()), {
      capture: true,
      once: true,
    });
  });
  await option.click();
  await page.waitForURL(`${base}/customers/${person.id}`);
  const handle = await page.waitForFunction(interactiveAt, undefined, { polling: 'raf' });
  const readyAt = (await handle.jsonValue()) as number;
  await handle.dispose();
  const { clickAt, dataAt } = await page.evaluate((id) => {
    const answered = new Map<string, number>();
    for (const e of performance.getEntriesByType('resource') as PerformanceResourceTiming[]) {
      const path = new URL(e.name).pathname;
      if (path === `/api/people/${id}/360` || path === `/api/people/${id}/timeline`)
        answered.set(path, Math.max(answered.get(path) ?? 0, e.responseEnd));
    }
    return {
      clickAt: (window as unknown as { __clickAt?: number }).__clickAt,
      dataAt: answered.size === 2 ? Math.max(...answered.values()) : undefined,
    };
  }, person.id);
  if (clickAt === undefined) throw new Error('the click was not seen by the page');
  return { interactive: readyAt - clickAt, data: (dataAt ?? readyAt) - clickAt };
}

function summarise(values: number[]): Latency {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) =>
    Math.round(sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] ?? 0);
  return {
    samples: sorted.length,
    p50: at(0.5),
    p95: at(0.95),
    p99: at(0.99),
    max: Math.round(sorted.at(-1) ?? 0),
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [url = 'http://127.0.0.1:3000', samples = '30', workspace = 'demo'] = process.argv.slice(2);
  const figures = await benchCustomerPage(url, {
    samples: Number(samples),
    login: { ...DEMO_LOGIN, workspace },
    log: (line) => process.stderr.write(`${line}\n`),
  });
  console.log(JSON.stringify(figures, null, 2));
}
