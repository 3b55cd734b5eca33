import fs from 'node:fs';
import { InputError } from '../../analytics/index';
import { analyzeChannels } from '../../analytics/index';
import { analyzeChurn, analyzeCohorts } from '../../analytics/index';
import { analyzeClv } from '../../analytics/index';
import { analyzeProfitability } from '../../analytics/index';
import { analyzeRfm } from '../../analytics/index';
import { analyzeShareOfWallet } from '../../analytics/index';
import { fitSummaryModels } from '../../analytics/index';
import {
  analyzeChurnTransactions,
  analyzeClvTransactions,
  analyzeProfitabilityTransactions,
  analyzeRfmTransactions,
  type Period,
  readModelHorizon,
} from '../../analytics/index';
import { readSummaryFile, readTransactionFile } from '../../analytics/index';
import { AppError, findWorkspaceBySlug, SYSTEM_PRINCIPAL } from '../../platform/index';
import { CliError, EXIT, withDatabase } from '../context';
import { type CliIo, writeLine } from '../io';

export const ANALYSES = [
  'rfm',
  'profitability',
  'clv',
  'churn',
  'cohorts',
  'channels',
  'share-of-wallet',
] as const;
const FILE_ANALYSES = ['rfm', 'profitability', 'clv', 'churn'];

export interface AnalyzeOptions {
  json?: boolean;
  workspace: string;
  asOf?: string;
  from?: string;
  compareTo?: string;
  segment?: string;
  segmentMap?: string;
  horizonWeeks?: string;
  horizon?: string;
  clvMonths?: string;
  discountRate?: string;
  calibrationEnd?: string;
  threshold?: string;
  source?: string;
  priorStrength?: string;
  attribute?: string;
  whalePoints?: string;
  page?: string;
  limit?: string;
  transactions?: string;
  summary?: string;
  customerCol?: string;
  dateCol?: string;
  amountCol?: string;
  costCol?: string;
  quantityCol?: string;
  dateFormat?: string;
  format?: 'csv' | 'whitespace';
  skipLines?: string;
  period?: Period;
}

/**
 * `rapport analyze <name>`: an analysis over a workspace of the database, or, with --transactions
 * or --summary, over a file without a database. Prints JSON (with --json, or always for files) or
 * a short text summary. Bad input exits with code 2 and a message naming the option, line or field.
 */
export async function analyzeCommand(name: string, options: AnalyzeOptions, io: CliIo): Promise<void> {
  try {
    const report = await run(name, options, io);
    writeLine(
      io.stdout,
      options.json || options.transactions || options.summary
        ? JSON.stringify(report, null, 2)
        : describe(name, report as Record<string, unknown>),
    );
  } catch (err) {
    throw asCliError(err);
  }
}

async function run(name: string, options: AnalyzeOptions, io: CliIo): Promise<unknown> {
  if (!(ANALYSES as readonly string[]).includes(name)) {
    throw new CliError(`unknown analysis "${name}": use one of ${ANALYSES.join(', ')}`);
  }
  if (options.transactions && options.summary)
    throw new CliError('give --transactions or --summary, not both');
  if (options.summary) {
    if (name !== 'clv') throw new CliError('--summary works with "analyze clv" only');
    const { rows, hasSpend } = readSummaryFile(readText('--summary', options.summary));
    const horizon = readModelHorizon(numbers(options), options.period ?? 'week');
    const { models, customers } = fitSummaryModels(rows, hasSpend ? 'all' : 'none', horizon);
    return { ...models, customers };
  }
  if (options.transactions) return runOnFile(name, options);
  return withDatabase(io, async ({ db }) => {
    const ws = await findWorkspaceBySlug(db, options.workspace);
    const actor = SYSTEM_PRINCIPAL(ws.id);
    const n = numbers(options);
    const paging = { page: n.page, limit: n.limit };
    const dates = { asOf: options.asOf, from: options.from };
    switch (name) {
      case 'rfm':
        return analyzeRfm(db, actor, {
          asOf: options.asOf,
          compareTo: options.compareTo,
          segment: options.segment,
          segmentMap: segmentMapOf(options),
          ...paging,
        });
      case 'profitability':
        return analyzeProfitability(db, actor, { ...dates, whalePoints: n.whalePoints, ...paging });
      case 'clv':
        return analyzeClv(db, actor, {
          asOf: options.asOf,
          horizonWeeks: n.horizonWeeks,
          clvMonths: n.clvMonths,
          discountRate: n.discountRate,
          calibrationEnd: options.calibrationEnd,
          ...paging,
        });
      case 'churn':
        return analyzeChurn(db, actor, { ...dates, threshold: n.threshold, ...paging });
      case 'cohorts':
        return analyzeCohorts(db, actor, dates);
      case 'channels':
        return analyzeChannels(db, actor, {
          ...dates,
          source: options.source,
          priorStrength: n.priorStrength,
          ...paging,
        });
      default:
        return analyzeShareOfWallet(db, actor, { ...dates, attribute: options.attribute, ...paging });
    }
  });
}

function runOnFile(name: string, options: AnalyzeOptions): unknown {
  if (!FILE_ANALYSES.includes(name)) {
    throw new CliError(`--transactions works with ${FILE_ANALYSES.join(', ')}; "${name}" needs the database`);
  }
  if (!options.customerCol) throw new CliError('--customer-col is required with --transactions');
  if (!options.dateCol) throw new CliError('--date-col is required with --transactions');
  const n = numbers(options);
  const file = readTransactionFile(readText('--transactions', options.transactions as string), {
    format: options.format,
    customerCol: options.customerCol,
    dateCol: options.dateCol,
    amountCol: options.amountCol,
    costCol: options.costCol,
    quantityCol: options.quantityCol,
    dateFormat: options.dateFormat,
    skipLines: n.skipLines,
  });
  const period = options.period ?? 'week';
  switch (name) {
    case 'rfm':
      return analyzeRfmTransactions(file.transactions, {
        asOf: options.asOf,
        compareTo: options.compareTo,
        segmentMap: segmentMapOf(options),
      });
    case 'profitability':
      return analyzeProfitabilityTransactions(file.transactions, file.costs, {
        asOf: options.asOf,
        from: options.from,
        whalePoints: n.whalePoints,
      });
    case 'clv': {
      const { customerDetail, ...models } = analyzeClvTransactions(file.transactions, {
        period,
        calibrationEnd: options.calibrationEnd,
        asOf: options.asOf,
        horizon: n.horizon,
        clvMonths: n.clvMonths,
        discountRate: n.discountRate,
      });
      return { ...models, customers: customerDetail };
    }
    default:
      return analyzeChurnTransactions(file.transactions, {
        period,
        asOf: options.asOf,
        threshold: n.threshold,
      });
  }
}

/** The JSON of --segment-map FILE, or undefined (the default map). */
function segmentMapOf(options: AnalyzeOptions): string | undefined {
  return options.segmentMap === undefined ? undefined : readText('--segment-map', options.segmentMap);
}

function readText(flag: string, file: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (err) {
    throw new CliError(
      `${flag}: cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`,
    );
  }
}

const NUMERIC = [
  ['horizonWeeks', '--horizon-weeks'],
  ['horizon', '--horizon'],
  ['clvMonths', '--clv-months'],
  ['discountRate', '--discount-rate'],
  ['threshold', '--threshold'],
  ['priorStrength', '--prior-strength'],
  ['whalePoints', '--whale-points'],
  ['page', '--page'],
  ['limit', '--limit'],
  ['skipLines', '--skip-lines'],
] as const;

/** The numeric options, each a number or undefined; text that is not a number names its flag. */
function numbers(options: AnalyzeOptions): Partial<Record<(typeof NUMERIC)[number][0], number>> {
  const out: Partial<Record<(typeof NUMERIC)[number][0], number>> = {};
  for (const [key, flag] of NUMERIC) {
    const text = options[key];
    if (text === undefined) continue;
    const value = text.trim() === '' ? Number.NaN : Number(text);
    if (!Number.isFinite(value)) throw new CliError(`${flag}: "${text}" is not a number`);
    out[key] = value;
  }
  return out;
}

/** Option names in messages as the flags the user typed: asOf → --as-of. */
function asFlag(field: string): string {
  return `--${field.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
}

const OPTION_FIELDS = new Set([
  'asOf',
  'from',
  'compareTo',
  'segment',
  'horizonWeeks',
  'horizon',
  'clvMonths',
  'discountRate',
  'calibrationEnd',
  'threshold',
  'source',
  'priorStrength',
  'attribute',
  'whalePoints',
  'page',
  'limit',
  'customerCol',
  'dateCol',
  'amountCol',
  'costCol',
  'quantityCol',
]);

function asCliError(err: unknown): unknown {
  // A score map's rule: segmentMap[2].r → --segment-map[2].r
  if ((err instanceof InputError || err instanceof AppError) && err.field?.startsWith('segmentMap')) {
    const where = err.field.replace('segmentMap', '--segment-map');
    const message = err.message.replaceAll(err.field, where);
    return new CliError(message.startsWith(where) ? message : `${where}: ${message}`, EXIT.invalid);
  }
  if (err instanceof InputError) {
    const message =
      err.field && OPTION_FIELDS.has(err.field)
        ? err.message.replaceAll(err.field, asFlag(err.field))
        : err.message;
    return new CliError(message, EXIT.invalid);
  }
  if (err instanceof AppError && err.field && OPTION_FIELDS.has(err.field)) {
    return new CliError(
      err.message.replaceAll(err.field, asFlag(err.field)),
      err.code === 'internal' ? EXIT.failed : EXIT.invalid,
    );
  }
  return err;
}

/** A few lines for a person at a terminal; --json gives everything. */
function describe(name: string, r: Record<string, unknown>): string {
  const pct = (v: unknown) =>
    typeof v === 'number' && Number.isFinite(v) ? `${(v * 100).toFixed(1)}%` : 'n/a';
  const num = (v: unknown) =>
    typeof v === 'number' ? v.toLocaleString('en-US', { maximumFractionDigits: 2 }) : 'n/a';
  const lines: string[] = [];
  switch (name) {
    case 'rfm': {
      lines.push(
        `RFM as of ${r.asOf}: ${num(r.customers)} customers, revenue ${num(r.revenue)}; top 20% hold ${pct(r.topRevenueShare)}`,
      );
      for (const s of r.segments as { segment: string; customers: number; revenueShare: number }[])
        lines.push(
          `  ${s.segment.padEnd(20)} ${String(s.customers).padStart(9)}  ${pct(s.revenueShare).padStart(6)} of revenue`,
        );
      break;
    }
    case 'profitability': {
      const totals = r.totals as Record<string, unknown>;
      const shares = r.shares as { top: number; bottom: number };
      const peak = (r.whaleCurve as { peak: { customerShare: number; profitShare: number } }).peak;
      lines.push(
        `Profitability to ${r.asOf}: ${num(r.customers)} customers, profit ${num(totals.profit)} on revenue ${num(totals.revenue)}`,
      );
      lines.push(
        `  top 20% earn ${pct(shares.top)} of profit, bottom 20% ${pct(shares.bottom)}; ${num(r.unprofitableCustomers)} unprofitable`,
      );
      lines.push(
        `  whale curve peaks at ${pct(peak.profitShare)} of profit with the top ${pct(peak.customerShare)} of customers`,
      );
      break;
    }
    case 'clv': {
      const model = r.model as { bgnbd: Record<string, number>; gammaGamma: Record<string, number> | null };
      const totals = r.totals as Record<string, unknown>;
      const b = model.bgnbd;
      lines.push(
        `CLV as of ${r.asOf}: BG/NBD r=${num(b.r)} alpha=${num(b.alpha)} a=${num(b.a)} b=${num(b.b)}`,
      );
      if (model.gammaGamma)
        lines.push(
          `  Gamma-Gamma p=${num(model.gammaGamma.p)} q=${num(model.gammaGamma.q)} gamma=${num(model.gammaGamma.gamma)}`,
        );
      lines.push(
        `  ${num(totals.customers)} customers, ${num(totals.expectedAlive)} expected alive, total CLV ${num(totals.clv)}`,
      );
      break;
    }
    case 'churn': {
      const atRisk = r.atRisk as { threshold: number; customers: number; share: number };
      lines.push(`Churn as of ${r.asOf}: ${num(r.expectedActive)} customers expected active`);
      lines.push(
        `  ${num(atRisk.customers)} (${pct(atRisk.share)}) at risk (churn risk ≥ ${atRisk.threshold})`,
      );
      lines.push(`  ${(r.cohorts as unknown[]).length} monthly acquisition cohorts (see --json)`);
      break;
    }
    case 'cohorts':
      for (const c of r.cohorts as { cohort: string; size: number; retention: number[] }[])
        lines.push(
          `${c.cohort} ${String(c.size).padStart(8)}  ${c.retention
            .slice(0, 13)
            .map((v) => pct(v).padStart(6))
            .join(' ')}`,
        );
      break;
    case 'channels': {
      lines.push(`Channel preference to ${r.asOf} (${r.source}): ${num(r.customers)} customers`);
      for (const [channel, n] of Object.entries(r.preferred as Record<string, number>))
        lines.push(
          `  ${channel.padEnd(12)} ${String(n).padStart(9)} prefer it; ${pct((r.population as Record<string, number>)[channel])} of touches`,
        );
      break;
    }
    default:
      lines.push(
        `Share of wallet (${r.attribute}) ${r.from} to ${r.asOf}: ${num(r.customers)} customers, aggregate share ${pct(r.aggregateShare)}`,
      );
  }
  return lines.join('\n');
}
