import { type ColumnMapping, FileFormatError, parseMappingPairs, resolveColumns } from '../../imports/index';

/** What an order file can say, each from one column. */
export const MAPPING_KEYS = [
  'customer',
  'date',
  'amount',
  'quantity',
  'price',
  'sku',
  'product',
  'order',
  'channel',
  'name',
  'return',
] as const;
export type MappingKey = (typeof MAPPING_KEYS)[number];
export type Mapping = ColumnMapping<MappingKey>;

export const MAPPING_HELP: Record<MappingKey, string> = {
  customer: 'customer id (required); the person gets the external identity <source>:<id>',
  date: 'order date (required), read with --date-format',
  amount: 'line total; without it, quantity x price',
  quantity: 'number of units (default 1); negative only in a return',
  price: 'unit price',
  sku: 'product SKU (default: the generic product UNSPECIFIED)',
  product: 'product name, for SKUs the catalogue lacks',
  order: 'order number: rows sharing one become the lines of one order',
  channel: 'channel of the order (web, store, phone, ...)',
  name: 'customer name, for new customers',
  return: 'marks a return row (1, true, yes, y, r, return)',
};

/** Parses `customer=CustomerID,date=InvoiceDate` into a mapping; names each unknown key. */
export function parseMapping(text: string): Mapping {
  return parseMappingPairs(text, MAPPING_KEYS);
}

/**
 * The column of each key: as mapped, or else the column named like the key (any case). Refuses a
 * mapped column the file lacks, and a file without customer, date, and amount or price.
 */
export function resolveMapping(columns: readonly string[], mapping: Mapping): Mapping {
  const resolved = resolveColumns(columns, mapping, MAPPING_KEYS);
  for (const key of ['customer', 'date'] as const) {
    if (!resolved[key])
      throw new FileFormatError(`${key}: map the ${key} column (columns: ${columns.join(', ')})`);
  }
  if (!resolved.amount && !resolved.price) {
    throw new FileFormatError(`amount: map the amount or the price column (columns: ${columns.join(', ')})`);
  }
  return resolved;
}
