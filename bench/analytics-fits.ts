import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fitBgNbd } from '../src/analytics/index';
import { compressSummaries } from '../src/analytics/index';
import { fitGammaGamma } from '../src/analytics/index';
import { fitParetoNbd } from '../src/analytics/index';
import { parseSummaryCsv } from '../src/analytics/index';

/** Timings (milliseconds) of the CDNOW model fits. */
export interface CdnowFitTimings {
  customers: number;
  /** Distinct (x, t_x, T) rows after compression. */
  compressedRows: number;
  /** First call in this process (includes JIT warm-up), compression + BG/NBD + Gamma-Gamma. */
  coldBgNbdPlusGammaGamma: number;
  /** Median over `runs` warm calls. */
  compress: number;
  bgNbd: number;
  gammaGamma: number;
  bgNbdPlusGammaGamma: number;
  paretoNbd: number;
  runs: number;
}

/**
 * Benchmark of the BG/NBD, Gamma-Gamma and Pareto/NBD fits on Fader & Hardie's CDNOW sample
 * (2,357 customers), read from the folder RAPPORT_SHARED_DATA names, else `../shared/data` beside
 * the project root (or `dataDir`). For the
 * benchmark suite; not a pure function (reads files, measures time).
 */
export function benchCdnowFit(
  runs = 21,
  dataDir = process.env.RAPPORT_SHARED_DATA ?? path.resolve(process.cwd(), '../shared/data'),
): CdnowFitTimings {
  const rows = parseSummaryCsv(
    readFileSync(path.join(dataDir, 'cdnow_customers_summary_with_transactions.csv'), 'utf8'),
    {
      customerId: 'ID',
      x: 'x',
      tx: 't_x',
      T: 'T',
      monetaryValue: 'zbar',
    },
  );
  const time = (f: () => unknown): number => {
    const t0 = performance.now();
    f();
    return performance.now() - t0;
  };
  const cold = time(() => {
    fitBgNbd(compressSummaries(rows));
    fitGammaGamma(rows);
  });
  const samples = {
    compress: [] as number[],
    bgNbd: [] as number[],
    gammaGamma: [] as number[],
    both: [] as number[],
  };
  const compressed = compressSummaries(rows);
  for (let i = 0; i < runs; i++) {
    samples.compress.push(time(() => compressSummaries(rows)));
    samples.bgNbd.push(time(() => fitBgNbd(compressed)));
    samples.gammaGamma.push(time(() => fitGammaGamma(rows)));
    samples.both.push(
      time(() => {
        fitBgNbd(compressSummaries(rows));
        fitGammaGamma(rows);
      }),
    );
  }
  const paretoRuns = Math.max(1, Math.min(3, runs));
  const pareto: number[] = [];
  for (let i = 0; i < paretoRuns; i++) pareto.push(time(() => fitParetoNbd(compressed)));
  return {
    customers: rows.length,
    compressedRows: compressed.x.length,
    coldBgNbdPlusGammaGamma: cold,
    compress: median(samples.compress),
    bgNbd: median(samples.bgNbd),
    gammaGamma: median(samples.gammaGamma),
    bgNbdPlusGammaGamma: median(samples.both),
    paretoNbd: median(pareto),
    runs,
  };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}
