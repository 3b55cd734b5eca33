import { sql } from 'kysely';
import type { Db } from '../db/index';
import { withTenant } from '../db/index';
import { invalid, notFound, parseTime } from '../platform/index';
import { authorize, type Principal } from '../platform/index';
import { CHANNELS, type Channel, type Direction, interactions, type LinkExplanation } from './tables';

export interface TimelineQuery {
  /** One or more channels (repeat the parameter, or separate with commas). */
  channel?: string | string[];
  /** One or more types. */
  type?: string | string[];
  /** `nextCursor` of the previous page. */
  cursor?: string;
  limit?: number;
}

export interface TimelineItem {
  id: string;
  personId: string;
  channel: Channel;
  direction: Direction;
  type: string;
  occurredAt: string;
  durationSeconds: number | null;
  agentId: string | null;
  subject: string | null;
  summary: string | null;
  body: string | null;
  metadata: Record<string, unknown>;
  links: Record<string, string>;
  /** The identifiers the interaction arrived with. */
  identifiers: Record<string, string>;
  /** How it was tied to the person: which identifier matched, or a person id given by the caller. */
  link: LinkExplanation | null;
  idempotencyKey: string | null;
  createdAt: string;
}

export interface TimelinePage {
  items: TimelineItem[];
  nextCursor: string | null;
}

export const TIMELINE_MAX_LIMIT = 200;

type Row = {
  id: string;
  person_id: string;
  channel: Channel;
  direction: Direction;
  type: string;
  occurred_at: Date;
  cursor_at: string;
  duration_seconds: number | null;
  agent_id: string | null;
  subject: string | null;
  summary: string | null;
  body: string | null;
  metadata: Record<string, unknown>;
  links: Record<string, string>;
  identifiers: Record<string, string>;
  resolution: LinkExplanation | null;
  idempotency_key: string | null;
  created_at: Date;
};

/**
 * A person's interactions from every channel, newest first, keyset-paged on (occurred_at, id) so
 * a page costs the same at the top and a million rows down. Orders appear as their 'purchase'
 * interactions; a merge re-points the merged person's interactions, so their history shows here.
 */
export async function getTimeline(
  db: Db,
  actor: Principal,
  personId: string,
  query: TimelineQuery,
): Promise<TimelinePage> {
  authorize(actor, 'interactions', 'read');
  const channels = listOf(query.channel, 'channel');
  for (const c of channels)
    if (!(CHANNELS as readonly string[]).includes(c))
      throw invalid('channel', `unknown channel "${c}": one of ${CHANNELS.join(', ')}`);
  const types = listOf(query.type, 'type');
  const limit = query.limit ?? 50;
  if (!Number.isInteger(limit) || limit < 1 || limit > TIMELINE_MAX_LIMIT)
    throw invalid('limit', `must be from 1 to ${TIMELINE_MAX_LIMIT}`);
  const after = query.cursor ? decodeCursor(query.cursor) : undefined;
  return withTenant(db, actor.workspaceId, async (trx) => {
    const person = await interactions(trx)
      .selectFrom('people')
      .select(['owner_id', 'team_id'])
      .where('workspace_id', '=', actor.workspaceId)
      .where('id', '=', personId)
      .executeTakeFirstOrThrow(() => notFound('Person'));
    authorize(actor, 'interactions', 'read', { ownerId: person.owner_id, ownerTeamId: person.team_id });
    const { rows } = await sql<Row>`
      select id, person_id, channel, direction, type, occurred_at,
        -- Microsecond precision: a JavaScript Date would round the cursor and skip rows.
        to_char(occurred_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as cursor_at,
        duration_seconds, agent_id, subject, summary, body, metadata, links, identifiers, resolution,
        idempotency_key, created_at
      from interactions
      where workspace_id = ${actor.workspaceId} and person_id = ${personId}
        ${channels.length > 0 ? sql`and channel = any(${channels}::text[])` : sql``}
        ${types.length > 0 ? sql`and type = any(${types}::text[])` : sql``}
        ${after ? sql`and (occurred_at, id) < (${after.at}::timestamptz, ${after.id}::uuid)` : sql``}
      order by occurred_at desc, id desc
      limit ${limit + 1}`.execute(trx);
    const page = rows.slice(0, limit);
    const last = page.at(-1);
    return {
      items: page.map(toItem),
      nextCursor: rows.length > limit && last ? encodeCursor(last.cursor_at, last.id) : null,
    };
  });
}

function listOf(value: string | string[] | undefined, field: string): string[] {
  if (value === undefined) return [];
  const values = (Array.isArray(value) ? value : [value])
    .flatMap((v) => v.split(','))
    .map((v) => v.trim())
    .filter(Boolean);
  if (values.length > 20) throw invalid(field, 'at most 20 values');
  for (const v of values) if (v.length > 50) throw invalid(field, 'values are at most 50 characters');
  return [...new Set(values)];
}

function toItem(r: Row): TimelineItem {
  return {
    id: r.id,
    personId: r.person_id,
    channel: r.channel,
    direction: r.direction,
    type: r.type,
    occurredAt: new Date(r.occurred_at).toISOString(),
    durationSeconds: r.duration_seconds,
    agentId: r.agent_id,
    subject: r.subject,
    summary: r.summary,
    body: r.body,
    metadata: r.metadata,
    links: r.links,
    identifiers: r.identifiers,
    link: r.resolution,
    idempotencyKey: r.idempotency_key,
    createdAt: new Date(r.created_at).toISOString(),
  };
}

function encodeCursor(at: string, id: string): string {
  return Buffer.from(`${at}|${id}`).toString('base64url');
}

function decodeCursor(cursor: string): { at: string; id: string } {
  const [at, id] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  if (!at || !id || !parseTime(at) || !/^[0-9a-f-]{36}$/.test(id))
    throw invalid('cursor', 'is not a cursor from a previous page');
  return { at, id };
}
