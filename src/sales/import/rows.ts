import { type Cents, hasCents, MAX_CENTS, toCents } from '../money';
import { CHANNELS, type Channel } from '../tables';
import type { Mapping, MappingKey } from './mapping';
import type { RawRecord } from './read';
import { type BadRow, type DateParser, isTruthy, parseDecimal, parseInteger } from '../../imports/index';

export type { BadRow };

/** One checked line of an order file. */
export interface ImportRow {
  line: number;
  customer: string;
  /** The date as written: part of the idempotency key. */
  dateText: string;
  date: Date;
  /** Units; negative in a return. */
  quantity: number;
  /** The line total in cents; negative in a return. */
  amount: Cents;
  /** The unit price when the file gives one. */
  unitPrice: Cents | undefined;
  sku: string | undefined;
  product: string | undefined;
  order: string | undefined;
  channel: Channel | undefined;
  name: string | undefined;
  isReturn: boolean;
}

const EARLIEST = Date.UTC(1900, 0, 1);

/**
 * Checks every line and returns the rows with the bad lines beside them, each naming its column:
 * an unparsable date, amount or quantity, a quantity of zero, a negative quantity or amount in a
 * line that is not a return, an unknown channel.
 */
export function parseRows(
  records: readonly RawRecord[],
  mapping: Mapping,
  parseDate: DateParser,
  dateFormat: string | undefined,
): { rows: ImportRow[]; bad: BadRow[] } {
  const rows: ImportRow[] = [];
  const bad: BadRow[] = [];
  const latest = Date.now() + 366 * 86_400_000;
  for (const record of records) {
    const fail = (key: MappingKey | 'line', reason: string) => {
      bad.push({ line: record.line, field: key === 'line' ? 'line' : `${mapping[key]} (${key})`, reason });
    };
    if (record.problem) {
      fail('line', record.problem);
      continue;
    }
    const get = (key: MappingKey): string | undefined => {
      const column = mapping[key];
      const value = column === undefined ? undefined : record.values[column]?.trim();
      return value === '' ? undefined : value;
    };
    const customer = get('customer');
    if (!customer) {
      fail('customer', 'is empty');
      continue;
    }
    if (customer.length > 150 || /\s/.test(customer)) {
      fail('customer', 'must be at most 150 characters without spaces');
      continue;
    }
    const dateText = get('date') ?? '';
    const date = parseDate(dateText);
    if (!date || date.getTime() < EARLIEST || date.getTime() > latest) {
      fail(
        'date',
        `cannot read "${dateText}" as a date${dateFormat ? ` in the format ${dateFormat}` : ' (ISO 8601)'}`,
      );
      continue;
    }
    const isReturn = mapping.return !== undefined && isTruthy(get('return') ?? '');
    const quantityText = get('quantity');
    const quantity = quantityText === undefined ? (isReturn ? -1 : 1) : parseInteger(quantityText);
    if (quantity === undefined) {
      fail('quantity', `cannot read "${quantityText}" as a whole number`);
      continue;
    }
    if (quantity === 0) {
      fail('quantity', 'is zero');
      continue;
    }
    if (quantity < 0 && !isReturn) {
      fail('quantity', `is negative (${quantity}) in a line that is not a return`);
      continue;
    }
    const money = readMoney(get('amount'), get('price'), Math.abs(quantity), isReturn);
    if (typeof money === 'string') {
      fail(money.startsWith('price') ? 'price' : 'amount', money.replace(/^(price|amount): /, ''));
      continue;
    }
    const channel = get('channel')?.toLowerCase();
    if (channel !== undefined && !CHANNELS.includes(channel as Channel)) {
      fail('channel', `"${channel}" is not one of ${CHANNELS.join(', ')}`);
      continue;
    }
    const sku = get('sku');
    if (sku !== undefined && sku.length > 100) {
      fail('sku', 'is longer than 100 characters');
      continue;
    }
    rows.push({
      line: record.line,
      customer,
      dateText,
      date,
      quantity: isReturn ? -Math.abs(quantity) : quantity,
      amount: (isReturn ? -Math.abs(money.amount) : money.amount) as Cents,
      unitPrice: money.unitPrice,
      sku,
      product: get('product')?.slice(0, 300),
      order: get('order')?.slice(0, 150),
      channel: channel as Channel | undefined,
      name: get('name')?.slice(0, 400),
      isReturn,
    });
  }
  return { rows, bad };
}

/** The line total and unit price from the amount and/or price columns; a message when unreadable. */
function readMoney(
  amountText: string | undefined,
  priceText: string | undefined,
  units: number,
  isReturn: boolean,
): { amount: Cents; unitPrice: Cents | undefined } | string {
  let unitPrice: Cents | undefined;
  if (priceText !== undefined) {
    const price = parseDecimal(priceText);
    if (price === undefined || !hasCents(price)) return `price: cannot read "${priceText}" as an amount`;
    if (price < 0) return `price: is negative (${priceText})`;
    unitPrice = toCents(price);
  }
  if (amountText === undefined) {
    if (unitPrice === undefined) return 'amount: is empty';
    return { amount: (unitPrice * units) as Cents, unitPrice };
  }
  const amount = parseDecimal(amountText);
  if (amount === undefined || !hasCents(amount)) return `amount: cannot read "${amountText}" as an amount`;
  const cents = Math.abs(toCents(amount));
  if (cents > MAX_CENTS) return 'amount: is too large';
  if (unitPrice !== undefined && unitPrice * units !== cents) {
    return `amount: ${amountText} is not quantity x price (${(unitPrice * units) / 100})`;
  }
  // The sign of a line comes from its quantity and return mark: a negative amount in a sale is bad.
  if (amount < 0 && !isReturn) return `amount: is negative (${amountText}) in a line that is not a return`;
  return { amount: cents as Cents, unitPrice };
}
