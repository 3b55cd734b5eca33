import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { seedWorkspace } from '../../demo/index';
import { withTenant } from '../../db/index';
import { createTestDatabase, describeEachDatabase, type TestDatabase } from '../../testing/db';
import { computeChannelPreferences } from '../models/channels/preference';
import { predictBgNbd, predictBgNbdAlive } from '../models/clv/bgnbd-predict';
import { computeClv } from '../models/clv/clv';
import { summarizeTransactions, type Transaction } from '../models/clv/summary';
import { computeAcquisitionCohorts } from '../models/cohorts/acquisition';
import { computeCustomerProfit } from '../models/profitability/customer-profit';
import { computeRfm } from '../models/rfm/rfm';
import { scoreRfm } from '../models/rfm/scores';
import { buildCohorts } from '../reports/cohort-report';
import { dayOf } from '../reports/options';
import { assignProfitDeciles } from '../reports/profit-report';
import { readCustomerProfits } from '../service/profitability';
import { scorePartitionName } from '../service/score-partitions';
import { computeCustomerScores, writeCustomerScores } from '../service/scores';
import { DEFAULT_HORIZON, fitValueModel, valueCustomers } from '../reports/value-model';
import { readChannelEvents, readPreferredChannels } from './channels';
import { readCohortCells } from './cohorts';
import { readCustomerSummaries } from './customer-summary';
import { readPurchaseHistories } from './histories';
import { readRfmScores } from './rfm';
import { dayNumber, monthNumber } from '../models/dates';

/**
 * The SQL feeds aggregate in the database what the pure functions compute from raw transactions:
 * on a synthetic workspace, each feed must give the pure function's numbers.
 */
describeEachDatabase('analytics feeds agree with the pure functions', (kind) => {
  let database: TestDatabase;
  let ws: string;
  let transactions: Transaction[];
  const asOf = dayOf(new Date('2024-06-30T00:00:00Z'));
  const feed = <T>(fn: (trx: Parameters<Parameters<typeof withTenant>[2]>[0]) => Promise<T>) =>
    withTenant(database.db, ws, fn);
  const byId = <T extends { customerId: string }>(rows: T[]) =>
    [...rows].sort((a, b) => (a.customerId < b.customerId ? -1 : 1));

  beforeAll(async () => {
    database = await createTestDatabase(kind);
    const seeded = await seedWorkspace(database, {
      size: { customers: 300 },
      workspaceSlug: 'feeds',
      endDate: new Date('2024-08-01T00:00:00Z'),
    });
    ws = seeded.workspaceId;
    // Purchases as the feeds define them (the seed records no refunds: returned orders are refunded in full).
    const { rows } = await sql<{ person_id: string; ordered_at: Date; total: number }>`
      select person_id, ordered_at, total from orders
      where workspace_id = ${ws} and status in ('placed', 'fulfilled')`.execute(database.db);
    transactions = rows.map((r) => ({
      customerId: r.person_id,
      date: new Date(r.ordered_at),
      amount: r.total,
    }));
  });
  afterAll(() => database.close());

  it('RFM measures match computeRfm, and the ranks match scoreRfm on the same numbers', async () => {
    const rows = byId(await feed((trx) => readRfmScores(trx, ws, { end: asOf.end, asOfDay: asOf.iso })));
    const pure = byId(computeRfm(transactions, asOf.date));
    expect(rows.length).toBe(pure.length);
    expect(rows.length).toBeGreaterThan(100);
    rows.forEach((r, i) => {
      const p = pure[i] as (typeof pure)[number];
      expect([r.customerId, r.recencyDays, r.frequency]).toEqual([p.customerId, p.recencyDays, p.frequency]);
      expect(r.monetary).toBeCloseTo(p.monetary, 6);
    });
    const scores = byId(scoreRfm(rows));
    expect(rows.map((r) => [r.customerId, r.r, r.f, r.m])).toEqual(
      scores.map((s) => [s.customerId, s.r, s.f, s.m]),
    );
  });

  it('purchase histories match summarizeTransactions (weeks, same-day purchases merged)', async () => {
    const rows = byId(
      await feed((trx) => readPurchaseHistories(trx, ws, { end: asOf.end, endDay: asOf.iso })),
    );
    const pure = byId(summarizeTransactions(transactions, { unit: 'week', calibrationEnd: asOf.date }));
    expect(rows.length).toBe(pure.length);
    rows.forEach((r, i) => {
      const p = pure[i] as (typeof pure)[number];
      expect([r.customerId, r.x]).toEqual([p.customerId, p.x]);
      expect(r.tx).toBeCloseTo(p.tx, 12);
      expect(r.T).toBeCloseTo(p.T, 12);
      expect(r.monetaryValue).toBeCloseTo(p.monetaryValue, 6);
    });
  });

  it('cohort cells rebuild computeAcquisitionCohorts', async () => {
    const cells = await feed((trx) => readCohortCells(trx, ws, { end: asOf.end }));
    const built = buildCohorts(cells, monthNumber(dayNumber(asOf.date)));
    const pure = computeAcquisitionCohorts(transactions, asOf.date);
    expect(built.map((c) => [c.cohort, c.size, c.active])).toEqual(
      pure.map((c) => [c.cohort, c.size, c.active]),
    );
    built.forEach((c, i) => {
      c.revenue.forEach((v, k) => {
        expect(v).toBeCloseTo((pure[i] as (typeof pure)[number]).revenue[k] as number, 6);
      });
    });
  });

  it('profit accounts match computeCustomerProfit over the raw orders, already in profit order', async () => {
    const rows = await feed((trx) => readCustomerProfits(trx, ws, { end: asOf.end }));
    const { rows: orders } = await sql<{ person_id: string; total: number; cost_total: number }>`
      select person_id, total, cost_total from orders
      where workspace_id = ${ws} and status in ('placed', 'fulfilled') and ordered_at < ${asOf.end}`.execute(
      database.db,
    );
    const pure = byId(
      computeCustomerProfit(
        orders.map((o) => ({ customerId: o.person_id, revenue: o.total, costOfGoods: o.cost_total })),
        [],
        {},
      ),
    );
    const sorted = byId(rows);
    expect(sorted.map((r) => r.customerId)).toEqual(pure.map((p) => p.customerId));
    sorted.forEach((r, i) => {
      expect(r.profit).toBeCloseTo((pure[i] as (typeof pure)[number]).profit, 6);
    });
    for (let i = 1; i < rows.length; i++) {
      expect((rows[i - 1] as (typeof rows)[number]).profit).toBeGreaterThanOrEqual(
        (rows[i] as (typeof rows)[number]).profit - 1e-6,
      );
    }
  });

  it('the one-pass customer summary gives the RFM, profit and history feeds’ numbers, cost events included', async () => {
    const { rows: people } = await sql<{ id: string; bought: boolean }>`
      select p.id, exists (select 1 from orders o where o.workspace_id = p.workspace_id and o.person_id = p.id
        and o.status in ('placed', 'fulfilled') and o.ordered_at < ${asOf.end}) as bought
      from people p where p.workspace_id = ${ws} order by p.id`.execute(database.db);
    const buyer = people.find((p) => p.bought)?.id as string;
    const nonBuyer = people.find((p) => !p.bought)?.id as string;
    expect(buyer && nonBuyer).toBeTruthy();
    await sql`insert into cost_events (workspace_id, person_id, activity, amount, occurred_at) values
      (${ws}, ${buyer}, 'service', 12.5, '2024-01-01'), (${ws}, ${buyer}, 'shipping', 3.25, '2024-02-01'),
      (${ws}, ${nonBuyer}, 'marketing', 7, '2024-03-01')`.execute(database.db);
    try {
      const summaries = await feed((trx) =>
        readCustomerSummaries(trx, ws, { end: asOf.end, endDay: asOf.iso }),
      );
      const byCustomer = new Map(summaries.map((s) => [s.customerId, s]));
      const rfm = await feed((trx) => readRfmScores(trx, ws, { end: asOf.end, asOfDay: asOf.iso }));
      expect(summaries.filter((s) => s.frequency !== null).length).toBe(rfm.length);
      for (const r of rfm) {
        const s = byCustomer.get(r.customerId);
        expect([s?.recencyDays, s?.frequency, s?.r, s?.f, s?.m]).toEqual([
          r.recencyDays,
          r.frequency,
          r.r,
          r.f,
          r.m,
        ]);
        expect(s?.monetary).toBeCloseTo(r.monetary, 9);
      }
      const histories = await feed((trx) =>
        readPurchaseHistories(trx, ws, { end: asOf.end, endDay: asOf.iso }),
      );
      expect(histories.length).toBe(rfm.length);
      for (const h of histories) {
        const s = byCustomer.get(h.customerId);
        expect(s?.x).toBe(h.x);
        for (const k of ['tx', 'T', 'monetaryValue'] as const) expect(s?.[k]).toBeCloseTo(h[k], 9);
      }
      const profits = await feed((trx) => readCustomerProfits(trx, ws, { end: asOf.end }));
      expect(summaries.length).toBe(profits.length);
      const deciles = assignProfitDeciles(profits);
      profits.forEach((p, i) => {
        const s = byCustomer.get(p.customerId);
        expect(s?.profit).toBeCloseTo(p.profit, 6);
        expect(s?.profitDecile).toBe(deciles[i]);
      });
      expect(byCustomer.get(nonBuyer)).toMatchObject({ frequency: null, r: null, x: null, profit: -7 });
      expect(byCustomer.get(buyer)?.profit).toBeCloseTo(
        (profits.find((p) => p.customerId === buyer)?.revenue ?? 0) -
          (profits.find((p) => p.customerId === buyer)?.costOfGoods ?? 0) -
          15.75,
        6,
      );
    } finally {
      await sql`delete from cost_events where workspace_id = ${ws}`.execute(database.db);
    }
  });

  it('preferred channels match computeChannelPreferences, for several prior strengths', async () => {
    for (const k of [0, 0.5, 2, 50]) {
      const events = await feed((trx) => readChannelEvents(trx, ws, { end: asOf.end }, 'all'));
      const pure = computeChannelPreferences(events, k);
      const sqlPicks = await feed((trx) => readPreferredChannels(trx, ws, { end: asOf.end }, 'all', k));
      expect(sqlPicks.size).toBe(pure.customers.length);
      const mismatches = pure.customers.filter((c) => sqlPicks.get(c.customerId) !== c.preferred);
      expect([k, mismatches.length]).toEqual([k, 0]);
    }
  });

  it('per-customer predictions equal the pure closed forms (P(alive), E[Y(t)], discounted CLV)', async () => {
    const histories = await feed((trx) =>
      readPurchaseHistories(trx, ws, { end: asOf.end, endDay: asOf.iso }),
    );
    const model = fitValueModel(histories);
    const values = valueCustomers(model, histories, DEFAULT_HORIZON);
    const gg = model.gammaGamma;
    expect(gg).not.toBeNull();
    values.forEach((v) => {
      const alive = predictBgNbdAlive(model.bgnbd, v);
      const expected = predictBgNbd(model.bgnbd, 52, v);
      expect(v.pAlive).toBeCloseTo(alive, 12);
      expect(Math.abs(v.expectedPurchases - expected)).toBeLessThanOrEqual(1e-9 * Math.max(1, expected));
      const clv = computeClv({
        expectedPurchases: (t) => predictBgNbd(model.bgnbd, t, v),
        expectedSpend: v.expectedSpend as number,
        months: 12,
        monthlyDiscountRate: 0.01,
        unitsPerMonth: 4.345,
      });
      expect(Math.abs((v.clv as number) - clv)).toBeLessThanOrEqual(1e-9 * Math.max(1, clv));
    });
  });

  it('writes every customer’s scores back in one go, replacing the previous set', async () => {
    const computed = await computeCustomerScores(database.db, ws, asOf);
    expect(computed.modelError).toBeNull();
    const { rows: people } = await sql<{ n: number }>`
      select count(distinct person_id)::int as n from (
        select person_id from orders where workspace_id = ${ws} and ordered_at < ${asOf.end}
        union all select person_id from interactions where workspace_id = ${ws} and direction = 'inbound'
          and person_id is not null and occurred_at < ${asOf.end}) t`.execute(database.db);
    expect(computed.rows.length).toBe(people[0]?.n);
    // Scores written before the workspace had its own partition sit in the default one.
    await sql`insert into customer_scores (workspace_id, person_id, computed_at)
      select workspace_id, id, now() from people where workspace_id = ${ws} limit 5`.execute(database.db);
    // A person deleted (or merged away) since the scores were computed is skipped.
    const gone = { ...(computed.rows[0] as (typeof computed.rows)[number]), personId: randomUUID() };
    expect(await writeCustomerScores(database.db, ws, [...computed.rows, gone])).toBe(computed.rows.length);
    expect(await writeCustomerScores(database.db, ws, computed.rows.slice(0, 10))).toBe(10);
    expect(await writeCustomerScores(database.db, ws, computed.rows)).toBe(computed.rows.length);
    const { rows } = await sql<{
      person_id: string;
      p_alive: number;
      rfm_segment: string | null;
      clv: number | null;
    }>`
      select person_id, p_alive, rfm_segment, clv from customer_scores where workspace_id = ${ws}`.execute(
      database.db,
    );
    expect(rows.length).toBe(computed.rows.length);
    // Written into the workspace's own partition, indexed like the parent; none left in the default one.
    const { rows: layout } = await sql<{
      partitions: string[];
      indexes: number;
      parentIndexes: number;
      stray: number;
    }>`
      select (select array_agg(c.relname::text) from pg_inherits i join pg_class c on c.oid = i.inhrelid
               where i.inhparent = 'customer_scores'::regclass) as partitions,
        (select count(*)::int from pg_index where indrelid = ${scorePartitionName(ws)}::regclass) as indexes,
        (select count(*)::int from pg_index where indrelid = 'customer_scores'::regclass) as "parentIndexes",
        (select count(*)::int from customer_scores_default where workspace_id = ${ws}) as stray`.execute(
      database.db,
    );
    expect(layout[0]?.partitions).toContain(scorePartitionName(ws));
    expect(layout[0]?.indexes).toBe(layout[0]?.parentIndexes);
    expect(layout[0]?.stray).toBe(0);
    const written = new Map(rows.map((r) => [r.person_id, r]));
    for (const r of computed.rows) {
      const w = written.get(r.personId);
      expect(w?.rfm_segment ?? null).toBe(r.segment);
      if (r.pAlive === null) expect(w?.p_alive).toBeNull();
      else expect(w?.p_alive).toBeCloseTo(r.pAlive, 12);
      if (r.clv !== null) expect(Math.abs((w?.clv as number) - r.clv)).toBeLessThanOrEqual(0.005);
    }
  });
});
