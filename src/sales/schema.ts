import { type Static, Type } from 'typebox';
import { DateTime, Enum, Nullable, Strict, Uuid } from '../platform/index';
import { CHANNELS, COST_ACTIVITIES, ORDER_STATUSES, PAYMENT_METHODS } from './tables';

/**
 * The request and response shapes of the sales slice. The HTTP layer validates single requests with
 * them; bulk calls check each item against the same compiled schema, so one bad item is rejected
 * on its own. Money is a JSON number with at most two decimals (checked by the service, which names
 * the field). Bulk calls answer the platform's BulkResult.
 */
export type { BulkResult, ItemResult, RejectionCode } from '../platform/index';

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

export const Product = Type.Object({
  id: Uuid,
  sku: Type.String(),
  name: Type.String(),
  category: Nullable(Type.String()),
  listPrice: Type.Number(),
  unitCost: Nullable(Type.Number()),
  active: Type.Boolean(),
  createdAt: DateTime,
});
export type Product = Static<typeof Product>;
export const ProductPage = Type.Object({
  items: Type.Array(Product),
  nextAfter: Type.Optional(
    Type.String({ description: 'Pass back as after for the next page; absent on the last' }),
  ),
});
export type ProductPage = Static<typeof ProductPage>;

export const OrderStatus = Enum(ORDER_STATUSES);
export type OrderStatus = Static<typeof OrderStatus>;

export const OrderSummary = Type.Object({
  id: Uuid,
  personId: Uuid,
  orderedAt: DateTime,
  channel: Type.String({ description: `One of ${CHANNELS.join(', ')}` }),
  status: OrderStatus,
  currency: Type.String(),
  total: Type.Number(),
  costTotal: Nullable(Type.Number()),
  store: Nullable(Type.String()),
  externalRef: Nullable(Type.String()),
  idempotencyKey: Nullable(Type.String()),
  createdAt: DateTime,
});
export type OrderSummary = Static<typeof OrderSummary>;

export const OrderLine = Type.Object({
  lineNo: Type.Integer(),
  productId: Uuid,
  sku: Type.String(),
  name: Type.String(),
  quantity: Type.Integer(),
  unitPrice: Type.Number(),
  discount: Type.Number(),
  unitCost: Nullable(Type.Number()),
  lineTotal: Type.Number(),
});

export const Payment = Type.Object({
  id: Uuid,
  orderId: Uuid,
  paidAt: DateTime,
  amount: Type.Number(),
  method: Type.String({ description: `One of ${PAYMENT_METHODS.join(', ')}` }),
  reference: Nullable(Type.String()),
});
export type Payment = Static<typeof Payment>;

export const Order = Type.Object({
  ...OrderSummary.properties,
  lines: Type.Array(OrderLine),
  refunded: Type.Number({ description: 'Sum of the refunds so far' }),
  paid: Type.Number({ description: 'Sum of the payments so far' }),
  returns: Type.Array(
    Type.Object({ id: Uuid, returnedAt: DateTime, amount: Type.Number(), reason: Nullable(Type.String()) }),
  ),
  payments: Type.Array(Type.Omit(Payment, ['orderId'])),
});
export type Order = Static<typeof Order>;

export const OrderPage = Type.Object({
  items: Type.Array(Type.Object({ ...OrderSummary.properties, lineCount: Type.Integer() })),
  nextCursor: Type.Optional(
    Type.String({ description: 'Pass back as cursor for the next page; absent on the last' }),
  ),
});
export type OrderPage = Static<typeof OrderPage>;

export const RecordedCost = Type.Object({ id: Uuid });
