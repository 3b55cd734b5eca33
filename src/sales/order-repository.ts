import { arrayParam } from '../db/index';
import { sql } from 'kysely';
import type { Tx } from '../db/index';
import type { IdentityKey } from './customer-ref';
import { type BulkColumn, unnestInsert } from './unnest';
import { opaqueUuid } from '../db/index';

/** The SQL of order ingest: bulk look-ups and bulk inserts, all inside the caller's tenant transaction. */

/** Ids of the orders that already carry these idempotency keys. */
export async function findOrderIdsByKey(
  trx: Tx,
  workspaceId: string,
  keys: readonly string[],
): Promise<Map<string, string>> {
  if (keys.length === 0) return new Map();
  const { rows } = await sql<{ id: string; idempotency_key: string }>`
    select id, idempotency_key from orders
    where workspace_id = ${opaqueUuid(workspaceId)} and idempotency_key = any(${keys}::text[])`.execute(trx);
  return new Map(rows.map((r) => [r.idempotency_key, r.id]));
}

export interface ProductRef {
  id: string;
  sku: string;
  list_price: number;
  unit_cost: number | null;
}

export async function findProducts(
  trx: Tx,
  workspaceId: string,
  ids: readonly string[],
  skus: readonly string[],
): Promise<ProductRef[]> {
  if (ids.length === 0 && skus.length === 0) return [];
  const { rows } = await sql<ProductRef>`
    select id, sku, list_price, unit_cost from products
    where workspace_id = ${workspaceId} and (id = any(${ids}::uuid[]) or sku = any(${skus}::text[]))`.execute(
    trx,
  );
  return rows;
}

export async function findPeopleIds(
  trx: Tx,
  workspaceId: string,
  ids: readonly string[],
): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const { rows } = await sql<{ id: string }>`
    select id from people where workspace_id = ${workspaceId} and id = any(${ids}::uuid[])`.execute(trx);
  return new Set(rows.map((r) => r.id));
}

export interface IdentityOwner {
  kind: string;
  value: string;
  person_id: string;
}

/** Exact matches of identity keys: who holds each. */
export async function findIdentityOwners(
  trx: Tx,
  workspaceId: string,
  keys: readonly Pick<IdentityKey, 'kind' | 'value'>[],
): Promise<IdentityOwner[]> {
  if (keys.length === 0) return [];
  const { rows } = await sql<IdentityOwner>`
    select i.kind, i.value, i.person_id
    from identities i
    join unnest(${arrayParam(
      keys.map((k) => k.kind),
      'text',
    )}, ${arrayParam(
      keys.map((k) => k.value),
      'text',
    )}) as k(kind, value)
      on i.kind = k.kind and i.value = k.value
    where i.workspace_id = ${workspaceId}`.execute(trx);
  return rows;
}

export async function insertPeople(
  trx: Tx,
  rows: readonly (readonly [workspaceId: string, id: string, displayName: string])[],
): Promise<void> {
  if (rows.length === 0) return;
  await unnestInsert(
    'people',
    [
      ['workspace_id', 'uuid'],
      ['id', 'uuid'],
      ['display_name', 'text'],
      ['lifecycle_stage', 'text'],
    ],
    rows.map((r) => [...r, 'customer']),
  ).execute(trx);
}

/** Inserts identities; one that another person already holds is skipped. Returns those inserted. */
export async function insertIdentities(
  trx: Tx,
  rows: readonly (readonly [
    workspaceId: string,
    personId: string,
    kind: string,
    value: string,
    raw: string | null,
    source: string | null,
  ])[],
): Promise<IdentityOwner[]> {
  if (rows.length === 0) return [];
  const insert = unnestInsert(
    'identities',
    [
      ['workspace_id', 'uuid'],
      ['person_id', 'uuid'],
      ['kind', 'text'],
      ['value', 'text'],
      ['raw', 'text'],
      ['source', 'text'],
    ],
    rows,
  );
  const { rows: inserted } = await sql<IdentityOwner>`${insert}
    on conflict (workspace_id, kind, value) do nothing
    returning kind, value, person_id`.execute(trx);
  return inserted;
}

export async function deletePeople(trx: Tx, workspaceId: string, ids: readonly string[]): Promise<void> {
  if (ids.length === 0) return;
  await sql`delete from people where workspace_id = ${workspaceId} and id = any(${ids}::uuid[])`.execute(trx);
}

const ORDER_COLUMNS: readonly BulkColumn[] = [
  ['workspace_id', 'uuid'],
  ['id', 'uuid'],
  ['person_id', 'uuid'],
  ['ordered_at', 'timestamptz'],
  ['channel', 'text'],
  ['status', 'text'],
  ['currency', 'text'],
  ['total', 'numeric'],
  ['cost_total', 'numeric'],
  ['external_ref', 'text'],
  ['store', 'text'],
  ['idempotency_key', 'text'],
];

/** Inserts orders; one whose idempotency key is already taken is skipped. Returns the ids inserted. */
export async function insertOrders(trx: Tx, rows: readonly (readonly unknown[])[]): Promise<Set<string>> {
  if (rows.length === 0) return new Set();
  const { rows: inserted } = await sql<{ id: string }>`${unnestInsert('orders', ORDER_COLUMNS, rows)}
    on conflict (workspace_id, idempotency_key) do nothing
    returning id`.execute(trx);
  return new Set(inserted.map((r) => r.id));
}

export async function insertOrderLines(trx: Tx, rows: readonly (readonly unknown[])[]): Promise<void> {
  if (rows.length === 0) return;
  await unnestInsert(
    'order_lines',
    [
      ['workspace_id', 'uuid'],
      ['order_id', 'uuid'],
      ['line_no', 'integer'],
      ['product_id', 'uuid'],
      ['quantity', 'integer'],
      ['unit_price', 'numeric'],
      ['discount', 'numeric'],
      ['unit_cost', 'numeric'],
    ],
    rows,
  ).execute(trx);
}

/**
 * Timeline entries: [workspace, person, channel, direction, type, occurred_at, subject, metadata,
 * links] (links: the records the entry is about, e.g. {"orderId": …, "returnId": …}).
 */
export async function insertInteractions(trx: Tx, rows: readonly (readonly unknown[])[]): Promise<void> {
  if (rows.length === 0) return;
  await unnestInsert(
    'interactions',
    [
      ['workspace_id', 'uuid'],
      ['person_id', 'uuid'],
      ['channel', 'text'],
      ['direction', 'text'],
      ['type', 'text'],
      ['occurred_at', 'timestamptz'],
      ['subject', 'text'],
      ['metadata', 'jsonb'],
      ['links', 'jsonb'],
    ],
    rows,
  ).execute(trx);
}

/** A 'purchase' on each customer's timeline for each order, built from the order rows, linked to the order. */
export async function insertPurchaseInteractions(
  trx: Tx,
  workspaceId: string,
  orderIds: readonly string[],
  subjects: readonly string[],
): Promise<void> {
  if (orderIds.length === 0) return;
  await sql`
    insert into interactions (workspace_id, person_id, channel, direction, type, occurred_at, subject, metadata,
      links)
    select o.workspace_id, o.person_id, o.channel, 'inbound', 'purchase', o.ordered_at, n.subject,
      jsonb_build_object('orderId', o.id, 'total', o.total, 'currency', o.currency),
      jsonb_build_object('orderId', o.id)
    from unnest(${orderIds}::uuid[], ${subjects}::text[]) with ordinality as n(id, subject, ord)
    join orders o on o.workspace_id = ${workspaceId} and o.id = n.id
    order by n.ord`.execute(trx);
}
