import { Presets, SingleBar } from 'cli-progress';
import type { TableName } from '../src/demo/index';

export interface SeedProgress {
  /** For `seedWorkspace`'s `onProgress`: the table just copied and its rows so far. */
  onProgress(table: TableName, rows: number): void;
  stop(): void;
}

/**
 * Progress of a long seed (the large set takes about 17 minutes): customers loaded of the total,
 * with the rate and the time left. A bar redrawn in place on a terminal; otherwise a plain line
 * every `logEveryMs` through `log`, so a log file shows it too.
 */
export function seedProgress(
  customers: number,
  log: (line: string) => void,
  options: { stream?: NodeJS.WriteStream; logEveryMs?: number } = {},
): SeedProgress {
  const stream = options.stream ?? process.stderr;
  const logEveryMs = options.logEveryMs ?? 15_000;
  const started = performance.now();
  const counts = new Map<TableName, number>();
  let bar: SingleBar | undefined;
  let lastLog = started;
  const rows = () => [...counts.values()].reduce((a, b) => a + b, 0);
  const rate = () => Math.round(rows() / Math.max(0.001, (performance.now() - started) / 1000));
  if (stream.isTTY) {
    bar = new SingleBar(
      {
        stream,
        format:
          'seeding [{bar}] {percentage}% | {value}/{total} customers | {rows} rows, {rate} rows/s | {eta_formatted} left',
        hideCursor: true,
        etaBuffer: 50,
      },
      Presets.shades_classic,
    );
    bar.start(customers, 0, { rows: 0, rate: 0 });
  }
  return {
    onProgress(table, n) {
      counts.set(table, n);
      const people = counts.get('people') ?? 0;
      if (bar) {
        bar.update(people, { rows: rows().toLocaleString('en-US'), rate: rate().toLocaleString('en-US') });
        return;
      }
      const now = performance.now();
      if (now - lastLog < logEveryMs) return;
      lastLog = now;
      const elapsed = (now - started) / 1000;
      const left = people > 0 ? (elapsed * (customers - people)) / people : Number.NaN;
      log(
        `seeding: ${people.toLocaleString('en-US')}/${customers.toLocaleString('en-US')} customers ` +
          `(${Math.floor((100 * people) / customers)}%), ${rows().toLocaleString('en-US')} rows, ` +
          `${rate().toLocaleString('en-US')} rows/s, ${Number.isFinite(left) ? `${Math.round(left)} s left` : 'starting'}`,
      );
    },
    stop() {
      bar?.stop();
    },
  };
}
