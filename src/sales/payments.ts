import { sql } from 'kysely';
import type { Db } from '../db/index';
import { withTenant } from '../db/index';
import { recordAudit } from '../platform/index';
import { AppError, conflict, invalid } from '../platform/index';
import { authorize, type Principal } from '../platform/index';
import { fromCents, hasCents, toCents } from './money';
import type { PaymentInput } from './schema';
import { sales } from './tables';

export interface Payment {
  id: string;
  orderId: string;
  paidAt: string;
  amount: number;
  method: string;
  reference: string | null;
}

/**
 * Records money received for an order (the accounting section). Payments of an order together stay
 * within its total; a cancelled order takes none. A retried idempotency key returns the first payment.
 */
export async function recordPayment(
  db: Db,
  actor: Principal,
  input: PaymentInput,
): Promise<{ created: boolean; payment: Payment }> {
  authorize(actor, 'payments', 'create');
  if (!hasCents(input.amount)) throw invalid('amount', 'amount has more than two decimals');
  const paidAt = input.paidAt === undefined ? new Date() : new Date(input.paidAt);
  return withTenant(db, actor.workspaceId, async (trx) => {
    const ws = actor.workspaceId;
    const order = await sales(trx)
      .selectFrom('orders')
      .select(['id', 'status', 'total'])
      .where('workspace_id', '=', ws)
      .where('id', '=', input.orderId)
      .forUpdate()
      .executeTakeFirst();
    if (!order) throw new AppError('not_found', 'Order not found', 'orderId');
    if (input.idempotencyKey !== undefined) {
      const earlier = await sales(trx)
        .selectFrom('payments')
        .selectAll()
        .where('workspace_id', '=', ws)
        .where('idempotency_key', '=', input.idempotencyKey)
        .executeTakeFirst();
      if (earlier) return { created: false, payment: toPayment(earlier) };
    }
    if (order.status === 'cancelled') throw conflict('Order is cancelled: it takes no payment', 'orderId');
    const { rows } = await sql<{ paid: number }>`
      select coalesce(sum(amount), 0) as paid from payments
      where workspace_id = ${ws} and order_id = ${input.orderId}`.execute(trx);
    const paid = toCents(rows[0]?.paid ?? 0);
    if (paid + toCents(input.amount) > toCents(order.total)) {
      throw invalid(
        'amount',
        `payments would exceed the order total ${order.total.toFixed(2)} (${fromCents(paid).toFixed(2)} paid already)`,
      );
    }
    const row = await sales(trx)
      .insertInto('payments')
      .values({
        workspace_id: ws,
        order_id: input.orderId,
        paid_at: paidAt,
        amount: input.amount,
        method: input.method,
        reference: input.reference ?? null,
        idempotency_key: input.idempotencyKey ?? null,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAudit(trx, actor, {
      action: 'create',
      objectType: 'payments',
      objectId: row.id,
      after: {
        order_id: row.order_id,
        paid_at: row.paid_at,
        amount: row.amount,
        method: row.method,
        reference: row.reference,
        idempotency_key: row.idempotency_key,
      },
    });
    return { created: true, payment: toPayment(row) };
  });
}

function toPayment(r: {
  id: string;
  order_id: string;
  paid_at: Date;
  amount: number;
  method: string;
  reference: string | null;
}): Payment {
  return {
    id: r.id,
    orderId: r.order_id,
    paidAt: new Date(r.paid_at).toISOString(),
    amount: r.amount,
    method: r.method,
    reference: r.reference,
  };
}
