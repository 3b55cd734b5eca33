import { createHash } from 'node:crypto';
import { type Cents, fromCents } from '../money';
import type { OrderInput, OrderLineInput } from '../schema';
import type { Channel } from '../tables';
import type { BadRow, ImportRow } from './rows';

/** The product of lines whose file names none. */
export const GENERIC_SKU = 'UNSPECIFIED';

export interface BuildOptions {
  /** Prefix of customer external ids and idempotency keys, e.g. 'cdnow'. */
  source: string;
  channel: Channel;
  status: 'placed' | 'fulfilled';
  currency: string;
}

export interface BuiltOrder {
  /** The file lines it came from. */
  lines: number[];
  input: OrderInput & { idempotencyKey: string };
  totalCents: number;
}

export interface BuiltReturn {
  line: number;
  key: string;
  orderKey: string;
  returnedAt: Date;
  amount: Cents;
}

export interface CatalogueEntry {
  name: string;
  listPrice: number;
}

/**
 * Turns checked rows into orders: one per line, or one per order number when the file has an
 * order column. Idempotency keys come from the file's content (source, customer, date as written
 * and the n-th such line; or source and order number), so a re-run finds what it loaded. A line
 * without a unit price becomes one line at amount / quantity, or, when that is not a whole number
 * of cents, two lines (quantity - 1 at the lower price and one at the rest) that add up exactly.
 * Return lines refund the customer's latest earlier order in the same file with their SKU.
 */
export function buildOrders(
  rows: readonly ImportRow[],
  options: BuildOptions,
): { orders: BuiltOrder[]; returns: BuiltReturn[]; bad: BadRow[]; catalogue: Map<string, CatalogueEntry> } {
  const bad: BadRow[] = [];
  const orders: BuiltOrder[] = [];
  const byRef = new Map<string, BuiltOrder & { customer: string }>();
  const seen = new Map<string, number>();
  const catalogue = new Map<string, CatalogueEntry>();
  const occurrence = (key: string) => {
    const n = (seen.get(key) ?? 0) + 1;
    seen.set(key, n);
    return n;
  };
  for (const row of rows) {
    if (row.isReturn) continue;
    const sku = row.sku ?? GENERIC_SKU;
    if (!catalogue.has(sku)) {
      const unit = row.unitPrice ?? Math.round(row.amount / row.quantity);
      catalogue.set(sku, {
        name: row.product ?? (row.sku ? sku : 'Unspecified product'),
        listPrice: row.sku ? fromCents(unit) : 0,
      });
    }
    const lines = linesOf(row, sku);
    if (row.order !== undefined) {
      const existing = byRef.get(row.order);
      if (existing) {
        if (existing.customer !== row.customer) {
          bad.push({
            line: row.line,
            field: 'order',
            reason: `order ${row.order} has lines of two customers`,
          });
          continue;
        }
        existing.input.lines.push(...lines);
        existing.lines.push(row.line);
        existing.totalCents += row.amount;
        continue;
      }
    }
    const key =
      row.order === undefined
        ? keyOf(
            options.source,
            row.customer,
            row.dateText,
            String(occurrence(`${row.customer}\u0000${row.dateText}`)),
          )
        : keyOf(options.source, 'order', row.order);
    const order: BuiltOrder & { customer: string } = {
      lines: [row.line],
      customer: row.customer,
      totalCents: row.amount,
      input: {
        idempotencyKey: key,
        customer: {
          externalId: `${options.source}:${row.customer}`,
          ...(row.name ? { name: row.name } : {}),
        },
        orderedAt: row.date.toISOString(),
        channel: row.channel ?? options.channel,
        status: options.status,
        currency: options.currency,
        ...(row.order === undefined ? {} : { externalRef: row.order }),
        lines,
      },
    };
    if (row.order !== undefined) byRef.set(row.order, order);
    orders.push(order);
  }
  for (const order of orders) {
    if (order.input.lines.length > 1000) {
      bad.push({ line: order.lines[0] ?? 0, field: 'order', reason: 'an order has more than 1,000 lines' });
    }
  }
  const returns = matchReturns(rows, orders, options.source, occurrence, bad);
  return { orders, returns, bad, catalogue };
}

function linesOf(row: ImportRow, sku: string): OrderLineInput[] {
  if (row.unitPrice !== undefined)
    return [{ sku, quantity: row.quantity, unitPrice: fromCents(row.unitPrice) }];
  const low = Math.floor(row.amount / row.quantity);
  if (low * row.quantity === row.amount) return [{ sku, quantity: row.quantity, unitPrice: fromCents(low) }];
  return [
    { sku, quantity: row.quantity - 1, unitPrice: fromCents(low) },
    { sku, quantity: 1, unitPrice: fromCents(row.amount - low * (row.quantity - 1)) },
  ];
}

/**
 * Each return refunds the customer's latest order on or before it that holds its SKU (else their
 * latest order), within that order's total.
 */
function matchReturns(
  rows: readonly ImportRow[],
  orders: readonly BuiltOrder[],
  source: string,
  occurrence: (key: string) => number,
  bad: BadRow[],
): BuiltReturn[] {
  if (!rows.some((r) => r.isReturn)) return [];
  const byCustomer = new Map<string, BuiltOrder[]>();
  for (const o of orders) {
    const customer = o.input.customer?.externalId ?? '';
    const list = byCustomer.get(customer);
    if (list) list.push(o);
    else byCustomer.set(customer, [o]);
  }
  const refunded = new Map<BuiltOrder, number>();
  const returns: BuiltReturn[] = [];
  for (const row of rows) {
    if (!row.isReturn) continue;
    const candidates = (byCustomer.get(`${source}:${row.customer}`) ?? []).filter(
      (o) => Date.parse(o.input.orderedAt) <= row.date.getTime(),
    );
    candidates.sort((x, y) => Date.parse(y.input.orderedAt) - Date.parse(x.input.orderedAt));
    const order = candidates.find((o) => o.input.lines.some((l) => l.sku === row.sku)) ?? candidates[0];
    if (!order) {
      bad.push({
        line: row.line,
        field: 'return',
        reason: 'a return without an earlier order of this customer in the file',
      });
      continue;
    }
    const amount = -row.amount;
    const sofar = refunded.get(order) ?? 0;
    if (sofar + amount > order.totalCents) {
      bad.push({
        line: row.line,
        field: 'amount',
        reason: `refunds exceed the order they return (line ${order.lines[0]})`,
      });
      continue;
    }
    refunded.set(order, sofar + amount);
    const n = occurrence(`return\u0000${row.customer}\u0000${row.dateText}`);
    returns.push({
      line: row.line,
      key: keyOf(source, 'return', row.customer, row.dateText, String(n)),
      orderKey: order.input.idempotencyKey,
      returnedAt: row.date,
      amount: amount as Cents,
    });
  }
  return returns;
}

/** An idempotency key from the parts; a long one is hashed to stay within 200 characters. */
function keyOf(...parts: string[]): string {
  const key = parts.join(':');
  if (key.length <= 200) return key;
  return `${parts[0]}:sha256:${createHash('sha256').update(key).digest('hex')}`;
}
