import { randomUUID } from 'node:crypto';
import { workspaceRegion } from '../platform/index';
import type { Tx } from '../db/index';
import type { Principal } from '../platform/index';
import { auditCreatedOrders } from './audit';
import { ItemRejection, reject } from './check';
import { type Cents, fromCents, MAX_CENTS } from './money';
import { type PreparedOrder, prepareOrder } from './order-input';
import {
  findOrderIdsByKey,
  findPeopleIds,
  findProducts,
  insertOrderLines,
  insertOrders,
  insertPurchaseInteractions,
  type ProductRef,
} from './order-repository';
import { resolveCustomers } from './order-customers';
import type { PendingOrder, PricedLine } from './pending-order';
import type { ItemResult } from './schema';

export interface IngestOptions {
  /** Bulk calls and imports: every item must carry an idempotency key. */
  requireKeys: boolean;
  /** Counts what the call created besides orders. */
  stats?: { peopleCreated: number };
  /**
   * 'each' (default): one audit entry per created order and person. 'none': the caller records
   * the batch in the audit log itself (a file import writes one entry per chunk).
   */
  audit?: 'each' | 'none';
}

/**
 * Writes a batch of orders in the caller's tenant transaction, item by item in outcome but in
 * bulk statements: each item is created, a duplicate of an earlier call (same idempotency key),
 * or rejected with the field and reason. For each created order: its lines, a 'purchase'
 * interaction on the customer's timeline, and an audit entry. Customers given by identifiers are
 * found by exact identity match or created.
 */
export async function ingestOrdersInTransaction(
  trx: Tx,
  actor: Principal,
  items: readonly unknown[],
  options: IngestOptions,
): Promise<ItemResult[]> {
  const ws = actor.workspaceId;
  const results: ItemResult[] = new Array(items.length);
  const rejectItem = (index: number, why: ItemRejection) => {
    results[index] = { index, status: 'rejected', field: why.field, reason: why.reason, code: why.code };
  };

  const region = await workspaceRegion(trx, ws);
  let pending = prepareAll(items, region, options, rejectItem);

  const existing = await findOrderIdsByKey(trx, ws, keysOf(pending));
  pending = pending.filter((p) => {
    const id = p.order.key === null ? undefined : existing.get(p.order.key);
    if (id) results[p.index] = { index: p.index, status: 'duplicate', id };
    return !id;
  });

  pending = await priceLines(trx, ws, pending, rejectItem);
  pending = await checkPersonIds(trx, ws, pending, rejectItem);
  pending = await resolveCustomers(trx, actor, pending, rejectItem, options);

  const inserted = await insertOrders(
    trx,
    pending.map((p) => [
      ws,
      p.id,
      p.personId,
      p.order.orderedAt.toISOString(),
      p.order.channel,
      p.order.status,
      p.order.currency,
      fromCents(p.total ?? 0),
      p.costTotal == null ? null : fromCents(p.costTotal),
      p.order.externalRef,
      p.order.store,
      p.order.key,
    ]),
  );
  // A key taken since the look-up above (a concurrent retry) is a duplicate too.
  const raced = pending.filter((p) => !inserted.has(p.id));
  if (raced.length > 0) {
    const ids = await findOrderIdsByKey(trx, ws, keysOf(raced));
    for (const p of raced) {
      results[p.index] = { index: p.index, status: 'duplicate', id: ids.get(p.order.key ?? '') ?? '' };
    }
  }
  const created = pending.filter((p) => inserted.has(p.id));
  await writeDetails(trx, actor, created, options.audit ?? 'each');
  for (const p of created) results[p.index] = { index: p.index, status: 'created', id: p.id };
  return results;
}

function prepareAll(
  items: readonly unknown[],
  region: string,
  options: IngestOptions,
  rejectItem: (index: number, why: ItemRejection) => void,
): PendingOrder[] {
  const pending: PendingOrder[] = [];
  const firstWithKey = new Map<string, number>();
  for (const [index, raw] of items.entries()) {
    const order = prepareOrder(raw, region);
    const why =
      order instanceof ItemRejection
        ? order
        : order.key === null
          ? options.requireKeys
            ? reject('idempotencyKey', 'is required: a retry must not make a second order')
            : undefined
          : firstWithKey.has(order.key)
            ? reject('idempotencyKey', `repeats the key of item ${firstWithKey.get(order.key)} in this call`)
            : undefined;
    if (why) {
      rejectItem(index, why);
      continue;
    }
    const prepared = order as PreparedOrder;
    if (prepared.key !== null) firstWithKey.set(prepared.key, index);
    pending.push({ index, id: randomUUID(), order: prepared });
  }
  return pending;
}

const keysOf = (pending: readonly PendingOrder[]) =>
  pending.flatMap((p) => (p.order.key === null ? [] : [p.order.key]));

/** Finds each line's product; fills unit price and cost from it; computes the order totals. */
async function priceLines(
  trx: Tx,
  ws: string,
  pending: PendingOrder[],
  rejectItem: (index: number, why: ItemRejection) => void,
): Promise<PendingOrder[]> {
  const ids = new Set<string>();
  const skus = new Set<string>();
  for (const p of pending) {
    for (const line of p.order.lines) {
      if (line.productId) ids.add(line.productId);
      if (line.sku) skus.add(line.sku);
    }
  }
  const products = await findProducts(trx, ws, [...ids], [...skus]);
  const byId = new Map<string, ProductRef>(products.map((r) => [r.id, r]));
  const bySku = new Map<string, ProductRef>(products.map((r) => [r.sku, r]));
  return pending.filter((p) => {
    const priced = priceOrder(p.order, byId, bySku);
    if (priced instanceof ItemRejection) {
      rejectItem(p.index, priced);
      return false;
    }
    Object.assign(p, priced);
    return true;
  });
}

function priceOrder(
  order: PreparedOrder,
  byId: Map<string, ProductRef>,
  bySku: Map<string, ProductRef>,
): Pick<PendingOrder, 'lines' | 'total' | 'costTotal'> | ItemRejection {
  const lines: PricedLine[] = [];
  let total = 0;
  let costTotal: number | null = 0;
  for (const [i, line] of order.lines.entries()) {
    const product = line.productId ? byId.get(line.productId) : bySku.get(line.sku ?? '');
    if (!product) {
      return line.productId
        ? reject(`lines.${i}.productId`, 'no such product in this workspace', 'not_found')
        : reject(`lines.${i}.sku`, `no product with SKU "${line.sku}"`, 'not_found');
    }
    const unitPrice = line.unitPrice ?? (Math.round(product.list_price * 100) as Cents);
    const unitCost =
      line.unitCost ?? (product.unit_cost === null ? null : (Math.round(product.unit_cost * 100) as Cents));
    const gross = unitPrice * line.quantity;
    if (line.discount > gross) return reject(`lines.${i}.discount`, 'is more than the line total');
    total += gross - line.discount;
    costTotal = costTotal === null || unitCost === null ? null : costTotal + unitCost * line.quantity;
    lines.push({
      productId: product.id,
      quantity: line.quantity,
      unitPrice,
      discount: line.discount,
      unitCost,
    });
  }
  if (total > MAX_CENTS || (costTotal ?? 0) > MAX_CENTS)
    return reject('lines', 'the order total is too large');
  return { lines, total: total as Cents, costTotal: costTotal as Cents | null };
}

async function checkPersonIds(
  trx: Tx,
  ws: string,
  pending: PendingOrder[],
  rejectItem: (index: number, why: ItemRejection) => void,
): Promise<PendingOrder[]> {
  const wanted = [...new Set(pending.flatMap((p) => (p.order.personId ? [p.order.personId] : [])))];
  const found = await findPeopleIds(trx, ws, wanted);
  return pending.filter((p) => {
    if (!p.order.personId) return true;
    if (!found.has(p.order.personId)) {
      rejectItem(p.index, reject('personId', 'Person not found', 'not_found'));
      return false;
    }
    p.personId = p.order.personId;
    return true;
  });
}

/**
 * Lines, timeline entries and audit entries of the orders just inserted. The timeline entries and
 * audit entries are built in SQL from the order rows: passing thousands of JSON documents as
 * parameters costs more than the inserts themselves.
 */
async function writeDetails(
  trx: Tx,
  actor: Principal,
  created: readonly PendingOrder[],
  audit: 'each' | 'none',
): Promise<void> {
  const ws = actor.workspaceId;
  const lineRows: unknown[][] = [];
  const subjects: string[] = [];
  for (const p of created) {
    let items = 0;
    (p.lines ?? []).forEach((l, i) => {
      items += l.quantity;
      lineRows.push([
        ws,
        p.id,
        i + 1,
        l.productId,
        l.quantity,
        fromCents(l.unitPrice),
        fromCents(l.discount),
        l.unitCost === null ? null : fromCents(l.unitCost),
      ]);
    });
    const total = fromCents(p.total ?? 0).toFixed(2);
    subjects.push(`Purchase: ${items} item${items === 1 ? '' : 's'}, ${total} ${p.order.currency}`);
  }
  await insertOrderLines(trx, lineRows);
  const ids = created.map((p) => p.id);
  await insertPurchaseInteractions(trx, ws, ids, subjects);
  if (audit === 'each')
    await auditCreatedOrders(
      trx,
      actor,
      ids,
      created.map((p) => p.lines?.length ?? 0),
    );
}
