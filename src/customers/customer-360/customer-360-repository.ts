import { type RawBuilder, sql } from 'kysely';
import type { Tx } from '../../db/index';
import type { OpenRecords } from './customer-360-optional';
import type { PersonRow } from '../people/person-view';

/** What the caller may see besides the person, and which optional tables hold it. */
export interface Sections {
  account: boolean;
  interactions: boolean;
  orders: boolean;
  consent: boolean;
  scores: boolean;
  tasks: OpenRecords | null;
  cases: OpenRecords | null;
  opportunities: OpenRecords | null;
}

export type Json = Record<string, unknown>;

export type Row360 = PersonRow & {
  stage_since: Date | null;
  identities: Json[];
  account: Json | null;
  accounts: Json[];
  interactions: Json[];
  orders: { count: number; revenue: number; currencies: string[] | null };
  last_order: Json | null;
  consent: Json[];
  scores: Json | null;
  tasks: Json[];
  cases: Json[];
  opportunities: Json[];
};

export const LATEST_INTERACTIONS = 20;
const OPEN_RECORDS = 20;
const PURCHASE_STATES = ['placed', 'fulfilled'];

const empty = sql`'[]'::jsonb`;
const none = sql`null::jsonb`;

/**
 * The whole customer 360 in one statement: each section is a subquery on an index that starts with
 * (workspace_id, person_id), so the cost stays flat as the tables grow.
 */
export async function load360(
  trx: Tx,
  workspaceId: string,
  personId: string,
  sections: Sections,
): Promise<Row360 | undefined> {
  const { rows } = await sql<Row360>`
    select p.*,
      (select max(l.changed_at) from lifecycle_changes l
        where l.workspace_id = p.workspace_id and l.person_id = p.id and l.to_stage = p.lifecycle_stage) as stage_since,
      coalesce((select jsonb_agg(jsonb_build_object('id', i.id, 'kind', i.kind, 'value', i.value, 'raw', i.raw,
          'source', i.source) order by i.kind, i.created_at)
        from identities i where i.workspace_id = p.workspace_id and i.person_id = p.id), '[]'::jsonb) as identities,
      ${sections.account ? account : none} as account,
      ${sections.account ? accounts : empty} as accounts,
      ${sections.interactions ? interactions : empty} as interactions,
      ${sections.orders ? orders : sql`jsonb_build_object('count', 0, 'revenue', 0)`} as orders,
      ${sections.orders ? lastOrder : none} as last_order,
      ${sections.consent ? consent : empty} as consent,
      ${sections.scores ? scores : none} as scores,
      ${openRecords(sections.tasks)} as tasks,
      ${openRecords(sections.cases)} as cases,
      ${openRecords(sections.opportunities)} as opportunities
    from people p
    where p.workspace_id = ${workspaceId} and p.id = ${personId}`.execute(trx);
  return rows[0];
}

/** The primary account, with the person's role there. */
const account = sql`(select jsonb_build_object('id', a.id, 'name', a.name, 'domain', a.domain,
    'industry', a.industry, 'size', a.size, 'ownerId', a.owner_id, 'teamId', a.team_id,
    'role', coalesce(m.role, p.account_role), 'since', m.since)
  from accounts a
  left join account_members m on m.workspace_id = a.workspace_id and m.account_id = a.id and m.person_id = p.id
  where a.workspace_id = p.workspace_id and a.id = p.account_id)`;

/** Every account the person belongs to, primary first, then in the order joined. */
const accounts = sql`coalesce((select jsonb_agg(jsonb_build_object('id', a.id, 'name', a.name, 'domain', a.domain,
      'role', m.role, 'since', m.since, 'primary', coalesce(a.id = p.account_id, false))
    order by coalesce(a.id = p.account_id, false) desc, m.since, a.id)
  from account_members m
  join accounts a on a.workspace_id = m.workspace_id and a.id = m.account_id
  where m.workspace_id = p.workspace_id and m.person_id = p.id), '[]'::jsonb)`;

const interactions = sql`coalesce((select jsonb_agg(x.j) from (
    select jsonb_build_object('id', n.id, 'channel', n.channel, 'direction', n.direction, 'type', n.type,
      'occurredAt', n.occurred_at, 'durationSeconds', n.duration_seconds, 'subject', n.subject,
      'summary', n.summary, 'metadata', n.metadata,
      'agent', case when u.id is null then null else jsonb_build_object('id', u.id, 'name', u.name) end) as j
    from interactions n
    left join users u on u.workspace_id = n.workspace_id and u.id = n.agent_id
    where n.workspace_id = p.workspace_id and n.person_id = p.id
    order by n.occurred_at desc, n.id desc
    limit ${LATEST_INTERACTIONS}) x), '[]'::jsonb)`;

const orders = sql`(select jsonb_build_object('count', count(*), 'revenue', coalesce(sum(o.total), 0),
    'currencies', array_agg(distinct o.currency))
  from orders o where o.workspace_id = p.workspace_id and o.person_id = p.id
    and o.status = any(${PURCHASE_STATES}::text[]))`;

const lastOrder = sql`(select jsonb_build_object('id', o.id, 'orderedAt', o.ordered_at, 'status', o.status,
    'channel', o.channel, 'total', o.total, 'currency', o.currency)
  from orders o where o.workspace_id = p.workspace_id and o.person_id = p.id
  order by o.ordered_at desc limit 1)`;

/** The latest consent event per channel and purpose: the state now. */
const consent = sql`coalesce((select jsonb_agg(c.j order by c.channel, c.purpose) from (
    select distinct on (e.channel, e.purpose) e.channel, e.purpose,
      jsonb_build_object('channel', e.channel, 'purpose', e.purpose, 'state', e.state, 'source', e.source,
        'recordedAt', e.recorded_at) as j
    from consent_events e where e.workspace_id = p.workspace_id and e.person_id = p.id
    order by e.channel, e.purpose, e.id desc) c), '[]'::jsonb)`;

const scores = sql`(select to_jsonb(s) - 'workspace_id' - 'person_id' from customer_scores s
  where s.workspace_id = p.workspace_id and s.person_id = p.id)`;

function openRecords(rule: OpenRecords | null): RawBuilder<unknown> {
  if (!rule) return empty;
  return sql`coalesce((select jsonb_agg(x.j) from (
      select to_jsonb(t) - 'workspace_id' as j from ${sql.table(rule.table)} t
      where t.workspace_id = p.workspace_id and t.person_id = p.id and ${sql.raw(rule.open)}
      order by ${sql.raw(rule.order)} limit ${OPEN_RECORDS}) x), '[]'::jsonb)`;
}
