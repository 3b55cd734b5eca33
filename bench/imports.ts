import { pathToFileURL } from 'node:url';
import type { Database, DatabaseKind } from '../src/db/index';
import { BackendCpu } from '../src/db/index';
import { openScratchDatabase } from '../src/db/index';
import { createWorkspace, SYSTEM_PRINCIPAL } from '../src/platform/index';
import { runImport } from '../src/imports/index';

export interface PeopleImportBenchOptions {
  kind: DatabaseKind;
  /** A PostgreSQL URL allowed to create a throwaway database (the server kind only). */
  adminUrl?: string;
  /** Data lines of the generated file. Default 200,000. */
  rows?: number;
  /** Lines per transaction. Default 5,000. */
  chunkSize?: number;
}

export interface PeopleImportBenchResult {
  kind: DatabaseKind;
  rows: number;
  chunkSize: number;
  megabytes: number;
  /** The first pass (read, parse, check every line). */
  checkSeconds: number;
  /** The second pass (read again, resolve identities, write, checkpoint per chunk). */
  loadSeconds: number;
  totalSeconds: number;
  /** Lines per second over the whole import, both passes. */
  rowsPerSecond: number;
  loadRowsPerSecond: number;
  created: number;
  updated: number;
  /**
   * CPU seconds per 10,000 lines spent by this process (reading, checking, building statements) and by
   * the database backends (from /proc, server kind on this machine): robust to other load, so
   * `10_000 / max(app, database)` bounds the rate on an idle machine with a core for each.
   */
  cpuSecondsPer10k: { app: number; database: number | null };
  /** This process's CPU seconds per 10,000 lines in each pass: checking every line, then loading. */
  appCpuPer10k: { check: number; load: number };
}

/** The n-th line of a generated people file: name parts, email, phone, external id, city, stage. */
function line(i: number): string {
  const stage = i % 7 === 0 ? 'customer' : '';
  const area = 200 + (Math.floor(i / 10_000) % 700);
  return `Given${i},Family${i % 5000},person${i}@example.com,+1 ${area} 555 ${String(i % 10_000).padStart(4, '0')},${i},City${i % 300},${stage}\n`;
}

/** The generated file, about 1 MB a piece, made as it is read (never whole in memory). */
function* peopleCsv(rows: number): Generator<string> {
  yield 'First,Last,Email,Phone,Customer no,City,Stage\n';
  let piece = '';
  for (let i = 0; i < rows; i++) {
    piece += line(i);
    if (piece.length >= 1 << 20) {
      yield piece;
      piece = '';
    }
  }
  if (piece) yield piece;
}

/**
 * `rapport import people` on a generated file into an empty workspace: each line has an email, a
 * phone (unique per line, so every line makes a person) and an external id. Measures the whole
 * import, both passes, through `runImport` as the CLI calls it.
 * Run: `npx tsx src/imports/bench.ts postgres postgres://postgres@127.0.0.1:5433/postgres` or `... pglite`.
 */
export async function benchPeopleImport(options: PeopleImportBenchOptions): Promise<PeopleImportBenchResult> {
  const rows = options.rows ?? 200_000;
  const chunkSize = options.chunkSize ?? 5_000;
  const target = await openTarget(options);
  try {
    const ws = await createWorkspace(target.database.db, { slug: 'bench-import', name: 'Bench import' });
    let bytes = 0;
    for (const piece of peopleCsv(rows)) bytes += Buffer.byteLength(piece);
    const backends = new BackendCpu(target.database);
    await backends.sample();
    const appCpu = process.cpuUsage();
    const started = performance.now();
    let loadStarted = started;
    let checkCpu: NodeJS.CpuUsage | undefined;
    const summary = await runImport(
      target.database.db,
      SYSTEM_PRINCIPAL(ws.id),
      {
        kind: 'people',
        open: () => peopleCsv(rows),
        fileName: 'bench.csv',
        mapping: { firstName: 'First', lastName: 'Last', externalId: 'Customer no', lifecycleStage: 'Stage' },
        settings: { source: 'shop' },
        dryRun: false,
        skipBadRows: false,
        chunkSize,
      },
      {
        onProgress: async ({ phase, done }) => {
          if (phase === 'loading' && done === 0) {
            loadStarted = performance.now();
            checkCpu = process.cpuUsage(appCpu);
          }
          await backends.sample();
        },
      },
    );
    const ended = performance.now();
    const app = process.cpuUsage(appCpu);
    await backends.sample();
    if (summary.badRows > 0)
      throw new Error(`bench file has bad lines: ${JSON.stringify(summary.firstErrors)}`);
    const seconds = (ended - started) / 1000;
    const loadSeconds = (ended - loadStarted) / 1000;
    return {
      kind: options.kind,
      rows,
      chunkSize,
      megabytes: round(bytes / 1e6),
      checkSeconds: round((loadStarted - started) / 1000),
      loadSeconds: round(loadSeconds),
      totalSeconds: round(seconds),
      rowsPerSecond: Math.round(rows / seconds),
      loadRowsPerSecond: Math.round(rows / loadSeconds),
      created: summary.counts.created ?? 0,
      updated: summary.counts.updated ?? 0,
      cpuSecondsPer10k: {
        app: round(((app.user + app.system) / 1e6) * (10_000 / rows)),
        database:
          backends.seconds() === null ? null : round((backends.seconds() as number) * (10_000 / rows)),
      },
      appCpuPer10k: {
        check: round(cpuSeconds(checkCpu) * (10_000 / rows)),
        load: round((cpuSeconds(app) - cpuSeconds(checkCpu)) * (10_000 / rows)),
      },
    };
  } finally {
    await target.close();
  }
}

async function openTarget(
  options: PeopleImportBenchOptions,
): Promise<{ database: Database; close(): Promise<void> }> {
  return openScratchDatabase(options.kind, {
    adminUrl: options.adminUrl,
    prefix: 'rapport_bench_import',
    poolSize: 4,
  });
}

const round = (x: number) => Math.round(x * 100) / 100;
const cpuSeconds = (usage: NodeJS.CpuUsage | undefined) => (usage ? (usage.user + usage.system) / 1e6 : 0);

/** The figures of a run for bench/RESULTS.md: lines per second, then CPU per 10,000 lines. */
export function importFigures(
  result: PeopleImportBenchResult,
  label: string,
): { name: string; value: number; unit: string; runs: number; note?: string }[] {
  const figures = [
    {
      name: `CSV import of people (rapport import people: check every line, then load) [${label}]`,
      value: result.rowsPerSecond,
      unit: 'lines/s',
      runs: 1,
      note: `${result.rows.toLocaleString('en-US')} lines, new people with email, phone and external id, ${result.chunkSize.toLocaleString('en-US')} per transaction; load pass alone ${result.loadRowsPerSecond.toLocaleString('en-US')} lines/s`,
    },
    {
      name: `CSV import of people CPU per 10,000 lines: importing process [${label}]`,
      value: result.cpuSecondsPer10k.app,
      unit: 's',
      runs: 1,
      note: `check ${result.appCpuPer10k.check} s, load ${result.appCpuPer10k.load} s`,
    },
  ];
  if (result.cpuSecondsPer10k.database !== null)
    figures.push({
      name: `CSV import of people CPU per 10,000 lines: database backends [${label}]`,
      value: result.cpuSecondsPer10k.database,
      unit: 's',
      runs: 1,
      note: 'resolution, people, identities, lifecycle and audit rows',
    });
  return figures;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const result = await benchPeopleImport({
    kind: (process.argv[2] ?? 'pglite') as DatabaseKind,
    adminUrl: process.argv[3] ?? process.env.BENCH_DATABASE_URL,
    rows: Number(process.env.BENCH_ROWS ?? 200_000),
    chunkSize: Number(process.env.BENCH_CHUNK ?? 5_000),
  });
  console.log(JSON.stringify(result, null, 2));
}
