import { sql } from 'kysely';
import type { Tx } from '../../db/index';
import type { AuditEntry } from '../../platform/index';
import { authorize, type Principal } from '../../platform/index';
import { recordAuditMany } from '../audit';
import { fromCents } from '../money';
import { findOrderIdsByKey, insertInteractions } from '../order-repository';
import { unnestInsert } from '../unnest';
import type { BuiltReturn, CatalogueEntry } from './build';

/** Adds the SKUs the catalogue lacks; returns how many products were created. */
export async function ensureProducts(
  trx: Tx,
  actor: Principal,
  catalogue: ReadonlyMap<string, CatalogueEntry>,
): Promise<number> {
  const ws = actor.workspaceId;
  const skus = [...catalogue.keys()];
  if (skus.length === 0) return 0;
  const { rows: present } = await sql<{ sku: string }>`
    select sku from products where workspace_id = ${ws} and sku = any(${skus}::text[])`.execute(trx);
  const have = new Set(present.map((r) => r.sku));
  const missing = skus.filter((s) => !have.has(s));
  if (missing.length === 0) return 0;
  authorize(actor, 'products', 'create');
  const insert = unnestInsert(
    'products',
    [
      ['workspace_id', 'uuid'],
      ['sku', 'text'],
      ['name', 'text'],
      ['list_price', 'numeric'],
    ],
    missing.map((sku) => {
      const entry = catalogue.get(sku) as CatalogueEntry;
      return [ws, sku, entry.name, entry.listPrice];
    }),
  );
  const { rows } = await sql<{ id: string; sku: string; name: string; list_price: number }>`${insert}
    on conflict (workspace_id, sku) do nothing returning id, sku, name, list_price`.execute(trx);
  await recordAuditMany(
    trx,
    actor,
    rows.map((r) => ({
      action: 'create' as const,
      objectType: 'products',
      objectId: r.id,
      after: {
        sku: r.sku,
        name: r.name,
        category: null,
        list_price: r.list_price,
        unit_cost: null,
        active: true,
      },
    })),
  );
  return rows.length;
}

/** Records the returns of an imported file against the orders it loaded; a re-run skips them. */
export async function recordImportedReturns(
  trx: Tx,
  actor: Principal,
  returns: readonly BuiltReturn[],
): Promise<{ created: number; duplicate: number }> {
  const ws = actor.workspaceId;
  const orderIds = await findOrderIdsByKey(
    trx,
    ws,
    returns.map((r) => r.orderKey),
  );
  const rows = returns.map((r) => [
    ws,
    orderIds.get(r.orderKey),
    r.returnedAt.toISOString(),
    fromCents(r.amount),
    'imported',
    r.key,
  ]);
  const insert = unnestInsert(
    'order_returns',
    [
      ['workspace_id', 'uuid'],
      ['order_id', 'uuid'],
      ['returned_at', 'timestamptz'],
      ['amount', 'numeric'],
      ['reason', 'text'],
      ['idempotency_key', 'text'],
    ],
    rows,
  );
  const { rows: created } = await sql<{
    id: string;
    order_id: string;
    returned_at: Date;
    amount: number;
  }>`${insert}
    on conflict (workspace_id, idempotency_key) do nothing
    returning id, order_id, returned_at, amount`.execute(trx);
  const affected = [...new Set(created.map((r) => r.order_id))];
  const { rows: changed } = await sql<{ id: string; status: string; person_id: string; channel: string }>`
    update orders o set status = 'returned'
    from (select id, status from orders where workspace_id = ${ws} and id = any(${affected}::uuid[])) prior
    where o.workspace_id = ${ws} and o.id = prior.id
    returning o.id, prior.status, o.person_id, o.channel`.execute(trx);
  const orders = new Map(changed.map((o) => [o.id, o]));
  await insertInteractions(
    trx,
    created.map((r) => [
      ws,
      orders.get(r.order_id)?.person_id,
      orders.get(r.order_id)?.channel,
      'inbound',
      'return',
      new Date(r.returned_at).toISOString(),
      `Return: ${r.amount.toFixed(2)} refunded`,
      JSON.stringify({ orderId: r.order_id, returnId: r.id, amount: r.amount }),
      JSON.stringify({ orderId: r.order_id, returnId: r.id }),
    ]),
  );
  const audit: AuditEntry[] = created.map((r) => ({
    action: 'create',
    objectType: 'order_returns',
    objectId: r.id,
    after: { order_id: r.order_id, returned_at: r.returned_at, amount: r.amount, reason: 'imported' },
  }));
  for (const o of changed) {
    if (o.status !== 'returned') {
      audit.push({
        action: 'update',
        objectType: 'orders',
        objectId: o.id,
        before: { status: o.status },
        after: { status: 'returned' },
      });
    }
  }
  await recordAuditMany(trx, actor, audit);
  return { created: created.length, duplicate: returns.length - created.length };
}
