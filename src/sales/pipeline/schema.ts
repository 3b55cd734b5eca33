import { type Static, type TSchema, Type } from 'typebox';
import { CLOSE_KINDS, OPPORTUNITY_STATUSES } from './tables';

/**
 * Request and response shapes of pipelines, opportunities and the board. Amounts are JSON numbers with
 * at most two decimals (checked by the service, which names the field); days are YYYY-MM-DD.
 */

export const Strict = { additionalProperties: false } as const;
export const Uuid = Type.String({ format: 'uuid' });
export const Day = Type.String({ format: 'date', description: 'YYYY-MM-DD' });
export const Month = Type.String({ pattern: '^\\d{4}-(0[1-9]|1[0-2])$', description: 'YYYY-MM' });
export const Moment = Type.String({ format: 'date-time' });
export const Currency = Type.String({ pattern: '^[A-Z]{3}$', description: 'ISO 4217, e.g. EUR' });
export const Money = Type.Number({ minimum: 0, maximum: 1e11, description: 'At most two decimals' });
export const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);
export const Text = (max: number, min = 1) => Type.String({ minLength: min, maxLength: max });
export const IdParams = Type.Object({ id: Uuid }, Strict);
export const Cursor = Type.String({ maxLength: 300, description: 'nextCursor of the previous page' });
export const Items = <T extends TSchema>(item: T) => Type.Object({ items: Type.Array(item) });
export const Page = <T extends TSchema>(item: T) =>
  Type.Object({
    items: Type.Array(item),
    nextCursor: Type.Union([Type.String(), Type.Null()], { description: 'null on the last page' }),
  });

export const StageView = Type.Object({
  id: Uuid,
  name: Type.String(),
  position: Type.Integer(),
  probability: Type.Integer({ description: 'Default win probability, percent' }),
});
export type StageView = Static<typeof StageView>;

export const PipelineView = Type.Object({
  id: Uuid,
  name: Type.String(),
  isDefault: Type.Boolean(),
  position: Type.Integer(),
  stages: Type.Array(StageView),
});
export type PipelineView = Static<typeof PipelineView>;

const StageInput = Type.Object(
  {
    id: Type.Optional(Uuid),
    name: Text(100),
    probability: Type.Integer({ minimum: 0, maximum: 100 }),
  },
  Strict,
);
export const StagesInput = Type.Object(
  {
    stages: Type.Array(StageInput, {
      minItems: 1,
      maxItems: 30,
      description:
        'In board order; stages with an id are kept (renamed), new ones added, missing ones removed',
    }),
  },
  Strict,
);
export type StagesInput = Static<typeof StagesInput>;

export const PipelineCreate = Type.Object(
  {
    name: Text(100),
    isDefault: Type.Optional(Type.Boolean()),
    stages: StagesInput.properties.stages,
  },
  Strict,
);
export type PipelineCreate = Static<typeof PipelineCreate>;

export const PipelineUpdate = Type.Object(
  { name: Type.Optional(Text(100)), isDefault: Type.Optional(Type.Literal(true)) },
  Strict,
);
export type PipelineUpdate = Static<typeof PipelineUpdate>;

export const CloseKind = Type.Enum(CLOSE_KINDS);
export const CloseReasonView = Type.Object({
  id: Uuid,
  kind: CloseKind,
  name: Type.String(),
  active: Type.Boolean(),
});
export type CloseReasonView = Static<typeof CloseReasonView>;
export const CloseReasonCreate = Type.Object({ kind: CloseKind, name: Text(100) }, Strict);
export type CloseReasonCreate = Static<typeof CloseReasonCreate>;

export const LineInput = Type.Object(
  {
    productId: Type.Optional(Uuid),
    sku: Type.Optional(Text(100)),
    quantity: Type.Integer({ minimum: 1, maximum: 1_000_000 }),
    unitPrice: Type.Optional(Type.Number({ ...Money, description: 'Default: the product list price' })),
    discount: Type.Optional(Type.Number({ ...Money, description: 'Off the line total; default 0' })),
    currency: Type.Optional(
      Type.String({ ...Currency, description: 'When given, the opportunity’s currency' }),
    ),
  },
  Strict,
);
export type LineInput = Static<typeof LineInput>;

export const LineView = Type.Object({
  lineNo: Type.Integer(),
  productId: Uuid,
  sku: Type.String(),
  name: Type.String(),
  quantity: Type.Integer(),
  unitPrice: Type.Number(),
  discount: Type.Number(),
  lineTotal: Type.Number(),
});
export type LineView = Static<typeof LineView>;

export const LinesInput = Type.Object(
  { lines: Type.Array(LineInput, { maxItems: 200, description: 'The whole list; [] removes every line' }) },
  Strict,
);
export type LinesInput = Static<typeof LinesInput>;

export const OpportunityStatus = Type.Enum(OPPORTUNITY_STATUSES);

export const OpportunityView = Type.Object({
  id: Uuid,
  name: Type.String(),
  personId: Nullable(Uuid),
  accountId: Nullable(Uuid),
  leadId: Nullable(Uuid),
  pipelineId: Uuid,
  pipelineName: Type.String(),
  stageId: Uuid,
  stageName: Type.String(),
  probability: Type.Integer({ description: 'The stage default; 100 when won, 0 when lost' }),
  status: OpportunityStatus,
  amount: Type.Number(),
  weightedAmount: Type.Number({ description: 'amount × probability' }),
  currency: Type.String(),
  expectedClose: Day,
  ownerId: Nullable(Uuid),
  teamId: Nullable(Uuid),
  nextStep: Nullable(Type.String()),
  closeReasonId: Nullable(Uuid),
  closeReason: Nullable(Type.String()),
  closeNote: Nullable(Type.String()),
  closedAt: Nullable(Moment),
  orderId: Nullable(Uuid),
  stageEnteredAt: Moment,
  createdAt: Moment,
  updatedAt: Moment,
});
export type OpportunityView = Static<typeof OpportunityView>;

export const StageStay = Type.Object({
  stageId: Uuid,
  stageName: Type.String(),
  pipelineId: Uuid,
  status: OpportunityStatus,
  enteredAt: Moment,
  leftAt: Nullable(Moment),
  seconds: Type.Integer({ description: 'Time in the stage: until the next change, or until now' }),
  changedBy: Nullable(Uuid),
});
export type StageStay = Static<typeof StageStay>;

export const OpportunityDetail = Type.Object({
  ...OpportunityView.properties,
  lines: Type.Array(LineView),
  stageHistory: Type.Array(StageStay, { description: 'Oldest first' }),
});
export type OpportunityDetail = Static<typeof OpportunityDetail>;

export const OpportunityCreate = Type.Object(
  {
    name: Text(200),
    personId: Type.Optional(Uuid),
    accountId: Type.Optional(Uuid),
    pipelineId: Type.Optional(Uuid),
    stageId: Type.Optional(Type.String({ format: 'uuid', description: 'Default: the first stage' })),
    amount: Type.Optional(Money),
    currency: Type.Optional(Currency),
    expectedClose: Type.Optional(Type.String({ format: 'date', description: 'Default: in 30 days' })),
    ownerId: Type.Optional(Uuid),
    nextStep: Type.Optional(Nullable(Text(500))),
    lines: Type.Optional(LinesInput.properties.lines),
  },
  { ...Strict, description: 'personId and/or accountId' },
);
export type OpportunityCreate = Static<typeof OpportunityCreate>;

export const OpportunityUpdate = Type.Object(
  {
    name: Type.Optional(Text(200)),
    personId: Type.Optional(Nullable(Uuid)),
    accountId: Type.Optional(Nullable(Uuid)),
    pipelineId: Type.Optional(Uuid),
    stageId: Type.Optional(Uuid),
    amount: Type.Optional(Money),
    currency: Type.Optional(Currency),
    expectedClose: Type.Optional(Day),
    ownerId: Type.Optional(Nullable(Uuid)),
    nextStep: Type.Optional(Nullable(Text(500))),
  },
  Strict,
);
export type OpportunityUpdate = Static<typeof OpportunityUpdate>;

export const MoveInput = Type.Object({ stageId: Uuid }, Strict);
export const WonInput = Type.Object(
  { reasonId: Type.Optional(Uuid), note: Type.Optional(Text(2000)) },
  Strict,
);
export const LostInput = Type.Object({ reasonId: Uuid, note: Type.Optional(Text(2000)) }, Strict);
export const ReopenInput = Type.Object({ stageId: Type.Optional(Uuid) }, Strict);

export const OpportunityQuery = Type.Object(
  {
    personId: Type.Optional(Uuid),
    accountId: Type.Optional(Uuid),
    status: Type.Optional(OpportunityStatus),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })),
    cursor: Type.Optional(Cursor),
  },
  Strict,
);
export type OpportunityQuery = Static<typeof OpportunityQuery>;

export const Card = Type.Object({
  id: Uuid,
  name: Type.String(),
  amount: Type.Number(),
  currency: Type.String(),
  expectedClose: Day,
  ownerId: Nullable(Uuid),
  personId: Nullable(Uuid),
  accountId: Nullable(Uuid),
  nextStep: Nullable(Type.String()),
  stageEnteredAt: Moment,
});
export type Card = Static<typeof Card>;

export const ColumnTotal = Type.Object({
  currency: Type.String(),
  count: Type.Integer(),
  amount: Type.Number(),
  weightedAmount: Type.Number(),
});
export type ColumnTotal = Static<typeof ColumnTotal>;

export const BoardColumn = Type.Object({
  stage: StageView,
  count: Type.Integer({ description: 'Open opportunities in the column (with the filters)' }),
  totals: Type.Array(ColumnTotal, { description: 'Amounts summed per currency' }),
  items: Type.Array(Card, { description: 'The first screen, soonest expected close first' }),
  nextCursor: Type.Union([Type.String(), Type.Null()]),
});
export type BoardColumn = Static<typeof BoardColumn>;

export const Board = Type.Object({
  pipeline: Type.Object({ id: Uuid, name: Type.String(), isDefault: Type.Boolean() }),
  columns: Type.Array(BoardColumn),
});
export type Board = Static<typeof Board>;

export const BoardQuery = Type.Object(
  {
    ownerId: Type.Optional(Uuid),
    closeMonth: Type.Optional(Month),
    limit: Type.Optional(
      Type.Integer({ minimum: 1, maximum: 100, description: 'Cards per column; default 20' }),
    ),
  },
  Strict,
);
export type BoardQuery = Static<typeof BoardQuery>;

export const ColumnQuery = Type.Object({ ...BoardQuery.properties, cursor: Type.Optional(Cursor) }, Strict);
export type ColumnQuery = Static<typeof ColumnQuery>;
export const ColumnParams = Type.Object({ id: Uuid, stageId: Uuid }, Strict);
