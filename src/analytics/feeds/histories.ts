import { sql } from 'kysely';
import type { Tx } from '../../db/index';
import type { CustomerSummary } from '../models/clv/summary';
import { historyColumns, ORDER_DAY, purchasesIn } from './purchases';
import { purchaseMeasures, statsCover } from './stats';

/**
 * Per-customer purchase history for BG/NBD, Pareto/NBD and Gamma-Gamma, built in the database the
 * way `summarizeTransactions` builds it with unit 'week' and grouping 'day' (Fader, Hardie & Lee
 * 2005; lifetimes' freq='D', multiplier 7): purchases on the same UTC day are one purchase;
 *   x = purchase days − 1, t_x = (last day − first day) / 7, T = (calibration end − first day) / 7,
 *   monetaryValue = mean total of the repeat purchase days (0 when x = 0).
 * Customers whose first purchase is after the calibration end are absent.
 */
export async function readPurchaseHistories(
  trx: Tx,
  workspaceId: string,
  calibration: { end: Date; endDay: string },
): Promise<CustomerSummary[]> {
  const histories = (await statsCover(trx, workspaceId, { end: calibration.end }, false))
    ? sql`select person_id, x, tx, "T", monetary_value
        from ${purchaseMeasures(workspaceId, calibration.endDay)} s`
    : sql`with purchase_days as (
          select o.person_id, ${ORDER_DAY} as day, sum(o.amount) as amount
          from ${await purchasesIn(trx, workspaceId, { end: calibration.end })} o
          group by o.person_id, ${ORDER_DAY}
        ),
        marked as (
          select person_id, day, amount, min(day) over (partition by person_id) as first_day
          from purchase_days
        )
        select person_id,
          ${historyColumns(calibration.endDay)}
        from marked
        group by person_id`;
  const { rows } = await sql<CustomerSummary>`
    select person_id as "customerId", x, tx, "T", monetary_value as "monetaryValue"
    from (${histories}) h`.execute(trx);
  // Fresh objects: node-postgres rows are slow to copy and spread (dictionary-mode objects).
  return rows.map((r) => ({
    customerId: r.customerId,
    x: r.x,
    tx: r.tx,
    T: r.T,
    monetaryValue: r.monetaryValue,
  }));
}

/**
 * Purchase days per customer in the holdout period (calibration end, holdout end], counted like
 * `countHoldoutPurchases` (distinct UTC days). Customers without one are absent.
 */
export async function readHoldoutPurchases(
  trx: Tx,
  workspaceId: string,
  holdout: { from: Date; end: Date },
): Promise<Map<string, number>> {
  const purchases = await purchasesIn(trx, workspaceId, holdout);
  const { rows } = await sql<{ customerId: string; purchases: number }>`
    select o.person_id as "customerId", count(distinct ${ORDER_DAY})::int as purchases
    from ${purchases} o
    group by o.person_id`.execute(trx);
  return new Map(rows.map((r) => [r.customerId, r.purchases]));
}
