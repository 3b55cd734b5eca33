import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { benchCdnowFit } from '../src/analytics/bench';
import { benchSeedThroughput } from './seed-bench';
import { benchServer, embeddedTarget, serverTarget } from './server-bench';
import type { Figure } from './stats';

const RUNS = 3;
const SEED_CUSTOMERS = 2_000;
const serverUrl = process.env.BENCH_DATABASE_URL || undefined;
const dataDir = path.resolve(process.cwd(), '../shared/data');

async function main(): Promise<void> {
  const figures: Figure[] = [];
  const section = async (title: string, fn: () => Promise<Figure[]>) => {
    process.stderr.write(`bench: ${title}...\n`);
    const got = await fn();
    for (const f of got) process.stderr.write(`  ${f.name}: ${format(f.value)} ${f.unit}\n`);
    figures.push(...got);
  };

  await section('server on the embedded database', async () => benchServer(await embeddedTarget(), RUNS));
  if (serverUrl)
    await section('server on PostgreSQL', async () => benchServer(await serverTarget(serverUrl), RUNS));

  await section('seed throughput', async () => {
    const out: Figure[] = [];
    for (const kind of serverUrl ? (['pglite', 'postgres'] as const) : (['pglite'] as const)) {
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

  const file = path.resolve('bench/RESULTS.md');
  fs.writeFileSync(file, render(figures));
  process.stderr.write(`bench: wrote ${path.relative(process.cwd(), file)}\n`);
}

function format(value: number): string {
  return value >= 100 ? Math.round(value).toLocaleString('en-US') : value.toFixed(2);
}

function render(figures: Figure[]): string {
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  const lines = [
    '# Benchmark results',
    '',
    'Written by `npm run bench` (bench/run.ts). Each figure is the median of the runs shown.',
    '',
    `- Date: ${new Date().toISOString()}`,
    `- Machine: ${cpu}, ${os.cpus().length} cores, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, ${os.platform()} ${os.release()}`,
    `- Node ${process.version}; PostgreSQL server: ${serverUrl ? 'throwaway local cluster (fsync off)' : 'not available'}`,
    '',
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
