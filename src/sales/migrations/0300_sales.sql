-- Products and orders: what customers buy, at what price and cost.

create table products (
  workspace_id uuid not null references workspaces (id) on delete cascade,
  id uuid not null default gen_random_uuid(),
  sku text not null check (length(sku) between 1 and 100),
  name text not null check (length(name) between 1 and 300),
  category text,
  list_price numeric(14, 2) not null check (list_price >= 0),
  unit_cost numeric(14, 2) check (unit_cost >= 0),
  active boolean not null default true,
  created_at timestamptz not null default now(),
  primary key (workspace_id, id),
  unique (workspace_id, sku)
);
select rapport_enable_tenant_rls('products');

create table orders (
  workspace_id uuid not null references workspaces (id) on delete cascade,
  id uuid not null default gen_random_uuid(),
  person_id uuid not null,
  ordered_at timestamptz not null,
  channel text not null check (channel in ('web', 'email', 'phone', 'sms', 'chat', 'mobile_app', 'store', 'mail', 'social', 'other')),
  status text not null default 'placed' check (status in ('placed', 'fulfilled', 'cancelled', 'returned')),
  currency text not null default 'USD' check (currency ~ '^[A-Z]{3}$'),
  total numeric(14, 2) not null,
  cost_total numeric(14, 2),
  external_ref text,
  idempotency_key text,
  created_at timestamptz not null default now(),
  primary key (workspace_id, id),
  unique (workspace_id, idempotency_key),
  foreign key (workspace_id, person_id) references people (workspace_id, id)
);
create index orders_person_time on orders (workspace_id, person_id, ordered_at desc);
create index orders_time on orders (workspace_id, ordered_at);
select rapport_enable_tenant_rls('orders');

create table order_lines (
  workspace_id uuid not null,
  order_id uuid not null,
  line_no integer not null check (line_no > 0),
  product_id uuid not null,
  quantity integer not null,
  unit_price numeric(14, 2) not null check (unit_price >= 0),
  discount numeric(14, 2) not null default 0 check (discount >= 0),
  unit_cost numeric(14, 2),
  primary key (workspace_id, order_id, line_no),
  foreign key (workspace_id, order_id) references orders (workspace_id, id) on delete cascade,
  foreign key (workspace_id, product_id) references products (workspace_id, id)
);
select rapport_enable_tenant_rls('order_lines');
