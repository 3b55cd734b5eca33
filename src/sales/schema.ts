import { type Static, Type } from 'typebox';
import { CHANNELS, COST_ACTIVITIES, PAYMENT_METHODS } from './tables';

/**
 * The request shapes of the sales slice. The HTTP layer validates single requests with them; bulk
 * calls check each item against the same compiled schema, so one bad item is rejected on its own.
 * Money is a JSON number with at most two decimals (checked by the service, which names the field).
 */

const Strict = { additionalProperties: false } as const;

export const Uuid = Type.String({ format: 'uuid' });
export const Timestamp = Type.String({ format: 'date-time', description: 'ISO 8601 with a time zone' });
export const Amount = Type.Number({ minimum: 0, maximum: 1e11, description: 'At most two decimals' });
export const Currency = Type.String({ pattern: '^[A-Z]{3}$' });
export const IdempotencyKey = Type.String({ minLength: 1, maxLength: 200 });
export const ChannelSchema = Type.Enum(CHANNELS);
export const Sku = Type.String({ minLength: 1, maxLength: 100 });

export const ProductCreate = Type.Object(
  {
    sku: Sku,
    name: Type.String({ minLength: 1, maxLength: 300 }),
    category: Type.Optional(Type.Union([Type.String({ minLength: 1, maxLength: 100 }), Type.Null()])),
    listPrice: Amount,
    unitCost: Type.Optional(Type.Union([Amount, Type.Null()])),
    active: Type.Optional(Type.Boolean()),
  },
  Strict,
);
export type ProductCreate = Static<typeof ProductCreate>;

export const ProductUpdate = Type.Object(
  {
    sku: Type.Optional(Sku),
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 300 })),
    category: Type.Optional(Type.Union([Type.String({ minLength: 1, maxLength: 100 }), Type.Null()])),
    listPrice: Type.Optional(Amount),
    unitCost: Type.Optional(Type.Union([Amount, Type.Null()])),
    active: Type.Optional(Type.Boolean()),
  },
  Strict,
);
export type ProductUpdate = Static<typeof ProductUpdate>;

export const ProductQuery = Type.Object(
  {
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })),
    after: Type.Optional(Type.String({ maxLength: 100, description: 'The last SKU of the previous page' })),
    category: Type.Optional(Type.String({ maxLength: 100 })),
    active: Type.Optional(Type.Boolean()),
  },
  Strict,
);
export type ProductQuery = Static<typeof ProductQuery>;

export const CustomerRef = Type.Object(
  {
    email: Type.Optional(Type.String({ minLength: 3, maxLength: 320 })),
    phone: Type.Optional(Type.String({ minLength: 3, maxLength: 40 })),
    externalId: Type.Optional(
      Type.String({ minLength: 3, maxLength: 200, description: 'source:id, e.g. "shop:123"' }),
    ),
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 400, description: 'For a new person only' })),
  },
  { ...Strict, description: 'Found by exact identity match; a person is created when none matches' },
);
export type CustomerRef = Static<typeof CustomerRef>;

export const OrderLineInput = Type.Object(
  {
    productId: Type.Optional(Uuid),
    sku: Type.Optional(Sku),
    quantity: Type.Integer({ minimum: 1, maximum: 1_000_000 }),
    unitPrice: Type.Optional(Type.Number({ ...Amount, description: 'Default: the product list price' })),
    discount: Type.Optional(Type.Number({ ...Amount, description: 'Off the line total; default 0' })),
    unitCost: Type.Optional(Type.Number({ ...Amount, description: 'Default: the product unit cost' })),
  },
  Strict,
);
export type OrderLineInput = Static<typeof OrderLineInput>;

export const OrderInput = Type.Object(
  {
    personId: Type.Optional(Uuid),
    customer: Type.Optional(CustomerRef),
    orderedAt: Timestamp,
    channel: ChannelSchema,
    status: Type.Optional(Type.Enum(['placed', 'fulfilled'])),
    currency: Type.Optional(Currency),
    store: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    externalRef: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    idempotencyKey: Type.Optional(IdempotencyKey),
    lines: Type.Array(OrderLineInput, { minItems: 1, maxItems: 1000 }),
  },
  { ...Strict, description: 'One order: personId, or customer identifiers; totals are computed' },
);
export type OrderInput = Static<typeof OrderInput>;

export const MAX_BULK_ITEMS = 10_000;

export const OrderCursorQuery = Type.Object(
  {
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })),
    cursor: Type.Optional(Type.String({ maxLength: 200, description: 'nextCursor of the previous page' })),
  },
  Strict,
);

export const CancelInput = Type.Object({ reason: Type.Optional(Type.String({ maxLength: 500 })) }, Strict);
export const ReturnInput = Type.Object(
  {
    amount: Type.Number({
      ...Amount,
      description: 'Refunded; the refunds of an order stay within its total',
    }),
    returnedAt: Type.Optional(Timestamp),
    reason: Type.Optional(Type.String({ maxLength: 500 })),
    idempotencyKey: Type.Optional(IdempotencyKey),
  },
  Strict,
);
export type ReturnInput = Static<typeof ReturnInput>;

export const CostInput = Type.Object(
  {
    personId: Type.Optional(Uuid),
    orderId: Type.Optional(Uuid),
    activity: Type.Enum(COST_ACTIVITIES),
    driver: Type.Optional(Type.String({ minLength: 1, maxLength: 100, description: 'e.g. service_minutes' })),
    quantity: Type.Optional(Type.Number({ minimum: 0, maximum: 1e9 })),
    rate: Type.Optional(Type.Number({ minimum: 0, maximum: 1e9 })),
    amount: Type.Optional(Type.Number({ ...Amount, description: 'Default: quantity x rate' })),
    currency: Type.Optional(Currency),
    occurredAt: Timestamp,
    note: Type.Optional(Type.String({ maxLength: 2000 })),
    idempotencyKey: Type.Optional(IdempotencyKey),
  },
  { ...Strict, description: 'A cost to serve a customer (personId, or the orderId’s customer)' },
);
export type CostInput = Static<typeof CostInput>;

export const PaymentInput = Type.Object(
  {
    orderId: Uuid,
    paidAt: Type.Optional(Timestamp),
    amount: Type.Number({ exclusiveMinimum: 0, maximum: 1e11 }),
    method: Type.Enum(PAYMENT_METHODS),
    reference: Type.Optional(Type.String({ maxLength: 200 })),
    idempotencyKey: Type.Optional(IdempotencyKey),
  },
  Strict,
);
export type PaymentInput = Static<typeof PaymentInput>;

/** A bulk call's body: items are checked one by one, so this schema only bounds the array. */
export const bulkBody = (description: string) =>
  Type.Object(
    {
      items: Type.Array(Type.Unknown(), {
        minItems: 1,
        maxItems: MAX_BULK_ITEMS,
        description,
      }),
    },
    Strict,
  );

export type ItemResult =
  | { index: number; status: 'created'; id: string }
  | { index: number; status: 'duplicate'; id: string }
  | { index: number; status: 'rejected'; field: string; reason: string; code: RejectionCode };

/** Why an item was rejected, as the error code a single call would answer with. */
export type RejectionCode = 'validation_failed' | 'not_found' | 'forbidden' | 'conflict';

export interface BulkResult {
  created: number;
  duplicate: number;
  rejected: number;
  items: ItemResult[];
}
