import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createLoginLimits, createWorkspace, login, SYSTEM_PRINCIPAL } from '../platform/index';
import { listLeads, listOpportunities } from '../sales/index';
import { createTestDatabase, describeEachDatabase, type TestDatabase } from '../testing/db';
import { COLUMNS, type TableName } from './generator/index';
import { DEMO_LOGIN, DEMO_USERS, isDatabaseEmpty, type SeedResult, seedWorkspace } from './seed';

const END = new Date('2026-03-01T00:00:00Z');
const TINY = { customers: 40 };
const TABLES = Object.keys(COLUMNS) as TableName[];

describeEachDatabase('seedWorkspace', (kind) => {
  let database: TestDatabase;
  let emptyBefore: boolean;
  let demo: SeedResult;
  let twin: SeedResult;
  let other: SeedResult;
  const progress: [string, number][] = [];

  beforeAll(async () => {
    database = await createTestDatabase(kind);
    emptyBefore = await isDatabaseEmpty(database);
    demo = await seedWorkspace(database, {
      size: TINY,
      seed: 7,
      endDate: END,
      sales: false,
      onProgress: (table, rows) => progress.push([table, rows]),
    });
    const generatedOnly = { size: TINY, endDate: END, sales: false };
    twin = await seedWorkspace(database, { ...generatedOnly, seed: 7, workspaceSlug: 'twin' });
    other = await seedWorkspace(database, { ...generatedOnly, seed: 8, workspaceSlug: 'other' });
  });
  afterAll(async () => {
    await database?.close();
  });

  /** A table's rows of one workspace, without workspace_id, users as emails, in id order. */
  async function rowsOf(table: TableName, workspaceId: string): Promise<unknown[]> {
    const columns = COLUMNS[table].filter((c) => c !== 'workspace_id');
    const { rows } = await sql<Record<string, unknown>>`
      select * from ${sql.table(table)} where workspace_id = ${workspaceId}`.execute(database.db);
    const emails = await userEmails(workspaceId);
    return rows
      .map((r) =>
        columns.map((c) => (c.endsWith('owner_id') || c === 'agent_id' ? emails.get(r[c] as string) : r[c])),
      )
      .map((r) => JSON.stringify(r))
      .sort();
  }

  async function userEmails(workspaceId: string): Promise<Map<string, string>> {
    const { rows } = await sql<{ id: string; email: string }>`
      select id, email::text as email from users where workspace_id = ${workspaceId}`.execute(database.db);
    return new Map(rows.map((r) => [r.id, r.email]));
  }

  async function count(text: string, workspaceId: string): Promise<number> {
    const { rows } = await sql<{
      n: number;
    }>`select (${sql.raw(text)})::int as n from (select ${workspaceId}::uuid as ws) p`.execute(database.db);
    return rows[0]?.n ?? -1;
  }

  it('reports an empty database before and a filled one after', async () => {
    expect(emptyBefore).toBe(true);
    expect(await isDatabaseEmpty(database)).toBe(false);
  });

  it('creates the demo workspace and its users; the demo login works', async () => {
    expect(demo.workspaceSlug).toBe('demo');
    const { rows } = await sql<{
      name: string;
    }>`select name from workspaces where id = ${demo.workspaceId}`.execute(database.db);
    expect(rows[0]?.name).toBe('Demo Retail');
    const users = await sql<{ email: string; name: string; role: string }>`
      select u.email::text as email, u.name, r.name as role from users u
      join roles r on r.workspace_id = u.workspace_id and r.id = u.role_id
      where u.workspace_id = ${demo.workspaceId} order by u.email`.execute(database.db);
    expect(users.rows).toContainEqual({ email: 'demo@rapport.dev', name: 'Dana Demo', role: 'admin' });
    expect(new Set(users.rows.map((u) => u.role)).size).toBeGreaterThanOrEqual(5);
    expect(users.rows).toHaveLength(DEMO_USERS.length);
    const session = await login(database.db, createLoginLimits(), { ...DEMO_LOGIN, address: '127.0.0.1' });
    expect(session).toBeTruthy();
  });

  it('loads every table and reports the counts that are in the database', async () => {
    for (const table of TABLES) {
      const n = await count(`select count(*) from ${table} where workspace_id = p.ws`, demo.workspaceId);
      expect(n, table).toBe(demo.counts[table]);
      expect(n, table).toBeGreaterThan(0);
    }
    expect(demo.counts.people).toBe(40);
    expect(demo.elapsedMs).toBeGreaterThanOrEqual(demo.loadMs);
    expect(progress.at(-1)?.[0]).toBe('interactions');
    expect(progress.filter(([t]) => t === 'people').at(-1)?.[1]).toBe(40);
  });

  it('gives the same rows for the same seed and different rows for another seed', async () => {
    for (const table of TABLES) {
      expect(await rowsOf(table, twin.workspaceId), table).toEqual(await rowsOf(table, demo.workspaceId));
    }
    expect(twin.counts).toEqual(demo.counts);
    const ids = async (workspaceId: string) =>
      (
        await sql<{ id: string }>`select id from people where workspace_id = ${workspaceId}`.execute(
          database.db,
        )
      ).rows.map((r) => r.id);
    const demoIds = new Set(await ids(demo.workspaceId));
    expect((await ids(other.workspaceId)).filter((id) => demoIds.has(id))).toEqual([]);
    expect(await rowsOf('orders', other.workspaceId)).not.toEqual(await rowsOf('orders', demo.workspaceId));
  });

  it('keeps the data consistent: orders and identities point at people, totals are the sums of lines', async () => {
    const ws = demo.workspaceId;
    expect(
      await count(
        'select count(*) from orders o where o.workspace_id = p.ws and not exists (select 1 from people x where x.workspace_id = o.workspace_id and x.id = o.person_id)',
        ws,
      ),
    ).toBe(0);
    expect(
      await count(
        `select count(*) from (select kind, value from identities where workspace_id = p.ws group by kind, value having count(*) > 1) d`,
        ws,
      ),
    ).toBe(0);
    expect(
      await count(
        `select count(*) from identities where workspace_id = p.ws and
           ((kind = 'email' and value <> lower(value)) or (kind = 'phone' and value !~ '^\\+[1-9][0-9]{7,14}$'))`,
        ws,
      ),
    ).toBe(0);
    expect(
      await count(
        `select count(*) from orders o cross join lateral (
           select sum(l.quantity * l.unit_price - l.discount) as total, sum(l.quantity * l.unit_cost) as cost
           from order_lines l where l.workspace_id = o.workspace_id and l.order_id = o.id) s
         where o.workspace_id = p.ws and (o.total is distinct from s.total or o.cost_total is distinct from s.cost)`,
        ws,
      ),
    ).toBe(0);
    expect(
      await count(
        `select count(*) from interactions i where i.workspace_id = p.ws and i.agent_id is not null and not exists (
           select 1 from users u where u.workspace_id = i.workspace_id and u.id = i.agent_id)`,
        ws,
      ),
    ).toBe(0);
  });

  it('reuses an existing empty workspace but refuses one that holds people, changing nothing', async () => {
    await expect(seedWorkspace(database, { size: TINY, seed: 7, endDate: END })).rejects.toThrow(
      /Workspace "demo" already holds people/,
    );
    expect(await count('select count(*) from people where workspace_id = p.ws', demo.workspaceId)).toBe(40);
    expect(await count('select count(*) from users where workspace_id = p.ws', demo.workspaceId)).toBe(
      DEMO_USERS.length,
    );
    const empty = await createWorkspace(database.db, { slug: 'empty-one', name: 'Empty One' });
    const filled = await seedWorkspace(database, {
      size: { customers: 3 },
      endDate: END,
      workspaceSlug: 'empty-one',
    });
    expect(filled.workspaceId).toBe(empty.id);
    expect(filled.counts.people).toBe(3);
  });

  it('removes what it loaded when a load fails midway, so a retry can succeed', async () => {
    await sql`create function seed_probe_fail() returns trigger language plpgsql as $$
      begin raise exception 'probe: interactions refused'; end $$`.execute(database.db);
    await sql`create trigger seed_probe_fail before insert on interactions
      for each statement execute function seed_probe_fail()`.execute(database.db);
    try {
      await expect(
        seedWorkspace(database, { size: TINY, endDate: END, workspaceSlug: 'broken' }),
      ).rejects.toThrow(/probe: interactions refused/);
    } finally {
      await sql`drop trigger seed_probe_fail on interactions`.execute(database.db);
    }
    const { rows } = await sql<{ id: string }>`select id from workspaces where slug = 'broken'`.execute(
      database.db,
    );
    const ws = rows[0]?.id as string;
    for (const table of TABLES) {
      expect(await count(`select count(*) from ${table} where workspace_id = p.ws`, ws), table).toBe(0);
    }
    const retry = await seedWorkspace(database, { size: TINY, endDate: END, workspaceSlug: 'broken' });
    expect(retry.counts.people).toBe(40);
  });

  it('makes the sales demo through the sales slice: leads in every status, open, won and lost deals, calls, quotes', async () => {
    const seeded = await seedWorkspace(database, {
      size: TINY,
      seed: 7,
      endDate: END,
      workspaceSlug: 'sales',
    });
    const system = SYSTEM_PRINCIPAL(seeded.workspaceId);
    expect(seeded.sales.leads).toBeGreaterThanOrEqual(4);
    expect(seeded.sales.activities).toBeGreaterThan(0);
    expect(seeded.sales.quotes).toBeGreaterThan(0);
    const leads = (await listLeads(database.db, system, { limit: 200 })).items;
    expect(leads).toHaveLength(seeded.sales.leads);
    expect(new Set(leads.map((l) => l.status))).toEqual(
      new Set(['new', 'working', 'qualified', 'disqualified']),
    );
    const deals = (await listOpportunities(database.db, system, { limit: 200 })).items;
    expect(deals).toHaveLength(seeded.sales.opportunities);
    expect(new Set(deals.map((d) => d.status))).toEqual(new Set(['open', 'won', 'lost']));
    expect(new Set(deals.filter((d) => d.status === 'open').map((d) => d.stageName)).size).toBeGreaterThan(2);
    expect(
      await count(
        'select count(*) from orders o where o.workspace_id = p.ws and not exists (select 1 from people x where x.workspace_id = o.workspace_id and x.id = o.person_id)',
        seeded.workspaceId,
      ),
    ).toBe(0);
  });

  it('rejects a bad size before touching the database', async () => {
    await expect(
      seedWorkspace(database, { size: { customers: -1 }, workspaceSlug: 'never' }),
    ).rejects.toThrow(/size must be/);
    expect(await count("select count(*) from workspaces where slug = 'never'", demo.workspaceId)).toBe(0);
  });
});
