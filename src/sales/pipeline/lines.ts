import { sql } from 'kysely';
import type { Tx } from '../../db/index';
import { invalid } from '../../platform/index';
import { type Cents, fromCents, hasCents, MAX_CENTS, toCents } from '../money';
import type { LineInput, LineView } from './schema';

/** A line checked and priced against the catalogue. */
export interface PricedLine {
  productId: string;
  sku: string;
  name: string;
  quantity: number;
  unitPrice: Cents;
  discount: Cents;
}

/**
 * Checks and prices lines of an opportunity or quote in `currency`: each names its product by id or
 * SKU (one of them), a unit price and discount with at most two decimals (default: the list price,
 * no discount), a discount no more than the line, and a currency, when given, that is `currency`.
 * Bad input is a 400 naming the field (`lines.2.quantity`); nothing is written.
 */
export async function priceLines(
  trx: Tx,
  ws: string,
  lines: readonly LineInput[],
  currency: string,
  prefix = 'lines',
): Promise<PricedLine[]> {
  const field = (i: number, name: string) => `${prefix}.${i}.${name}`;
  for (const [i, line] of lines.entries()) {
    if ((line.productId === undefined) === (line.sku === undefined))
      throw invalid(field(i, 'productId'), 'give either productId or sku');
    if (line.currency !== undefined && line.currency !== currency)
      throw invalid(field(i, 'currency'), `is ${line.currency}, but the opportunity is in ${currency}`);
    if (!Number.isInteger(line.quantity) || line.quantity < 1)
      throw invalid(field(i, 'quantity'), 'must be a whole number of at least 1');
    for (const name of ['unitPrice', 'discount'] as const) {
      const value = line[name];
      if (value !== undefined && (value < 0 || !hasCents(value)))
        throw invalid(field(i, name), 'must be an amount of at least 0 with at most two decimals');
    }
  }
  const ids = lines.flatMap((l) => (l.productId ? [l.productId] : []));
  const skus = lines.flatMap((l) => (l.sku ? [l.sku] : []));
  const { rows } = await sql<{ id: string; sku: string; name: string; list_price: number }>`
    select id, sku, name, list_price from products
    where workspace_id = ${ws} and (id = any(${ids}::uuid[]) or sku = any(${skus}::text[]))`.execute(trx);
  const byId = new Map(rows.map((r) => [r.id, r]));
  const bySku = new Map(rows.map((r) => [r.sku, r]));
  let total = 0;
  return lines.map((line, i) => {
    const product = line.productId ? byId.get(line.productId) : bySku.get(line.sku ?? '');
    if (!product)
      throw invalid(field(i, line.productId ? 'productId' : 'sku'), 'no such product in the catalogue');
    const unitPrice = line.unitPrice === undefined ? toCents(product.list_price) : toCents(line.unitPrice);
    const discount = toCents(line.discount ?? 0);
    const gross = unitPrice * line.quantity;
    if (discount > gross) throw invalid(field(i, 'discount'), 'is more than the line’s price × quantity');
    total += gross - discount;
    if (gross > MAX_CENTS || total > MAX_CENTS)
      throw invalid(field(i, 'quantity'), 'makes the total too large');
    return {
      productId: product.id,
      sku: product.sku,
      name: product.name,
      quantity: line.quantity,
      unitPrice,
      discount,
    };
  });
}

export const lineTotal = (l: { quantity: number; unitPrice: Cents; discount: Cents }): Cents =>
  (l.unitPrice * l.quantity - l.discount) as Cents;

export function totalsOf(lines: readonly PricedLine[]): { subtotal: Cents; discount: Cents; total: Cents } {
  let subtotal = 0;
  let discount = 0;
  for (const l of lines) {
    subtotal += l.unitPrice * l.quantity;
    discount += l.discount;
  }
  return { subtotal: subtotal as Cents, discount: discount as Cents, total: (subtotal - discount) as Cents };
}

export function toLineView(l: PricedLine, index: number): LineView {
  return {
    lineNo: index + 1,
    productId: l.productId,
    sku: l.sku,
    name: l.name,
    quantity: l.quantity,
    unitPrice: fromCents(l.unitPrice),
    discount: fromCents(l.discount),
    lineTotal: fromCents(lineTotal(l)),
  };
}

/** The lines stored for an opportunity, with their products' SKU and name, in line order. */
export async function loadOpportunityLines(
  trx: Tx,
  ws: string,
  opportunityId: string,
): Promise<PricedLine[]> {
  const { rows } = await sql<{
    product_id: string;
    sku: string;
    name: string;
    quantity: number;
    unit_price: number;
    discount: number;
  }>`
    select l.product_id, p.sku, p.name, l.quantity, l.unit_price, l.discount
    from opportunity_lines l
    join products p on p.workspace_id = l.workspace_id and p.id = l.product_id
    where l.workspace_id = ${ws} and l.opportunity_id = ${opportunityId}
    order by l.line_no`.execute(trx);
  return rows.map((r) => ({
    productId: r.product_id,
    sku: r.sku,
    name: r.name,
    quantity: r.quantity,
    unitPrice: toCents(r.unit_price),
    discount: toCents(r.discount),
  }));
}

/** Replaces an opportunity's lines (inside the caller's transaction). */
export async function writeOpportunityLines(
  trx: Tx,
  ws: string,
  opportunityId: string,
  lines: readonly PricedLine[],
): Promise<void> {
  await sql`delete from opportunity_lines where workspace_id = ${ws} and opportunity_id = ${opportunityId}`.execute(
    trx,
  );
  if (lines.length === 0) return;
  await sql`
    insert into opportunity_lines (workspace_id, opportunity_id, line_no, product_id, quantity, unit_price, discount)
    select ${ws}, ${opportunityId}, n, product_id, quantity, unit_price, discount
    from unnest(${lines.map((l) => l.productId)}::uuid[], ${lines.map((l) => l.quantity)}::int[],
      ${lines.map((l) => fromCents(l.unitPrice))}::numeric[], ${lines.map((l) => fromCents(l.discount))}::numeric[])
      with ordinality as t(product_id, quantity, unit_price, discount, n)`.execute(trx);
}
