import type { Db } from '../../db/index';
import { type Tx, withTenant } from '../../db/index';
import { recordAudit } from '../../platform/index';
import { authorize, type Principal } from '../../platform/index';
import { ItemRejection } from '../check';
import { prepareOrder } from '../order-input';
import { ingestOrdersInTransaction } from '../order-ingest';
import type { ItemResult } from '../schema';
import type { Channel } from '../tables';
import { type BuiltOrder, buildOrders } from './build';
import { ensureProducts, recordImportedReturns } from './import-repository';
import { type Mapping, resolveMapping } from './mapping';
import { type FileFormat, readRecords } from './read';
import { type BadRow, parseRows } from './rows';
import { dateParser } from '../../imports/index';

export interface ImportOptions {
  format: FileFormat;
  /** Whitespace files: column names by position ('-' skips one). */
  columns?: readonly string[];
  delimiter?: string;
  mapping: Mapping;
  dateFormat?: string;
  source: string;
  channel: Channel;
  status: 'placed' | 'fulfilled';
  currency: string;
  /** Load the good rows and report the bad ones, instead of loading nothing. */
  skipBadRows: boolean;
  /** Orders per transaction; default 5,000. */
  chunkSize?: number;
  /** Names the file in the audit log. */
  label?: string;
}

export interface ImportProgress {
  done: number;
  total: number;
}

export interface ImportSummary {
  /** Data lines read. */
  rows: number;
  badRows: BadRow[];
  /** False when bad rows stopped the import before it wrote anything. */
  loaded: boolean;
  orders: { created: number; duplicate: number; rejected: number };
  returns: { created: number; duplicate: number };
  peopleCreated: number;
  productsCreated: number;
  /** Items the database refused while loading (should not happen: the rows were checked first). */
  rejected: BadRow[];
  elapsedMs: number;
}

/**
 * Loads an order file into a workspace. Every line is checked before anything is written: with
 * bad lines and without `skipBadRows` nothing is loaded and the summary lists them. Customers become
 * people with the external identity `<source>:<id>`; SKUs the catalogue lacks become products (lines
 * without a SKU go to the generic product UNSPECIFIED). Orders are written in chunks, each in one
 * transaction, through the same ingest as `POST /api/orders/bulk`; their idempotency keys come from
 * the file, so a second run (or a run after a failure midway) adds only what is missing. The audit
 * log gets one entry per chunk (see `auditChunk`), and one per product created.
 */
export async function importOrders(
  db: Db,
  actor: Principal,
  text: string,
  options: ImportOptions,
  onProgress?: (progress: ImportProgress) => void,
): Promise<ImportSummary> {
  authorize(actor, 'orders', 'create');
  const started = performance.now();
  const file = readRecords(text, options);
  const mapping = resolveMapping(file.columns, options.mapping);
  const parsed = parseRows(file.records, mapping, dateParser(options.dateFormat), options.dateFormat);
  const built = buildOrders(parsed.rows, options);
  const badRows = [...parsed.bad, ...built.bad, ...checkOrders(built.orders)].sort((a, b) => a.line - b.line);
  const summary: ImportSummary = {
    rows: file.records.length,
    badRows,
    loaded: false,
    orders: { created: 0, duplicate: 0, rejected: 0 },
    returns: { created: 0, duplicate: 0 },
    peopleCreated: 0,
    productsCreated: 0,
    rejected: [],
    elapsedMs: 0,
  };
  if (badRows.length > 0 && !options.skipBadRows) return finish(summary, started);
  const badLines = new Set(badRows.map((b) => b.line));
  const orders = built.orders.filter((o) => !o.lines.some((line) => badLines.has(line)));
  const returns = built.returns.filter((r) => !badLines.has(r.line));

  summary.productsCreated = await withTenant(db, actor.workspaceId, (trx) =>
    ensureProducts(trx, actor, built.catalogue),
  );
  const chunkSize = options.chunkSize ?? 5_000;
  const stats = { peopleCreated: 0 };
  onProgress?.({ done: 0, total: orders.length });
  for (let start = 0; start < orders.length; start += chunkSize) {
    const chunk = orders.slice(start, start + chunkSize);
    const before = stats.peopleCreated;
    const results = await withTenant(db, actor.workspaceId, async (trx) => {
      const results = await ingestOrdersInTransaction(
        trx,
        actor,
        chunk.map((o) => o.input),
        { requireKeys: true, stats, audit: 'none' },
      );
      await auditChunk(trx, actor, options, chunk, results, stats.peopleCreated - before);
      return results;
    });
    results.forEach((r, i) => {
      if (r.status === 'rejected') {
        summary.rejected.push({ line: chunk[i]?.lines[0] ?? 0, field: r.field, reason: r.reason });
      }
      summary.orders[r.status]++;
    });
    onProgress?.({ done: Math.min(start + chunkSize, orders.length), total: orders.length });
  }
  summary.peopleCreated = stats.peopleCreated;
  if (returns.length > 0) {
    summary.returns = await withTenant(db, actor.workspaceId, (trx) =>
      recordImportedReturns(trx, actor, returns),
    );
  }
  summary.loaded = true;
  return finish(summary, started);
}

/**
 * One audit entry per chunk (who loaded which orders from which source, and how many customers it
 * created), instead of one per order: a file of 70,000 orders would otherwise write 93,000 audit
 * entries that say the same thing, and take a quarter of the import's time.
 */
async function auditChunk(
  trx: Tx,
  actor: Principal,
  options: ImportOptions,
  chunk: readonly BuiltOrder[],
  results: readonly ItemResult[],
  peopleCreated: number,
): Promise<void> {
  const created = results.filter((r) => r.status === 'created').length;
  if (created === 0 && peopleCreated === 0) return;
  await recordAudit(trx, actor, {
    action: 'create',
    objectType: 'order_imports',
    objectId: chunk[0]?.input.idempotencyKey ?? options.source,
    after: {
      source: options.source,
      file: options.label ?? null,
      lines: `${chunk[0]?.lines[0]}-${chunk.at(-1)?.lines.at(-1)}`,
      orders_created: created,
      orders_already_there: results.filter((r) => r.status === 'duplicate').length,
      people_created: peopleCreated,
      first_key: chunk[0]?.input.idempotencyKey,
      last_key: chunk.at(-1)?.input.idempotencyKey,
    },
  });
}

/** The checks of the ingest itself, run on every order before the first write. */
function checkOrders(orders: readonly BuiltOrder[]): BadRow[] {
  const bad: BadRow[] = [];
  for (const order of orders) {
    const result = prepareOrder(order.input, 'US');
    if (result instanceof ItemRejection) {
      bad.push({ line: order.lines[0] ?? 0, field: result.field, reason: result.reason });
    }
  }
  return bad;
}

function finish(summary: ImportSummary, started: number): ImportSummary {
  summary.elapsedMs = Math.round(performance.now() - started);
  return summary;
}
