import type { Db } from '../db/index';
import { type Tx, withTenant } from '../db/index';
import { recordAudit } from '../platform/index';
import { conflict, invalid, notFound } from '../platform/index';
import { authorize, type Principal } from '../platform/index';
import { hasCents } from './money';
import type { ProductCreate, ProductQuery, ProductUpdate } from './schema';
import { sales } from './tables';

export interface Product {
  id: string;
  sku: string;
  name: string;
  category: string | null;
  listPrice: number;
  unitCost: number | null;
  active: boolean;
  createdAt: string;
}

type ProductRow = {
  id: string;
  sku: string;
  name: string;
  category: string | null;
  list_price: number;
  unit_cost: number | null;
  active: boolean;
  created_at: Date;
};

const toProduct = (r: ProductRow): Product => ({
  id: r.id,
  sku: r.sku,
  name: r.name,
  category: r.category,
  listPrice: r.list_price,
  unitCost: r.unit_cost,
  active: r.active,
  createdAt: new Date(r.created_at).toISOString(),
});

const auditable = (r: ProductRow) => ({
  sku: r.sku,
  name: r.name,
  category: r.category,
  list_price: r.list_price,
  unit_cost: r.unit_cost,
  active: r.active,
});

function checkMoney(input: { listPrice?: number; unitCost?: number | null }): void {
  if (input.listPrice !== undefined && !hasCents(input.listPrice)) {
    throw invalid('listPrice', 'listPrice has more than two decimals');
  }
  if (input.unitCost != null && !hasCents(input.unitCost)) {
    throw invalid('unitCost', 'unitCost has more than two decimals');
  }
}

function checkText(input: { sku?: string; name?: string }): { sku?: string; name?: string } {
  const sku = input.sku?.trim();
  const name = input.name?.trim();
  if (sku !== undefined && (sku === '' || /\s/.test(sku))) {
    throw invalid('sku', 'sku must not be empty or contain spaces');
  }
  if (name !== undefined && name === '') throw invalid('name', 'name must not be empty');
  return { sku, name };
}

async function ensureSkuFree(trx: Tx, ws: string, sku: string, except?: string): Promise<void> {
  let q = sales(trx)
    .selectFrom('products')
    .select('id')
    .where('workspace_id', '=', ws)
    .where('sku', '=', sku);
  if (except) q = q.where('id', '!=', except);
  if (await q.executeTakeFirst()) throw conflict(`A product with SKU "${sku}" already exists`, 'sku');
}

/** A concurrent insert of the same SKU (past the check above) is the same 409, not a 500. */
async function skuGuard<T>(sku: string, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (err) {
    if ((err as { code?: string }).code === '23505') {
      throw conflict(`A product with SKU "${sku}" already exists`, 'sku');
    }
    throw err;
  }
}

/** Adds a product to the catalogue (the inventory section); its SKU is unique in the workspace. */
export async function createProduct(db: Db, actor: Principal, input: ProductCreate): Promise<Product> {
  authorize(actor, 'products', 'create');
  checkMoney(input);
  const { sku, name } = checkText(input);
  return withTenant(db, actor.workspaceId, async (trx) => {
    await ensureSkuFree(trx, actor.workspaceId, sku as string);
    const row = await skuGuard(sku as string, () =>
      sales(trx)
        .insertInto('products')
        .values({
          workspace_id: actor.workspaceId,
          sku: sku as string,
          name: name as string,
          category: input.category?.trim() || null,
          list_price: input.listPrice,
          unit_cost: input.unitCost ?? null,
          active: input.active ?? true,
        })
        .returningAll()
        .executeTakeFirstOrThrow(),
    );
    await recordAudit(trx, actor, {
      action: 'create',
      objectType: 'products',
      objectId: row.id,
      after: auditable(row),
    });
    return toProduct(row);
  });
}

export async function getProduct(db: Db, actor: Principal, id: string): Promise<Product> {
  authorize(actor, 'products', 'read');
  return withTenant(db, actor.workspaceId, async (trx) =>
    toProduct(await findProduct(trx, actor.workspaceId, id)),
  );
}

async function findProduct(trx: Tx, ws: string, id: string, forUpdate = false): Promise<ProductRow> {
  let q = sales(trx).selectFrom('products').selectAll().where('workspace_id', '=', ws).where('id', '=', id);
  if (forUpdate) q = q.forUpdate();
  return q.executeTakeFirstOrThrow(() => notFound('Product'));
}

/** The catalogue by SKU; `after` is the last SKU of the previous page. */
export async function listProducts(
  db: Db,
  actor: Principal,
  query: ProductQuery,
): Promise<{ items: Product[]; nextAfter: string | undefined }> {
  authorize(actor, 'products', 'read');
  const limit = query.limit ?? 100;
  return withTenant(db, actor.workspaceId, async (trx) => {
    let q = sales(trx).selectFrom('products').selectAll().where('workspace_id', '=', actor.workspaceId);
    if (query.after !== undefined) q = q.where('sku', '>', query.after);
    if (query.category !== undefined) q = q.where('category', '=', query.category);
    if (query.active !== undefined) q = q.where('active', '=', query.active);
    const rows = await q
      .orderBy('sku')
      .limit(limit + 1)
      .execute();
    const items = rows.slice(0, limit).map(toProduct);
    return { items, nextAfter: rows.length > limit ? items.at(-1)?.sku : undefined };
  });
}

export async function updateProduct(
  db: Db,
  actor: Principal,
  id: string,
  input: ProductUpdate,
): Promise<Product> {
  authorize(actor, 'products', 'update');
  checkMoney(input);
  const { sku, name } = checkText(input);
  return withTenant(db, actor.workspaceId, async (trx) => {
    const before = await findProduct(trx, actor.workspaceId, id, true);
    if (sku !== undefined && sku !== before.sku) await ensureSkuFree(trx, actor.workspaceId, sku, id);
    const after = await skuGuard(sku ?? before.sku, () =>
      sales(trx)
        .updateTable('products')
        .set({
          sku: sku ?? before.sku,
          name: name ?? before.name,
          category: input.category === undefined ? before.category : input.category?.trim() || null,
          list_price: input.listPrice ?? before.list_price,
          unit_cost: input.unitCost === undefined ? before.unit_cost : input.unitCost,
          active: input.active ?? before.active,
        })
        .where('workspace_id', '=', actor.workspaceId)
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirstOrThrow(),
    );
    await recordAudit(trx, actor, {
      action: 'update',
      objectType: 'products',
      objectId: id,
      before: auditable(before),
      after: auditable(after),
    });
    return toProduct(after);
  });
}
