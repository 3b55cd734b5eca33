import { type RawBuilder, sql } from 'kysely';
import type { Tx } from '../db/index';
import { arrayLiteral, arrayParam, bracketed } from '../db/index';
import type { Principal } from '../platform/index';
import { opaqueUuid } from '../db/index';

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
    where i.workspace_id = ${opaqueUuid(workspaceId)} and i.idempotency_key = any(${arrayParam(keys, 'text')})`.execute(
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

/** A row to insert, without what identity resolution decides: in COLUMNS order, `person_id` left out. */
export type PreparedRow = readonly [
  id: string,
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
  idempotencyKey: string | null,
];

/** What resolution decides for a row: its person, how it was found (JSON), and that in a word for the audit. */
export type RowLink = readonly [personId: string | null, resolution: string | null, linkedBy: string];

const PREPARED = [
  ['id', 'uuid'],
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
  ['idempotency_key', 'text'],
] as const;
const LINKED = [
  ['person_id', 'uuid'],
  ['resolution', 'jsonb'],
  ['linked_by', 'text'],
] as const;
type Column = (typeof PREPARED)[number][0] | (typeof LINKED)[number][0];

/** The columns of `interactions` written, and how each is read from the parameters' rows `r`. */
const INSERTED: readonly [Column, RawBuilder<unknown>][] = [
  ...PREPARED.map(([name]): [Column, RawBuilder<unknown>] => [
    name,
    name === 'occurred_at' ? sql`r.occurred_at::timestamptz` : sql.ref(`r.${name}`),
  ]),
  ['person_id', sql.ref('r.person_id')],
  ['resolution', sql`nullif(r.resolution, 'null'::jsonb)`],
];
/** What the audit entry of a created interaction records (never identifier values: see `linkedBy`). */
const AUDITED: readonly Column[] = [
  'person_id',
  'channel',
  'direction',
  'type',
  'occurred_at',
  'idempotency_key',
  'linked_by',
];

/**
 * The parameters of a batch's rows, built before identity resolution (which holds the workspace's
 * resolution lock until the transaction ends): every column but the three resolution decides.
 */
export interface PreparedBatch {
  rows: readonly PreparedRow[];
  literals: Map<Column, string>;
}

export function prepareInteractions(rows: readonly PreparedRow[]): PreparedBatch {
  const literals = new Map<Column, string>();
  PREPARED.forEach(([name, type], c) => {
    literals.set(
      name,
      literal(type, rows, (row) => row[c] as string | number | null),
    );
  });
  return { rows, literals };
}

/**
 * Two statements for a prepared batch and its links (one per row, same order): the interactions (a
 * key another transaction committed meanwhile is skipped, `on conflict do nothing`), then a `create`
 * audit entry for each row inserted, in input order, built by the database from the same parameters
 * (the fields `recordAudit` writes, with the before/after form of `diffFields`). Returns the ids
 * actually inserted.
 */
export async function insertInteractions(
  trx: Tx,
  actor: Principal,
  batch: PreparedBatch,
  links: readonly RowLink[],
): Promise<Set<string>> {
  if (batch.rows.length !== links.length) throw new Error('every prepared row needs its link');
  if (links.length === 0) return new Set();
  const ws = actor.workspaceId;
  const literals = new Map(batch.literals);
  LINKED.forEach(([name, type], c) => {
    literals.set(
      name,
      literal(type, links, (link) => link[c] as string | null),
    );
  });
  const read = (names: readonly Column[]) => columnsOf(names, literals);
  const all = [...PREPARED.map(([n]) => n), ...LINKED.map(([n]) => n)];
  const { rows: returned } = await sql<{ id: string }>`
    insert into interactions (workspace_id, ${sql.join(INSERTED.map(([name]) => sql.ref(name)))})
    select ${ws}::uuid, ${sql.join(INSERTED.map(([, value]) => value))}
    from rows from (${read(all)}) as r(${sql.join(all.map((n) => sql.ref(n)))})
    on conflict (workspace_id, idempotency_key) do nothing
    returning id`.execute(trx);
  const inserted = new Set(returned.map((r) => r.id));
  if (inserted.size === 0) return inserted;
  let audited = literals;
  if (inserted.size < links.length) {
    // Some keys were committed by another transaction meanwhile: audit only the rows inserted.
    const keep = batch.rows.map((row) => inserted.has(row[0]));
    const subset = prepareInteractions(batch.rows.filter((_, k) => keep[k]));
    audited = new Map(subset.literals);
    const kept = links.filter((_, k) => keep[k]);
    LINKED.forEach(([name, type], c) => {
      audited.set(
        name,
        literal(type, kept, (link) => link[c] as string | null),
      );
    });
  }
  const kind = actor.via === 'session' ? 'user' : actor.via === 'token' ? 'token' : 'system';
  const columns: Column[] = ['id', ...AUDITED];
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
    from rows from (${columnsOf(columns, audited)}) with ordinality as a(${sql.join(
      columns.map((n) => sql.ref(n)),
    )}, ord)
    order by a.ord`.execute(trx);
  return inserted;
}

const TYPES = new Map<Column, string>([...PREPARED, ...LINKED]);

/** A column's parameter: an array literal, or for JSON a JSON array (the values are JSON text already). */
function literal<T>(type: string, rows: readonly T[], value: (row: T) => string | number | null): string {
  return type === 'jsonb'
    ? bracketed(rows, (row) => (value(row) as string | null) ?? 'null', '[', ']')
    : arrayLiteral(rows.map(value));
}

/** The named columns side by side, for ROWS FROM: `unnest($n::type[])` or `jsonb_array_elements($n::jsonb)`. */
function columnsOf(names: readonly Column[], literals: Map<Column, string>) {
  return sql.join(
    names.map((name) => {
      const type = TYPES.get(name) as string;
      const text = literals.get(name) as string;
      return type === 'jsonb'
        ? sql`jsonb_array_elements(${text}::jsonb)`
        : sql`unnest(${text}::${sql.raw(type)}[])`;
    }),
  );
}
