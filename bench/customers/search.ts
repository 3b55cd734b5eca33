import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { parsePhoneNumberFromString } from 'libphonenumber-js';
import { seedWorkspace } from '../../src/demo/index';
import { type Database, openDatabase } from '../../src/db/index';
import { migrate } from '../../src/db/index';
import { withSystem } from '../../src/db/index';
import { type Principal, SYSTEM_PRINCIPAL } from '../../src/platform/index';
import { getCustomer360 } from '../../src/customers/index';
import { searchCustomers } from '../../src/customers/index';
import { seedProgress } from '../seed-progress';

/** Latency of one kind of lookup, server-side (service call: transaction, queries, shaping), in ms. */
export interface LookupFigure {
  name: string;
  p50: number;
  p99: number;
  max: number;
  runs: number;
  /** How many of the runs found the sample they were looking for (first result). */
  found: number;
}

export interface SearchBenchResult {
  kind: Database['kind'];
  /** Rows in the benchmark workspace. */
  size: { people: number; identities: number; interactions: number; orders: number };
  seededMs: number | null;
  figures: LookupFigure[];
}

export interface SearchBenchOptions {
  /** Customers to seed into the workspace when it is empty. */
  customers: number;
  /** Lookups per figure. Default 2,000 (so that each p99 rests on the 20 slowest). */
  runs?: number;
  workspaceSlug?: string;
  log?: (line: string) => void;
}

interface Sample {
  id: string;
  name: string;
  phone: string | null;
  email: string | null;
}

/**
 * p50/p99 of the customer lookups a front-line agent makes: exact phone (typed in a national or
 * international format) and email, a phone's last 7 digits, a full name, a misspelt name (fuzzy
 * path), and the customer 360. Seeds `customers` synthetic customers first when the workspace is
 * empty (reuses them otherwise), then runs each lookup `runs` times on random customers.
 */
export async function benchSearch(
  database: Database,
  options: SearchBenchOptions,
): Promise<SearchBenchResult> {
  const slug = options.workspaceSlug ?? 'search-bench';
  const runs = options.runs ?? 2000;
  const log = options.log ?? (() => undefined);
  let workspaceId = await findWorkspace(database, slug);
  let seededMs: number | null = null;
  if (!workspaceId || (await countPeople(database, workspaceId)) === 0) {
    log(`seeding ${options.customers.toLocaleString('en-US')} customers into "${slug}"...`);
    const progress = seedProgress(options.customers, log);
    const seeded = await seedWorkspace(database, {
      size: { customers: options.customers },
      workspaceSlug: slug,
      workspaceName: 'Search benchmark',
      endDate: new Date('2026-01-01T00:00:00Z'),
      onProgress: progress.onProgress,
    }).finally(() => progress.stop());
    workspaceId = seeded.workspaceId;
    seededMs = seeded.elapsedMs;
    await sql`analyze`.execute(database.db);
  }
  const size = await sizeOf(database, workspaceId);
  log(`workspace "${slug}": ${JSON.stringify(size)}`);
  const actor: Principal = SYSTEM_PRINCIPAL(workspaceId);
  // `runs` of each kind: a person with a phone, with an email, anyone (so each p99 rests on runs / 100).
  const samples = await pickSamples(database, workspaceId, runs, null);
  const withPhone = await pickSamples(database, workspaceId, runs, 'phone');
  const withEmail = await pickSamples(database, workspaceId, runs, 'email');
  const db = database.db;

  const search = async (q: string) => (await searchCustomers(db, actor, { q })).results;
  const figures: LookupFigure[] = [];
  const time = async <T>(name: string, items: T[], fn: (item: T) => Promise<boolean>) => {
    for (const item of items.slice(0, 20)) await fn(item); // warm-up: plans, caches, JIT
    const ms: number[] = [];
    let found = 0;
    for (const item of items) {
      const started = performance.now();
      if (await fn(item)) found++;
      ms.push(performance.now() - started);
    }
    const figure = { name, ...percentiles(ms), runs: ms.length, found };
    log(
      `  ${name}: p50 ${figure.p50.toFixed(2)} ms, p99 ${figure.p99.toFixed(2)} ms (found ${found}/${ms.length})`,
    );
    figures.push(figure);
  };

  await time('exact phone, national or international format', withPhone, async (s) => {
    const results = await search(typedPhone(s.phone as string));
    return results[0]?.id === s.id;
  });
  await time('exact email', withEmail, async (s) => (await search(s.email as string))[0]?.id === s.id);
  await time('phone by its last 7 digits', withPhone, async (s) =>
    (await search((s.phone as string).slice(-7))).some((r) => r.id === s.id),
  );
  // Found means the customer looked for is among the results, not merely a namesake (the synthetic
  // data has many): a name shared by more people than a page of results may miss them.
  await time('full name (prefix path)', samples, async (s) =>
    (await search(s.name)).some((r) => r.id === s.id),
  );
  await time('misspelt name (similar-name path)', samples, async (s) =>
    (await search(misspell(s.name))).some((r) => r.id === s.id),
  );
  await time('customer 360', samples, async (s) => (await getCustomer360(db, actor, s.id)).id === s.id);
  return { kind: database.kind, size, seededMs, figures };
}

function percentiles(ms: number[]): { p50: number; p99: number; max: number } {
  const sorted = [...ms].sort((a, b) => a - b);
  const at = (q: number) =>
    sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] ?? Number.NaN;
  return { p50: round(at(0.5)), p99: round(at(0.99)), max: round(sorted.at(-1) ?? Number.NaN) };
}

const round = (n: number) => Math.round(n * 100) / 100;

/** US numbers as people type them, "(415) 555-0100"; others in international format. */
function typedPhone(e164: string): string {
  const phone = parsePhoneNumberFromString(e164);
  if (!phone) return e164;
  return phone.country === 'US' ? phone.formatNational() : phone.formatInternational();
}

/** Swaps two letters in the middle of the last word ("John Smith" -> "John Smtih"). */
function misspell(name: string): string {
  const words = name.split(' ');
  const last = words.at(-1) ?? '';
  if (last.length < 4) return name;
  const i = Math.floor(last.length / 2);
  words[words.length - 1] = last.slice(0, i - 1) + last[i] + last[i - 1] + last.slice(i + 1);
  return words.join(' ');
}

async function findWorkspace(database: Database, slug: string): Promise<string | undefined> {
  const { rows } = await withSystem(database.db, (trx) =>
    sql<{ id: string }>`select id from workspaces where slug = ${slug}`.execute(trx),
  );
  return rows[0]?.id;
}

async function countPeople(database: Database, workspaceId: string): Promise<number> {
  const { rows } = await sql<{ n: number }>`
    select count(*)::int as n from people where workspace_id = ${workspaceId}`.execute(database.db);
  return rows[0]?.n ?? 0;
}

async function sizeOf(database: Database, workspaceId: string): Promise<SearchBenchResult['size']> {
  const { rows } = await sql<SearchBenchResult['size']>`
    select (select count(*) from people where workspace_id = ${workspaceId})::int as people,
           (select count(*) from identities where workspace_id = ${workspaceId})::int as identities,
           (select count(*) from interactions where workspace_id = ${workspaceId})::int as interactions,
           (select count(*) from orders where workspace_id = ${workspaceId})::int as orders`.execute(
    database.db,
  );
  return rows[0] as SearchBenchResult['size'];
}

/** `n` random people of the workspace (having an identity of `kind`, when given), with a phone and an email. */
async function pickSamples(
  database: Database,
  workspaceId: string,
  n: number,
  kind: 'phone' | 'email' | null,
): Promise<Sample[]> {
  const { rows } = await sql<Sample>`
    select p.id, p.display_name as name,
      (select i.value from identities i where i.workspace_id = p.workspace_id and i.person_id = p.id
         and i.kind = 'phone' limit 1) as phone,
      (select i.value from identities i where i.workspace_id = p.workspace_id and i.person_id = p.id
         and i.kind = 'email' limit 1) as email
    from people p
    where p.workspace_id = ${workspaceId}
      and (${kind}::text is null or exists (
        select 1 from identities k where k.workspace_id = p.workspace_id and k.person_id = p.id and k.kind = ${kind}))
    order by random()
    limit ${n}`.execute(database.db);
  return rows;
}

/**
 * `node --import tsx src/customers/search-bench.ts [customers] [runs]`: on the server at
 * BENCH_DATABASE_URL (a database kept between runs, so seeding happens once), else on the embedded
 * database in BENCH_PGLITE_DIR (kept likewise), else on an in-memory embedded one.
 */
async function main(): Promise<void> {
  const customers = Number(process.argv[2] ?? 100_000);
  const runs = Number(process.argv[3] ?? 2000);
  const url = process.env.BENCH_DATABASE_URL;
  const database = await openDatabase(
    url
      ? { kind: 'postgres', url, poolSize: 4 }
      : { kind: 'pglite', dataDir: process.env.BENCH_PGLITE_DIR || 'memory' },
  );
  try {
    await migrate(database.db);
    const result = await benchSearch(database, {
      customers,
      runs,
      log: (line) => process.stderr.write(`${line}\n`),
    });
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  } finally {
    await database.close();
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await main();
