import { sql } from 'kysely';
import type { Db } from '../db/index';
import { type Tx, withTenant } from '../db/index';
import { recordAudit } from '../platform/index';
import { conflict, invalid } from '../platform/index';
import { authorize, type Principal } from '../platform/index';
import { fromCents, hasCents, toCents } from './money';
import { insertInteractions } from './order-repository';
import { findOrderRow, loadOrder, type OrderView } from './order-queries';
import type { ReturnInput } from './schema';
import { type OrderStatus, sales } from './tables';

/** Which statuses each change may start from. */
const FROM: Record<'fulfil' | 'cancel' | 'return', readonly OrderStatus[]> = {
  fulfil: ['placed'],
  cancel: ['placed'],
  return: ['placed', 'fulfilled', 'returned'],
};

const HINT: Record<keyof typeof FROM, string> = {
  fulfil: 'only a placed order can be fulfilled',
  cancel: 'only a placed order can be cancelled; return a fulfilled one',
  return: 'a cancelled order cannot be returned',
};

async function lockForChange(trx: Tx, actor: Principal, id: string, change: keyof typeof FROM) {
  const order = await findOrderRow(trx, actor.workspaceId, id, true);
  checkTransition(order.status, change);
  return order;
}

function checkTransition(status: OrderStatus, change: keyof typeof FROM): void {
  if (!FROM[change].includes(status)) throw conflict(`Order is ${status}: ${HINT[change]}`, 'status');
}

async function setStatus(
  trx: Tx,
  actor: Principal,
  id: string,
  from: OrderStatus,
  to: OrderStatus,
  note?: string,
) {
  await sales(trx)
    .updateTable('orders')
    .set({ status: to })
    .where('workspace_id', '=', actor.workspaceId)
    .where('id', '=', id)
    .execute();
  await recordAudit(trx, actor, {
    action: 'update',
    objectType: 'orders',
    objectId: id,
    before: { status: from },
    after: note === undefined ? { status: to } : { status: to, reason: note },
  });
}

export async function fulfilOrder(db: Db, actor: Principal, id: string): Promise<OrderView> {
  authorize(actor, 'orders', 'update');
  return withTenant(db, actor.workspaceId, async (trx) => {
    const order = await lockForChange(trx, actor, id, 'fulfil');
    await setStatus(trx, actor, id, order.status, 'fulfilled');
    return loadOrder(trx, actor.workspaceId, id);
  });
}

export async function cancelOrder(
  db: Db,
  actor: Principal,
  id: string,
  input: { reason?: string },
): Promise<OrderView> {
  authorize(actor, 'orders', 'update');
  return withTenant(db, actor.workspaceId, async (trx) => {
    const order = await lockForChange(trx, actor, id, 'cancel');
    await setStatus(trx, actor, id, order.status, 'cancelled', input.reason);
    return loadOrder(trx, actor.workspaceId, id);
  });
}

/**
 * Records goods coming back with the amount refunded, and marks the order returned. An order may
 * have several returns; their refunds together stay within its total. A retry with the same
 * idempotency key returns the order unchanged. The return appears on the customer's timeline.
 */
export async function returnOrder(
  db: Db,
  actor: Principal,
  id: string,
  input: ReturnInput,
): Promise<{ created: boolean; order: OrderView }> {
  authorize(actor, 'orders', 'update');
  if (!hasCents(input.amount)) throw invalid('amount', 'amount has more than two decimals');
  const returnedAt = input.returnedAt === undefined ? new Date() : new Date(input.returnedAt);
  return withTenant(db, actor.workspaceId, async (trx) => {
    const ws = actor.workspaceId;
    // Locking the order first serialises concurrent returns of it, retries included.
    const order = await findOrderRow(trx, ws, id, true);
    if (input.idempotencyKey !== undefined) {
      const earlier = await sales(trx)
        .selectFrom('order_returns')
        .select('order_id')
        .where('workspace_id', '=', ws)
        .where('idempotency_key', '=', input.idempotencyKey)
        .executeTakeFirst();
      if (earlier && earlier.order_id !== id) {
        throw conflict('This idempotency key was used for a return of another order', 'idempotencyKey');
      }
      if (earlier) return { created: false, order: await loadOrder(trx, ws, id) };
    }
    checkTransition(order.status, 'return');
    const { rows } = await sql<{ refunded: number }>`
      select coalesce(sum(amount), 0) as refunded from order_returns
      where workspace_id = ${ws} and order_id = ${id}`.execute(trx);
    const refunded = toCents(rows[0]?.refunded ?? 0);
    const amount = toCents(input.amount);
    if (refunded + amount > toCents(order.total)) {
      throw invalid(
        'amount',
        `refunds would exceed the order total ${order.total.toFixed(2)} (${fromCents(refunded).toFixed(2)} refunded already)`,
      );
    }
    const row = await sales(trx)
      .insertInto('order_returns')
      .values({
        workspace_id: ws,
        order_id: id,
        returned_at: returnedAt,
        amount: fromCents(amount),
        reason: input.reason ?? null,
        idempotency_key: input.idempotencyKey ?? null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordAudit(trx, actor, {
      action: 'create',
      objectType: 'order_returns',
      objectId: row.id,
      after: {
        order_id: id,
        returned_at: returnedAt,
        amount: fromCents(amount),
        reason: input.reason ?? null,
      },
    });
    if (order.status !== 'returned') await setStatus(trx, actor, id, order.status, 'returned');
    await insertInteractions(trx, [
      [
        ws,
        order.person_id,
        order.channel,
        'inbound',
        'return',
        returnedAt.toISOString(),
        `Return: ${fromCents(amount).toFixed(2)} ${order.currency} refunded`,
        JSON.stringify({ orderId: id, returnId: row.id, amount: fromCents(amount) }),
        JSON.stringify({ orderId: id, returnId: row.id }),
      ],
    ]);
    return { created: true, order: await loadOrder(trx, ws, id) };
  });
}
