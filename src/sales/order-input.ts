import { parseTime } from '../platform/index';
import { compileItemCheck, ItemRejection, reject } from './check';
import { type NormalisedCustomer, normaliseCustomer } from './customer-ref';
import { type Cents, hasCents, toCents } from './money';
import { OrderInput } from './schema';
import type { Channel } from './tables';

export interface PreparedLine {
  productId: string | undefined;
  sku: string | undefined;
  quantity: number;
  unitPrice: Cents | undefined;
  discount: Cents;
  unitCost: Cents | undefined;
}

/** An order item that passed the checks that need no database. */
export interface PreparedOrder {
  personId: string | undefined;
  customer: NormalisedCustomer | undefined;
  orderedAt: Date;
  channel: Channel;
  status: 'placed' | 'fulfilled';
  currency: string;
  store: string | null;
  externalRef: string | null;
  key: string | null;
  lines: PreparedLine[];
}

const checkShape = compileItemCheck<OrderInput>(OrderInput);

/** Earliest and latest order time accepted: a typo in the year is refused, not stored. */
const EARLIEST = Date.UTC(1900, 0, 1);
const LATEST_AHEAD_MS = 366 * 86_400_000;

/**
 * Checks one order item: its shape (the OrderInput schema), then the rules a schema cannot say.
 * Returns the normalised order, or the first problem with the field it concerns.
 */
export function prepareOrder(raw: unknown, region: string): PreparedOrder | ItemRejection {
  const input = checkShape(raw);
  if (input instanceof ItemRejection) return input;
  if ((input.personId === undefined) === (input.customer === undefined)) {
    return reject('personId', 'give either personId or customer identifiers, not both or neither');
  }
  let customer: NormalisedCustomer | undefined;
  if (input.customer) {
    const normalised = normaliseCustomer(input.customer, region);
    if (normalised instanceof ItemRejection) return normalised;
    customer = normalised;
  }
  const orderedAt = parseTime(input.orderedAt);
  if (!orderedAt) return reject('orderedAt', 'must be an ISO 8601 time with a zone and a real date');
  const at = orderedAt.getTime();
  if (!(at >= EARLIEST && at <= Date.now() + LATEST_AHEAD_MS)) {
    return reject('orderedAt', 'must be between 1900 and a year from now');
  }
  const lines: PreparedLine[] = [];
  for (const [i, line] of input.lines.entries()) {
    if ((line.productId === undefined) === (line.sku === undefined)) {
      return reject(`lines.${i}.productId`, 'give either productId or sku');
    }
    for (const name of ['unitPrice', 'discount', 'unitCost'] as const) {
      const value = line[name];
      if (value !== undefined && !hasCents(value))
        return reject(`lines.${i}.${name}`, 'has more than two decimals');
    }
    lines.push({
      productId: line.productId,
      sku: line.sku,
      quantity: line.quantity,
      unitPrice: line.unitPrice === undefined ? undefined : toCents(line.unitPrice),
      discount: toCents(line.discount ?? 0),
      unitCost: line.unitCost === undefined ? undefined : toCents(line.unitCost),
    });
  }
  return {
    personId: input.personId,
    customer,
    orderedAt,
    channel: input.channel,
    status: input.status ?? 'placed',
    currency: input.currency ?? 'USD',
    store: input.store ?? null,
    externalRef: input.externalRef ?? null,
    key: input.idempotencyKey ?? null,
    lines,
  };
}
