import { generateAccount } from './accounts';
import { DAY_MS, isoDate } from './calendar';
import { generateCatalog, type Product, ProductPicker } from './catalog';
import { type CustomerContext, generateCustomer } from './customers';
import { Random } from './random';
import type { CustomerBatch, Row } from './tables';
import type { Agents } from './touchpoints';

export { PURCHASE_PROCESS, NON_BUYER_SHARE } from './purchases';
export { Random } from './random';
export { COLUMNS, type CustomerBatch, LOAD_ORDER, type Row, type TableName } from './tables';

/** small: the demo; medium: ~1M orders; large: ~10M orders. Or an exact customer count. */
export type DatasetSize = 'small' | 'medium' | 'large' | { customers: number };

export const SIZES = { small: 2_000, medium: 100_000, large: 1_000_000 } as const;

/** Phone numbers are unique by construction up to this many customers. */
export const MAX_CUSTOMERS = 5_000_000;

export interface DatasetOptions {
  workspaceId: string;
  size: DatasetSize;
  /** 32-bit unsigned integer; the same seed (and end date) gives the same data. Default 1. */
  seed?: number;
  /** The data ends before this day (UTC); default today. Fix it for reproducible data. */
  endDate?: Date;
  /** Length of the history in days; default 730 (two years). */
  days?: number;
  /** Users to put on calls, chats and accounts. */
  agents?: Partial<Agents>;
  /** Customers per batch; default 2,000. Does not change the data. */
  chunkCustomers?: number;
}

export interface Dataset {
  readonly seed: number;
  readonly customers: number;
  readonly startMs: number;
  readonly endMs: number;
  readonly catalog: readonly Product[];
  /** Rows of `products` (~200). */
  readonly products: readonly Row[];
  /** Rows of `accounts` (one per 40 customers). */
  readonly accounts: readonly Row[];
  /** The customers in batches, each with their identities, orders, lines and interactions. */
  batches(): Generator<CustomerBatch>;
  /** Appends customers [from, to) to `batch` (for callers that interleave generation with I/O). */
  fill(batch: CustomerBatch, from: number, to: number): void;
}

export function emptyBatch(): CustomerBatch {
  return { customers: 0, people: [], identities: [], orders: [], order_lines: [], interactions: [] };
}

export function resolveCustomers(size: DatasetSize): number {
  const customers = typeof size === 'string' ? SIZES[size] : size.customers;
  if (customers === undefined || !Number.isInteger(customers) || customers < 1 || customers > MAX_CUSTOMERS) {
    throw new Error(`Dataset size must be small, medium, large or { customers: 1..${MAX_CUSTOMERS} }`);
  }
  return customers;
}

/**
 * A synthetic retail customer base, generated lazily: catalogue and accounts up front (small),
 * customers in batches. Customer i's data depends only on (seed, i, dates, catalogue), so any
 * batch size gives the same rows.
 */
export function generateDataset(options: DatasetOptions): Dataset {
  const seed = options.seed ?? 1;
  if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) {
    throw new Error('seed must be an integer from 0 to 4294967295');
  }
  const customers = resolveCustomers(options.size);
  const days = options.days ?? 730;
  if (!Number.isInteger(days) || days < 30) throw new Error('days must be an integer of at least 30');
  const end = options.endDate ?? new Date();
  const endMs = Math.floor(end.getTime() / DAY_MS) * DAY_MS;
  if (!Number.isFinite(endMs)) throw new Error('endDate must be a valid date');
  const startMs = endMs - days * DAY_MS;
  const ws = options.workspaceId;
  const agents: Agents = { sales: options.agents?.sales ?? [], service: options.agents?.service ?? [] };

  const catalog = generateCatalog(seed);
  const catalogIso = isoDate(startMs - 30 * DAY_MS);
  const products = catalog.map((p) => [
    ws,
    p.id,
    p.sku,
    p.name,
    p.category,
    (p.priceCents / 100).toFixed(2),
    (p.costCents / 100).toFixed(2),
    catalogIso,
  ]);

  const accountList = Array.from({ length: Math.ceil(customers / 40) }, (_, k) => generateAccount(seed, k));
  const ownerRng = new Random(seed, 4);
  const accounts = accountList.map((a) => {
    const created = isoDate(startMs + Math.floor(ownerRng.next() * (endMs - startMs) * 0.5));
    const owner = agents.sales.length > 0 ? ownerRng.pick(agents.sales) : null;
    return [ws, a.id, a.name, a.domain, a.industry, a.size, owner, created, created];
  });

  const context: CustomerContext = {
    seed,
    workspaceId: ws,
    startMs,
    endMs,
    picker: new ProductPicker(catalog),
    accountIds: accountList.map((a) => a.id),
    accountDomains: accountList.map((a) => a.domain),
    agents,
  };
  const chunk = Math.max(1, options.chunkCustomers ?? 2_000);
  const fill = (batch: CustomerBatch, from: number, to: number) => {
    if (!Number.isInteger(from) || from < 0 || !Number.isInteger(to) || to > customers || from > to) {
      throw new Error(`customer range [${from}, ${to}) is outside [0, ${customers})`);
    }
    for (let i = from; i < to; i++) generateCustomer(context, i, batch);
  };

  return {
    seed,
    customers,
    startMs,
    endMs,
    catalog,
    products,
    accounts,
    fill,
    *batches() {
      for (let from = 0; from < customers; from += chunk) {
        const batch = emptyBatch();
        fill(batch, from, Math.min(customers, from + chunk));
        yield batch;
      }
    },
  };
}
