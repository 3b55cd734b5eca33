import { type RawBuilder, sql } from 'kysely';
import type { Tx } from '../db/index';
import { type AuditEntry, diffFields } from '../platform/index';
import type { Principal } from '../platform/index';
import { unnestInsert } from './unnest';

function actorColumns(actor: Principal) {
  return {
    userId: actor.via === 'system' ? null : actor.userId,
    kind: actor.via === 'session' ? 'user' : actor.via === 'token' ? 'token' : 'system',
    requestId: actor.requestId ?? null,
  };
}

/**
 * The audit entries of a bulk write in one statement, in the caller's transaction: the same rows
 * `recordAudit` writes one at a time (one per created record), so a bulk call stays fast.
 */
export async function recordAuditMany(
  trx: Tx,
  actor: Principal,
  entries: readonly AuditEntry[],
): Promise<void> {
  if (entries.length === 0) return;
  const who = actorColumns(actor);
  const rows = entries.map((e) => [
    actor.workspaceId,
    who.userId,
    who.kind,
    e.action,
    e.objectType,
    e.objectId,
    JSON.stringify(diffFields(e.before, e.after)),
    who.requestId,
  ]);
  await unnestInsert(
    'audit_log',
    [
      ['workspace_id', 'uuid'],
      ['actor_user_id', 'uuid'],
      ['actor_kind', 'text'],
      ['action', 'text'],
      ['object_type', 'text'],
      ['object_id', 'text'],
      ['changes', 'jsonb'],
      ['request_id', 'text'],
    ],
    rows,
  ).execute(trx);
}

/** `{ "field": { "before": null, "after": value }, ... }`: what `diffFields` records for a create. */
function createdFields(fields: Record<string, RawBuilder<unknown>>): RawBuilder<unknown> {
  const pairs = Object.entries(fields).map(
    ([name, value]) => sql`${sql.lit(name)}::text, jsonb_build_object('before', null, 'after', ${value})`,
  );
  return sql`jsonb_build_object(${sql.join(pairs)})`;
}

const isoUtc = (column: RawBuilder<unknown>) =>
  sql`to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/**
 * One 'create' audit entry per order just inserted, built in SQL from the rows (the shape
 * `recordAudit` gives a create), with the order's own fields and its line count: the lines
 * themselves are in order_lines, which never change. Thousands of JSON parameters, or each order's
 * lines as JSON, would cost more than the orders themselves.
 */
export async function auditCreatedOrders(
  trx: Tx,
  actor: Principal,
  orderIds: readonly string[],
  lineCounts: readonly number[],
): Promise<void> {
  if (orderIds.length === 0) return;
  const who = actorColumns(actor);
  const changes = createdFields({
    person_id: sql`o.person_id`,
    ordered_at: isoUtc(sql`o.ordered_at`),
    channel: sql`o.channel`,
    status: sql`o.status`,
    currency: sql`o.currency`,
    total: sql`o.total`,
    cost_total: sql`o.cost_total`,
    idempotency_key: sql`o.idempotency_key`,
    line_count: sql`n.line_count`,
  });
  await sql`
    insert into audit_log (workspace_id, actor_user_id, actor_kind, action, object_type, object_id, changes, request_id)
    select o.workspace_id, ${who.userId}::uuid, ${who.kind}, 'create', 'orders', o.id::text, ${changes}, ${who.requestId}
    from unnest(${orderIds}::uuid[], ${lineCounts}::int[]) with ordinality as n(id, line_count, ord)
    join orders o on o.workspace_id = ${actor.workspaceId} and o.id = n.id
    order by n.ord`.execute(trx);
}

/** One 'create' audit entry per person just created for an order, with the identities they hold. */
export async function auditCreatedPeople(
  trx: Tx,
  actor: Principal,
  personIds: readonly string[],
): Promise<void> {
  if (personIds.length === 0) return;
  const who = actorColumns(actor);
  const changes = createdFields({
    display_name: sql`p.display_name`,
    lifecycle_stage: sql`p.lifecycle_stage`,
    identities: sql`(select jsonb_agg(i.kind || ':' || i.value order by i.kind, i.value) from identities i
      where i.workspace_id = p.workspace_id and i.person_id = p.id)`,
  });
  await sql`
    insert into audit_log (workspace_id, actor_user_id, actor_kind, action, object_type, object_id, changes, request_id)
    select p.workspace_id, ${who.userId}::uuid, ${who.kind}, 'create', 'people', p.id::text, ${changes}, ${who.requestId}
    from unnest(${personIds}::uuid[]) with ordinality as n(id, ord)
    join people p on p.workspace_id = ${actor.workspaceId} and p.id = n.id
    order by n.ord`.execute(trx);
}
