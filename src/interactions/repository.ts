import { sql } from 'kysely';
import type { Tx } from '../db/tenant';
import { unnestInsert } from '../db/unnest';
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
    where i.workspace_id = ${workspaceId} and i.idempotency_key = any(${keys}::text[])`.execute(trx);
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

/** A row to insert, in INSERT_COLUMNS order. */
export type InteractionRow = readonly [
  workspaceId: string,
  id: string,
  personId: string | null,
  channel: string,
  direction: string,
  type: string,
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
];

const INSERT_COLUMNS = [
  ['workspace_id', 'uuid'],
  ['id', 'uuid'],
  ['person_id', 'uuid'],
  ['channel', 'text'],
  ['direction', 'text'],
  ['type', 'text'],
  ['occurred_at', 'timestamptz'],
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
] as const;

/**
 * One statement for all rows; a key another transaction committed meanwhile is skipped
 * (`on conflict do nothing`). Returns the ids actually inserted.
 */
export async function insertInteractions(trx: Tx, rows: readonly InteractionRow[]): Promise<Set<string>> {
  if (rows.length === 0) return new Set();
  const { rows: inserted } = await sql<{ id: string }>`${unnestInsert('interactions', INSERT_COLUMNS, rows)}
    on conflict (workspace_id, idempotency_key) do nothing
    returning id`.execute(trx);
  return new Set(inserted.map((r) => r.id));
}
