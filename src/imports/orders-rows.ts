import { BadCell, cellField, checkLine } from './bad-cell';
import { createHash } from 'node:crypto';
import { normaliseIdentity } from '../customers/index';
import { CHANNELS } from '../sales/index';
import { FileFormatError } from './csv/errors';
import { type ColumnMapping, looseName, resolveColumns } from './csv/mapping';
import type { CsvRecord } from './csv/stream';
import { dateParser, isTruthy, parseDecimal, parseInteger } from './csv/values';
import type { Checked, ReadSettings, RowReader } from './kind';

/** What an order file can say, each from one column. */
export const ORDER_KEYS = [
  'customer',
  'email',
  'phone',
  'name',
  'date',
  'amount',
  'quantity',
  'price',
  'sku',
  'product',
  'order',
  'channel',
  'return',
] as const;
export type OrderKey = (typeof ORDER_KEYS)[number];

export const ORDER_KEY_HELP: Record<OrderKey, string> = {
  customer: 'customer id in the source system: the person gets the external id <source>:<id>',
  email: 'customer email (an identifier; with customer or phone, or alone)',
  phone: 'customer phone (an identifier)',
  name: 'customer name, for a new customer',
  date: 'order date (required), read with --date-format; times without a zone are UTC',
  amount: 'line total; without it, quantity x price',
  quantity: 'number of units (default 1); negative only in a return line',
  price: 'unit price',
  sku: 'product SKU (default: the generic product UNSPECIFIED)',
  product: 'product name, for a SKU the catalogue lacks',
  order: 'order number: consecutive lines sharing one are the lines of one order (its idempotency key)',
  channel: `channel of the order: ${CHANNELS.join(', ')} (default --channel)`,
  return: 'marks a return line (1, true, yes, y, r, return): it refunds the customer’s latest earlier order',
};

/** The product of lines whose file names none. */
export const GENERIC_SKU = 'UNSPECIFIED';

/** One checked line of an order file; amounts in cents. */
export interface OrderRow {
  line: number;
  /** The order number (lines sharing it are one order), when the file has one. */
  order: string | undefined;
  /** Idempotency key: of the order (source and order number, or file and line), or of the return. */
  key: string;
  customer: { externalId?: string; email?: string; phone?: string; name?: string };
  /** The customer as written in its first identifier column, to check an order has one customer. */
  who: string;
  date: Date;
  /** Units; negative in a return. */
  quantity: number;
  /** The line total in cents; negative in a return. */
  amount: number;
  unitPrice: number | undefined;
  sku: string;
  product: string | undefined;
  channel: string | undefined;
  isReturn: boolean;
}

const EARLIEST = Date.UTC(1900, 0, 1);
/** As the order ingest: no later than a year ahead. */
const LATEST_AHEAD_MS = 365 * 86_400_000;
const MAX_CENTS = 99_999_999_999_999;
const MAX_QUANTITY = 1_000_000;
/** Lines of one order, as the order ingest allows. */
export const MAX_ORDER_LINES = 1000;
const CHANNEL_SET = new Set<string>(CHANNELS);

class Bad extends BadCell<OrderKey> {}

/**
 * Checks the lines of an order file without the database: a customer (an id, email or phone that
 * normalises), a real date from 1900 to a year ahead, a whole non-zero quantity (negative only in a
 * return line), an amount or a price in cents that agree, a known channel, texts within the order
 * ingest's limits. Lines sharing an order number are one order; each order's idempotency key is
 * `<source>:order:<number>` (a re-run, or another file with the same order, finds it), else the
 * file's hash and the line. Return lines are keyed by the file's hash and line.
 */
export function ordersReader(
  columns: readonly string[],
  mapping: ColumnMapping<string>,
  settings: ReadSettings,
  region: string,
): RowReader<OrderRow> {
  const resolved = resolveColumns(columns, mapping as ColumnMapping<OrderKey>, ORDER_KEYS, looseName);
  if (!resolved.customer && !resolved.email && !resolved.phone)
    throw new FileFormatError(
      `customer: map the customer id column (or an email or phone column) (columns: ${columns.join(', ')})`,
    );
  if (!resolved.date) throw new FileFormatError(`date: map the date column (columns: ${columns.join(', ')})`);
  if (!resolved.amount && !resolved.price)
    throw new FileFormatError(`amount: map the amount or the price column (columns: ${columns.join(', ')})`);
  const index = new Map<OrderKey, number>();
  for (const key of ORDER_KEYS) {
    const column = resolved[key];
    if (column !== undefined) index.set(key, columns.indexOf(column));
  }
  const source = settings.source as string;
  const parseDate = dateParser(settings.dateFormat);
  const format = settings.dateFormat ? ` in the format ${settings.dateFormat}` : ' (ISO 8601)';
  const width = columns.length;
  const field = (key: OrderKey | 'line') => cellField(resolved, key);
  const cell = (record: CsvRecord, key: OrderKey): string | undefined => {
    const i = index.get(key);
    if (i === undefined) return undefined;
    const value = record.fields[i]?.trim();
    return value === undefined || value === '' ? undefined : value;
  };

  const read = (record: CsvRecord, digest: () => string, trusted: boolean): OrderRow => {
    if (record.problem) throw new Bad('line', record.problem);
    if (record.fields.length !== width)
      throw new Bad('line', `has ${record.fields.length} values, the header has ${width} columns`);
    const get = (key: OrderKey) => cell(record, key);
    const customer: OrderRow['customer'] = {};
    const id = get('customer');
    if (id !== undefined) {
      if (id.length > 150 || /\s/.test(id))
        throw new Bad('customer', 'must be at most 150 characters without spaces');
      customer.externalId = `${source}:${id}`;
    }
    for (const key of ['email', 'phone'] as const) {
      const value = get(key);
      if (value === undefined) continue;
      const n = trusted ? { ok: true } : normaliseIdentity(key, value, region);
      if (!n.ok) throw new Bad(key, `"${value}" ${(n as { reason: string }).reason}`);
      customer[key] = value;
    }
    const who = id ?? customer.email ?? customer.phone;
    if (who === undefined) throw new Bad('customer', 'is empty (no customer id, email or phone)');
    const name = get('name');
    if (name !== undefined) customer.name = name.slice(0, 400);

    const dateText = get('date') ?? '';
    const date = parseDate(dateText);
    if (!date || date.getTime() < EARLIEST || date.getTime() > Date.now() + LATEST_AHEAD_MS)
      throw new Bad('date', `cannot read "${dateText}" as a date between 1900 and a year from now${format}`);

    const isReturn = index.has('return') && isTruthy(get('return') ?? '');
    const quantityText = get('quantity');
    const quantity = quantityText === undefined ? (isReturn ? -1 : 1) : parseInteger(quantityText);
    if (quantity === undefined) throw new Bad('quantity', `cannot read "${quantityText}" as a whole number`);
    if (quantity === 0) throw new Bad('quantity', 'is zero');
    if (quantity < 0 && !isReturn)
      throw new Bad('quantity', `is negative (${quantity}) in a line that is not a return`);
    if (Math.abs(quantity) > MAX_QUANTITY)
      throw new Bad('quantity', `is more than ${MAX_QUANTITY.toLocaleString('en-US')}`);
    const units = Math.abs(quantity);
    const money = readMoney(get('amount'), get('price'), units, isReturn);
    if (money instanceof Bad) throw money;

    const channel = get('channel')?.toLowerCase();
    if (channel !== undefined && !CHANNEL_SET.has(channel))
      throw new Bad('channel', `"${channel}" is not one of ${CHANNELS.join(', ')}`);
    const sku = get('sku');
    if (sku !== undefined && (sku.length > 100 || /\s/.test(sku)))
      throw new Bad('sku', 'must be at most 100 characters without spaces');
    const order = get('order');
    if (order !== undefined && order.length > 150) throw new Bad('order', 'is longer than 150 characters');
    const line = record.line;
    return {
      line,
      order,
      key:
        order === undefined || isReturn
          ? keyOf(['import', digest().slice(0, 32), String(line)])
          : keyOf([source, 'order', order]),
      customer,
      who,
      date,
      quantity: isReturn ? -units : units,
      amount: money.amount,
      unitPrice: money.unitPrice,
      sku: sku ?? GENERIC_SKU,
      product: get('product')?.slice(0, 300),
      channel,
      isReturn,
    };
  };

  return {
    columns: resolved,
    check(record, digest, trusted = false): Checked<OrderRow> {
      return checkLine(resolved, () => read(record, digest, trusted));
    },
    groups: resolved.order
      ? {
          field: field('order'),
          key: (record) => {
            const order = cell(record, 'order');
            return order === undefined ? undefined : `order ${order}`;
          },
          check(rows) {
            const sales = rows.filter((r) => !r.isReturn);
            const first = sales[0];
            if (first && sales.some((r) => r.who !== first.who)) return 'has lines of two customers';
            const lines = sales.reduce((n, r) => n + linesOf(r).length, 0);
            if (lines > MAX_ORDER_LINES)
              return `has more than ${MAX_ORDER_LINES.toLocaleString('en-US')} lines`;
            return undefined;
          },
        }
      : undefined,
  };
}

/** The line total and unit price (cents) from the amount and/or price columns. */
function readMoney(
  amountText: string | undefined,
  priceText: string | undefined,
  units: number,
  isReturn: boolean,
): { amount: number; unitPrice: number | undefined } | Bad {
  let unitPrice: number | undefined;
  if (priceText !== undefined) {
    const price = parseDecimal(priceText);
    if (price === undefined || !hasCents(price))
      return new Bad('price', `cannot read "${priceText}" as an amount`);
    if (price < 0) return new Bad('price', `is negative (${priceText})`);
    unitPrice = Math.round(price * 100);
  }
  if (amountText === undefined) {
    if (unitPrice === undefined) return new Bad('amount', 'is empty');
    const amount = unitPrice * units;
    if (amount > MAX_CENTS) return new Bad('price', 'makes a line total that is too large');
    return { amount: isReturn ? -amount : amount, unitPrice };
  }
  const amount = parseDecimal(amountText);
  if (amount === undefined || !hasCents(amount))
    return new Bad('amount', `cannot read "${amountText}" as an amount`);
  const cents = Math.abs(Math.round(amount * 100));
  if (cents > MAX_CENTS) return new Bad('amount', 'is too large');
  if (unitPrice !== undefined && unitPrice * units !== cents)
    return new Bad('amount', `${amountText} is not quantity x price (${(unitPrice * units) / 100})`);
  // The sign of a line comes from its quantity and return mark: a negative amount in a sale is bad.
  if (amount < 0 && !isReturn)
    return new Bad('amount', `is negative (${amountText}) in a line that is not a return`);
  return { amount: isReturn ? -cents : cents, unitPrice };
}

function hasCents(value: number): boolean {
  const scaled = value * 100;
  return Number.isFinite(scaled) && Math.abs(scaled - Math.round(scaled)) < 1e-6;
}

/**
 * The order lines of a file line, in cents: at its unit price; without one, at amount / quantity,
 * or, when that is not a whole number of cents, two lines (quantity - 1 at the lower price and one
 * at the rest) that add up exactly.
 */
export function linesOf(row: OrderRow): { quantity: number; unitPrice: number }[] {
  const units = Math.abs(row.quantity);
  const amount = Math.abs(row.amount);
  if (row.unitPrice !== undefined) return [{ quantity: units, unitPrice: row.unitPrice }];
  const low = Math.floor(amount / units);
  if (low * units === amount) return [{ quantity: units, unitPrice: low }];
  return [
    { quantity: units - 1, unitPrice: low },
    { quantity: 1, unitPrice: amount - low * (units - 1) },
  ];
}

/** An idempotency key from the parts; a long one is hashed to stay within 200 characters. */
function keyOf(parts: string[]): string {
  const key = parts.join(':');
  if (key.length <= 200) return key;
  return `${parts[0]}:sha256:${createHash('sha256').update(key).digest('hex')}`;
}
