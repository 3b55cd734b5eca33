import { sql } from 'kysely';
import type { Tx } from '../db/index';
import { arrayParam, unnestInsert } from '../db/index';
import { type AuditEntry, isAllowed, type Principal, recordAuditBatch } from '../platform/index';
import { hasCents } from './money';

/** A SKU an order file names, with what a new product gets: its name and list price. */
export interface CatalogueEntry {
  sku: string;
  name: string;
  listPrice: number;
}

/**
 * Adds the SKUs the catalogue lacks (for an order import that creates the products its lines name),
 * in the caller's transaction, with an audit entry each; returns how many were created. The caller
 * checks the products create permission.
 */
export async function ensureProducts(
  trx: Tx,
  actor: Principal,
  entries: readonly CatalogueEntry[],
): Promise<number> {
  if (entries.length === 0) return 0;
  const ws = actor.workspaceId;
  const { rows: present } = await sql<{ sku: string }>`select sku from products
    where workspace_id = ${ws} and sku = any(${arrayParam(
      entries.map((e) => e.sku),
      'text',
    )})`.execute(trx);
  const have = new Set(present.map((r) => r.sku));
  const missing = entries.filter((e) => !have.has(e.sku));
  if (missing.length === 0) return 0;
  const insert = unnestInsert(
    'products',
    [
      ['workspace_id', 'uuid'],
      ['sku', 'text'],
      ['name', 'text'],
      ['list_price', 'numeric'],
    ],
    missing.map((e) => [ws, e.sku, e.name, e.listPrice]),
  );
  const { rows } = await sql<ProductRow>`${insert}
    on conflict (workspace_id, sku) do nothing returning ${sql.raw(COLUMNS)}`.execute(trx);
  await recordAuditBatch(
    trx,
    actor,
    rows.map((r) => ({ action: 'create', objectType: 'products', objectId: r.id, after: auditable(r) })),
  );
  return rows.length;
}

/** One line of a product file: the SKU, and the fields it gives (the others keep their value). */
export interface ProductUpsert {
  sku: string;
  name?: string;
  category?: string;
  listPrice?: number;
  unitCost?: number;
  active?: boolean;
}

export type UpsertOutcome =
  | { status: 'created' | 'updated' | 'unchanged'; id: string }
  | { status: 'rejected'; field: string; reason: string };

interface ProductRow {
  id: string;
  sku: string;
  name: string;
  category: string | null;
  list_price: number;
  unit_cost: number | null;
  active: boolean;
}

const COLUMNS =
  'id, sku, name, category, list_price::float8 as list_price, unit_cost::float8 as unit_cost, active';
const FIELDS = ['name', 'category', 'list_price', 'unit_cost', 'active'] as const;

const auditable = (r: ProductRow) => ({
  sku: r.sku,
  name: r.name,
  category: r.category,
  list_price: r.list_price,
  unit_cost: r.unit_cost,
  active: r.active,
});

/**
 * Creates or updates products by SKU, item by item in outcome but in bulk statements, in the caller's
 * transaction (a product import's chunk). A known SKU gets the fields the item gives (empty ones keep
 * their value): `updated`, or `unchanged` when they are what it has. A new SKU needs a name and a list
 * price: `created`. Items are taken in order, so a SKU given twice ends with its last values. Creating
 * needs the products create permission, changing one products update; an item refused says why.
 * Product imports of one workspace take turns (a transaction lock), so two never create one SKU twice.
 */
export async function upsertProducts(
  trx: Tx,
  actor: Principal,
  items: readonly ProductUpsert[],
): Promise<UpsertOutcome[]> {
  const ws = actor.workspaceId;
  const outcomes: UpsertOutcome[] = new Array(items.length);
  await sql`select pg_advisory_xact_lock(hashtext('rapport.products.upsert'), hashtext(${ws}))`.execute(trx);
  const skus = [...new Set(items.map((i) => i.sku))];
  const { rows: found } = await sql<ProductRow>`select ${sql.raw(COLUMNS)} from products
    where workspace_id = ${ws} and sku = any(${arrayParam(skus, 'text')}) for update`.execute(trx);
  const before = new Map(found.map((r) => [r.sku, r]));
  /** The state each SKU ends in, and the items that made it. */
  const after = new Map<string, { row: Omit<ProductRow, 'id'>; items: number[] }>();
  const mayCreate = isAllowed(actor, 'products', 'create');
  const mayUpdate = isAllowed(actor, 'products', 'update');
  items.forEach((item, index) => {
    const problem = checkItem(item);
    if (problem) {
      outcomes[index] = { status: 'rejected', ...problem };
      return;
    }
    const current = after.get(item.sku)?.row ?? before.get(item.sku);
    if (!current) {
      if (item.name === undefined || item.listPrice === undefined) {
        outcomes[index] = {
          status: 'rejected',
          field: item.name === undefined ? 'name' : 'listPrice',
          reason: `no product has SKU "${item.sku}", and a new one needs a name and a list price`,
        };
        return;
      }
      if (!mayCreate) {
        outcomes[index] = {
          status: 'rejected',
          field: 'sku',
          reason: `no product has SKU "${item.sku}", and your role (${actor.roleName}) may not create products`,
        };
        return;
      }
      const row = {
        sku: item.sku,
        name: item.name,
        category: item.category ?? null,
        list_price: item.listPrice,
        unit_cost: item.unitCost ?? null,
        active: item.active ?? true,
      };
      after.set(item.sku, { row, items: [index] });
      outcomes[index] = { status: 'created', id: '' };
      return;
    }
    const row = {
      ...current,
      ...(item.name !== undefined && { name: item.name }),
      ...(item.category !== undefined && { category: item.category }),
      ...(item.listPrice !== undefined && { list_price: item.listPrice }),
      ...(item.unitCost !== undefined && { unit_cost: item.unitCost }),
      ...(item.active !== undefined && { active: item.active }),
    };
    const changed = FIELDS.some((f) => row[f] !== current[f]);
    if (changed && !mayUpdate) {
      outcomes[index] = {
        status: 'rejected',
        field: 'sku',
        reason: `your role (${actor.roleName}) may not update products`,
      };
      return;
    }
    const entry = after.get(item.sku);
    if (entry) {
      entry.row = row;
      entry.items.push(index);
    } else after.set(item.sku, { row, items: [index] });
    outcomes[index] = { status: changed ? 'updated' : 'unchanged', id: before.get(item.sku)?.id ?? '' };
  });

  const created = [...after.values()].filter((e) => !before.has(e.row.sku));
  const updated = [...after.values()].filter((e) => {
    const old = before.get(e.row.sku);
    return old !== undefined && FIELDS.some((f) => e.row[f] !== old[f]);
  });
  const ids = new Map(found.map((r) => [r.sku, r.id]));
  const audit: AuditEntry[] = [];
  if (created.length > 0) {
    const insert = unnestInsert(
      'products',
      [
        ['workspace_id', 'uuid'],
        ['sku', 'text'],
        ['name', 'text'],
        ['category', 'text'],
        ['list_price', 'numeric'],
        ['unit_cost', 'numeric'],
        ['active', 'boolean'],
      ],
      created.map(({ row: r }) => [ws, r.sku, r.name, r.category, r.list_price, r.unit_cost, r.active]),
    );
    const { rows } = await sql<ProductRow>`${insert} returning ${sql.raw(COLUMNS)}`.execute(trx);
    for (const r of rows) {
      ids.set(r.sku, r.id);
      audit.push({ action: 'create', objectType: 'products', objectId: r.id, after: auditable(r) });
    }
  }
  if (updated.length > 0) {
    const col = <T>(f: (r: Omit<ProductRow, 'id'>) => T, type: string) =>
      arrayParam(
        updated.map((e) => f(e.row)),
        type,
      );
    const { rows } = await sql<ProductRow>`update products p set name = u.name, category = u.category,
        list_price = u.list_price, unit_cost = u.unit_cost, active = u.active
      from unnest(${col((r) => r.sku, 'text')}, ${col((r) => r.name, 'text')}, ${col((r) => r.category, 'text')},
        ${col((r) => r.list_price, 'numeric')}, ${col((r) => r.unit_cost, 'numeric')}, ${col((r) => r.active, 'boolean')})
        as u(sku, name, category, list_price, unit_cost, active)
      where p.workspace_id = ${ws} and p.sku = u.sku
      returning p.id, p.sku, p.name, p.category, p.list_price::float8 as list_price,
        p.unit_cost::float8 as unit_cost, p.active`.execute(trx);
    for (const r of rows) {
      const old = before.get(r.sku) as ProductRow;
      audit.push({
        action: 'update',
        objectType: 'products',
        objectId: r.id,
        before: auditable(old),
        after: auditable(r),
      });
    }
  }
  await recordAuditBatch(trx, actor, audit);
  return outcomes.map((o, index) =>
    o.status === 'rejected' ? o : { ...o, id: ids.get((items[index] as ProductUpsert).sku) ?? o.id },
  );
}

const SKU = /^\S{1,100}$/;

function checkItem(item: ProductUpsert): { field: string; reason: string } | undefined {
  if (!SKU.test(item.sku)) return { field: 'sku', reason: 'must be 1-100 characters without spaces' };
  if (item.name !== undefined && (item.name.trim() === '' || item.name.length > 300))
    return { field: 'name', reason: 'must be 1-300 characters' };
  if (item.category !== undefined && item.category.length > 100)
    return { field: 'category', reason: 'must be at most 100 characters' };
  for (const [field, value] of [
    ['listPrice', item.listPrice],
    ['unitCost', item.unitCost],
  ] as const) {
    if (value !== undefined && !(value >= 0 && value <= 1e11 && hasCents(value)))
      return { field, reason: 'must be an amount from 0 with at most two decimals' };
  }
  return undefined;
}
