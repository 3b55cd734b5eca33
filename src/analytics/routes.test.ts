import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Db } from '../db/index';
import { JobRunner } from '../platform/index';
import { bearer, createTestApi, type TestApi, type TestTenant } from '../testing/api';
import { describeEachDatabase } from '../testing/db';
import { analyticsJobHandlers } from './service/jobs';

/**
 * Four customers with known orders, worked out by hand (as of 2024-03-31):
 *
 *   A  2024-01-10 web 100 (cost 40), 2024-02-15 web 200 (cost 80), 2024-03-30 store 100 (cost from
 *      its line: 2 × product unit cost 20), 2024-04-05 store 70 (after asOf); 3 inbound phone calls
 *   B  2024-03-01 web 50 (cost 30); 2024-03-15 cancelled 999; an outbound email
 *   C  2024-01-05 store 300 (cost 100), 2024-01-06 store 300 (cost 100)
 *   D  2023-12-01 web 20 (cost 25); 2024-03-20 returned 500 (no refund recorded: refunded in full);
 *      cost to serve 30 (service, 2024-02-01) where the cost events table exists
 *
 * R, F, M: A 1 day, 3, 400; B 30, 1, 50; C 85, 2, 600; D 121, 1, 20.
 * Quintiles of 4 customers: rank k → floor(5k / 4) + 1 = 1, 2, 3, 4.
 *   recency (most days first) D C B A → R: A4 B3 C2 D1
 *   frequency (fewest first, ties by id) B D C A → F: A4 B1 C3 D2
 *   monetary D B A C → M: A3 B2 C4 D1
 * Segments: A (4,4) loyal, B (3,1) about_to_sleep, C (2,3) at_risk, D (1,2) hibernating.
 * Top 20% (1 customer, C) of revenue 1070: 600 / 1070.
 */
const A = '00000000-0000-4000-8000-00000000000a';
const B = '00000000-0000-4000-8000-00000000000b';
const C = '00000000-0000-4000-8000-00000000000c';
const D = '00000000-0000-4000-8000-00000000000d';
const AS_OF = '2024-03-31';

async function loadFourCustomers(db: Db, ws: string): Promise<boolean> {
  const names: [string, string, object][] = [
    [A, 'Ann Able', { category_spend: 1000 }],
    [B, 'Bob Best', { category_spend: 'n/a' }],
    [C, 'Cy Cole', { category_spend: '400' }],
    [D, 'Di Dunn', {}],
  ];
  for (const [id, name, attributes] of names) {
    await sql`insert into people (workspace_id, id, display_name, attributes)
      values (${ws}, ${id}, ${name}, ${JSON.stringify(attributes)}::jsonb)`.execute(db);
  }
  const product = '00000000-0000-4000-8000-0000000000f1';
  await sql`insert into products (workspace_id, id, sku, name, list_price, unit_cost)
    values (${ws}, ${product}, 'SKU-1', 'Widget', 50, 20)`.execute(db);
  const orders: [string, string, string, string, number, number | null][] = [
    [A, '2024-01-10T12:00:00Z', 'web', 'fulfilled', 100, 40],
    [A, '2024-02-15T12:00:00Z', 'web', 'fulfilled', 200, 80],
    [A, '2024-03-30T23:30:00Z', 'store', 'placed', 100, null],
    [A, '2024-04-05T12:00:00Z', 'store', 'placed', 70, 30],
    [B, '2024-03-01T09:00:00Z', 'web', 'fulfilled', 50, 30],
    [B, '2024-03-15T09:00:00Z', 'web', 'cancelled', 999, 500],
    [C, '2024-01-05T10:00:00Z', 'store', 'fulfilled', 300, 100],
    [C, '2024-01-06T10:00:00Z', 'store', 'fulfilled', 300, 100],
    [D, '2023-12-01T10:00:00Z', 'web', 'fulfilled', 20, 25],
    [D, '2024-03-20T10:00:00Z', 'web', 'returned', 500, 200],
  ];
  for (const [person, at, channel, status, total, cost] of orders) {
    const { rows } = await sql<{ id: string }>`
      insert into orders (workspace_id, person_id, ordered_at, channel, status, total, cost_total)
      values (${ws}, ${person}, ${at}, ${channel}, ${status}, ${total}, ${cost}) returning id`.execute(db);
    if (cost === null) {
      await sql`insert into order_lines (workspace_id, order_id, line_no, product_id, quantity, unit_price)
        values (${ws}, ${rows[0]?.id}, 1, ${product}, 2, 50)`.execute(db);
    }
  }
  const touches: [string, string, string, string][] = [
    [A, 'phone', 'inbound', '2024-02-01T10:00:00Z'],
    [A, 'phone', 'inbound', '2024-02-02T10:00:00Z'],
    [A, 'phone', 'inbound', '2024-02-03T10:00:00Z'],
    [B, 'email', 'outbound', '2024-03-02T10:00:00Z'],
  ];
  for (const [person, channel, direction, at] of touches) {
    await sql`insert into interactions (workspace_id, person_id, channel, direction, type, occurred_at)
      values (${ws}, ${person}, ${channel}, ${direction}, 'call', ${at})`.execute(db);
  }
  const { rows } = await sql<{
    present: boolean;
  }>`select to_regclass('cost_events') is not null as present`.execute(db);
  const costEvents = rows[0]?.present === true;
  if (costEvents) {
    await sql`insert into cost_events (workspace_id, person_id, activity, amount, occurred_at)
      values (${ws}, ${D}, 'service', 30, '2024-02-01T10:00:00Z')`.execute(db);
  }
  return costEvents;
}

describeEachDatabase('analytics API on hand-computed customers', (kind) => {
  let api: TestApi;
  let a: TestTenant;
  let b: TestTenant;
  let costEvents: boolean;

  beforeAll(async () => {
    api = await createTestApi(kind);
    a = await api.addTenant('analytics-a');
    b = await api.addTenant('analytics-b');
    costEvents = await loadFourCustomers(api.database.db, a.workspaceId);
  });
  afterAll(() => api.close());

  const get = async (token: string, url: string) => {
    const res = await api.app.inject({ method: 'GET', url, headers: bearer(token) });
    return { status: res.statusCode, body: res.json() };
  };

  it('scores RFM, names segments, and finds the top-20% revenue share', async () => {
    const { status, body } = await get(a.adminToken, `/api/analytics/rfm?asOf=${AS_OF}&limit=10`);
    expect(status).toBe(200);
    expect(body.customers).toBe(4);
    expect(body.revenue).toBeCloseTo(1070, 9);
    expect(body.topRevenueShare).toBeCloseTo(600 / 1070, 12);
    const byId = Object.fromEntries(
      body.detail.items.map((c: Record<string, unknown>) => [
        c.customerId,
        [c.recencyDays, c.frequency, c.monetary, `${c.r}${c.f}${c.m}`, c.segment],
      ]),
    );
    expect(byId).toEqual({
      [A]: [1, 3, 400, '443', 'loyal'],
      [B]: [30, 1, 50, '312', 'about_to_sleep'],
      [C]: [85, 2, 600, '234', 'at_risk'],
      [D]: [121, 1, 20, '121', 'hibernating'],
    });
    // Detail: highest monetary first, with names.
    expect(body.detail.items.map((c: { name: string }) => c.name)).toEqual([
      'Cy Cole',
      'Ann Able',
      'Bob Best',
      'Di Dunn',
    ]);
    const sizes = Object.fromEntries(
      body.segments.map((s: { segment: string; customers: number }) => [s.segment, s.customers]),
    );
    expect(sizes).toMatchObject({ loyal: 1, about_to_sleep: 1, at_risk: 1, hibernating: 1, champions: 0 });
    expect(body.grid[3][3]).toBe(1); // A: R 4, F 4
  });

  it('counts segment moves between two dates and pages one segment', async () => {
    // 2024-01-31: A (21 days, 1 purchase), C (25, 2), D (61, 1); 3 customers: scores 1, 2, 4.
    // R: D1 C2 A4; F: A1 D2 C4 → A (4,1) promising, C (2,4) at_risk, D (1,2) hibernating; B absent.
    const { body } = await get(a.adminToken, `/api/analytics/rfm?asOf=${AS_OF}&compareTo=2024-01-31`);
    const moves: string[] = [];
    body.migration.counts.forEach((row: number[], i: number) => {
      row.forEach((n, j) => {
        if (n > 0) moves.push(`${body.migration.labels[i]}→${body.migration.labels[j]}:${n}`);
      });
    });
    expect(moves.sort()).toEqual([
      'absent→about_to_sleep:1',
      'at_risk→at_risk:1',
      'hibernating→hibernating:1',
      'promising→loyal:1',
    ]);
    const page = await get(a.adminToken, `/api/analytics/rfm?asOf=${AS_OF}&segment=at_risk`);
    expect(page.body.detail.items.map((c: { customerId: string }) => c.customerId)).toEqual([C]);
    expect(page.body.detail.total).toBe(1);
  });

  it('segments with a configured score map, in the report, the segment page and the migration', async () => {
    // Map: m 4-5 → vip; else r 3-5 → active; else other. As of AS_OF: C (m 4) vip, A (r 4) and
    // B (r 3) active, D other. 2024-01-31 (A, C, D; M: D 1, A 2, C 4; R: A 4): C vip, A active, D other.
    const map = encodeURIComponent(
      JSON.stringify([{ segment: 'vip', m: [4, 5] }, { segment: 'active', r: [3, 5] }, { segment: 'other' }]),
    );
    const { status, body } = await get(
      a.adminToken,
      `/api/analytics/rfm?asOf=${AS_OF}&compareTo=2024-01-31&segmentMap=${map}&segment=active`,
    );
    expect(status).toBe(200);
    expect(
      body.segments.map((s: { segment: string; customers: number }) => [s.segment, s.customers]),
    ).toEqual([
      ['vip', 1],
      ['active', 2],
      ['other', 1],
    ]);
    expect(body.detail.items.map((c: { customerId: string }) => c.customerId)).toEqual([A, B]);
    expect(body.migration.labels).toEqual(['absent', 'vip', 'active', 'other', 'unclassified']);
    const moves: string[] = [];
    body.migration.counts.forEach((row: number[], i: number) => {
      row.forEach((n, j) => {
        if (n > 0) moves.push(`${body.migration.labels[i]}→${body.migration.labels[j]}:${n}`);
      });
    });
    expect(moves.sort()).toEqual(['absent→active:1', 'active→active:1', 'other→other:1', 'vip→vip:1']);
    const bad = await get(
      a.adminToken,
      `/api/analytics/rfm?segmentMap=${encodeURIComponent('[{"segment":"x","r":[0,9]}]')}`,
    );
    expect([bad.status, bad.body.error.field]).toEqual([400, 'segmentMap[0].r']);
    const notInMap = await get(a.adminToken, `/api/analytics/rfm?segmentMap=${map}&segment=champions`);
    expect([notInMap.status, notInMap.body.error.field]).toEqual([400, 'segment']);
  });

  it('computes profit with cost of goods (from lines where missing) and cost to serve, deciles and the whale curve', async () => {
    const { status, body } = await get(a.adminToken, `/api/analytics/profitability?asOf=${AS_OF}`);
    expect(status).toBe(200);
    // Profit: C 600 − 200 = 400, A 400 − 160 = 240, B 50 − 30 = 20, D 20 − 25 − 30 = −35 (−5 without cost events).
    const serve = costEvents ? 30 : 0;
    const dProfit = -5 - serve;
    const total = 400 + 240 + 20 + dProfit;
    expect(body.totals).toMatchObject({ revenue: 1070, costOfGoods: 415, costToServe: serve });
    expect(body.totals.profit).toBeCloseTo(total, 9);
    if (costEvents) expect(body.totals.costToServeByActivity).toEqual({ service: 30 });
    expect(
      body.detail.items.map((c: { customerId: string; profit: number; decile: number }) => [
        c.customerId,
        c.profit,
        c.decile,
      ]),
    ).toEqual([
      [C, 400, 1],
      [A, 240, 3],
      [B, 20, 6],
      [D, dProfit, 8],
    ]);
    expect(body.unprofitableCustomers).toBe(1);
    // Whale curve: 0, 400, 640, 660, 660 + dProfit; the peak is after three customers.
    expect(body.whaleCurve.points.map((p: { cumulativeProfit: number }) => p.cumulativeProfit)).toEqual([
      0,
      400,
      640,
      660,
      total,
    ]);
    expect(body.whaleCurve.peak).toMatchObject({ customers: 3, cumulativeProfit: 660 });
    expect(body.whaleCurve.peak.profitShare).toBeCloseTo(660 / total, 12);
    expect(body.shares.top).toBeCloseTo(400 / total, 12);
    expect(body.shares.bottom).toBeCloseTo(dProfit / total, 12);
    expect(body.deciles.map((d: { customers: number }) => d.customers)).toEqual([
      1, 0, 1, 0, 0, 1, 0, 1, 0, 0,
    ]);
    // Downsampled: at most the points asked for, first, peak and last kept.
    const small = await get(a.adminToken, `/api/analytics/profitability?asOf=${AS_OF}&whalePoints=2`);
    expect(small.body.whaleCurve.points.map((p: { customers: number }) => p.customers)).toEqual([0, 3, 4]);
  });

  it('builds monthly acquisition cohorts and their retention', async () => {
    const { body } = await get(a.adminToken, `/api/analytics/cohorts?asOf=${AS_OF}`);
    expect(body.cohorts).toEqual([
      { cohort: '2023-12', size: 1, active: [1, 0, 0, 0], retention: [1, 0, 0, 0], revenue: [20, 0, 0, 0] },
      { cohort: '2024-01', size: 2, active: [2, 1, 1], retention: [1, 0.5, 0.5], revenue: [700, 200, 100] },
      { cohort: '2024-03', size: 1, active: [1], retention: [1], revenue: [50] },
    ]);
  });

  it('picks the preferred channel from inbound contacts and purchases, smoothed toward the mix', async () => {
    // Touches: A phone 3, web 2, store 1; B web 1; C store 2; D web 1 → mix phone .3, web .4, store .3.
    // A: phone (3 + 2·.3)/8 = .45 beats web (2 + .8)/8 = .35.
    const { body } = await get(a.adminToken, `/api/analytics/channels?asOf=${AS_OF}`);
    expect(body.population).toEqual({ phone: 0.3, store: 0.3, web: 0.4 });
    expect(body.preferred).toEqual({ phone: 1, store: 1, web: 2 });
    const a1 = body.detail.items.find((c: { customerId: string }) => c.customerId === A);
    expect(a1.smoothed.phone).toBeCloseTo(0.45, 12);
    expect(a1.preferred).toBe('phone');
  });

  it('measures share of wallet where the category spend is known', async () => {
    const { body } = await get(a.adminToken, `/api/analytics/share-of-wallet?asOf=${AS_OF}`);
    // A 400 of 1000; C spent 600 against a stated 400: capped at 1; B's "n/a" and D's absence are unknown.
    expect(body.customers).toBe(2);
    expect(body.capped).toBe(1);
    expect(body.aggregateShare).toBeCloseTo(1000 / 1600, 12);
    expect(
      body.detail.items.map((c: { customerId: string; share: number }) => [c.customerId, c.share]),
    ).toEqual([
      [A, 0.4],
      [C, 1],
    ]);
  });

  it('says clearly when the purchase model cannot be fitted', async () => {
    // By 2023-12-31 only D had bought, once: there is no repeat purchase to fit.
    const { status, body } = await get(a.adminToken, `/api/analytics/clv?asOf=2023-12-31`);
    expect(status).toBe(409);
    expect(body.error.message).toMatch(/no customer has a repeat purchase/);
  });

  it('answers bad options with 400 naming the option', async () => {
    const cases: [string, string][] = [
      ['/api/analytics/rfm?asOf=2024-13-01', 'asOf'],
      [`/api/analytics/rfm?asOf=${AS_OF}&compareTo=2024-04-30`, 'compareTo'],
      ['/api/analytics/rfm?bogus=1', 'bogus'],
      ['/api/analytics/clv?horizonWeeks=0', 'horizonWeeks'],
      ['/api/analytics/clv?discountRate=abc', 'discountRate'],
      ['/api/analytics/channels?source=pigeon', 'source'],
      ['/api/analytics/share-of-wallet?attribute=drop%20table', 'attribute'],
      ['/api/analytics/rfm?limit=100000', 'limit'],
    ];
    for (const [url, field] of cases) {
      const { status, body } = await get(a.adminToken, url);
      expect([url, status]).toEqual([url, 400]);
      expect([url, body.error.field]).toEqual([url, field]);
    }
  });

  it('recomputes scores in a job and serves them on the person', async () => {
    const queued = await api.app.inject({
      method: 'POST',
      url: '/api/analytics/scores/recompute',
      headers: bearer(a.adminToken),
    });
    expect(queued.statusCode).toBe(202);
    expect(queued.json()).toMatchObject({ kind: 'analytics.recompute_scores', state: 'queued' });
    const before = await get(a.adminToken, `/api/people/${A}/scores`);
    expect(before.body.computedAt).toBeNull();
    const runner = new JobRunner(api.database.db, analyticsJobHandlers(), { workerId: 'test' });
    expect(await runner.drain()).toBe(1);
    const job = await get(a.adminToken, `/api/jobs/${queued.json().id}`);
    expect(job.body.state).toBe('succeeded');
    expect(job.body.result).toMatchObject({ customers: 4, written: 4 });
    // Scores are as of today, so recency differs from the fixed-date report; the ranks do not.
    const { status, body } = await get(a.adminToken, `/api/people/${A}/scores`);
    expect(status).toBe(200);
    expect(body.computedAt).not.toBeNull();
    expect(body.rfm).toMatchObject({ frequency: 4, r: 4, f: 4, m: 3, segment: 'loyal' });
    expect(body.preferredChannel).toBe('phone');
    expect(body.profitDecile).toBe(3);
    const d = await get(a.adminToken, `/api/people/${D}/scores`);
    expect(d.body.profitDecile).toBe(8);
    expect(d.body.profit).toBe(costEvents ? -35 : -5);
    // BG/NBD on these four either fits (P(alive) in [0, 1]) or leaves CLV empty with the reason.
    if (job.body.result.modelError === null) expect(body.pAlive).toBeGreaterThanOrEqual(0);
    else expect(body.clv).toBeNull();
  });

  it('counts a partly refunded return at its net amount, and a cancelled order not at all', async () => {
    const c = await api.addTenant('analytics-c');
    const db = api.database.db;
    const person = '00000000-0000-4000-8000-0000000000e1';
    await sql`insert into people (workspace_id, id, display_name) values (${c.workspaceId}, ${person}, 'Eve')`.execute(
      db,
    );
    const order = async (at: string, status: string, total: number) =>
      (
        await sql<{
          id: string;
        }>`insert into orders (workspace_id, person_id, ordered_at, channel, status, total, cost_total)
          values (${c.workspaceId}, ${person}, ${at}, 'web', ${status}, ${total}, 0) returning id`.execute(db)
      ).rows[0]?.id;
    await order('2024-02-01T10:00:00Z', 'fulfilled', 100);
    const returned = await order('2024-03-01T10:00:00Z', 'returned', 80);
    await order('2024-03-02T10:00:00Z', 'cancelled', 500);
    const { rows } = await sql<{
      present: boolean;
    }>`select to_regclass('order_returns') is not null as present`.execute(db);
    const refunds = rows[0]?.present === true;
    if (refunds) {
      await sql`insert into order_returns (workspace_id, order_id, returned_at, amount)
        values (${c.workspaceId}, ${returned}, '2024-03-05T10:00:00Z', 30)`.execute(db);
    }
    const { body } = await get(c.adminToken, `/api/analytics/rfm?asOf=${AS_OF}`);
    // With the refund recorded, 80 − 30 = 50 was kept: two purchases, 150; without it, the return is whole.
    expect(body.detail.items[0]).toMatchObject(
      refunds ? { frequency: 2, monetary: 150, recencyDays: 30 } : { frequency: 1, monetary: 100 },
    );
    const profit = await get(c.adminToken, `/api/analytics/profitability?asOf=${AS_OF}`);
    expect(profit.body.totals.revenue).toBe(refunds ? 150 : 100);
  });

  it('keeps workspaces apart', async () => {
    const rfm = await get(b.adminToken, `/api/analytics/rfm?asOf=${AS_OF}`);
    expect(rfm.body.customers).toBe(0);
    expect((await get(b.adminToken, `/api/people/${A}/scores`)).status).toBe(404);
    const profit = await get(b.adminToken, `/api/analytics/profitability?asOf=${AS_OF}`);
    expect(profit.body.customers).toBe(0);
  });

  it('answers 403 to a role without analytics read, and to recompute without analytics update', async () => {
    const role = await api.app.inject({
      method: 'POST',
      url: '/api/roles',
      headers: bearer(a.adminToken),
      payload: { name: 'front-desk', grants: { people: { read: 'all' } } },
    });
    expect(role.statusCode).toBe(201);
    const desk = await api.addUser(a, 'front-desk');
    for (const url of ['/api/analytics/rfm', '/api/analytics/clv', `/api/people/${A}/scores`]) {
      const { status, body } = await get(desk.token, url);
      expect([url, status, body.error.code]).toEqual([url, 403, 'forbidden']);
    }
    const sales = await api.addUser(a, 'sales');
    expect((await get(sales.token, `/api/analytics/rfm?asOf=${AS_OF}`)).status).toBe(200);
    const denied = await api.app.inject({
      method: 'POST',
      url: '/api/analytics/scores/recompute',
      headers: bearer(sales.token),
    });
    expect(denied.statusCode).toBe(403);
  });
});
