import { sql } from 'kysely';
import type { Db } from '../db/index';
import { type Tx, withTenant } from '../db/index';
import type { PersonTraces } from './erasure';
import { authorize, type Principal } from './permissions';
import { platform } from './tables';

export type AuditAction = 'create' | 'update' | 'delete' | 'merge';
export type FieldChanges = Record<string, { before: unknown; after: unknown }>;
type Fields = Record<string, unknown>;

export interface AuditEntry {
  action: AuditAction;
  objectType: string;
  objectId: string;
  before?: Fields | null;
  after?: Fields | null;
}

const NEVER_LOGGED = new Set(['password_hash', 'token_hash', 'csrf_token', 'workspace_id', 'updated_at']);

/** Field-level before/after: every field on create and delete, only the changed ones on update. */
export function diffFields(
  before: Fields | null | undefined,
  after: Fields | null | undefined,
): FieldChanges {
  const changes: FieldChanges = {};
  const keys = new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})]);
  for (const key of keys) {
    if (NEVER_LOGGED.has(key)) continue;
    const b = normalise(before?.[key]);
    const a = normalise(after?.[key]);
    if (before && after && JSON.stringify(b) === JSON.stringify(a)) continue;
    changes[key] = { before: before ? b : null, after: after ? a : null };
  }
  return changes;
}

function normalise(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  return value === undefined ? null : value;
}

/** Records one change inside the caller's transaction, so the change and its record commit together. */
export async function recordAudit(trx: Tx, actor: Principal, entry: AuditEntry): Promise<void> {
  await platform(trx)
    .insertInto('audit_log')
    .values({
      workspace_id: actor.workspaceId,
      actor_user_id: actor.via === 'system' ? null : actor.userId,
      actor_kind: actorKind(actor),
      action: entry.action,
      object_type: entry.objectType,
      object_id: entry.objectId,
      changes: JSON.stringify(diffFields(entry.before, entry.after)),
      request_id: actor.requestId ?? null,
    })
    .execute();
}

/** Records many changes with one statement per chunk, inside the caller's transaction (bulk ingest). */
export async function recordAuditBatch(trx: Tx, actor: Principal, entries: AuditEntry[]): Promise<void> {
  // One JSON parameter for the whole batch: building and sending 8 parameters per row costs the
  // server process more than the rows themselves (bulk ingest audits 10,000 rows a call).
  const CHUNK = 20_000;
  for (let i = 0; i < entries.length; i += CHUNK) {
    const batch = JSON.stringify(
      entries
        .slice(i, i + CHUNK)
        .map((e) => [e.action, e.objectType, e.objectId, diffFields(e.before, e.after)]),
    );
    await sql`
      insert into audit_log (workspace_id, actor_user_id, actor_kind, action, object_type, object_id, changes,
        request_id)
      select ${actor.workspaceId}::uuid, ${actor.via === 'system' ? null : actor.userId}::uuid,
        ${actorKind(actor)}, e ->> 0, e ->> 1, e ->> 2, e -> 3, ${actor.requestId ?? null}::text
      from jsonb_array_elements(${batch}::jsonb) with ordinality as t (e, n)
      order by n`.execute(trx);
  }
}

function actorKind(actor: Principal): 'user' | 'token' | 'system' {
  return actor.via === 'session' ? 'user' : actor.via === 'token' ? 'token' : 'system';
}

/**
 * A privacy erasure's redaction of the audit log: every entry about the person (their own, those of
 * the records named, and any whose values mention their traces) has its values redacted in place,
 * through the one privileged path the append-only log allows (platform/functions/rapport_redact_person_audit.sql), which also writes the
 * erasure's entry with `before`/`after` and the number of entries redacted. Returns that number.
 */
export async function redactPersonAudit(
  trx: Tx,
  actor: Principal,
  input: {
    traces: PersonTraces;
    objects: readonly { objectType: string; objectId: string }[];
    before: Fields;
    after: Fields;
  },
): Promise<number> {
  const { traces, objects } = input;
  const { rows } = await sql<{ n: number }>`
    select rapport_redact_person_audit(
      ${traces.personId}::uuid, ${traces.texts}::text[], ${traces.digits}::text[],
      ${objects.map((o) => o.objectType)}::text[], ${objects.map((o) => o.objectId)}::text[],
      ${actor.via === 'system' ? null : actor.userId}::uuid, ${actorKind(actor)}, ${actor.requestId ?? null}::text,
      ${JSON.stringify(diffFields(input.before, input.after))}::jsonb) as n`.execute(trx);
  return rows[0]?.n ?? 0;
}

export interface AuditQuery {
  objectType?: string;
  objectId?: string;
  actorUserId?: string;
  action?: AuditAction;
  before?: number;
  limit: number;
}

export interface AuditRecord {
  id: number;
  at: string;
  actorUserId: string | null;
  actorKind: string;
  action: string;
  objectType: string;
  objectId: string;
  changes: FieldChanges;
  requestId: string | null;
}

/** Newest first; `before` is the id cursor from the previous page. */
export async function listAudit(db: Db, actor: Principal, query: AuditQuery): Promise<AuditRecord[]> {
  authorize(actor, 'audit_log', 'read');
  return withTenant(db, actor.workspaceId, async (trx) => {
    let q = platform(trx).selectFrom('audit_log').selectAll().where('workspace_id', '=', actor.workspaceId);
    if (query.objectType) q = q.where('object_type', '=', query.objectType);
    if (query.objectId) q = q.where('object_id', '=', query.objectId);
    if (query.actorUserId) q = q.where('actor_user_id', '=', query.actorUserId);
    if (query.action) q = q.where('action', '=', query.action);
    if (query.before !== undefined) q = q.where('id', '<', query.before);
    const rows = await q.orderBy('id', 'desc').limit(query.limit).execute();
    return rows.map((r) => ({
      id: r.id,
      at: new Date(r.at).toISOString(),
      actorUserId: r.actor_user_id,
      actorKind: r.actor_kind,
      action: r.action,
      objectType: r.object_type,
      objectId: r.object_id,
      changes: r.changes as FieldChanges,
      requestId: r.request_id,
    }));
  });
}
