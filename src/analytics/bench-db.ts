import type { Database } from '../db/connection';
import { getJob, JobRunner, SYSTEM_PRINCIPAL } from '../platform/index';
import type { CustomerSummary } from './clv/summary';
import { analyzeRfm } from './service/rfm';
import { analyzeProfitability } from './service/profitability';
import { computeCustomerScores, writeCustomerScores } from './service/scores';
import { dayOf } from './service/options';
import { DEFAULT_HORIZON, fitValueModel, valueCustomers } from './service/value-model';
import { analyticsJobHandlers, queueScoreRecompute } from './jobs';

/** Timings (milliseconds) of the analytics over one workspace of a database. */
export interface AnalyticsDbTimings {
  customers: number;
  /** `analyzeRfm` end to end: SQL aggregate and ranks, segments, report. */
  rfm: number;
  /** `analyzeProfitability` end to end: SQL aggregate, cost to serve, deciles, whale curve, report. */
  profitability: number;
  /** The `analytics.recompute_scores` job, queued and run to completion by a job runner. */
  recompute: number;
  /** Where a recompute spends its time: each feed, the model fit and scoring, the write. */
  phases: {
    /** One pass over purchases: RFM, profit, purchase histories. */
    summaryFeed: number;
    channelsFeed: number;
    fitAndScore: number;
    write: number;
  };
}

/**
 * Times RFM, profitability and the full score recompute over a workspace, for the benchmark suite
 * (targets at 1M customers / 10M orders on a PostgreSQL server: RFM and profitability under 15 s
 * each, the recompute under 60 s). Each figure is the median of `runs` runs (default 3) after one
 * warm-up of each. Not a pure function: reads the database and the clock.
 */
export async function benchAnalyticsOnDatabase(
  database: Database,
  workspaceId: string,
  options: { runs?: number; asOf?: string } = {},
): Promise<AnalyticsDbTimings> {
  const runs = options.runs ?? 3;
  const actor = SYSTEM_PRINCIPAL(workspaceId);
  const db = database.db;
  const asOf = options.asOf;
  const rfm = await median(runs, () => analyzeRfm(db, actor, { asOf, limit: 50 }));
  const profitability = await median(runs, () => analyzeProfitability(db, actor, { asOf, limit: 50 }));
  const runner = new JobRunner(db, analyticsJobHandlers(), { workerId: 'bench', leaseMs: 600_000 });
  let customers = 0;
  const recompute = await median(runs, async () => {
    const job = await queueScoreRecompute(db, actor);
    await runner.drain();
    const done = await getJob(db, actor, job.id);
    if (done.state !== 'succeeded') throw new Error(`score recompute ${done.state}: ${done.error}`);
    customers = (done.result as { customers: number }).customers;
  });
  return { customers, rfm, profitability, recompute, phases: await recomputePhases(database, workspaceId) };
}

/** One recompute, timed phase by phase (each feed in its own transaction, as the job reads them). */
async function recomputePhases(
  database: Database,
  workspaceId: string,
): Promise<AnalyticsDbTimings['phases']> {
  const marks: number[] = [performance.now()];
  const computed = await computeCustomerScores(database.db, workspaceId, dayOf(new Date()), async () => {
    marks.push(performance.now());
  });
  marks.push(performance.now());
  await writeCustomerScores(database.db, workspaceId, computed.rows);
  marks.push(performance.now());
  const step = (i: number) => Math.round((marks[i + 1] as number) - (marks[i] as number));
  return {
    summaryFeed: step(0),
    channelsFeed: step(1),
    fitAndScore: step(2),
    write: step(3),
  };
}

/** Timings (milliseconds) of the value models on synthetic customers. */
export interface ModelScaleTimings {
  customers: number;
  /** Distinct (x, t_x, T) histories after compression. */
  distinctHistories: number;
  /** BG/NBD + Gamma-Gamma fit (compression included). */
  fit: number;
  /** P(alive), expected purchases, expected spend and CLV of every customer. */
  score: number;
}

/**
 * Fits BG/NBD + Gamma-Gamma to `customers` synthetic purchase histories drawn from the BG/NBD
 * process (r 0.9, α 10 per day, a 1.2, b 14, two years of acquisition, days merged, times in weeks)
 * and scores everyone: the 1M-customer targets (fit under 5 s, scoring under 10 s).
 */
export function benchValueModelAtScale(customers: number, seed = 1): ModelScaleTimings {
  const histories = simulateHistories(customers, seed);
  let t0 = performance.now();
  const model = fitValueModel(histories);
  const fit = performance.now() - t0;
  t0 = performance.now();
  valueCustomers(model, histories, DEFAULT_HORIZON);
  const score = performance.now() - t0;
  const distinct = new Set(histories.map((h) => `${h.x}|${h.tx}|${h.T}`)).size;
  return { customers, distinctHistories: distinct, fit: Math.round(fit), score: Math.round(score) };
}

/** Purchase histories from the BG/NBD process, in whole days converted to weeks. */
export function simulateHistories(n: number, seed: number): CustomerSummary[] {
  const random = mulberry32(seed);
  const gamma = (shape: number, scale: number): number => {
    // Marsaglia & Tsang (2000); shape < 1 by boosting.
    if (shape < 1) return gamma(shape + 1, scale) * random() ** (1 / shape);
    const d = shape - 1 / 3;
    const c = 1 / Math.sqrt(9 * d);
    for (;;) {
      let x: number;
      let v: number;
      do {
        const u1 = random();
        const u2 = random();
        x = Math.sqrt(-2 * Math.log(u1 || 1e-300)) * Math.cos(2 * Math.PI * u2);
        v = 1 + c * x;
      } while (v <= 0);
      v = v * v * v;
      const u = random();
      if (u < 1 - 0.0331 * x ** 4 || Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v)))
        return d * v * scale;
    }
  };
  const out: CustomerSummary[] = [];
  for (let i = 0; i < n; i++) {
    const lambda = gamma(0.9, 1 / 10);
    const g1 = gamma(1.2, 1);
    const p = g1 / (g1 + gamma(14, 1));
    const age = Math.floor(random() * 730);
    const days = new Set<number>([0]);
    let t = 0;
    let last = 0;
    let spend = 0;
    const unit = 20 + 80 * random();
    for (;;) {
      if (random() < p) break;
      t += -Math.log(1 - random()) / lambda;
      if (t > age) break;
      const day = Math.floor(t);
      if (!days.has(day)) {
        days.add(day);
        spend += unit * (0.5 + random());
      }
      last = Math.max(last, day);
    }
    const x = days.size - 1;
    out.push({ customerId: String(i), x, tx: last / 7, T: age / 7, monetaryValue: x > 0 ? spend / x : 0 });
  }
  return out;
}

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

async function median(runs: number, fn: () => Promise<unknown>): Promise<number> {
  await fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await fn();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return Math.round(times[Math.floor(times.length / 2)] as number);
}
