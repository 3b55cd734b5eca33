import { sql } from 'kysely';
import type { Tx } from '../db/tenant';
import { arrayLiteral, arrayParam, bracketed } from '../db/array-param';
import type { Principal } from '../platform/permissions';
import { interactions } from './tables';

export async function workspaceRegion(trx: Tx, workspaceId: string): Promise<string> {
  const ws = await interactions(trx)
    .selectFrom('workspaces')
    .select('default_region')
    .where('id', '=', workspaceId)
    .executeTakeFirstOrThrow();
  return ws.default_region;
}

export interface StoredRef {
  id: string;
  personId: string | null;
}

/** The rows already holding these idempotency keys (one indexed lookup for a whole chunk). */
export async function findByKeys(
  trx: Tx,
  workspaceId: string,
  keys: string[],
): Promise<Map<string, StoredRef>> {
  if (keys.length === 0) return new Map();
  const { rows } = await sql<{ idempotency_key: string; id: string; person_id: string | null }>`
    select i.idempotency_key, i.id, i.person_id from interactions i
    where i.workspace_id = ${workspaceId} and i.idempotency_key = any(${arrayParam(keys, 'text')})`.execute(
    trx,
  );
  return new Map(rows.map((r) => [r.idempotency_key, { id: r.id, personId: r.person_id }]));
}

/** Users of the workspace among these ids and (case-insensitive) emails: id -> id, email -> id. */
export async function findUsers(
  trx: Tx,
  workspaceId: string,
  ids: string[],
  emails: string[],
): Promise<Map<string, string>> {
  if (ids.length === 0 && emails.length === 0) return new Map();
  const { rows } = await sql<{ id: string; email: string }>`
    select id, lower(email::text) as email from users
    where workspace_id = ${workspaceId}
      and (id = any(${ids}::uuid[]) or lower(email::text) = any(${emails}::text[]))`.execute(trx);
  const found = new Map<string, string>();
  for (const r of rows) {
    found.set(r.id, r.id);
    found.set(r.email, r.id);
  }
  return found;
}

export async function findPeople(trx: Tx, workspaceId: string, ids: string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const { rows } = await sql<{ id: string }>`
    select id from people where workspace_id = ${workspaceId} and id = any(${ids}::uuid[])`.execute(trx);
  return new Set(rows.map((r) => r.id));
}

/** A row to insert, in INSERT_COLUMNS order, then how its person was found (for the audit entry). */
export type InteractionRow = readonly [
  id: string,
  personId: string | null,
  channel: string,
  direction: string,
  type: string,
  /** ISO 8601, as the audit entry says it. */
  occurredAt: string,
  durationSeconds: number | null,
  agentId: string | null,
  subject: string | null,
  summary: string | null,
  body: string | null,
  metadata: string,
  links: string,
  identifiers: string,
  resolution: string | null,
  idempotencyKey: string | null,
  linkedBy: string,
];

const COLUMNS = [
  ['id', 'uuid'],
  ['person_id', 'uuid'],
  ['channel', 'text'],
  ['direction', 'text'],
  ['type', 'text'],
  ['occurred_at', 'text'],
  ['duration_seconds', 'integer'],
  ['agent_id', 'uuid'],
  ['subject', 'text'],
  ['summary', 'text'],
  ['body', 'text'],
  ['metadata', 'jsonb'],
  ['links', 'jsonb'],
  ['identifiers', 'jsonb'],
  ['resolution', 'jsonb'],
  ['idempotency_key', 'text'],
  ['linked_by', 'text'],
] as const;
const INSERTED = COLUMNS.slice(0, -1).map(([name]) =>
  name === 'occurred_at'
    ? sql`r.occurred_at::timestamptz`
    : name === 'resolution'
      ? sql`nullif(r.resolution, 'null'::jsonb)`
      : sql.ref(`r.${name}`),
);
/** What the audit entry of a created interaction records (never identifier values: see `linkedBy`). */
const AUDITED = ['person_id', 'channel', 'direction', 'type', 'occurred_at', 'idempotency_key', 'linked_by'];

/**
 * Two statements for all rows: the interactions (a key another transaction committed meanwhile is
 * skipped, `on conflict do nothing`), then a `create` audit entry for each row inserted, in input order,
 * built by the database from the same parameters (the fields `recordAudit` writes, with the
 * before/after form of `diffFields`). Returns the ids actually inserted.
 */
export async function insertInteractions(
  trx: Tx,
  actor: Principal,
  rows: readonly InteractionRow[],
): Promise<Set<string>> {
  if (rows.length === 0) return new Set();
  const ws = actor.workspaceId;
  const all = COLUMNS.map(([name]) => name);
  const read = columnReader(rows);
  const { rows: returned } = await sql<{ id: string }>`
    insert into interactions (workspace_id, ${sql.join(COLUMNS.slice(0, -1).map(([name]) => sql.ref(name)))})
    select ${ws}::uuid, ${sql.join(INSERTED)}
    from rows from (${read(all)}) as r(${sql.join(all.map((n) => sql.ref(n)))})
    on conflict (workspace_id, idempotency_key) do nothing
    returning id`.execute(trx);
  const inserted = new Set(returned.map((r) => r.id));
  const audited = inserted.size === rows.length ? rows : rows.filter((row) => inserted.has(row[0]));
  if (audited.length === 0) return inserted;
  const kind = actor.via === 'session' ? 'user' : actor.via === 'token' ? 'token' : 'system';
  const columns = ['id', ...AUDITED];
  // A function scan WITH ORDINALITY is read in order: the entries are numbered in input order.
  await sql`
    insert into audit_log (workspace_id, actor_user_id, actor_kind, action, object_type, object_id, changes,
      request_id)
    select ${ws}::uuid, ${actor.via === 'system' ? null : actor.userId}::uuid, ${kind}::text, 'create',
      'interactions', a.id::text, jsonb_build_object(${sql.join(
        AUDITED.map(
          (f) => sql`${f}::text, jsonb_build_object('before', null, 'after', ${sql.ref(`a.${f}`)})`,
        ),
      )}), ${actor.requestId ?? null}::text
    from rows from (${(audited === rows ? read : columnReader(audited))(columns)}) with ordinality as a(${sql.join(
      columns.map((n) => sql.ref(n)),
    )}, ord)
    order by a.ord`.execute(trx);
  return inserted;
}

/**
 * Reads the named columns of the rows side by side (for ROWS FROM): `unnest($n::type[])` or, for JSON
 * columns, `jsonb_array_elements($n::jsonb)` (the values are JSON text already: nothing to escape).
 * Each column's parameter is built once, whichever statement sends it.
 */
function columnReader(rows: readonly InteractionRow[]) {
  const built = new Map<number, string>();
  return (names: readonly string[]) =>
    sql.join(
      names.map((name) => {
        const c = COLUMNS.findIndex(([n]) => n === name);
        const [, type] = COLUMNS[c] as (typeof COLUMNS)[number];
        let literal = built.get(c);
        if (literal === undefined) {
          literal =
            type === 'jsonb'
              ? bracketed(rows, (row) => (row[c] as string | null) ?? 'null', '[', ']')
              : arrayLiteral(rows.map((row) => row[c]));
          built.set(c, literal);
        }
        return type === 'jsonb'
          ? sql`jsonb_array_elements(${literal}::jsonb)`
          : sql`unnest(${literal}::${sql.raw(type)}[])`;
      }),
    );
}
