import type { Db } from '../../db/index';
import type { Tx } from '../../db/index';
import { withAnalyticsScope } from './scope';
import { authorize, type Principal } from '../../platform/index';
import type { AcquisitionCohort } from '../models/cohorts/acquisition';
import { dayNumber, monthNumber } from '../models/dates';
import { readCohortCells } from '../feeds/cohorts';
import { readPurchaseHistories } from '../feeds/histories';
import { buildCohorts } from '../reports/cohort-report';
import { attachNames } from './names';
import {
  type Day,
  type Page,
  type PageOptions,
  pageOf,
  readDay,
  readNumber,
  readPage,
  requireBefore,
} from '../reports/options';
import {
  type CustomerValue,
  DEFAULT_HORIZON,
  fitValueModel,
  type ValueModel,
  valueCustomers,
} from '../reports/value-model';

export interface ChurnOptions extends PageOptions {
  /** Day (YYYY-MM-DD, UTC) of the assessment; default today. */
  asOf?: string;
  /** Churn risk at or above which a customer counts as at risk (0 to < 1, default 0.5). */
  threshold?: number;
  /** First day of the purchases in the cohort table; default all history. */
  from?: string;
}

export interface ChurnReport {
  asOf: string;
  model: Pick<ValueModel, 'customers' | 'repeatBuyers' | 'bgnbd'>;
  /** Σ P(alive): the customers the model expects to be still active. */
  expectedActive: number;
  atRisk: { threshold: number; customers: number; share: number };
  /** Customers per churn-risk band [from, to), the last band including 1. */
  riskBands: { from: number; to: number; customers: number }[];
  /** Monthly acquisition cohorts and their retention. */
  cohorts: AcquisitionCohort[];
  /** Customers by churn risk, highest first (ties: larger mean spend first, then id). */
  detail: Page<CustomerValue>;
}

/**
 * Churn risk over the caller's workspace: 1 − P(alive) under BG/NBD for every customer (a
 * non-contractual setting: nobody announces leaving), the at-risk count, risk bands, and the
 * monthly acquisition cohorts with their retention matrix. Under BG/NBD a customer without a
 * repeat purchase has P(alive) = 1 (drop-out happens only right after a purchase).
 */
export async function analyzeChurn(
  db: Db,
  actor: Principal,
  options: ChurnOptions = {},
): Promise<ChurnReport> {
  authorize(actor, 'analytics', 'read');
  const asOf = readDay('asOf', options.asOf, new Date());
  const from = readDay('from', options.from);
  if (from) requireBefore('from', from, 'asOf', asOf);
  const threshold = readNumber('threshold', options.threshold, 0.5, 0, 1);
  const paging = readPage(options);
  const ws = actor.workspaceId;
  return withAnalyticsScope(db, ws, async (trx) => {
    const histories = await readPurchaseHistories(trx, ws, { end: asOf.end, endDay: asOf.iso });
    const model = fitValueModel(histories, { spend: false });
    const values = valueCustomers(model, histories, { ...DEFAULT_HORIZON, clvMonths: 0 });
    const bands = Array.from({ length: 10 }, (_, i) => ({ from: i / 10, to: (i + 1) / 10, customers: 0 }));
    let atRisk = 0;
    let alive = 0;
    for (const v of values) {
      (bands[Math.min(9, Math.floor(v.churnRisk * 10))] as (typeof bands)[number]).customers++;
      if (v.churnRisk >= threshold) atRisk++;
      alive += v.pAlive;
    }
    values.sort(
      (a, b) =>
        b.churnRisk - a.churnRisk ||
        b.monetaryValue - a.monetaryValue ||
        (a.customerId < b.customerId ? -1 : a.customerId > b.customerId ? 1 : 0),
    );
    const detail = pageOf(values, paging);
    await attachNames(trx, ws, detail.items);
    return {
      asOf: asOf.iso,
      model: { customers: model.customers, repeatBuyers: model.repeatBuyers, bgnbd: model.bgnbd },
      expectedActive: alive,
      atRisk: { threshold, customers: atRisk, share: values.length === 0 ? 0 : atRisk / values.length },
      riskBands: bands,
      cohorts: await readCohorts(trx, ws, asOf, from),
      detail,
    };
  });
}

export interface CohortOptions extends PageOptions {
  /** Last day (YYYY-MM-DD, UTC) of the table; default today. */
  asOf?: string;
  /** First day of the purchases counted; default all history. */
  from?: string;
  // page, limit: one page of the cohorts, oldest first (default: every cohort).
}

/** Monthly acquisition cohorts of the caller's workspace and their retention matrix. */
export async function analyzeCohorts(
  db: Db,
  actor: Principal,
  options: CohortOptions = {},
): Promise<{ asOf: string; from: string | null; cohorts: AcquisitionCohort[] }> {
  authorize(actor, 'analytics', 'read');
  const asOf = readDay('asOf', options.asOf, new Date());
  const from = readDay('from', options.from);
  if (from) requireBefore('from', from, 'asOf', asOf);
  const ws = actor.workspaceId;
  const paging = options.page === undefined && options.limit === undefined ? undefined : readPage(options);
  const cohorts = await withAnalyticsScope(db, ws, (trx) => readCohorts(trx, ws, asOf, from));
  return {
    asOf: asOf.iso,
    from: from?.iso ?? null,
    cohorts: paging ? pageOf(cohorts, paging).items : cohorts,
  };
}

async function readCohorts(
  trx: Tx,
  ws: string,
  asOf: Day,
  from: Day | undefined,
): Promise<AcquisitionCohort[]> {
  const cells = await readCohortCells(trx, ws, { end: asOf.end, from: from?.date });
  return buildCohorts(cells, monthNumber(dayNumber(asOf.date)));
}
