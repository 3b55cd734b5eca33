import type { Db } from '../db/index';
import { withTenant } from '../db/index';
import { AppError, bulkResult, invalid } from '../platform/index';
import { authorize, type Principal } from '../platform/index';
import { ingestOrdersInTransaction } from './order-ingest';
import { listOrdersOfPerson, loadOrder, type OrderPage, type OrderView } from './order-queries';
import { type BulkResult, MAX_BULK_ITEMS } from './schema';

/**
 * Records one order. With an idempotency key already used, nothing is written and the existing
 * order is returned with `created: false`. Bad input throws a 4xx error naming the field.
 */
export async function createOrder(
  db: Db,
  actor: Principal,
  input: unknown,
): Promise<{ created: boolean; order: OrderView }> {
  authorize(actor, 'orders', 'create');
  return withTenant(db, actor.workspaceId, async (trx) => {
    const [result] = await ingestOrdersInTransaction(trx, actor, [input], { requireKeys: false });
    if (!result) throw new AppError('internal', 'order ingest returned no result');
    if (result.status === 'rejected') {
      const message =
        result.code === 'validation_failed' ? `${result.field}: ${result.reason}` : result.reason;
      throw new AppError(result.code, message, result.field);
    }
    return {
      created: result.status === 'created',
      order: await loadOrder(trx, actor.workspaceId, result.id),
    };
  });
}

/**
 * Records up to 10,000 orders in one transaction; answers after commit. Every item needs an
 * idempotency key: a retried item is a duplicate, never a second order. Bad items are rejected one
 * by one with the field and reason; the good ones are kept.
 */
export async function ingestOrders(db: Db, actor: Principal, items: readonly unknown[]): Promise<BulkResult> {
  authorize(actor, 'orders', 'create');
  if (items.length === 0) throw invalid('items', 'must have at least 1 item');
  if (items.length > MAX_BULK_ITEMS) throw invalid('items', `must have at most ${MAX_BULK_ITEMS} items`);
  const results = await withTenant(db, actor.workspaceId, (trx) =>
    ingestOrdersInTransaction(trx, actor, items, { requireKeys: true }),
  );
  return bulkResult(results);
}

export async function getOrder(db: Db, actor: Principal, id: string): Promise<OrderView> {
  authorize(actor, 'orders', 'read');
  return withTenant(db, actor.workspaceId, (trx) => loadOrder(trx, actor.workspaceId, id));
}

export async function listPersonOrders(
  db: Db,
  actor: Principal,
  personId: string,
  page: { limit?: number; cursor?: string },
): Promise<OrderPage> {
  authorize(actor, 'orders', 'read');
  return withTenant(db, actor.workspaceId, (trx) =>
    listOrdersOfPerson(trx, actor.workspaceId, personId, page.limit ?? 50, page.cursor),
  );
}
