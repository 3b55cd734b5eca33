import { sql } from 'kysely';
import { copyRows } from '../db/index';
import type { Database } from '../db/index';
import { withSystem } from '../db/index';
import { createUser, createWorkspace, SYSTEM_PRINCIPAL } from '../platform/index';
import { type DealCustomer, type SalesSeedCounts, seedSales } from './sales';
import {
  COLUMNS,
  type CustomerBatch,
  type DatasetSize,
  generateDataset,
  resolveCustomers,
  type TableName,
} from './generator/index';

/** Per batch of 2,000 customers (one COPY per table and batch), in foreign-key order. */
const BATCH_TABLES = ['people', 'identities', 'orders', 'order_lines', 'interactions'] as const;

/** The demo login printed by `rapport serve` on a fresh database. */
export const DEMO_LOGIN = { workspace: 'demo', email: 'demo@rapport.dev', password: 'rapport-demo' } as const;

/** The demo workspace's staff: the admin first, then agents in other roles (same password). */
export const DEMO_USERS = [
  { email: DEMO_LOGIN.email, name: 'Dana Demo', role: 'admin', department: null },
  { email: 'sam.sales@rapport.dev', name: 'Sam Sales', role: 'sales', department: 'sales' },
  { email: 'sasha.service@rapport.dev', name: 'Sasha Service', role: 'service', department: 'service' },
  { email: 'theo.service@rapport.dev', name: 'Theo Service', role: 'service', department: 'service' },
  { email: 'maya.marketing@rapport.dev', name: 'Maya Marketing', role: 'marketing', department: 'marketing' },
  { email: 'alex.analyst@rapport.dev', name: 'Alex Analyst', role: 'analyst', department: null },
  { email: 'morgan.manager@rapport.dev', name: 'Morgan Manager', role: 'manager', department: null },
] as const;

export interface SeedOptions {
  /** small ≈ 2,000 customers (the demo), medium ≈ 100,000 / ~1M orders, large = 1M / ~10M orders. */
  size: DatasetSize;
  /** Same seed (and end date) → same rows. Default 1. */
  seed?: number;
  /** Default 'demo'; created when missing. */
  workspaceSlug?: string;
  /** Name for a workspace this call creates; default 'Demo Retail'. */
  workspaceName?: string;
  /** The data ends before this day (UTC); default today. */
  endDate?: Date;
  /** Called after each bulk copy with the table and its rows so far. */
  onProgress?: (table: TableName, rows: number) => void;
  /** Also make leads, deals, sales calls and quotes through the sales slice (default true). */
  sales?: boolean;
}

export interface SeedResult {
  workspaceId: string;
  workspaceSlug: string;
  seed: number;
  customers: number;
  /** Rows loaded per table. */
  counts: Record<TableName, number>;
  /** Leads, opportunities, sales activities and quotes made through the sales slice. */
  sales: SalesSeedCounts;
  /** The whole call, users and workspace included. */
  elapsedMs: number;
  /** Generating and bulk-loading the rows (and ANALYZE), the part that grows with the size. */
  loadMs: number;
}

/** True when the database holds no workspace at all (a fresh install). */
export async function isDatabaseEmpty(database: Database): Promise<boolean> {
  const { rows } = await sql<{ any: boolean }>`select exists (select 1 from workspaces) as any`.execute(
    database.db,
  );
  return rows[0]?.any !== true;
}

/**
 * Fills a workspace with a synthetic retail customer base: creates the workspace (or reuses an
 * empty one), the demo admin and a few agents (first run only), then bulk-loads products,
 * accounts, people, identities, orders, order lines and interactions with COPY. Refuses a
 * workspace that already holds customers. On failure it removes the rows it loaded.
 */
export async function seedWorkspace(database: Database, options: SeedOptions): Promise<SeedResult> {
  const started = performance.now();
  const customers = resolveCustomers(options.size);
  const slug = options.workspaceSlug ?? DEMO_LOGIN.workspace;
  const workspaceId = await findOrCreateWorkspace(database, slug, options.workspaceName ?? 'Demo Retail');
  const taken = await occupiedBy(database, workspaceId);
  if (taken) {
    throw new Error(
      `Workspace "${slug}" already holds ${taken}: seeding only fills an empty workspace. ` +
        'Use another --workspace, or a fresh database.',
    );
  }
  const staff = await ensureDemoUsers(database, workspaceId);

  const loadStarted = performance.now();
  const dataset = generateDataset({
    workspaceId,
    size: { customers },
    seed: options.seed,
    endDate: options.endDate,
    agents: { sales: staff.get('sales') ?? [], service: staff.get('service') ?? [] },
  });
  const counts: Record<TableName, number> = {
    products: 0,
    accounts: 0,
    people: 0,
    identities: 0,
    orders: 0,
    order_lines: 0,
    interactions: 0,
  };
  const load = async (table: TableName, rows: readonly unknown[][]) => {
    if (rows.length === 0) return;
    counts[table] += await copyRows(database, table, COLUMNS[table], rows);
    options.onProgress?.(table, counts[table]);
  };
  let dealCustomers: DealCustomer[] = [];
  try {
    await load('products', dataset.products as unknown[][]);
    await load('accounts', dataset.accounts as unknown[][]);
    for (const batch of dataset.batches()) {
      if (dealCustomers.length === 0) dealCustomers = customersForDeals(batch, dataset.accounts);
      for (const table of BATCH_TABLES) await load(table, batch[table]);
    }
  } catch (err) {
    await removeSeededRows(database, workspaceId).catch(() => undefined);
    throw err;
  }
  // Fresh statistics, so the first queries get good plans (PGlite runs no autovacuum).
  await sql.raw(`analyze ${Object.keys(counts).join(', ')}`).execute(database.db);
  const sales = await seedSales(database, {
    enabled: options.sales ?? true,
    workspaceId,
    seed: dataset.seed,
    endDate: options.endDate ?? new Date(),
    customers: dealCustomers,
    products: dataset.products.map((p) => ({ id: String(p[COLUMNS.products.indexOf('id')]) })),
    reps: staff.get('sales') ?? [],
  });
  const now = performance.now();
  return {
    workspaceId,
    workspaceSlug: slug,
    seed: dataset.seed,
    customers,
    counts,
    sales,
    elapsedMs: Math.round(now - started),
    loadMs: Math.round(now - loadStarted),
  };
}

async function findOrCreateWorkspace(database: Database, slug: string, name: string): Promise<string> {
  const existing = await withSystem(database.db, (trx) =>
    sql<{ id: string }>`select id from workspaces where slug = ${slug}`.execute(trx),
  );
  const id = existing.rows[0]?.id;
  if (id) return id;
  return (await createWorkspace(database.db, { slug, name })).id;
}

/** What makes a workspace not empty for seeding: customers, or a catalogue whose SKUs would clash. */
async function occupiedBy(database: Database, workspaceId: string): Promise<string | undefined> {
  const { rows } = await sql<{ people: boolean; accounts: boolean; products: boolean }>`
    select exists (select 1 from people where workspace_id = ${workspaceId}) as people,
           exists (select 1 from accounts where workspace_id = ${workspaceId}) as accounts,
           exists (select 1 from products where workspace_id = ${workspaceId}) as products`.execute(
    database.db,
  );
  const row = rows[0];
  if (row?.people) return 'people';
  if (row?.accounts) return 'accounts';
  if (row?.products) return 'products';
  return undefined;
}

/** Creates the demo users that are missing; returns user ids by role. */
async function ensureDemoUsers(database: Database, workspaceId: string): Promise<Map<string, string[]>> {
  const { rows } = await sql<{ id: string; email: string }>`
    select id, email::text as email from users where workspace_id = ${workspaceId}`.execute(database.db);
  const existing = new Map(rows.map((r) => [r.email.toLowerCase(), r.id]));
  const byRole = new Map<string, string[]>();
  // One at a time: on PGlite every connection shares one backend.
  for (const user of DEMO_USERS) {
    let id = existing.get(user.email);
    if (!id) {
      id = (
        await createUser(database.db, SYSTEM_PRINCIPAL(workspaceId), {
          email: user.email,
          name: user.name,
          role: user.role,
          password: DEMO_LOGIN.password,
          department: user.department,
        })
      ).id;
    }
    byRole.set(user.role, [...(byRole.get(user.role) ?? []), id]);
  }
  return byRole;
}

/** Undoes a failed load: the workspace held none of these rows before (checked above). */
async function removeSeededRows(database: Database, workspaceId: string): Promise<void> {
  await withSystem(database.db, async (trx) => {
    // Interactions without a person may predate the seed; every seeded one has a person.
    await sql`delete from interactions where workspace_id = ${workspaceId} and person_id is not null`.execute(
      trx,
    );
    for (const table of ['order_lines', 'orders', 'identities', 'people', 'accounts', 'products']) {
      await sql`delete from ${sql.table(table)} where workspace_id = ${workspaceId}`.execute(trx);
    }
  });
}

/** Up to 200 customers of a batch for the demo's deals, people of accounts first, with their email. */
function customersForDeals(batch: CustomerBatch, accounts: readonly (readonly unknown[])[]): DealCustomer[] {
  const col = (table: TableName, name: string) => COLUMNS[table].indexOf(name as never);
  const accountNames = new Map(accounts.map((a) => [a[col('accounts', 'id')], a[col('accounts', 'name')]]));
  const emails = new Map<unknown, string>();
  for (const i of batch.identities)
    if (i[col('identities', 'kind')] === 'email')
      emails.set(i[col('identities', 'person_id')], String(i[col('identities', 'raw')]));
  const people = batch.people.map((p) => {
    const accountId = (p[col('people', 'account_id')] as string | null) ?? null;
    return {
      id: String(p[col('people', 'id')]),
      firstName: (p[col('people', 'given_name')] as string | null) ?? null,
      lastName: (p[col('people', 'family_name')] as string | null) ?? null,
      accountId,
      accountName: accountId ? String(accountNames.get(accountId) ?? '') || null : null,
      email: emails.get(p[col('people', 'id')]) ?? null,
    };
  });
  return [...people.filter((p) => p.accountId), ...people.filter((p) => !p.accountId)].slice(0, 200);
}
