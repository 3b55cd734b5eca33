import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { sql } from 'kysely';
import { maintainTables } from '../src/db/index';
import { buildApp } from '../src/api/index';
import { type AnalyticsDbTimings, benchAnalyticsOnDatabase } from './analytics-scale';
import { benchSearch } from './customers/search';
import type { Database } from '../src/db/index';
import { benchIngest, type IngestBenchResult } from './interactions';
import { seedProgress } from './seed-progress';
import { benchScreenPop, setupScreenPop, setupScreenPopIn } from './telephony';
import { benchCustomerPage } from './customer-page';
import { DEMO_LOGIN, seedWorkspace } from '../src/demo/index';
import type { Figure } from './stats';

/** 'small' checks that the benchmark itself works, in a minute or two; its figures mean little. */
export type ScaleSize = 'small' | 'medium' | 'large';

const CUSTOMERS: Record<ScaleSize, number> = { small: 2_000, medium: 100_000, large: 1_000_000 };
const WEB_DIST = path.resolve('web/dist');
const CHROMIUM = '/usr/bin/chromium';

export interface ScaleOptions {
  size: ScaleSize;
  /** The workspace holding the data set; seeded when missing or empty. */
  workspaceSlug: string;
  /** Lookups per search figure, and calls for the screen pop: at least 2,000, so that each p99 rests on 20. */
  lookups: number;
  log: (line: string) => void;
}

/**
 * The front-line and analytics figures over one database holding a medium or large synthetic
 * workspace (seeded on first use and kept): lookups and the 360, screen pop, bulk ingest with identity
 * resolution, RFM, profitability and the score recompute. Each name carries the database kind and size.
 */
export async function benchAtScale(database: Database, options: ScaleOptions): Promise<Figure[]> {
  const label = `${database.kind}, ${options.size}`;
  const figures: Figure[] = [];
  const workspaceId = await ensureSeeded(database, options);

  await prewarm(database, options.log);
  const search = await benchSearch(database, {
    customers: CUSTOMERS[options.size],
    runs: options.lookups,
    workspaceSlug: options.workspaceSlug,
    log: options.log,
  });
  const { people, identities, interactions, orders } = search.size;
  options.log(`  data set: ${JSON.stringify(search.size)}`);
  const sizeNote = `${people.toLocaleString('en-US')} people, ${identities.toLocaleString('en-US')} identities, ${interactions.toLocaleString('en-US')} interactions, ${orders.toLocaleString('en-US')} orders`;
  for (const f of search.figures) {
    for (const [q, value] of [
      ['p50', f.p50],
      ['p99', f.p99],
    ] as const)
      figures.push({
        name: `${f.name}, server-side ${q} [${label}]`,
        value,
        unit: 'ms',
        runs: f.runs,
        note: q === 'p99' ? `found ${f.found}/${f.runs}; ${p99Note(f.runs)}; ${sizeNote}` : undefined,
      });
  }

  // The console too when it is built and Chromium is installed: the customer page's click to interactive.
  const browsable = fs.existsSync(path.join(WEB_DIST, 'index.html')) && fs.existsSync(CHROMIUM);
  const app = await buildApp({ database, webDist: browsable ? WEB_DIST : '/nonexistent' });
  try {
    await app.listen({ port: 0, host: '127.0.0.1' });
    const baseUrl = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    if (browsable) {
      const page = await benchCustomerPage(baseUrl, {
        samples: 30,
        login: { ...DEMO_LOGIN, workspace: options.workspaceSlug },
        label,
        log: options.log,
      });
      figures.push(...page.figures);
    } else {
      options.log(`customer page not measured: needs ${WEB_DIST} (npm run build:web) and ${CHROMIUM}`);
    }
    // In the seeded workspace (the caller is one of its people, looked up among all of them), and,
    // for comparison, in a new workspace on the same database with one known caller.
    const inSet = `${label}: in the ${people.toLocaleString('en-US')}-person workspace`;
    const fresh = `${database.kind}, a new workspace beside the ${options.size} set, 1 known caller`;
    for (const [where, target] of [
      [inSet, await setupScreenPopIn(database, baseUrl, workspaceId)],
      [fresh, await setupScreenPop(database, baseUrl)],
    ] as const) {
      const pop = await benchScreenPop(target, options.lookups);
      options.log(`  screen pop [${where}]: p50 ${pop.popP50} ms, p99 ${pop.popP99} ms`);
      figures.push(
        {
          name: `screen pop: call POSTed to event read from the agent's stream, p50 [${where}]`,
          value: pop.popP50,
          unit: 'ms',
          runs: pop.calls,
        },
        {
          name: `screen pop: call POSTed to event read from the agent's stream, p99 [${where}]`,
          value: pop.popP99,
          unit: 'ms',
          runs: pop.calls,
          note: p99Note(pop.calls),
        },
      );
    }
  } finally {
    await app.close();
  }

  const analytics = await benchAnalyticsOnDatabase(database, workspaceId, { runs: 1 });
  const customers = `${analytics.customers.toLocaleString('en-US')} customers`;
  figures.push(
    {
      name: `RFM analysis, whole workspace [${label}]`,
      value: analytics.rfm,
      unit: 'ms',
      runs: 1,
      note: customers,
    },
    {
      name: `profitability analysis, whole workspace [${label}]`,
      value: analytics.profitability,
      unit: 'ms',
      runs: 1,
    },
    {
      name: `score recompute job (RFM, profit, BG/NBD + Gamma-Gamma CLV, churn; written back) [${label}]`,
      value: analytics.recompute,
      unit: 'ms',
      runs: 1,
      note: recomputePhasesNote(analytics.phases),
    },
  );
  // Last, as it adds to the kept workspace (100,000 interactions and the new people among them, each
  // run): resolving against the seeded workspace's identities (its people by their emails and phones),
  // and, for comparison, in a new workspace on the same database holding 20,000 people.
  figures.push(
    ...ingestFigures(
      await benchIngest({ kind: database.kind, database, batches: 10, concurrency: 2, workspaceId }),
      `${label}: into the ${people.toLocaleString('en-US')}-person workspace, ${identities.toLocaleString('en-US')} identities`,
    ),
    ...ingestFigures(
      await benchIngest({ kind: database.kind, database, batches: 10, concurrency: 2 }),
      `${database.kind}, a new workspace beside the ${options.size} set, 20,000 people`,
    ),
  );
  return figures;
}

async function ensureSeeded(database: Database, options: ScaleOptions): Promise<string> {
  const { rows } = await sql<{ id: string; people: number }>`
    select w.id, (select count(*)::int from people p where p.workspace_id = w.id) as people
    from workspaces w where w.slug = ${options.workspaceSlug}`.execute(database.db);
  const found = rows[0];
  if (found && found.people > 0) {
    // An embedded database is vacuumed and analysed by the server or CLI, not by itself.
    if (database.kind === 'pglite') await maintainTables(database.db);
    return found.id;
  }
  options.log(
    `seeding the ${options.size} data set into "${options.workspaceSlug}" (once; kept for later runs)...`,
  );
  const progress = seedProgress(CUSTOMERS[options.size], options.log);
  const seeded = await seedWorkspace(database, {
    size: options.size,
    workspaceSlug: options.workspaceSlug,
    workspaceName: `Benchmark (${options.size})`,
    endDate: new Date('2026-01-01T00:00:00Z'),
    onProgress: progress.onProgress,
  }).finally(() => progress.stop());
  options.log(`  seeded in ${(seeded.elapsedMs / 1000).toFixed(0)} s`);
  if (database.kind === 'pglite') await maintainTables(database.db);
  return seeded.workspaceId;
}

/**
 * Loads the tables and indexes the lookups read into memory, as they are on a server in steady state:
 * otherwise each random lookup of the benchmark is the first read of its pages from disk.
 */
async function prewarm(database: Database, log: (line: string) => void): Promise<void> {
  if (database.kind !== 'postgres') return;
  try {
    await sql`create extension if not exists pg_prewarm`.execute(database.db);
    const { rows } = await sql<{ name: string; blocks: number }>`
      select c.relname as name, pg_prewarm(c.oid, 'read') as blocks
      from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = 'public' and c.relkind in ('r', 'i')
        and (c.relname in ('people', 'identities', 'accounts', 'customer_scores', 'tasks')
          or c.relname like 'people\_%' or c.relname like 'person\_%' or c.relname like 'identities\_%')`.execute(
      database.db,
    );
    log(
      `prewarmed ${rows.length} tables and indexes (${rows.reduce((n, r) => n + Number(r.blocks), 0)} blocks)`,
    );
  } catch (error) {
    log(`no prewarm (${(error as Error).message}): lookups include first reads from disk`);
  }
}

/** The phases of one more recompute, named after what each measures. */
export function recomputePhasesNote(p: AnalyticsDbTimings['phases']): string {
  const ms = (v: number) => `${v.toLocaleString('en-US')} ms`;
  return (
    `one more run by phase: customer figures refreshed ${ms(p.refreshStats)}, purchase summaries and ` +
    `preferred channels read side by side ${ms(p.feeds)}, fit and scoring left after both ${ms(p.fitAndScore)}, ` +
    `scores written ${ms(p.write)}; ${ms(p.total)} in all`
  );
}

/** How many samples a p99 rests on: the slowest 1% of `n`, at or above it. */
export function p99Note(n: number): string {
  return `p99 of ${n.toLocaleString('en-US')}: the ${Math.max(1, Math.floor(n / 100)).toLocaleString('en-US')} slowest at or above it`;
}

/** The bulk ingest figures: the rate, and the CPU each side spent per 10,000 items (robust to other load). */
export function ingestFigures(result: IngestBenchResult, label: string): Figure[] {
  const figures: Figure[] = [
    {
      name: `bulk ingest through POST /api/interactions/bulk, identity resolution on, 10,000 per call [${label}]`,
      value: result.itemsPerSecond,
      unit: 'items/s',
      runs: 1,
      note: `${result.items.toLocaleString('en-US')} items, ${result.concurrency} calls in flight`,
    },
    {
      name: `bulk ingest CPU per 10,000 items: server process [${label}]`,
      value: result.cpuSecondsPer10k.app,
      unit: 's',
      runs: 1,
    },
  ];
  if (result.cpuSecondsPer10k.database !== null)
    figures.push({
      name: `bulk ingest CPU per 10,000 items: database backends [${label}]`,
      value: result.cpuSecondsPer10k.database,
      unit: 's',
      runs: 1,
    });
  return figures;
}
