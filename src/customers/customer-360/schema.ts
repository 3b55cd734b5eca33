import { type Static, type StaticDecode, Type } from 'typebox';
import { DateTime, Enum, JsonObject, Nullable, Uuid } from '../../platform/index';
import { ConsentChannel, ConsentPurpose, ConsentState } from '../consent/schema';
import { Identity, LifecycleStage, Profile } from '../people/schema';

/**
 * The customer 360 as the API answers it: one read of everything the front line needs about a
 * person. Sections the caller's role may not read come back empty (an empty list, or null).
 */

/** The latest consent event per channel and purpose. */
export const ConsentNow = Type.Object({
  channel: ConsentChannel,
  purpose: ConsentPurpose,
  state: ConsentState,
  source: Type.String(),
  recordedAt: DateTime,
});

export const PrimaryAccount = Type.Object(
  {
    id: Uuid,
    name: Type.String(),
    domain: Nullable(Type.String()),
    industry: Nullable(Type.String()),
    size: Nullable(Type.String()),
    ownerId: Nullable(Uuid),
    teamId: Nullable(Uuid),
    role: Nullable(Type.String({ description: 'The person’s role there' })),
    since: Nullable(DateTime),
  },
  { description: 'The primary account, with the person’s role there' },
);

export const MemberOf = Type.Object({
  id: Uuid,
  name: Type.String(),
  domain: Nullable(Type.String()),
  role: Nullable(Type.String()),
  since: DateTime,
  primary: Type.Boolean(),
});

export const LatestInteraction = Type.Object({
  id: Uuid,
  channel: Type.String(),
  direction: Enum(['inbound', 'outbound']),
  type: Type.String(),
  occurredAt: DateTime,
  durationSeconds: Nullable(Type.Integer()),
  subject: Nullable(Type.String()),
  summary: Nullable(Type.String()),
  metadata: JsonObject,
  agent: Nullable(Type.Object({ id: Uuid, name: Type.String() })),
});

export const OpenTask = Type.Object({
  id: Uuid,
  kind: Type.String({ description: 'call_back, follow_up or to_do' }),
  title: Type.String(),
  details: Nullable(Type.String()),
  dueAt: DateTime,
  assigneeId: Uuid,
  teamId: Nullable(Uuid),
  personId: Nullable(Uuid),
  accountId: Nullable(Uuid),
  doneAt: Nullable(DateTime),
  doneBy: Nullable(Uuid),
  createdBy: Nullable(Uuid),
  createdAt: DateTime,
  updatedAt: DateTime,
});

export const LastOrder = Type.Object({
  id: Uuid,
  orderedAt: DateTime,
  status: Type.String({ description: 'placed, fulfilled, cancelled or returned' }),
  channel: Type.String(),
  total: Type.Number(),
  currency: Type.String(),
});

export const OrdersSummary = Type.Object({
  count: Type.Integer({
    description: 'Orders placed or fulfilled (cancelled and returned ones do not count)',
  }),
  revenue: Type.Number(),
  currency: Nullable(Type.String(), {
    description: 'null when the orders are in several currencies, or none',
  }),
  lastOrder: Nullable(LastOrder),
});

/** Written back onto the person by the analytics jobs (null: never computed). */
export const PersonScoresRow = Type.Object({
  rfmRecencyDays: Nullable(Type.Integer()),
  rfmFrequency: Nullable(Type.Integer()),
  rfmMonetary: Nullable(Type.Number()),
  rfmR: Nullable(Type.Integer()),
  rfmF: Nullable(Type.Integer()),
  rfmM: Nullable(Type.Integer()),
  rfmSegment: Nullable(Type.String()),
  clv: Nullable(Type.Number()),
  pAlive: Nullable(Type.Number()),
  churnRisk: Nullable(Type.Number()),
  expectedPurchases: Nullable(Type.Number()),
  preferredChannel: Nullable(Type.String()),
  profit: Nullable(Type.Number()),
  profitDecile: Nullable(Type.Integer()),
  computedAt: DateTime,
});

export const Customer360 = Type.Object({
  id: Uuid,
  profile: Profile,
  identities: Type.Array(Identity),
  consent: Type.Array(ConsentNow),
  account: Nullable(PrimaryAccount),
  accounts: Type.Array(MemberOf, { description: 'Every account the person belongs to, primary first' }),
  lifecycle: Type.Object({ stage: LifecycleStage, since: Nullable(DateTime) }),
  interactions: Type.Array(LatestInteraction, { description: 'The latest, newest first' }),
  openTasks: Type.Array(OpenTask, { description: 'Soonest due first' }),
  ordersSummary: OrdersSummary,
  openCases: Type.Array(JsonObject, { description: 'Filled once cases are recorded (the service slice)' }),
  openOpportunities: Type.Array(JsonObject, {
    description: 'Filled once opportunities are recorded (sales pipelines)',
  }),
  scores: Nullable(PersonScoresRow),
  nextBestOffer: Nullable(JsonObject, { description: 'Not computed yet: null' }),
});
export type Customer360 = Static<typeof Customer360>;
/**
 * The 360 as the service builds it. Its sections are JSON put together by SQL
 * (customer-360-repository.ts), typed there as loose records: this is their shape, which the
 * response check of the HTTP tests holds the SQL to.
 */
export type Customer360Reply = StaticDecode<typeof Customer360>;
export type Customer360Scores = Static<typeof PersonScoresRow>;
