/** The columns the generator fills, per table, in row order. `workspace_id` always comes first. */
export const COLUMNS = {
  products: ['workspace_id', 'id', 'sku', 'name', 'category', 'list_price', 'unit_cost', 'created_at'],
  accounts: [
    'workspace_id',
    'id',
    'name',
    'domain',
    'industry',
    'size',
    'owner_id',
    'created_at',
    'updated_at',
  ],
  people: [
    'workspace_id',
    'id',
    'given_name',
    'family_name',
    'display_name',
    'birthday',
    'address',
    'language',
    'notes',
    'owner_id',
    'lifecycle_stage',
    'account_id',
    'account_role',
    'created_at',
    'updated_at',
  ],
  identities: ['workspace_id', 'id', 'person_id', 'kind', 'value', 'raw', 'source', 'created_at'],
  orders: [
    'workspace_id',
    'id',
    'person_id',
    'ordered_at',
    'channel',
    'status',
    'currency',
    'total',
    'cost_total',
    'external_ref',
    'created_at',
  ],
  order_lines: [
    'workspace_id',
    'order_id',
    'line_no',
    'product_id',
    'quantity',
    'unit_price',
    'discount',
    'unit_cost',
  ],
  interactions: [
    'workspace_id',
    'id',
    'person_id',
    'channel',
    'direction',
    'type',
    'occurred_at',
    'duration_seconds',
    'agent_id',
    'subject',
    'summary',
    'body',
    'metadata',
    'created_at',
  ],
} as const;

export type TableName = keyof typeof COLUMNS;

/** Tables in load order (foreign keys point backwards). */
export const LOAD_ORDER: readonly TableName[] = [
  'products',
  'accounts',
  'people',
  'identities',
  'orders',
  'order_lines',
  'interactions',
];

export type Row = unknown[];

/** Rows of the per-customer tables for one chunk of customers. */
export interface CustomerBatch {
  /** Customers in this batch (people rows). */
  customers: number;
  people: Row[];
  identities: Row[];
  orders: Row[];
  order_lines: Row[];
  interactions: Row[];
}
