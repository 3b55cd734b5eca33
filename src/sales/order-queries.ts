import { sql } from 'kysely';
import type { Tx } from '../db/index';
import { invalid, notFound, parseTime } from '../platform/index';
import { type OrderStatus, sales } from './tables';

export interface OrderLineView {
  lineNo: number;
  productId: string;
  sku: string;
  name: string;
  quantity: number;
  unitPrice: number;
  discount: number;
  unitCost: number | null;
  lineTotal: number;
}

export interface OrderSummary {
  id: string;
  personId: string;
  orderedAt: string;
  channel: string;
  status: OrderStatus;
  currency: string;
  total: number;
  costTotal: number | null;
  store: string | null;
  externalRef: string | null;
  idempotencyKey: string | null;
  createdAt: string;
}

export interface OrderView extends OrderSummary {
  lines: OrderLineView[];
  /** Sum of refunds and of payments so far. */
  refunded: number;
  paid: number;
  returns: { id: string; returnedAt: string; amount: number; reason: string | null }[];
  payments: { id: string; paidAt: string; amount: number; method: string; reference: string | null }[];
}

const iso = (d: Date | string) => new Date(d).toISOString();

type OrderRow = {
  id: string;
  person_id: string;
  ordered_at: Date;
  channel: string;
  status: OrderStatus;
  currency: string;
  total: number;
  cost_total: number | null;
  store: string | null;
  external_ref: string | null;
  idempotency_key: string | null;
  created_at: Date;
};

export function toSummary(r: OrderRow): OrderSummary {
  return {
    id: r.id,
    personId: r.person_id,
    orderedAt: iso(r.ordered_at),
    channel: r.channel,
    status: r.status,
    currency: r.currency,
    total: r.total,
    costTotal: r.cost_total,
    store: r.store,
    externalRef: r.external_ref,
    idempotencyKey: r.idempotency_key,
    createdAt: iso(r.created_at),
  };
}

const ORDER_FIELDS = [
  'id',
  'person_id',
  'ordered_at',
  'channel',
  'status',
  'currency',
  'total',
  'cost_total',
  'store',
  'external_ref',
  'idempotency_key',
  'created_at',
] as const;

/** One order, optionally locked for an update in this transaction; 404 when it is not in the workspace. */
export async function findOrderRow(trx: Tx, ws: string, id: string, forUpdate = false): Promise<OrderRow> {
  let q = sales(trx)
    .selectFrom('orders')
    .select(ORDER_FIELDS)
    .where('workspace_id', '=', ws)
    .where('id', '=', id);
  if (forUpdate) q = q.forUpdate();
  return q.executeTakeFirstOrThrow(() => notFound('Order'));
}

/** The whole order: lines with their products, returns and payments. */
export async function loadOrder(trx: Tx, ws: string, id: string): Promise<OrderView> {
  const order = await findOrderRow(trx, ws, id);
  const lines = await sales(trx)
    .selectFrom('order_lines as l')
    .innerJoin('products as p', (j) =>
      j.onRef('p.workspace_id', '=', 'l.workspace_id').onRef('p.id', '=', 'l.product_id'),
    )
    .select([
      'l.line_no',
      'l.product_id',
      'p.sku',
      'p.name',
      'l.quantity',
      'l.unit_price',
      'l.discount',
      'l.unit_cost',
    ])
    .where('l.workspace_id', '=', ws)
    .where('l.order_id', '=', id)
    .orderBy('l.line_no')
    .execute();
  const returns = await sales(trx)
    .selectFrom('order_returns')
    .select(['id', 'returned_at', 'amount', 'reason'])
    .where('workspace_id', '=', ws)
    .where('order_id', '=', id)
    .orderBy('returned_at')
    .execute();
  const payments = await sales(trx)
    .selectFrom('payments')
    .select(['id', 'paid_at', 'amount', 'method', 'reference'])
    .where('workspace_id', '=', ws)
    .where('order_id', '=', id)
    .orderBy('paid_at')
    .execute();
  const sum = (xs: { amount: number }[]) => Math.round(xs.reduce((s, x) => s + x.amount * 100, 0)) / 100;
  return {
    ...toSummary(order),
    lines: lines.map((l) => ({
      lineNo: l.line_no,
      productId: l.product_id,
      sku: l.sku,
      name: l.name,
      quantity: l.quantity,
      unitPrice: l.unit_price,
      discount: l.discount,
      unitCost: l.unit_cost,
      lineTotal: Math.round(l.quantity * l.unit_price * 100 - l.discount * 100) / 100,
    })),
    refunded: sum(returns),
    paid: sum(payments),
    returns: returns.map((r) => ({
      id: r.id,
      returnedAt: iso(r.returned_at),
      amount: r.amount,
      reason: r.reason,
    })),
    payments: payments.map((p) => ({
      id: p.id,
      paidAt: iso(p.paid_at),
      amount: p.amount,
      method: p.method,
      reference: p.reference,
    })),
  };
}

export interface OrderPage {
  items: (OrderSummary & { lineCount: number })[];
  nextCursor: string | undefined;
}

/**
 * A person's orders, newest first, by keyset on (ordered_at, id). The cursor is opaque to callers;
 * it carries the time as PostgreSQL prints it, so microseconds survive the round trip.
 */
export async function listOrdersOfPerson(
  trx: Tx,
  ws: string,
  personId: string,
  limit: number,
  cursor: string | undefined,
): Promise<OrderPage> {
  const after = cursor === undefined ? undefined : decodeCursor(cursor);
  const person = await sales(trx)
    .selectFrom('people')
    .select('id')
    .where('workspace_id', '=', ws)
    .where('id', '=', personId)
    .executeTakeFirst();
  if (!person) throw notFound('Person');
  const { rows } = await sql<OrderRow & { line_count: number; at_text: string }>`
    select o.ordered_at::text as at_text, o.id, o.person_id, o.ordered_at, o.channel, o.status, o.currency, o.total, o.cost_total,
      o.store, o.external_ref, o.idempotency_key, o.created_at,
      (select count(*)::int from order_lines l where l.workspace_id = o.workspace_id and l.order_id = o.id) as line_count
    from orders o
    where o.workspace_id = ${ws} and o.person_id = ${personId}
      ${after ? sql`and (o.ordered_at, o.id) < (${after.at}::timestamptz, ${after.id}::uuid)` : sql``}
    order by o.ordered_at desc, o.id desc
    limit ${limit + 1}`.execute(trx);
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    items: page.map((r) => ({ ...toSummary(r), lineCount: r.line_count })),
    nextCursor: rows.length > limit && last ? encodeCursor(last.at_text, last.id) : undefined,
  };
}

function encodeCursor(at: string, id: string): string {
  return Buffer.from(`${at}|${id}`).toString('base64url');
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function decodeCursor(cursor: string): { at: string; id: string } {
  const [at, id] = Buffer.from(cursor, 'base64url').toString().split('|');
  if (!at || !id || !UUID.test(id) || !parseTime(at)) {
    throw invalid('cursor', 'is not a cursor from a previous page');
  }
  return { at, id };
}
