import { BadCell, checkLine, tallyUpserts } from './bad-cell';
import { authorize } from '../platform/index';
import { type ProductUpsert, upsertProducts } from '../sales/index';
import { FileFormatError } from './csv/errors';
import { type ColumnMapping, looseName, resolveColumns } from './csv/mapping';
import type { CsvRecord } from './csv/stream';
import { parseDecimal } from './csv/values';
import type { Checked, ImportKind, ReadSettings, RowReader } from './kind';

/** What a product file can say, each from one column. */
export const PRODUCT_KEYS = ['sku', 'name', 'category', 'listPrice', 'unitCost', 'active'] as const;
export type ProductKey = (typeof PRODUCT_KEYS)[number];

export const PRODUCT_KEY_HELP: Record<ProductKey, string> = {
  sku: 'stock-keeping unit (required): a known SKU updates that product',
  name: 'product name (required for a new SKU)',
  category: 'category',
  listPrice: 'list price (required for a new SKU), at most two decimals',
  unitCost: 'unit cost, at most two decimals',
  active: 'still sold: yes/no, true/false, 1/0 (default yes)',
};

const LIMITS: Partial<Record<ProductKey, number>> = { sku: 100, name: 300, category: 100 };
const YES = new Set(['1', 'true', 't', 'yes', 'y', 'active']);
const NO = new Set(['0', 'false', 'f', 'no', 'n', 'inactive']);

export interface ProductRow {
  line: number;
  item: ProductUpsert;
}

class Bad extends BadCell<ProductKey> {}

/**
 * Checks the lines of a product file without the database: a SKU without spaces, texts within the
 * catalogue's limits, prices in currency units with at most two decimals, a yes/no for active.
 */
export function productsReader(
  columns: readonly string[],
  mapping: ColumnMapping<string>,
  _settings: ReadSettings,
): RowReader<ProductRow> {
  const resolved = resolveColumns(columns, mapping as ColumnMapping<ProductKey>, PRODUCT_KEYS, looseName);
  if (!resolved.sku) throw new FileFormatError(`sku: map the SKU column (columns: ${columns.join(', ')})`);
  const index = new Map<ProductKey, number>();
  for (const key of PRODUCT_KEYS) {
    const column = resolved[key];
    if (column !== undefined) index.set(key, columns.indexOf(column));
  }
  const width = columns.length;

  const read = (record: CsvRecord): ProductRow => {
    if (record.problem) throw new Bad('line', record.problem);
    if (record.fields.length !== width)
      throw new Bad('line', `has ${record.fields.length} values, the header has ${width} columns`);
    const get = (key: ProductKey): string | undefined => {
      const i = index.get(key);
      const value = i === undefined ? undefined : record.fields[i]?.trim();
      if (value === undefined || value === '') return undefined;
      const max = LIMITS[key];
      if (max !== undefined && value.length > max) throw new Bad(key, `is longer than ${max} characters`);
      return value;
    };
    const sku = get('sku');
    if (sku === undefined) throw new Bad('sku', 'is empty');
    if (/\s/.test(sku)) throw new Bad('sku', `"${sku}" has spaces`);
    const money = (key: 'listPrice' | 'unitCost') => {
      const text = get(key);
      if (text === undefined) return undefined;
      const value = parseDecimal(text);
      if (
        value === undefined ||
        value < 0 ||
        value > 1e11 ||
        Math.abs(value * 100 - Math.round(value * 100)) > 1e-6
      )
        throw new Bad(key, `"${text}" is not an amount from 0 with at most two decimals`);
      return value;
    };
    const activeText = get('active')?.toLowerCase();
    if (activeText !== undefined && !YES.has(activeText) && !NO.has(activeText))
      throw new Bad('active', `"${get('active')}" is not yes or no`);
    const item: ProductUpsert = { sku };
    const name = get('name');
    const category = get('category');
    const listPrice = money('listPrice');
    const unitCost = money('unitCost');
    if (name !== undefined) item.name = name;
    if (category !== undefined) item.category = category;
    if (listPrice !== undefined) item.listPrice = listPrice;
    if (unitCost !== undefined) item.unitCost = unitCost;
    if (activeText !== undefined) item.active = YES.has(activeText);
    return { line: record.line, item };
  };

  return {
    columns: resolved,
    check(record): Checked<ProductRow> {
      return checkLine(resolved, () => read(record));
    },
  };
}

/**
 * Product files: each line creates or updates the product of its SKU (the catalogue, the inventory
 * section), through the sales slice's bulk upsert in the chunk's transaction. A known SKU takes the
 * non-empty cells of its line (empty ones keep their value); a new SKU needs a name and a list price.
 * A re-run changes nothing: its lines are `unchanged`.
 */
export const productsImport: ImportKind<ProductRow> = {
  name: 'products',
  keys: PRODUCT_KEYS,
  countNames: ['created', 'updated', 'unchanged', 'rejected'],
  auditObject: 'product_imports',
  authorize(actor) {
    authorize(actor, 'products', 'create');
    authorize(actor, 'products', 'update');
  },
  reader: productsReader,
  async load(trx, actor, rows, ctx) {
    return tallyUpserts(
      await upsertProducts(
        trx,
        actor,
        rows.map((r) => r.item),
      ),
      ctx,
    );
  },
};
