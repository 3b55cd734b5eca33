-- Cost to serve, returns and refunds, payments; the store or site of an order.

alter table orders add column store text check (length(store) between 1 and 200);
create index order_lines_product on order_lines (workspace_id, product_id);

-- A customer's cost to serve beyond the goods, by activity, with the driver that caused it
-- (e.g. 12 service_minutes at 0.75 a minute), so profitability can be computed by activity.
create table cost_events (
  workspace_id uuid not null references workspaces (id) on delete cascade,
  id uuid not null default gen_random_uuid(),
  person_id uuid not null,
  order_id uuid,
  activity text not null check (activity in ('service', 'shipping', 'returns', 'discount', 'marketing', 'other')),
  driver text check (length(driver) between 1 and 100),
  quantity numeric(14, 4) check (quantity >= 0),
  rate numeric(14, 4) check (rate >= 0),
  amount numeric(14, 2) not null check (amount >= 0),
  currency text not null default 'USD' check (currency ~ '^[A-Z]{3}$'),
  occurred_at timestamptz not null,
  note text check (length(note) <= 2000),
  idempotency_key text,
  created_at timestamptz not null default now(),
  primary key (workspace_id, id),
  unique (workspace_id, idempotency_key),
  foreign key (workspace_id, person_id) references people (workspace_id, id),
  -- A deleted order leaves its cost events with the customer.
  foreign key (workspace_id, order_id) references orders (workspace_id, id) on delete set null (order_id)
);
create index cost_events_person_time on cost_events (workspace_id, person_id, occurred_at);
create index cost_events_time on cost_events (workspace_id, occurred_at);
create index cost_events_order on cost_events (workspace_id, order_id) where order_id is not null;
select rapport_enable_tenant_rls('cost_events');

-- Goods coming back and the money refunded for them; the order's customer is the customer.
create table order_returns (
  workspace_id uuid not null references workspaces (id) on delete cascade,
  id uuid not null default gen_random_uuid(),
  order_id uuid not null,
  returned_at timestamptz not null,
  amount numeric(14, 2) not null check (amount >= 0),
  reason text check (length(reason) <= 500),
  idempotency_key text,
  created_at timestamptz not null default now(),
  primary key (workspace_id, id),
  unique (workspace_id, idempotency_key),
  foreign key (workspace_id, order_id) references orders (workspace_id, id) on delete cascade
);
create index order_returns_order on order_returns (workspace_id, order_id);
create index order_returns_time on order_returns (workspace_id, returned_at);
select rapport_enable_tenant_rls('order_returns');

-- Money received for an order (the accounting section).
create table payments (
  workspace_id uuid not null references workspaces (id) on delete cascade,
  id uuid not null default gen_random_uuid(),
  order_id uuid not null,
  paid_at timestamptz not null,
  amount numeric(14, 2) not null check (amount > 0),
  method text not null check (method in ('card', 'cash', 'bank_transfer', 'wallet', 'voucher', 'cheque', 'other')),
  reference text check (length(reference) <= 200),
  idempotency_key text,
  created_at timestamptz not null default now(),
  primary key (workspace_id, id),
  unique (workspace_id, idempotency_key),
  foreign key (workspace_id, order_id) references orders (workspace_id, id) on delete cascade
);
create index payments_order on payments (workspace_id, order_id);
create index payments_time on payments (workspace_id, paid_at);
select rapport_enable_tenant_rls('payments');
