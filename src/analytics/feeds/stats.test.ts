import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { seedWorkspace } from '../../demo/index';
import { mergePeople } from '../../customers/index';
import { type Tx, withTenant } from '../../db/index';
import { SYSTEM_PRINCIPAL } from '../../platform/index';
import { createTestDatabase, describeEachDatabase, type TestDatabase } from '../../testing/db';
import type { ChannelEvent } from '../models/channels/preference';
import { dayOf } from '../reports/options';
import { readChannelEvents } from './channels';
import { readCustomerSummaries } from './customer-summary';
import { readHoldoutPurchases, readPurchaseHistories } from './histories';
import { readOrderCosts } from './profit';
import { readRfmScores } from './rfm';
import { refreshCustomerStats, statsCover } from './stats';

/**
 * The kept per-customer figures must give every feed the numbers of a scan of the orders and
 * interactions, after each kind of write that changes them: a scan is forced by giving the window a
 * start before all data (the figures serve only windows over all history).
 */
describeEachDatabase('kept per-customer figures', (kind) => {
  let database: TestDatabase;
  let ws: string;
  const asOf = dayOf(new Date('2024-09-01T00:00:00Z'));
  const scan = { end: asOf.end, from: new Date('1990-01-01T00:00:00Z') };
  const feed = <T>(fn: (trx: Tx) => Promise<T>) => withTenant(database.db, ws, fn);
  const byId = <T extends { customerId: string }>(rows: T[]) =>
    [...rows].sort((a, b) => (a.customerId < b.customerId ? -1 : a.customerId > b.customerId ? 1 : 0));
  const marked = async () => {
    const { rows } = await sql<{ n: number }>`
      select count(*)::int as n from customer_stats_dirty where workspace_id = ${ws}`.execute(database.db);
    return rows[0]?.n ?? 0;
  };

  /** Every feed through the figures equals the same feed over a scan. */
  const expectFiguresMatchScan = async () => {
    expect(await feed((trx) => statsCover(trx, ws, { end: asOf.end }, true))).toBe(true);
    const rfm = await feed((trx) => readRfmScores(trx, ws, { end: asOf.end, asOfDay: asOf.iso }));
    expect(rfm.length).toBeGreaterThan(100);
    expect(byId(rfm)).toEqual(
      byId(await feed((trx) => readRfmScores(trx, ws, { ...scan, asOfDay: asOf.iso }))),
    );
    expect(await feed((trx) => readOrderCosts(trx, ws, { end: asOf.end }))).toEqual(
      await feed((trx) => readOrderCosts(trx, ws, scan)),
    );
    const histories = await feed((trx) =>
      readPurchaseHistories(trx, ws, { end: asOf.end, endDay: asOf.iso }),
    );
    // The scanning form of the histories, for comparison: holdout purchases give the day counts.
    const days = await feed((trx) => readHoldoutPurchases(trx, ws, scan));
    for (const h of histories) expect(h.x + 1).toBe(days.get(h.customerId));
    const summaries = byId(
      await feed((trx) => readCustomerSummaries(trx, ws, { end: asOf.end, endDay: asOf.iso })),
    );
    const byCustomer = new Map(histories.map((h) => [h.customerId, h]));
    for (const s of summaries) {
      if (s.x === null) continue;
      const h = byCustomer.get(s.customerId);
      expect([s.x, s.tx, s.T, s.monetaryValue]).toEqual([h?.x, h?.tx, h?.T, h?.monetaryValue]);
    }
    for (const source of ['all', 'interactions', 'orders'] as const) {
      const key = (e: { customerId: string; channel: string }) => `${e.customerId}|${e.channel}`;
      const sorted = (rows: ChannelEvent[]) => [...rows].sort((a, b) => (key(a) < key(b) ? -1 : 1));
      expect(sorted(await feed((trx) => readChannelEvents(trx, ws, { end: asOf.end }, source)))).toEqual(
        sorted(await feed((trx) => readChannelEvents(trx, ws, scan, source))),
      );
    }
    expect(await marked()).toBe(0);
  };

  beforeAll(async () => {
    database = await createTestDatabase(kind);
    ws = (
      await seedWorkspace(database, {
        size: { customers: 300 },
        workspaceSlug: 'stats',
        sales: false,
        endDate: new Date('2024-08-01T00:00:00Z'),
      })
    ).workspaceId;
  });
  afterAll(() => database.close());

  it('are built for the whole workspace on first use, then only the customers a write touched', async () => {
    const first = await feed((trx) => refreshCustomerStats(trx, ws));
    expect(first.full).toBe(true);
    expect(first.customers).toBeGreaterThan(100);
    await expectFiguresMatchScan();
    const { rows } = await sql<{ person_id: string }>`
      select person_id from orders where workspace_id = ${ws} and status = 'placed' limit 1`.execute(
      database.db,
    );
    const buyer = rows[0]?.person_id as string;
    await sql`update orders set total = total + 10 where workspace_id = ${ws} and person_id = ${buyer}`.execute(
      database.db,
    );
    expect(await marked()).toBe(1);
    expect(await feed((trx) => refreshCustomerStats(trx, ws))).toEqual({ full: false, customers: 1 });
    await expectFiguresMatchScan();
  });

  it('follow refunds, cancellations, returns, line and product costs, and new customers', async () => {
    const { rows } = await sql<{ id: string; person_id: string; status: string }>`
      select id, person_id, status from orders where workspace_id = ${ws} order by id limit 6`.execute(
      database.db,
    );
    const [a, b, c, d] = rows as { id: string; person_id: string }[];
    await sql`insert into order_returns (workspace_id, order_id, returned_at, amount)
      values (${ws}, ${a?.id}, '2024-07-01', 5)`.execute(database.db);
    await sql`update orders set status = 'cancelled' where workspace_id = ${ws} and id = ${b?.id}`.execute(
      database.db,
    );
    await sql`update orders set status = 'returned' where workspace_id = ${ws} and id = ${c?.id}`.execute(
      database.db,
    );
    await sql`insert into order_returns (workspace_id, order_id, returned_at, amount)
      select ${ws}, id, '2024-07-02', total / 2 from orders where workspace_id = ${ws} and id = ${c?.id}`.execute(
      database.db,
    );
    // Cost of goods from the lines, and from the product where a line has no unit cost.
    await sql`update orders set cost_total = null where workspace_id = ${ws} and id = ${d?.id}`.execute(
      database.db,
    );
    await sql`update order_lines set unit_cost = null where workspace_id = ${ws} and order_id = ${d?.id}`.execute(
      database.db,
    );
    await expectFiguresMatchScan();
    await sql`update products set unit_cost = unit_cost + 1 where workspace_id = ${ws} and id in (
      select product_id from order_lines where workspace_id = ${ws} and order_id = ${d?.id})`.execute(
      database.db,
    );
    expect(await marked()).toBeGreaterThanOrEqual(1);
    await expectFiguresMatchScan();
    const { rows: people } = await sql<{ id: string }>`
      select id from people p where workspace_id = ${ws}
        and not exists (select 1 from orders o where o.workspace_id = p.workspace_id and o.person_id = p.id)
      limit 1`.execute(database.db);
    const newcomer = people[0]?.id as string;
    await sql`insert into orders (workspace_id, person_id, ordered_at, channel, status, total, cost_total)
      values (${ws}, ${newcomer}, '2024-08-10', 'store', 'placed', 42, 20),
             (${ws}, ${newcomer}, '2024-08-10 18:00', 'web', 'fulfilled', 8, 3),
             (${ws}, ${newcomer}, '2024-08-20', 'web', 'placed', 15, 6)`.execute(database.db);
    await sql`insert into interactions (workspace_id, person_id, channel, direction, type, occurred_at)
      values (${ws}, ${newcomer}, 'chat', 'inbound', 'message', '2024-08-11'),
             (${ws}, ${newcomer}, 'email', 'outbound', 'message', '2024-08-12')`.execute(database.db);
    await expectFiguresMatchScan();
  });

  it('move with the orders and contacts of a merged customer', async () => {
    const { rows } = await sql<{ person_id: string }>`
      select person_id from orders where workspace_id = ${ws} and status = 'placed'
      group by person_id order by person_id limit 2`.execute(database.db);
    const [survivor, merged] = rows.map((r) => r.person_id) as [string, string];
    await mergePeople(database.db, SYSTEM_PRINCIPAL(ws), {
      survivorId: survivor,
      mergedId: merged,
      dryRun: false,
    });
    await expectFiguresMatchScan();
    const { rows: left } = await sql<{ n: number }>`
      select count(*)::int as n from customer_purchase_stats where workspace_id = ${ws} and person_id = ${merged}`.execute(
      database.db,
    );
    expect(left[0]?.n).toBe(0);
  });

  it("are rebuilt whole when more than a fifth of the workspace's own customers are marked", async () => {
    const small = (
      await seedWorkspace(database, {
        size: { customers: 20 },
        workspaceSlug: 'stats-small',
        endDate: new Date('2024-08-01T00:00:00Z'),
      })
    ).workspaceId;
    const refresh = () => withTenant(database.db, small, (trx) => refreshCustomerStats(trx, small));
    expect((await refresh()).full).toBe(true);
    // The people table as a whole holds 15 times this workspace: its share must be of its own people.
    await sql`analyze people`.execute(database.db);
    const touch = async (buyers: number) => {
      await sql`update orders set total = total + 1 where workspace_id = ${small} and person_id in (
        select distinct person_id from orders where workspace_id = ${small} order by person_id limit ${buyers})`.execute(
        database.db,
      );
    };
    await touch(2);
    expect(await refresh()).toEqual({ full: false, customers: 2 });
    await touch(8);
    expect((await refresh()).full).toBe(true);
  });

  it('are not read for a window that ends before a purchase or contact', async () => {
    await sql`insert into interactions (workspace_id, person_id, channel, direction, type, occurred_at)
      select ${ws}, id, 'phone', 'inbound', 'call', ${asOf.end} from people where workspace_id = ${ws} limit 1`.execute(
      database.db,
    );
    expect(await feed((trx) => statsCover(trx, ws, { end: asOf.end }, true))).toBe(false);
    expect(await feed((trx) => statsCover(trx, ws, { end: asOf.end }, false))).toBe(true);
    const early = dayOf(new Date('2024-07-01T00:00:00Z'));
    expect(await feed((trx) => statsCover(trx, ws, { end: early.end }, false))).toBe(false);
    expect(await feed((trx) => statsCover(trx, ws, scan, false))).toBe(false);
  });
});
