import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { Db } from '../db/index';
import { type Tx, withTenant } from '../db/index';
import { AppError, bulkResult, invalid, parseTime } from '../platform/index';
import { authorize, type Principal } from '../platform/index';
import { recordAuditMany } from './audit';
import { compileItemCheck, ItemRejection, reject } from './check';
import { type Cents, fromCents, hasCents, MAX_CENTS, toCents } from './money';
import { findPeopleIds } from './order-repository';
import { type BulkResult, CostInput, type ItemResult, MAX_BULK_ITEMS } from './schema';
import type { CostActivity } from './tables';
import { unnestInsert } from './unnest';
import { opaqueUuid } from '../db/index';

interface PreparedCost {
  index: number;
  id: string;
  personId: string | undefined;
  orderId: string | undefined;
  activity: CostActivity;
  driver: string | null;
  quantity: number | null;
  rate: number | null;
  amount: Cents;
  currency: string;
  occurredAt: Date;
  note: string | null;
  key: string | null;
}

const checkShape = compileItemCheck<CostInput>(CostInput);

/** Checks one cost event; the amount is quantity x rate when not given. */
function prepareCost(raw: unknown, index: number): PreparedCost | ItemRejection {
  const input = checkShape(raw);
  if (input instanceof ItemRejection) return input;
  if (input.personId === undefined && input.orderId === undefined) {
    return reject('personId', 'give personId, or orderId to charge the order’s customer');
  }
  if (input.quantity !== undefined && input.driver === undefined) {
    return reject('driver', 'names what quantity counts, e.g. service_minutes');
  }
  const product =
    input.quantity !== undefined && input.rate !== undefined
      ? Math.round(input.quantity * input.rate * 100)
      : undefined;
  let amount: number;
  if (input.amount !== undefined) {
    if (!hasCents(input.amount)) return reject('amount', 'has more than two decimals');
    amount = toCents(input.amount);
    if (product !== undefined && product !== amount) {
      return reject('amount', `is not quantity x rate (${fromCents(product).toFixed(2)})`);
    }
  } else if (product !== undefined) {
    amount = product;
  } else {
    return reject('amount', 'give amount, or quantity and rate');
  }
  if (amount > MAX_CENTS) return reject('amount', 'is too large');
  const occurredAt = parseTime(input.occurredAt);
  if (!occurredAt) return reject('occurredAt', 'must be an ISO 8601 time with a zone and a real date');
  if (occurredAt.getUTCFullYear() < 1900) return reject('occurredAt', 'must be after 1900');
  return {
    index,
    id: randomUUID(),
    personId: input.personId,
    orderId: input.orderId,
    activity: input.activity,
    driver: input.driver ?? null,
    quantity: input.quantity ?? null,
    rate: input.rate ?? null,
    amount: amount as Cents,
    currency: input.currency ?? 'USD',
    occurredAt,
    note: input.note ?? null,
    key: input.idempotencyKey ?? null,
  };
}

/** Records one cost to serve a customer (the accounting section); 201, or 200 for a retried key. */
export async function recordCost(
  db: Db,
  actor: Principal,
  input: unknown,
): Promise<{ created: boolean; id: string }> {
  authorize(actor, 'costs', 'create');
  const [result] = await withTenant(db, actor.workspaceId, (trx) =>
    ingestCostsInTransaction(trx, actor, [input], false),
  );
  if (!result) throw new AppError('internal', 'cost ingest returned no result');
  if (result.status === 'rejected') {
    const message = result.code === 'validation_failed' ? `${result.field}: ${result.reason}` : result.reason;
    throw new AppError(result.code, message, result.field);
  }
  return { created: result.status === 'created', id: result.id };
}

/** Up to 10,000 cost events in one transaction, each with an idempotency key; per-item results. */
export async function ingestCosts(db: Db, actor: Principal, items: readonly unknown[]): Promise<BulkResult> {
  authorize(actor, 'costs', 'create');
  if (items.length === 0 || items.length > MAX_BULK_ITEMS) {
    throw invalid('items', `must have between 1 and ${MAX_BULK_ITEMS} items`);
  }
  return bulkResult(
    await withTenant(db, actor.workspaceId, (trx) => ingestCostsInTransaction(trx, actor, items, true)),
  );
}

async function ingestCostsInTransaction(
  trx: Tx,
  actor: Principal,
  items: readonly unknown[],
  requireKeys: boolean,
): Promise<ItemResult[]> {
  const ws = actor.workspaceId;
  const results: ItemResult[] = new Array(items.length);
  const rejectItem = (index: number, why: ItemRejection) => {
    results[index] = { index, status: 'rejected', field: why.field, reason: why.reason, code: why.code };
  };
  const firstWithKey = new Map<string, number>();
  let pending: PreparedCost[] = [];
  for (const [index, raw] of items.entries()) {
    const cost = prepareCost(raw, index);
    const why =
      cost instanceof ItemRejection
        ? cost
        : cost.key === null
          ? requireKeys
            ? reject('idempotencyKey', 'is required')
            : undefined
          : firstWithKey.has(cost.key)
            ? reject('idempotencyKey', `repeats the key of item ${firstWithKey.get(cost.key)}`)
            : undefined;
    if (why) {
      rejectItem(index, why);
      continue;
    }
    const prepared = cost as PreparedCost;
    if (prepared.key !== null) firstWithKey.set(prepared.key, index);
    pending.push(prepared);
  }

  const existing = await findCostIdsByKey(trx, ws, pending);
  pending = pending.filter((c) => {
    const id = c.key === null ? undefined : existing.get(c.key);
    if (id) results[c.index] = { index: c.index, status: 'duplicate', id };
    return !id;
  });

  const orderIds = [...new Set(pending.flatMap((c) => (c.orderId ? [c.orderId] : [])))];
  const { rows: orders } = orderIds.length
    ? await sql<{ id: string; person_id: string }>`select id, person_id from orders
        where workspace_id = ${ws} and id = any(${orderIds}::uuid[])`.execute(trx)
    : { rows: [] };
  const orderPerson = new Map(orders.map((o) => [o.id, o.person_id]));
  const people = await findPeopleIds(trx, ws, [
    ...new Set(pending.flatMap((c) => (c.personId ? [c.personId] : []))),
  ]);
  pending = pending.filter((c) => {
    const why = attribute(c, orderPerson, people);
    if (why) rejectItem(c.index, why);
    return !why;
  });

  const inserted = await insertCosts(trx, ws, pending);
  const raced = pending.filter((c) => !inserted.has(c.id));
  const racedIds = await findCostIdsByKey(trx, ws, raced);
  for (const c of raced)
    results[c.index] = { index: c.index, status: 'duplicate', id: racedIds.get(c.key ?? '') ?? '' };
  const created = pending.filter((c) => inserted.has(c.id));
  await recordAuditMany(
    trx,
    actor,
    created.map((c) => ({
      action: 'create' as const,
      objectType: 'costs',
      objectId: c.id,
      after: {
        person_id: c.personId,
        order_id: c.orderId ?? null,
        activity: c.activity,
        driver: c.driver,
        quantity: c.quantity,
        rate: c.rate,
        amount: fromCents(c.amount),
        currency: c.currency,
        occurred_at: c.occurredAt.toISOString(),
        idempotency_key: c.key,
      },
    })),
  );
  for (const c of created) results[c.index] = { index: c.index, status: 'created', id: c.id };
  return results;
}

/** Sets the cost's person from its order when not given; refuses unknown ids and a mismatch. */
function attribute(
  c: PreparedCost,
  orderPerson: Map<string, string>,
  people: Set<string>,
): ItemRejection | undefined {
  if (c.orderId) {
    const owner = orderPerson.get(c.orderId);
    if (!owner) return reject('orderId', 'Order not found', 'not_found');
    if (c.personId && c.personId !== owner)
      return reject('orderId', 'belongs to another person than personId');
    c.personId = owner;
    return undefined;
  }
  if (!people.has(c.personId ?? '')) return reject('personId', 'Person not found', 'not_found');
  return undefined;
}

async function findCostIdsByKey(
  trx: Tx,
  ws: string,
  costs: readonly PreparedCost[],
): Promise<Map<string, string>> {
  const keys = costs.flatMap((c) => (c.key === null ? [] : [c.key]));
  if (keys.length === 0) return new Map();
  const { rows } = await sql<{ id: string; idempotency_key: string }>`
    select id, idempotency_key from cost_events
    where workspace_id = ${opaqueUuid(ws)} and idempotency_key = any(${keys}::text[])`.execute(trx);
  return new Map(rows.map((r) => [r.idempotency_key, r.id]));
}

async function insertCosts(trx: Tx, ws: string, costs: readonly PreparedCost[]): Promise<Set<string>> {
  if (costs.length === 0) return new Set();
  const insert = unnestInsert(
    'cost_events',
    [
      ['workspace_id', 'uuid'],
      ['id', 'uuid'],
      ['person_id', 'uuid'],
      ['order_id', 'uuid'],
      ['activity', 'text'],
      ['driver', 'text'],
      ['quantity', 'numeric'],
      ['rate', 'numeric'],
      ['amount', 'numeric'],
      ['currency', 'text'],
      ['occurred_at', 'timestamptz'],
      ['note', 'text'],
      ['idempotency_key', 'text'],
    ],
    costs.map((c) => [
      ws,
      c.id,
      c.personId,
      c.orderId ?? null,
      c.activity,
      c.driver,
      c.quantity,
      c.rate,
      fromCents(c.amount),
      c.currency,
      c.occurredAt.toISOString(),
      c.note,
      c.key,
    ]),
  );
  const { rows } = await sql<{ id: string }>`${insert}
    on conflict (workspace_id, idempotency_key) do nothing returning id`.execute(trx);
  return new Set(rows.map((r) => r.id));
}
