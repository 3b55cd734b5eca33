/**
 * How fast the customer page becomes interactive, measured in Debian's Chromium against a running
 * server with data (e.g. `rapport seed --size medium`):
 *
 *   npx tsx web/src/customers/bench.ts http://localhost:3417 [samples]
 *
 * "from search": Enter on a search result (the person's email) until the page shows the name,
 * the action buttons and the first timeline entries, all in-app (the app is already loaded).
 * "cold load": a pasted /customers/{id} link until the same, including loading the app itself.
 */
import { chromium } from 'playwright-core';

export interface CustomerPageFigures {
  samples: number;
  fromSearchMs: { median: number; p95: number; max: number };
  coldLoadMs: { median: number; p95: number; max: number };
}

interface BenchOptions {
  url: string;
  login?: { workspace: string; email: string; password: string };
  samples?: number;
}

const INTERACTIVE = `(() => {
  const h1 = document.querySelector('h1');
  const timeline = document.querySelector('[data-testid="timeline"]');
  const ready = timeline && (timeline.querySelector('li') || timeline.querySelector('.panel__empty'));
  return Boolean(h1 && h1.textContent !== 'Customer' && document.querySelector('[data-testid="summary"]') && ready);
})()`;

export async function benchCustomerPage(options: BenchOptions): Promise<CustomerPageFigures> {
  const base = options.url.replace(/\/$/, '');
  const login = options.login ?? { workspace: 'demo', email: 'demo@rapport.dev', password: 'rapport-demo' };
  const samples = options.samples ?? 20;
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
  try {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const signIn = await context.request.post(`${base}/api/auth/login`, { data: login });
    if (!signIn.ok()) throw new Error(`login answered ${signIn.status()}`);
    const list = await context.request.get(`${base}/api/people?limit=${Math.min(200, samples * 3)}`);
    const people = (
      (await list.json()) as { items: { id: string; identities: { kind: string; value: string }[] }[] }
    ).items
      .map((p) => ({ id: p.id, email: p.identities.find((i) => i.kind === 'email')?.value }))
      .filter((p): p is { id: string; email: string } => Boolean(p.email))
      .slice(0, samples);

    const fromSearch: number[] = [];
    const cold: number[] = [];
    await page.goto(`${base}/`);
    await page.getByRole('heading', { level: 1 }).waitFor();
    for (const person of people) {
      const box = page.getByRole('combobox', { name: 'Search customers' });
      await box.fill(person.email);
      await page.getByRole('option').first().waitFor();
      await page.waitForFunction(
        (email) =>
          document.querySelector('[role="option"][aria-selected="true"]')?.textContent?.includes(email),
        person.email,
      );
      const start = performance.now();
      await box.press('Enter');
      await page.waitForURL(`${base}/customers/${person.id}`);
      await page.waitForFunction(INTERACTIVE, undefined, { polling: 'raf' });
      fromSearch.push(performance.now() - start);
    }
    for (const person of people) {
      const start = performance.now();
      await page.goto(`${base}/customers/${person.id}`);
      await page.waitForFunction(INTERACTIVE, undefined, { polling: 'raf' });
      cold.push(performance.now() - start);
    }
    return { samples: people.length, fromSearchMs: summarise(fromSearch), coldLoadMs: summarise(cold) };
  } finally {
    await browser.close();
  }
}

function summarise(values: number[]) {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) =>
    Math.round(sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0);
  return { median: at(0.5), p95: at(0.95), max: Math.round(sorted.at(-1) ?? 0) };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [url = 'http://localhost:3000', samples = '20'] = process.argv.slice(2);
  console.log(JSON.stringify(await benchCustomerPage({ url, samples: Number(samples) }), null, 2));
}
