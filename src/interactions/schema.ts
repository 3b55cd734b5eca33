import { type Static, Type } from 'typebox';
import { CursorPage, DateTime, Enum, JsonObject, Nullable, Strict, Uuid } from '../platform/index';
import { TIMELINE_MAX_LIMIT } from './timeline';
import { LIMITS } from './input';
import { CHANNELS, DIRECTIONS } from './tables';

/** The request and response shapes of the interaction routes: ingest (one, bulk, stream) and the timeline. */

export const Channel = Enum(CHANNELS);
export type Channel = Static<typeof Channel>;
export const Direction = Enum(DIRECTIONS);
export type Direction = Static<typeof Direction>;
const Text = (max: number) => Type.Optional(Nullable(Type.String({ maxLength: max })));

export const IdentifiersInput = Type.Object(
  {
    email: Type.Optional(Type.String({ maxLength: LIMITS.identifier })),
    phone: Type.Optional(Type.String({ maxLength: LIMITS.identifier })),
    externalId: Type.Optional(
      Type.String({ maxLength: LIMITS.identifier, description: 'source:id, e.g. shop:1' }),
    ),
    deviceId: Type.Optional(Type.String({ maxLength: LIMITS.identifier })),
    social: Type.Optional(Type.String({ maxLength: LIMITS.identifier })),
    name: Type.Optional(
      Type.String({ maxLength: LIMITS.name, description: 'for a person created from these' }),
    ),
  },
  { ...Strict, description: 'Finds the person (exact match on any); unknown ones create or attach' },
);

/** One interaction (documentation: the service checks each item itself, so one bad item spoils nothing). */
export const NewInteraction = Type.Object(
  {
    idempotencyKey: Type.String({ minLength: 1, maxLength: LIMITS.idempotencyKey }),
    channel: Channel,
    direction: Type.Optional(Enum(DIRECTIONS, { default: 'inbound' })),
    type: Type.String({
      minLength: 1,
      maxLength: LIMITS.type,
      description: 'visit, page_view, call, purchase...',
    }),
    occurredAt: Type.String({ format: 'date-time', description: 'not before 1970, at most a day ahead' }),
    durationSeconds: Type.Optional(Nullable(Type.Integer({ minimum: 0 }))),
    agent: Text(LIMITS.identifier),
    subject: Text(LIMITS.subject),
    summary: Text(LIMITS.summary),
    body: Text(LIMITS.body),
    metadata: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
    links: Type.Optional(
      Type.Record(Type.String(), Type.String(), { description: 'e.g. {"orderId": "..."}' }),
    ),
    identifiers: Type.Optional(IdentifiersInput),
    personId: Type.Optional(Uuid),
  },
  Strict,
);
export type NewInteraction = Static<typeof NewInteraction>;

export const RecordedInteraction = Type.Object({
  status: Enum(['created', 'duplicate'], {
    description: 'duplicate: the idempotency key was used before, this is the first row',
  }),
  id: Uuid,
  personId: Nullable(Uuid),
});
export type RecordedInteraction = Static<typeof RecordedInteraction>;

export const LinkExplanation = Type.Union(
  [
    Type.Object({ by: Type.Literal('personId') }),
    Type.Object({
      by: Type.Literal('identifiers'),
      matchedBy: Type.Array(Type.String(), {
        description: 'kind:value of the identifiers that found the person',
      }),
      attached: Type.Array(Type.String(), { description: 'New identifiers this interaction added' }),
      createdPerson: Type.Boolean(),
      alsoMatched: Type.Array(Uuid, { description: 'Other people the identifiers pointed at' }),
    }),
  ],
  { description: 'How the interaction was tied to its person' },
);

export const TimelineItem = Type.Object({
  id: Uuid,
  personId: Uuid,
  channel: Channel,
  direction: Direction,
  type: Type.String(),
  occurredAt: DateTime,
  durationSeconds: Nullable(Type.Integer()),
  agentId: Nullable(Uuid),
  subject: Nullable(Type.String()),
  summary: Nullable(Type.String()),
  body: Nullable(Type.String()),
  metadata: JsonObject,
  links: Type.Record(Type.String(), Type.String()),
  identifiers: Type.Record(Type.String(), Type.String(), { description: 'As the interaction arrived' }),
  link: Nullable(LinkExplanation),
  idempotencyKey: Nullable(Type.String()),
  createdAt: DateTime,
});
export type TimelineItem = Static<typeof TimelineItem>;
export const TimelinePage = CursorPage(TimelineItem);
export type TimelinePage = Static<typeof TimelinePage>;

const OneOrMore = Type.Optional(Type.Union([Type.String({ maxLength: 500 }), Type.Array(Type.String())]));
export const TimelineQuery = Type.Object(
  {
    channel: OneOrMore,
    type: OneOrMore,
    cursor: Type.Optional(Type.String({ maxLength: 200 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: TIMELINE_MAX_LIMIT })),
  },
  Strict,
);
