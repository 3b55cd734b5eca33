import type { ColumnType, Generated } from 'kysely';
import type { Db } from '../db/index';
import type { Tx } from '../db/index';
import type { Channel } from '../interactions/index';
import type { PlatformTables } from '../platform/index';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type Json<T> = ColumnType<T, string | undefined, string>;
/** numeric columns: read as numbers (see the type parser in db/connection), written as numbers. */
type Money = ColumnType<number, number | string, number | string>;

/** The channels of orders are those of interactions (an order is also a purchase on the timeline). */
export { CHANNELS, type Channel } from '../interactions/index';

export const ORDER_STATUSES = ['placed', 'fulfilled', 'cancelled', 'returned'] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

export const COST_ACTIVITIES = ['service', 'shipping', 'returns', 'discount', 'marketing', 'other'] as const;
export type CostActivity = (typeof COST_ACTIVITIES)[number];

export const PAYMENT_METHODS = [
  'card',
  'cash',
  'bank_transfer',
  'wallet',
  'voucher',
  'cheque',
  'other',
] as const;
export type PaymentMethod = (typeof PAYMENT_METHODS)[number];

export type ProductsTable = {
  workspace_id: string;
  id: Generated<string>;
  sku: string;
  name: string;
  category: string | null;
  list_price: Money;
  unit_cost: Money | null;
  active: Generated<boolean>;
  created_at: Timestamp;
};

export type OrdersTable = {
  workspace_id: string;
  id: Generated<string>;
  person_id: string;
  ordered_at: Timestamp;
  channel: Channel;
  status: Generated<OrderStatus>;
  currency: Generated<string>;
  total: Money;
  cost_total: Money | null;
  external_ref: string | null;
  store: string | null;
  idempotency_key: string | null;
  created_at: Timestamp;
};

export type OrderLinesTable = {
  workspace_id: string;
  order_id: string;
  line_no: number;
  product_id: string;
  quantity: number;
  unit_price: Money;
  discount: ColumnType<number, number | string | undefined, number | string>;
  unit_cost: Money | null;
};

export type CostEventsTable = {
  workspace_id: string;
  id: Generated<string>;
  person_id: string;
  order_id: string | null;
  activity: CostActivity;
  driver: string | null;
  quantity: Money | null;
  rate: Money | null;
  amount: Money;
  currency: Generated<string>;
  occurred_at: Timestamp;
  note: string | null;
  idempotency_key: string | null;
  created_at: Timestamp;
};

export type OrderReturnsTable = {
  workspace_id: string;
  id: Generated<string>;
  order_id: string;
  returned_at: Timestamp;
  amount: Money;
  reason: string | null;
  idempotency_key: string | null;
  created_at: Timestamp;
};

export type PaymentsTable = {
  workspace_id: string;
  id: Generated<string>;
  order_id: string;
  paid_at: Timestamp;
  amount: Money;
  method: PaymentMethod;
  reference: string | null;
  idempotency_key: string | null;
  created_at: Timestamp;
};

/**
 * The columns of the customers and interactions slices that sales reads and writes (those slices
 * publish no table types yet): a person found or created for an order, and the order's timeline entry.
 */
export type PeopleTable = {
  workspace_id: string;
  id: Generated<string>;
  display_name: string;
  created_at: Timestamp;
};

export type IdentitiesTable = {
  workspace_id: string;
  id: Generated<string>;
  person_id: string;
  kind: 'email' | 'phone' | 'external' | 'device' | 'social';
  value: string;
  raw: string | null;
  source: string | null;
  created_at: Timestamp;
};

export type InteractionsTable = {
  workspace_id: string;
  id: Generated<string>;
  person_id: string | null;
  channel: Channel;
  direction: 'inbound' | 'outbound';
  type: string;
  occurred_at: Timestamp;
  subject: string | null;
  metadata: Json<Record<string, unknown>>;
  idempotency_key: string | null;
  created_at: Timestamp;
};

export type SalesTables = {
  products: ProductsTable;
  orders: OrdersTable;
  order_lines: OrderLinesTable;
  cost_events: CostEventsTable;
  order_returns: OrderReturnsTable;
  payments: PaymentsTable;
  people: PeopleTable;
  identities: IdentitiesTable;
  interactions: InteractionsTable;
  workspaces: PlatformTables['workspaces'];
};

export const sales = (db: Db | Tx) => db.withTables<SalesTables>();
