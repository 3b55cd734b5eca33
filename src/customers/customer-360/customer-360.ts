import type { Db } from '../../db/index';
import { withTenant } from '../../db/index';
import { notFound } from '../../platform/index';
import { authorize, levelFor, type Principal } from '../../platform/index';
import { optionalTables } from './customer-360-optional';
import { type Json, load360, type Row360 } from './customer-360-repository';
import { type Identity, type Person, toPerson } from '../people/person-view';
import type { LifecycleStage } from '../tables';

export interface OrdersSummary {
  /** Orders placed or fulfilled (cancelled and returned ones do not count). */
  count: number;
  revenue: number;
  /** The currency of the revenue; null when the orders are in several currencies (or there are none). */
  currency: string | null;
  lastOrder: Json | null;
}

export interface Customer360 {
  id: string;
  profile: Omit<Person, 'identities'>;
  identities: Identity[];
  /** The state now per channel and purpose (the latest grant or withdrawal). */
  consent: Json[];
  /** The primary account, with the person's role there. */
  account: Json | null;
  /** Every account the person belongs to (role, since), primary first. */
  accounts: Json[];
  lifecycle: { stage: LifecycleStage; since: string | null };
  /** The latest interactions, newest first. */
  interactions: Json[];
  openTasks: Json[];
  ordersSummary: OrdersSummary;
  openCases: Json[];
  openOpportunities: Json[];
  /** Written back by the analytics jobs: RFM segment, CLV, P(alive), churn risk, preferred channel... */
  scores: Json | null;
  nextBestOffer: Json | null;
}

/**
 * Everything the front line needs about one person on one page, in one statement inside one tenant
 * transaction. Sections the caller's role may not read come back empty.
 */
export async function getCustomer360(db: Db, actor: Principal, personId: string): Promise<Customer360> {
  authorize(actor, 'people', 'read');
  const can = (type: Parameters<typeof levelFor>[1]) => levelFor(actor, type, 'read') !== 'none';
  return withTenant(db, actor.workspaceId, async (trx) => {
    const optional = await optionalTables(db, trx);
    const row = await load360(trx, actor.workspaceId, personId, {
      account: can('accounts'),
      interactions: can('interactions'),
      orders: can('orders'),
      consent: optional.consent,
      scores: optional.scores && can('analytics'),
      tasks: can('tasks') ? optional.tasks : null,
      cases: can('cases') ? optional.cases : null,
      opportunities: can('opportunities') ? optional.opportunities : null,
    });
    if (!row) throw notFound('Person');
    authorize(actor, 'people', 'read', { ownerId: row.owner_id, ownerTeamId: row.team_id });
    return to360(row);
  });
}

function to360(row: Row360): Customer360 {
  const { identities: _identities, ...profile } = toPerson(row, row.identities as unknown as Identity[]);
  const currencies = row.orders.currencies ?? [];
  return {
    id: row.id,
    profile,
    identities: row.identities as unknown as Identity[],
    consent: row.consent.map(camelDates),
    account: row.account ? camelDates(row.account) : null,
    accounts: row.accounts.map(camelDates),
    lifecycle: { stage: row.lifecycle_stage, since: iso(row.stage_since) },
    interactions: row.interactions.map(camelDates),
    openTasks: row.tasks.map(camelDates),
    ordersSummary: {
      count: Number(row.orders.count),
      revenue: Number(row.orders.revenue),
      currency: currencies.length === 1 ? (currencies[0] ?? null) : null,
      lastOrder: row.last_order ? camelDates(row.last_order) : null,
    },
    openCases: row.cases.map(camelDates),
    openOpportunities: row.opportunities.map(camelDates),
    scores: row.scores ? camelDates(row.scores) : null,
    nextBestOffer: null,
  };
}

const ISO_IN_JSON = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?([+-]\d{2}(:\d{2})?|Z)$/;

/** Keys in camelCase and timestamps as UTC ISO strings, whatever table a section came from. */
function camelDates(object: Json): Json {
  const out: Json = {};
  for (const [key, value] of Object.entries(object)) {
    const camel = key.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
    out[camel] = typeof value === 'string' && ISO_IN_JSON.test(value) ? new Date(value).toISOString() : value;
  }
  return out;
}

function iso(value: Date | string | null): string | null {
  return value === null ? null : new Date(value).toISOString();
}
