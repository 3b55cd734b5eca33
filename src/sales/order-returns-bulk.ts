import { sql } from 'kysely';
import type { Tx } from '../db/index';
import { arrayParam, unnestInsert } from '../db/index';
import {
  type AuditEntry,
  isAllowed,
  type Principal,
  recordAuditBatch,
  workspaceRegion,
} from '../platform/index';
import { ItemRejection, reject } from './check';
import { identityId, normaliseCustomer } from './customer-ref';
import { fromCents, hasCents, toCents } from './money';
import { findIdentityOwners, insertInteractions } from './order-repository';
import type { CustomerRef, ItemResult } from './schema';

/** Goods a customer brought back, found by the customer and when (an order file's return line). */
export interface CustomerReturn {
  idempotencyKey: string;
  customer: CustomerRef;
  /** ISO 8601. */
  returnedAt: string;
  /** The product returned, when known: the order that holds it is preferred. */
  sku?: string;
  /** Refunded, at most two decimals. */
  amount: number;
  reason?: string;
}

interface Candidate {
  ord: number;
  id: string;
  person_id: string;
  channel: string;
  currency: string;
  total: number;
  status: string;
}

/**
 * Records returns given by customer rather than by order, in the caller's transaction (an order
 * import's chunk, after its orders): each refunds the customer's latest order placed on or before
 * it that holds its SKU (else their latest order), within that order's total, and marks the order
 * returned; the return appears on the customer's timeline. A return whose key is stored already is
 * a duplicate. Needs the orders update permission.
 */
export async function returnOrdersInTransaction(
  trx: Tx,
  actor: Principal,
  items: readonly CustomerReturn[],
): Promise<ItemResult[]> {
  const ws = actor.workspaceId;
  const results: ItemResult[] = new Array(items.length);
  const refuse = (index: number, why: ItemRejection) => {
    results[index] = { index, status: 'rejected', field: why.field, reason: why.reason, code: why.code };
  };
  if (items.length === 0) return results;
  if (!isAllowed(actor, 'orders', 'update')) {
    const why = reject('return', `your role (${actor.roleName}) may not return orders`, 'forbidden');
    for (const i of items.keys()) refuse(i, why);
    return results;
  }
  const region = await workspaceRegion(trx, ws);
  const { rows: stored } = await sql<{ idempotency_key: string; id: string }>`
    select idempotency_key, id from order_returns
    where workspace_id = ${ws} and idempotency_key = any(${arrayParam(
      items.map((i) => i.idempotencyKey),
      'text',
    )})`.execute(trx);
  const storedIds = new Map(stored.map((r) => [r.idempotency_key, r.id]));
  const wanted: { index: number; item: CustomerReturn; keys: string[] }[] = [];
  const identities = [];
  for (const [index, item] of items.entries()) {
    const id = storedIds.get(item.idempotencyKey);
    if (id) {
      results[index] = { index, status: 'duplicate', id };
      continue;
    }
    if (!hasCents(item.amount) || item.amount < 0) {
      refuse(index, reject('amount', 'must be an amount from 0 with at most two decimals'));
      continue;
    }
    const customer = normaliseCustomer(item.customer, region);
    if (customer instanceof ItemRejection) {
      refuse(index, customer);
      continue;
    }
    identities.push(...customer.identities);
    wanted.push({ index, item, keys: customer.identities.map(identityId) });
  }
  const owners = new Map(
    (await findIdentityOwners(trx, ws, identities)).map((o) => [identityId(o), o.person_id]),
  );
  const located: { index: number; item: CustomerReturn; personId: string }[] = [];
  for (const w of wanted) {
    const personId = w.keys.map((k) => owners.get(k)).find((p) => p !== undefined);
    if (personId) located.push({ index: w.index, item: w.item, personId });
    else
      refuse(
        w.index,
        reject(
          'customer',
          'no customer matches: a return needs an earlier order of its customer',
          'not_found',
        ),
      );
  }
  if (located.length === 0) return results;

  const { rows: candidates } = await sql<Candidate>`
    select n.ord::int as ord, o.id, o.person_id, o.channel, o.currency, o.total::float8 as total, o.status
    from unnest(${arrayParam(
      located.map((l) => l.personId),
      'uuid',
    )}, ${arrayParam(
      located.map((l) => l.item.returnedAt),
      'timestamptz',
    )}, ${arrayParam(
      located.map((l) => l.item.sku ?? null),
      'text',
    )}) with ordinality as n(person, at, sku, ord)
    join lateral (
      select o.* from orders o
      where o.workspace_id = ${ws} and o.person_id = n.person and o.ordered_at <= n.at and o.status <> 'cancelled'
      order by (n.sku is not null and exists (
          select 1 from order_lines l
          join products p on p.workspace_id = l.workspace_id and p.id = l.product_id
          where l.workspace_id = o.workspace_id and l.order_id = o.id and p.sku = n.sku)) desc,
        o.ordered_at desc, o.id desc
      limit 1) o on true`.execute(trx);
  const orderOf = new Map(candidates.map((c) => [c.ord - 1, c]));
  // Locked in id order (concurrent returns of one order take turns), then what each has refunded.
  const orderIds = [...new Set(candidates.map((c) => c.id))].sort();
  const { rows: refundedRows } = await sql<{ id: string; refunded: number }>`
    select o.id, coalesce((select sum(r.amount) from order_returns r
      where r.workspace_id = o.workspace_id and r.order_id = o.id), 0)::float8 as refunded
    from (select id, workspace_id from orders where workspace_id = ${ws} and id = any(${arrayParam(orderIds, 'uuid')})
      order by id for update) o`.execute(trx);
  const refunded = new Map<string, number>(refundedRows.map((r) => [r.id, toCents(r.refunded)]));

  const rows: { index: number; order: Candidate; cents: number; item: CustomerReturn }[] = [];
  located.forEach((l, n) => {
    const order = orderOf.get(n);
    if (!order) {
      refuse(
        l.index,
        reject('returnedAt', 'the customer has no order placed on or before the return', 'not_found'),
      );
      return;
    }
    const cents = toCents(l.item.amount);
    const sofar = refunded.get(order.id) ?? 0;
    if (sofar + cents > toCents(order.total)) {
      refuse(
        l.index,
        reject(
          'amount',
          `refunds would exceed the total ${order.total.toFixed(2)} of the order it returns (${fromCents(sofar).toFixed(2)} refunded already)`,
        ),
      );
      return;
    }
    refunded.set(order.id, sofar + cents);
    rows.push({ index: l.index, order, cents, item: l.item });
  });
  if (rows.length === 0) return results;

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
    rows.map((r) => [
      ws,
      r.order.id,
      r.item.returnedAt,
      fromCents(r.cents),
      r.item.reason ?? null,
      r.item.idempotencyKey,
    ]),
  );
  const { rows: created } = await sql<{ id: string; idempotency_key: string }>`${insert}
    on conflict (workspace_id, idempotency_key) do nothing returning id, idempotency_key`.execute(trx);
  const createdIds = new Map(created.map((r) => [r.idempotency_key, r.id]));
  const made = rows.filter((r) => createdIds.has(r.item.idempotencyKey));
  const raced = rows.filter((r) => !createdIds.has(r.item.idempotencyKey));
  if (raced.length > 0) {
    const { rows: now } = await sql<{ idempotency_key: string; id: string }>`
      select idempotency_key, id from order_returns where workspace_id = ${ws}
        and idempotency_key = any(${arrayParam(
          raced.map((r) => r.item.idempotencyKey),
          'text',
        )})`.execute(trx);
    const ids = new Map(now.map((r) => [r.idempotency_key, r.id]));
    for (const r of raced)
      results[r.index] = { index: r.index, status: 'duplicate', id: ids.get(r.item.idempotencyKey) ?? '' };
  }
  const affected = [...new Set(made.map((r) => r.order.id))];
  const { rows: changed } = await sql<{ id: string; status: string }>`
    update orders o set status = 'returned'
    from (select id, status from orders where workspace_id = ${ws} and id = any(${arrayParam(affected, 'uuid')})
      and status <> 'returned') prior
    where o.workspace_id = ${ws} and o.id = prior.id
    returning o.id, prior.status`.execute(trx);
  await insertInteractions(
    trx,
    made.map((r) => {
      const returnId = createdIds.get(r.item.idempotencyKey) as string;
      const amount = fromCents(r.cents);
      return [
        ws,
        r.order.person_id,
        r.order.channel,
        'inbound',
        'return',
        new Date(r.item.returnedAt).toISOString(),
        `Return: ${amount.toFixed(2)} ${r.order.currency} refunded`,
        JSON.stringify({ orderId: r.order.id, returnId, amount }),
        JSON.stringify({ orderId: r.order.id, returnId }),
      ];
    }),
  );
  const audit: AuditEntry[] = made.map((r) => ({
    action: 'create',
    objectType: 'order_returns',
    objectId: createdIds.get(r.item.idempotencyKey) as string,
    after: {
      order_id: r.order.id,
      returned_at: r.item.returnedAt,
      amount: fromCents(r.cents),
      reason: r.item.reason ?? null,
    },
  }));
  for (const o of changed)
    audit.push({
      action: 'update',
      objectType: 'orders',
      objectId: o.id,
      before: { status: o.status },
      after: { status: 'returned' },
    });
  await recordAuditBatch(trx, actor, audit);
  for (const r of made)
    results[r.index] = {
      index: r.index,
      status: 'created',
      id: createdIds.get(r.item.idempotencyKey) as string,
    };
  return results;
}
