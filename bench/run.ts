import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { benchAnalyticsFiles } from './analytics-files';
import { benchCdnowFit } from './analytics-fits';
import { benchValueModelAtScale } from './analytics-scale';
import { sql } from 'kysely';
import { type Database, openDatabase, openScratchDatabase } from '../src/db/index';
import { migrate } from '../src/db/index';
import { benchPeopleImport, importFigures } from './imports';
import { benchInsertFloor, benchInsertFloorScratch, FLOOR_SIZE, floorConnections } from './floor';
import { benchIngest } from './interactions';
import { benchAtScale, ingestFigures } from './scale';
import { benchSeedThroughput } from './seed-bench';
import { benchMixedLoad, benchServer, embeddedTarget, serverTarget } from './server-bench';
import type { Figure } from './stats';
import { API_TARGETS, formatValue, renderTargets, type Target } from './targets';

const RUNS = 3;
/** Lookups per search figure and screen-pop calls: each p99 then rests on the 20 slowest. */
const LOOKUPS = 2_000;
const SEED_CUSTOMERS = 2_000;
const serverUrl = process.env.BENCH_DATABASE_URL || undefined;
/** The database kinds of the standard run: the embedded one, and a PostgreSQL server when given. */
const standardKinds = serverUrl ? (['pglite', 'postgres'] as const) : (['pglite'] as const);
const dataDir = path.resolve(
  process.env.RAPPORT_SHARED_DATA ?? path.resolve(process.cwd(), '../shared/data'),
);

/**
 * Which parts to run: `npm run bench` runs the API, standard, files and medium parts; `-- --api`,
 * `-- --standard`, `-- --files` or `-- --medium` one of them, `-- --large` the large set only;
 * `-- --check` runs the data-set benchmarks on a small set in a throwaway database, to check that
 * they work (a few minutes; its figures are printed, not recorded).
 */
const large = process.argv.includes('--large');
const mediumOnly = process.argv.includes('--medium');
const filesOnly = process.argv.includes('--files');
const apiOnly = process.argv.includes('--api');
const standardOnly = process.argv.includes('--standard');
const check = process.argv.includes('--check');
const largeUrl = process.env.BENCH_LARGE_DATABASE_URL || undefined;
const mediumDir = path.resolve(process.env.BENCH_PGLITE_DIR || '.bench-data/pglite-medium');

/** The large section's server, as the figures depend on it: version and the settings that matter. */
let serverNote = '';

async function serverSettings(database: Database): Promise<string> {
  const { rows } = await sql<{ setting: string }>`
    select name || ' ' || current_setting(name) as setting from pg_settings
    where name in ('shared_buffers', 'work_mem', 'max_wal_size', 'max_parallel_workers_per_gather', 'effective_cache_size')
    order by name`.execute(database.db);
  const { rows: version } = await sql<{ v: string }>`select current_setting('server_version') as v`.execute(
    database.db,
  );
  return `PostgreSQL ${version[0]?.v}; ${rows.map((r) => r.setting).join(', ')}`;
}

async function main(): Promise<void> {
  const figures: Figure[] = [];
  const section = async (title: string, fn: () => Promise<Figure[]>) => {
    process.stderr.write(`bench: ${title}...\n`);
    const got = await fn();
    for (const f of got)
      process.stderr.write(`  ${f.name}: ${format(f.value)} ${f.unit}${f.note ? ` (${f.note})` : ''}\n`);
    figures.push(...got);
  };
  const log = (line: string) => process.stderr.write(`  ${line}\n`);

  if (large) {
    if (!largeUrl) {
      process.stderr.write(
        'bench --large needs BENCH_LARGE_DATABASE_URL (a PostgreSQL database kept between runs)\n',
      );
      process.exit(2);
    }
    await section('large data set on PostgreSQL', async () => {
      const database = await openDatabase({ kind: 'postgres', url: largeUrl, poolSize: 6 });
      try {
        await migrate(database.db);
        serverNote = await serverSettings(database);
        const figures = await benchAtScale(database, {
          size: 'large',
          workspaceSlug: 'large',
          lookups: LOOKUPS,
          log,
        });
        for (const connections of floorConnections('postgres'))
          figures.push(...(await benchInsertFloor(database, { connections, ...FLOOR_SIZE })));
        return figures;
      } finally {
        await database.close();
      }
    });
    writeSection('large', 'Large data set (1M customers) on a PostgreSQL server', figures);
    return;
  }

  if (check) return checkRun(section);
  if (filesOnly) return filesRun(figures, section);
  if (apiOnly) return apiRun(figures, section);
  if (standardOnly) return standardRun(figures, section);
  if (!mediumOnly) {
    await apiRun(figures, section);
    await standardRun(figures, section);
    await filesRun(figures, section);
  }
  await mediumRun(figures, section);
}

type Section = (title: string, fn: () => Promise<Figure[]>) => Promise<void>;

/** The API: start-up, the authenticated read on both databases, the floor under it, the mixed load. */
async function apiRun(figures: Figure[], section: Section): Promise<void> {
  figures.length = 0;
  await section('server on the embedded database', async () => benchServer(await embeddedTarget(), RUNS));
  if (serverUrl) {
    await section('server on PostgreSQL', async () => benchServer(await serverTarget(serverUrl), RUNS));
    await section('mixed load on the medium set on PostgreSQL', async () =>
      benchMixedLoad(serverUrl, RUNS, (line) => process.stderr.write(`  ${line}\n`)),
    );
  } else {
    process.stderr.write(
      '  the PostgreSQL figures need BENCH_DATABASE_URL (npm run bench starts a server)\n',
    );
  }
  writeSection('api', 'API', figures, API_TARGETS);
}

async function standardRun(figures: Figure[], section: Section): Promise<void> {
  figures.length = 0;

  await section('seed throughput', async () => {
    const out: Figure[] = [];
    for (const kind of standardKinds) {
      const rates: number[] = [];
      for (let i = 0; i < 3; i++) rates.push((await benchSeedThroughput(kind, SEED_CUSTOMERS)).rowsPerSecond);
      rates.sort((a, b) => a - b);
      out.push({
        name: `seed ${SEED_CUSTOMERS.toLocaleString('en-US')} customers with identities, interactions, orders [${kind}]`,
        value: rates[1] as number,
        unit: 'rows/s',
        runs: 3,
      });
    }
    return out;
  });

  await section('bulk ingest of interactions', async () => {
    const out: Figure[] = [];
    for (const kind of standardKinds) {
      const result = await benchIngest({ kind, adminUrl: serverUrl, batches: 10, concurrency: 2 });
      out.push(...ingestFigures(result, `${kind}, empty workspace + 20,000 known people`));
    }
    return out;
  });

  await section('CSV import of people', async () => {
    const out: Figure[] = [];
    for (const kind of standardKinds) {
      const result = await benchPeopleImport({ kind, adminUrl: serverUrl, rows: 200_000 });
      out.push(...importFigures(result, `${kind}, 200,000 lines into an empty workspace`));
    }
    return out;
  });

  await section('database floor for bulk ingest and import (bare SQL, no application)', async () => {
    const out: Figure[] = [];
    for (const kind of standardKinds) out.push(...(await benchInsertFloorScratch(kind, serverUrl)));
    return out;
  });

  await section('customer-value model fits on CDNOW', async () => {
    if (!fs.existsSync(path.join(dataDir, 'cdnow_customers_summary_with_transactions.csv'))) {
      process.stderr.write(
        `  skipped: ${dataDir}/cdnow_customers_summary_with_transactions.csv is missing\n`,
      );
      return [];
    }
    const t = benchCdnowFit(21, dataDir);
    return [
      {
        name: 'BG/NBD + Gamma-Gamma fit, CDNOW 2,357 customers (warm)',
        value: t.bgNbdPlusGammaGamma,
        unit: 'ms',
        runs: t.runs,
      },
      {
        name: 'BG/NBD + Gamma-Gamma fit, CDNOW 2,357 customers (first call in process)',
        value: t.coldBgNbdPlusGammaGamma,
        unit: 'ms',
        runs: 1,
      },
      { name: 'Pareto/NBD fit, CDNOW 2,357 customers (warm)', value: t.paretoNbd, unit: 'ms', runs: t.runs },
    ];
  });

  await section('value models on 1M synthetic customers', async () => {
    const t = benchValueModelAtScale(1_000_000);
    const note = `${t.distinctHistories.toLocaleString('en-US')} distinct histories`;
    return [
      { name: 'BG/NBD + Gamma-Gamma fit, 1M customers', value: t.fit, unit: 'ms', runs: 1, note },
      { name: 'P(alive), expected purchases and CLV of 1M customers', value: t.score, unit: 'ms', runs: 1 },
    ];
  });
  writeSection('standard', 'Standard run', figures);
}

/** Whole `rapport analyze` processes over the large files of issue 20 (bench/analytics-files.ts). */
async function filesRun(figures: Figure[], section: Section): Promise<void> {
  const log = (line: string) => process.stderr.write(`  ${line}\n`);
  figures.length = 0;
  await section('analytics over large files (rapport analyze, whole processes)', () =>
    benchAnalyticsFiles({ runs: RUNS, log }),
  );
  writeSection('files', 'Analytics over large files (whole `rapport analyze` processes)', figures);
}

async function mediumRun(figures: Figure[], section: Section): Promise<void> {
  const log = (line: string) => process.stderr.write(`  ${line}\n`);
  figures.length = 0;
  await section(
    `medium data set on the embedded database (kept in ${path.relative(process.cwd(), mediumDir)})`,
    async () => {
      fs.mkdirSync(mediumDir, { recursive: true });
      const database = await openDatabase({ kind: 'pglite', dataDir: mediumDir });
      try {
        await migrate(database.db);
        return await benchAtScale(database, {
          size: 'medium',
          workspaceSlug: 'medium',
          lookups: LOOKUPS,
          log,
        });
      } finally {
        await database.close();
      }
    },
  );
  writeSection('medium', 'Medium data set (100k customers) on the embedded database', figures);
}

/**
 * The data-set benchmarks (lookups, the 360, the customer page, screen pop and ingest in the set's
 * workspace and beside it, analytics) on a small set in a throwaway database of each kind: checks
 * that they run and that their labels and counts are right, in a few minutes. Writes nothing.
 */
async function checkRun(section: Section): Promise<void> {
  const log = (line: string) => process.stderr.write(`  ${line}\n`);
  for (const kind of standardKinds) {
    await section(`check: the data-set benchmarks on a small set [${kind}]`, async () => {
      const scratch = await openScratchDatabase(kind, { adminUrl: serverUrl, prefix: 'rapport_bench_check' });
      try {
        return await benchAtScale(scratch.database, {
          size: 'small',
          workspaceSlug: 'small',
          lookups: 200,
          log,
        });
      } finally {
        await scratch.close();
      }
    });
  }
}

/** Replaces one section of bench/RESULTS.md, keeping the others (each part runs on its own schedule). */
function writeSection(name: string, title: string, figures: Figure[], targets: readonly Target[] = []): void {
  const file = path.resolve('bench/RESULTS.md');
  const old = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
  const sections = new Map<string, string>();
  for (const m of old.matchAll(/<!-- begin:(\w+) -->\n([\s\S]*?)<!-- end:\1 -->/g))
    sections.set(m[1] as string, m[2] as string);
  sections.set(name, render(title, figures, targets, name !== 'files'));
  const order = ['api', 'standard', 'files', 'medium', 'large'];
  const body = order
    .filter((n) => sections.has(n))
    .map((n) => `<!-- begin:${n} -->\n${sections.get(n)}<!-- end:${n} -->\n`)
    .join('\n');
  fs.writeFileSync(file, `${HEADER}\n${body}`);
  process.stderr.write(`bench: wrote the "${name}" section of ${path.relative(process.cwd(), file)}\n`);
}

const HEADER = [
  '# Benchmark results',
  '',
  'Written by `npm run bench` (bench/run.ts): the API, standard, files and medium sections (`-- --api`,',
  '`-- --standard`, `-- --files` or `-- --medium` writes one of them); `npm run bench -- --large` with',
  '`BENCH_LARGE_DATABASE_URL` writes the large section. Each section records when and where it ran, and',
  'compares its figures with their targets where it has any. Latencies are measured server-side (service',
  'call or loopback HTTP) on the machine named in the section; the files section times whole',
  '`rapport analyze` processes with `/usr/bin/time -v`.',
  '',
].join('\n');

const format = formatValue;

function render(title: string, figures: Figure[], targets: readonly Target[], usesDatabase: boolean): string {
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  const lines = [
    `## ${title}`,
    '',
    `- Date: ${new Date().toISOString()}; load average at the end ${os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}`,
    `- Machine: ${cpu}, ${os.cpus().length} cores, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, ${os.platform()} ${os.release()}`,
    `- Node ${process.version}; PostgreSQL server: ${!usesDatabase ? 'not used' : large ? `BENCH_LARGE_DATABASE_URL (${serverNote})` : serverUrl ? 'throwaway local cluster (fsync off)' : 'not available'}`,
    '',
    ...(targets.length > 0 ? [...renderTargets(targets, figures), ''] : []),
    '| figure | value | unit | runs |',
    '| --- | ---: | --- | ---: |',
    ...figures.map(
      (f) => `| ${f.name}${f.note ? ` (${f.note})` : ''} | ${format(f.value)} | ${f.unit} | ${f.runs} |`,
    ),
    '',
  ];
  return lines.join('\n');
}

await main();
