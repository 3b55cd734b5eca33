import { invalid, isAllowed, authorize, type Principal } from '../platform/index';
import {
  type CatalogueEntry,
  CHANNELS,
  type CustomerReturn,
  ensureProducts,
  ingestOrdersInTransaction,
  type OrderInput,
  returnOrdersInTransaction,
} from '../sales/index';
import type { Tx } from '../db/index';
import type { ChunkContext, ChunkResult, ImportKind, LoadRejection, ReadSettings } from './kind';
import { GENERIC_SKU, linesOf, ORDER_KEYS, type OrderRow, ordersReader } from './orders-rows';

const SOURCE = /^[a-z0-9][a-z0-9_-]{0,49}$/;
export const NEW_PRODUCTS = ['create', 'reject'] as const;
export const ORDER_STATUSES = ['placed', 'fulfilled'] as const;

/**
 * Order files: the lines of a chunk become orders (one per line, or one per order number) written
 * through the sales slice's bulk ingest, in the chunk's transaction, as `POST /api/orders/bulk` writes
 * them: customers found by exact identity or created, a 'purchase' on each customer's timeline. An
 * order whose key is stored already is `unchanged` (a re-run, a resumed run). SKUs the catalogue
 * lacks are created first (name from the product column, list price from the line), unless
 * `newProducts` is `reject` (or the importer may not create products): then their lines are refused,
 * naming the SKU. Return lines refund the customer's latest earlier order. The chunk's audit entry
 * counts what it did; the orders themselves are not audited one by one.
 */
export const ordersImport: ImportKind<OrderRow> = {
  name: 'orders',
  keys: ORDER_KEYS,
  countNames: ['created', 'unchanged', 'rejected', 'returns', 'customersCreated', 'productsCreated'],
  auditObject: 'order_imports',
  authorize(actor) {
    authorize(actor, 'orders', 'create');
  },
  checkSettings: checkOrderSettings,
  reader: ordersReader,
  load: loadOrders,
};

function checkOrderSettings(s: ReadSettings): void {
  if (s.source === undefined)
    throw invalid('source', 'name where the customer ids and order numbers come from, e.g. shop');
  if (!SOURCE.test(s.source)) throw invalid('source', '1-50 lower-case letters, digits, - or _, e.g. shop');
  if (s.channel !== undefined && !(CHANNELS as readonly string[]).includes(s.channel))
    throw invalid('channel', `one of ${CHANNELS.join(', ')}`);
  if (s.currency !== undefined && !/^[A-Z]{3}$/.test(s.currency))
    throw invalid('currency', 'a three-letter code such as USD');
  if (s.status !== undefined && !(ORDER_STATUSES as readonly string[]).includes(s.status))
    throw invalid('status', `one of ${ORDER_STATUSES.join(', ')}`);
  if (s.newProducts !== undefined && !(NEW_PRODUCTS as readonly string[]).includes(s.newProducts))
    throw invalid('newProducts', `one of ${NEW_PRODUCTS.join(', ')}`);
}

interface BuiltOrder {
  input: OrderInput & { idempotencyKey: string };
  /** Indexes of its rows in the chunk. */
  rows: number[];
}

async function loadOrders(
  trx: Tx,
  actor: Principal,
  rows: readonly OrderRow[],
  ctx: ChunkContext,
): Promise<ChunkResult> {
  const counts = {
    created: 0,
    unchanged: 0,
    rejected: 0,
    returns: 0,
    customersCreated: 0,
    productsCreated: 0,
  };
  const rejected: LoadRejection[] = [];
  const refuse = (index: number, field: string, reason: string) => {
    rejected.push({ index, field: columnOf(field, ctx.columns), reason });
    counts.rejected++;
  };
  if ((ctx.settings.newProducts ?? 'create') === 'create' && isAllowed(actor, 'products', 'create'))
    counts.productsCreated = await ensureProducts(trx, actor, catalogueOf(rows));

  const { orders, returns } = build(rows, ctx.settings);
  const stats = { peopleCreated: 0 };
  const results = await ingestOrdersInTransaction(
    trx,
    actor,
    orders.map((o) => o.input),
    { requireKeys: true, stats, audit: 'none' },
  );
  results.forEach((r, i) => {
    const order = orders[i] as BuiltOrder;
    if (r.status === 'created') counts.created++;
    else if (r.status === 'duplicate') counts.unchanged++;
    else for (const index of order.rows) refuse(index, r.field, r.reason);
  });
  counts.customersCreated = stats.peopleCreated;

  if (returns.length > 0) {
    const done = await returnOrdersInTransaction(
      trx,
      actor,
      returns.map((r) => r.item),
    );
    done.forEach((r, i) => {
      const index = (returns[i] as { index: number }).index;
      if (r.status === 'created') counts.returns++;
      else if (r.status === 'duplicate') counts.unchanged++;
      else refuse(index, r.field, r.reason);
    });
  }
  rejected.sort((a, b) => a.index - b.index);
  return { counts, rejected };
}

/** Consecutive lines with one order number are one order; other lines an order each; returns apart. */
function build(
  rows: readonly OrderRow[],
  settings: ReadSettings,
): { orders: BuiltOrder[]; returns: { index: number; item: CustomerReturn }[] } {
  const orders: BuiltOrder[] = [];
  const returns: { index: number; item: CustomerReturn }[] = [];
  let current: { order: string; built: BuiltOrder } | undefined;
  rows.forEach((row, index) => {
    if (row.isReturn) {
      returns.push({
        index,
        item: {
          idempotencyKey: row.key,
          customer: row.customer,
          returnedAt: row.date.toISOString(),
          ...(row.sku !== GENERIC_SKU && { sku: row.sku }),
          amount: Math.abs(row.amount) / 100,
          reason: 'imported',
        },
      });
      return;
    }
    const lines = linesOf(row).map((l) => ({
      sku: row.sku,
      quantity: l.quantity,
      unitPrice: l.unitPrice / 100,
    }));
    if (row.order !== undefined && current?.order === row.order) {
      current.built.input.lines.push(...lines);
      current.built.rows.push(index);
      return;
    }
    const built: BuiltOrder = {
      rows: [index],
      input: {
        idempotencyKey: row.key,
        customer: row.customer,
        orderedAt: row.date.toISOString(),
        channel: (row.channel ?? settings.channel ?? 'other') as OrderInput['channel'],
        status: (settings.status ?? 'fulfilled') as 'placed' | 'fulfilled',
        currency: settings.currency ?? 'USD',
        ...(row.order !== undefined && { externalRef: row.order }),
        lines,
      },
    };
    orders.push(built);
    current = row.order === undefined ? undefined : { order: row.order, built };
  });
  return { orders, returns };
}

/** The SKUs of the chunk's sales with what a new product gets: the line's name and unit price. */
function catalogueOf(rows: readonly OrderRow[]): CatalogueEntry[] {
  const catalogue = new Map<string, CatalogueEntry>();
  for (const row of rows) {
    if (row.isReturn || catalogue.has(row.sku)) continue;
    const generic = row.sku === GENERIC_SKU;
    const unit = row.unitPrice ?? Math.round(Math.abs(row.amount) / Math.abs(row.quantity));
    catalogue.set(row.sku, {
      sku: row.sku,
      name: row.product ?? (generic ? 'Unspecified product' : row.sku),
      listPrice: generic ? 0 : unit / 100,
    });
  }
  return [...catalogue.values()];
}

/** The file column of a field the order ingest names (`lines.0.sku` is the SKU column). */
function columnOf(field: string, columns: Readonly<Record<string, string | undefined>>): string {
  const key = /^lines\.\d+\.sku$/.test(field)
    ? 'sku'
    : field === 'orderedAt' || field === 'returnedAt'
      ? 'date'
      : field.startsWith('customer')
        ? (['email', 'phone'].find((k) => field.endsWith(k) && columns[k]) ??
          ['customer', 'email', 'phone'].find((k) => columns[k]) ??
          'customer')
        : field.startsWith('lines.')
          ? field.endsWith('unitPrice')
            ? columns.price
              ? 'price'
              : 'amount'
            : 'quantity'
          : field;
  const column = columns[key];
  return column === undefined ? field : `${column} (${key})`;
}
